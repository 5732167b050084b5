"""The lessons as files: which exist, and whether what they call exists.

A lesson that names a missing exercise or table would fail only when the book executes it;
checking the calls statically lets ``uspak check`` name the lesson and line in a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jupytext

from uspak.paths import course_root
from uspak.problems import Problem

LESSON_FILE = re.compile(r"^(\d\d)-[a-z0-9-]+\.md$")
_CALL = re.compile(r"""\b(show_exercise|load_table|show_hand_in)\(\s*["']([^"']+)["']""")


@dataclass(frozen=True)
class Lesson:
    id: str  # "03-economy"
    path: Path

    @property
    def number(self) -> int:
        return int(self.id[:2])


def list_lessons(root: Path | None = None) -> list[Lesson]:
    folder = (root or course_root()) / "lessons"
    return [Lesson(p.stem, p) for p in sorted(folder.glob("*.md")) if LESSON_FILE.match(p.name)]


def check_lessons(
    root: Path | None = None,
    *,
    exercise_ids: set[str],
    table_names: set[str],
) -> list[Problem]:
    """Every lesson parses as a notebook and calls only exercises and tables that exist."""
    root = root or course_root()
    problems: list[Problem] = []
    for lesson in list_lessons(root):
        rel = str(lesson.path.relative_to(root))
        try:
            notebook = jupytext.read(lesson.path)
        except Exception as err:  # jupytext raises several types for malformed MyST
            problems.append(Problem(rel, f"cannot be read as a MyST notebook: {err}"))
            continue
        if not any(cell.cell_type == "code" for cell in notebook.cells):
            problems.append(Problem(rel, "has no code cells: is the jupytext header missing?"))
        for lineno, line in enumerate(lesson.path.read_text(encoding="utf-8").splitlines(), 1):
            for func, arg in _CALL.findall(line):
                if func == "show_exercise" and arg not in exercise_ids:
                    problems.append(Problem(rel, f"no exercise with id {arg!r}", lineno, func))
                elif func == "load_table" and arg not in table_names:
                    problems.append(Problem(rel, f"no data table named {arg!r}", lineno, func))
                elif func == "show_hand_in" and arg != lesson.id:
                    problems.append(
                        Problem(rel, f"hands in {arg!r}, expected {lesson.id!r}", lineno, func)
                    )
    return problems
