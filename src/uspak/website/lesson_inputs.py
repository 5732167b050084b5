"""What the lessons' code reads besides itself, so an incremental build never shows stale output.

jupyter-cache keys a lesson's run on its code cells only, and Sphinx re-reads only pages whose
source changed. A lesson's charts and tables, though, come from ``data/``, its exercises from
``exercises/``, and both through the ``uspak`` package: after an edit to any of those, the
previous build's outputs would stay on the page. ``uspak build`` compares this fingerprint with
the one stamped by the last good build and, when it differs, rebuilds from scratch.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import uspak
from uspak.course import Course

STAMP = "uspak-lesson-inputs.txt"
PACKAGE = Path(uspak.__file__).resolve().parent
# Parts of the package that neither a lesson's kernel nor a Sphinx extension imports (a test
# holds this true), left out so that editing the grader does not cost a full rebuild.
NOT_READ_BY_LESSONS = ("grading", "checks", "cli.py", "__main__.py", "_course")


def fingerprint(course: Course) -> str:
    """A hash of the contents (not the times: a checkout resets them) of the package's source and
    static files, the data package and the exercise banks."""
    digest = hashlib.sha256()
    for base, files in (
        (PACKAGE, package_files()),
        (course.data, _files(course.data)),
        (course.exercises, sorted(course.exercises.glob("*.yml"))),
    ):
        for path in files:
            digest.update(str(path.relative_to(base)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def package_files() -> list[Path]:
    """The package's files that lessons and the book's extensions can read."""
    return [
        p for p in _files(PACKAGE) if p.relative_to(PACKAGE).parts[0] not in NOT_READ_BY_LESSONS
    ]


def _files(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


def has_changed(build_dir: Path, current: str) -> bool:
    """Did the lessons' inputs change since the last good build into ``build_dir``? (Yes when
    there is no stamp: the cache may predate it.)"""
    try:
        return (build_dir / STAMP).read_text(encoding="utf-8").strip() != current
    except OSError:
        return True


def stamp(build_dir: Path, current: str) -> None:
    (build_dir / STAMP).write_text(current + "\n", encoding="utf-8")
