"""Publishing a finished build: the site folder ends up holding exactly the build's files."""

from __future__ import annotations

import os
from pathlib import Path

from uspak.website.site_copy import update_site


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_first_publish_copies_every_file(tmp_path):
    """Does publishing into a missing folder create it with every file of the build?"""
    built = tmp_path / "built"
    write(built / "index.html", "home")
    write(built / "_static" / "theme.css", "css")
    update_site(built, tmp_path / "site")
    assert tree(tmp_path / "site") == tree(built)


def test_a_republish_updates_changed_files_and_drops_stale_ones(tmp_path):
    """After a rebuild, are changed pages replaced and pages the build no longer has removed?"""
    built, site = tmp_path / "built", tmp_path / "site"
    write(built / "index.html", "home")
    write(built / "old" / "page.html", "old page")
    update_site(built, site)
    write(built / "index.html", "home, edited")
    (built / "old" / "page.html").unlink()
    (built / "old").rmdir()
    write(built / "new.html", "new page")
    update_site(built, site)
    assert tree(site) == {"index.html": b"home, edited", "new.html": b"new page"}
    assert not (site / "old").exists()


def test_an_unchanged_file_is_not_rewritten(tmp_path):
    """Is a file whose size and time match left alone (so a rebuild copies only what changed)?"""
    built, site = tmp_path / "built", tmp_path / "site"
    write(built / "a.html", "same")
    update_site(built, site)
    inode = os.stat(site / "a.html").st_ino
    update_site(built, site)
    assert os.stat(site / "a.html").st_ino == inode
