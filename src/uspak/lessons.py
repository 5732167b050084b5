"""The lessons as files: which exist, and whether what they call exists.

A lesson that names a missing exercise or table would fail only when the book executes it;
checking the calls statically lets ``uspak check`` name the lesson and line in a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from uspak.course import Course
from uspak.ids import LESSON_ID
from uspak.problems import Problem

LESSON_FILE = re.compile(f"^{LESSON_ID}\\.md$")
_HEADER = re.compile(r"\A---\n.*?format_name: myst.*?kernelspec:.*?\n---\n", re.S)
_CODE_CELL = re.compile(r"^```\{code-cell\}", re.M)
_CALL = re.compile(
    r"""\b(show_exercise|load_table|show_hand_in|timeline_for|show_excerpt)\(\s*["']([^"']+)["']"""
)


@dataclass(frozen=True)
class Lesson:
    id: str  # "03-economy"
    path: Path

    @property
    def number(self) -> int:
        return int(self.id[:2])


def list_lessons(root: Path | None = None) -> list[Lesson]:
    folder = Course.at(root).lessons
    return [Lesson(p.stem, p) for p in sorted(folder.glob("*.md")) if LESSON_FILE.match(p.name)]


def check_lessons(
    root: Path | None = None,
    *,
    exercise_ids: set[str] | None,
    table_names: set[str] | None,
    excerpt_lessons: dict[str, str] | None = None,
) -> list[Problem]:
    """Every lesson is a MyST notebook and calls only exercises and tables that exist.

    ``excerpt_lessons`` maps each excerpt id to the lesson that may show it.
    ``None`` for the ids, the tables or the excerpts means they are not known (a bank or the data
    descriptor is malformed and reported as such): the lessons' calls are then not blamed for it.

    The notebook test is structural (header and code cells), not a full jupytext parse: it keeps
    ``uspak check`` well under a second, and the build reports anything subtler.
    """
    root = Course.at(root).root
    problems: list[Problem] = []
    for lesson in list_lessons(root):
        rel = str(lesson.path.relative_to(root))
        try:
            text = lesson.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(rel, f"cannot be read as UTF-8 text: {error}"))
            continue
        if not _HEADER.match(text):
            problems.append(
                Problem(rel, "has no jupytext header (format_name: myst, kernelspec)", 1)
            )
        elif not _CODE_CELL.search(text):
            problems.append(Problem(rel, "has no code cells (```{code-cell} ipython3)"))
        for lineno, line in enumerate(text.splitlines(), 1):
            for func, arg in _CALL.findall(line):
                if func == "show_exercise" and exercise_ids is not None and arg not in exercise_ids:
                    problems.append(Problem(rel, f"no exercise with id {arg!r}", lineno, func))
                elif func == "load_table" and table_names is not None and arg not in table_names:
                    problems.append(Problem(rel, f"no data table named {arg!r}", lineno, func))
                elif func == "show_hand_in" and arg != lesson.id:
                    problems.append(
                        Problem(rel, f"hands in {arg!r}, expected {lesson.id!r}", lineno, func)
                    )
                elif func == "show_excerpt" and excerpt_lessons is not None:
                    owner = excerpt_lessons.get(arg)
                    if owner != lesson.id:
                        message = (
                            f"no excerpt with id {arg!r} in data/excerpts.csv"
                            if owner is None
                            else f"shows excerpt {arg!r}, which belongs to lesson {owner!r}"
                        )
                        problems.append(Problem(rel, message, lineno, func))
                elif func == "timeline_for" and arg != lesson.id:
                    problems.append(
                        Problem(rel, f"shows the timeline of {arg!r}, not its own", lineno, func)
                    )
    return problems


def exercise_numbers(lesson: str, root: Path | None = None) -> dict[str, int]:
    """Exercise id -> its place (1, 2, ...) among the exercises the lesson shows, in page order."""
    path = Course.at(root).lessons / f"{lesson}.md"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    shown = [arg for func, arg in _CALL.findall(text) if func == "show_exercise"]
    return {exercise_id: n for n, exercise_id in enumerate(dict.fromkeys(shown), 1)}
