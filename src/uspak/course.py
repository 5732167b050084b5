"""Where the course is: one ``Course``, located once, that every part asks for its folders.

The course's content (data/, exercises/, lessons/, book/) is found, in this order:

1. ``USPAK_ROOT``, for instance a student copy made by ``uspak student-copy``;
2. the checkout the package is installed from (``pip install -e .``: Makefile, CI, Binder);
3. the folders above the working directory, as a notebook in a student copy's lessons/ runs
   there with uspak installed as a package;
4. the copy of data/, exercises/ and lessons/ inside an installed wheel
   (``pip install git+<repository>``), so that ``load_table`` works from any folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGED = Path(__file__).parent / "_course"  # what the wheel ships (pyproject: force-include)
_MARKER = Path("data") / "datapackage.json"


class CourseNotFoundError(RuntimeError):
    """The course files (data/, exercises/, lessons/) could not be located."""


@dataclass(frozen=True)
class Course:
    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def exercises(self) -> Path:
        return self.root / "exercises"

    @property
    def lessons(self) -> Path:
        return self.root / "lessons"

    @property
    def book(self) -> Path:
        return self.root / "book"


def located(course: Course | None) -> Course:
    """``course`` if given, else the one :func:`locate` finds: the default every API shares.

    Functions take a ``Course`` rather than a folder, so the course is located once, by whoever
    calls first, and passed down.
    """
    if course is None:
        return locate()
    if not isinstance(course, Course):
        raise TypeError(f"expected a Course, not {type(course).__name__} (use Course(folder))")
    return course


def locate() -> Course:
    """The course this process works on (see the module's docstring for the order)."""
    return _locate(os.environ.get("USPAK_ROOT", ""), str(Path.cwd()))


@cache  # a lesson asks for its course on every call; the answer only changes with these inputs
def _locate(env: str, cwd: str) -> Course:
    if env:
        root = Path(env).expanduser().resolve()
        if not (root / _MARKER).is_file():
            raise CourseNotFoundError(f"USPAK_ROOT={env} has no {_MARKER}")
        return Course(root)
    here = Path(__file__).resolve()
    for parent in [*here.parents, Path(cwd), *Path(cwd).parents]:
        if (parent / _MARKER).is_file():
            return Course(parent)
    if (PACKAGED / _MARKER).is_file():
        return Course(PACKAGED)
    raise CourseNotFoundError(
        "cannot find the course files: install uspak from the course repository "
        "(pip install git+<repository>, or pip install -e . in a checkout) "
        "or set USPAK_ROOT to the course folder"
    )
