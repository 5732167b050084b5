"""Copy a finished build over the published site, touching only the files that changed.

A rebuild after a one-page edit changes a handful of the site's files; copying all of them (about
1,300 files, mostly the theme's) on every build would cost more than the edit's rebuild. Each file
is written beside its target and renamed over it, so a reader never gets half a page.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def update_site(built: Path, site: Path) -> None:
    """Make ``site`` hold exactly the files of ``built``, compared by size and modification time."""
    site.mkdir(parents=True, exist_ok=True)
    wanted: set[Path] = set()
    for source in built.rglob("*"):
        relative = source.relative_to(built)
        target = site / relative
        if source.is_dir():
            target.mkdir(exist_ok=True)
            continue
        wanted.add(relative)
        if _same(source, target):
            continue
        partial = target.with_name(f".{target.name}.partial")
        shutil.copy2(source, partial)
        os.replace(partial, target)
    # Deepest paths first, so that a folder is empty by the time it is considered.
    for path in sorted(site.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        relative = path.relative_to(site)
        if path.is_dir() and not (built / relative).is_dir():
            path.rmdir()
        elif not path.is_dir() and relative not in wanted:
            path.unlink()


def _same(source: Path, target: Path) -> bool:
    try:
        a, b = source.stat(), target.stat()
    except FileNotFoundError:
        return False
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns
