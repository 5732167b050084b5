"""Where the course's files are.

The package is installed editable from a checkout (Makefile, CI and Binder all do so), so the
course content is found next to ``src/``. ``USPAK_ROOT`` points elsewhere, for instance at a
student copy of the course (``uspak student-copy``); failing both, the folders above the working
directory are searched, as a notebook in a student copy's ``lessons/`` runs there.
"""

from __future__ import annotations

import os
from pathlib import Path


class CourseNotFoundError(RuntimeError):
    """The course files (data/, exercises/, lessons/) could not be located."""


def course_root() -> Path:
    env = os.environ.get("USPAK_ROOT")
    if env:
        root = Path(env).expanduser().resolve()
        if not (root / "data" / "datapackage.json").is_file():
            raise CourseNotFoundError(f"USPAK_ROOT={env} has no data/datapackage.json")
        return root
    # A checkout (editable install) first; then, for a student copy on a JupyterHub, where uspak
    # is installed as a package, the folders above the notebook's working directory.
    for parent in [*Path(__file__).resolve().parents, Path.cwd(), *Path.cwd().parents]:
        if (parent / "data" / "datapackage.json").is_file():
            return parent
    raise CourseNotFoundError(
        "cannot find the course files: install uspak editable from a checkout "
        "(pip install -e .) or set USPAK_ROOT to the course folder"
    )


def data_dir() -> Path:
    return course_root() / "data"


def exercises_dir() -> Path:
    return course_root() / "exercises"


def lessons_dir() -> Path:
    return course_root() / "lessons"


def book_dir() -> Path:
    return course_root() / "book"
