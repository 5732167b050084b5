"""`uspak build`'s Jupyter Book child builds only when told to and never outlives a refusal."""

from __future__ import annotations

from pathlib import Path

from uspak.website import sphinx_runner


def empty_course(tmp_path: Path) -> Path:
    (tmp_path / "book").mkdir()
    return tmp_path


def test_child_told_not_to_build_exits_cleanly(tmp_path):
    """Does the child exit with status 0 and write nothing when it gets an empty line?"""
    root = empty_course(tmp_path)
    child = sphinx_runner.start(root)
    stdout, stderr = child.communicate("\n", timeout=60)
    assert (child.returncode, stdout, stderr) == (0, "", "")
    assert list((root / "book").iterdir()) == []


def test_cancelled_child_is_gone(tmp_path):
    """Is the child stopped, not left importing in the background, when the checks fail?"""
    child = sphinx_runner.start(empty_course(tmp_path))
    sphinx_runner.cancel(child)
    assert child.poll() is not None


def test_child_reports_jupyter_books_own_failure(tmp_path):
    """Does a book Jupyter Book cannot build come back as a non-zero status with its message?"""
    root = empty_course(tmp_path)
    child = sphinx_runner.start(root)
    returncode, log = sphinx_runner.build(child, [str(root / "book")])
    assert returncode != 0
    assert "Couldn't find a Table of Contents file" in log
