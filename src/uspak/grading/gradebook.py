"""Write ``gradebook.csv``: one row per student, a total per lesson and a score per exercise.

The first five columns follow the layout of a Canvas gradebook export (``Student``, ``ID``,
``SIS User ID``, ``SIS Login ID``, ``Section``) so the file can be imported there; Moodle's CSV
import maps any column, so the same file serves both (see book/teacher/grading.md). Scores are
points; a blank cell means the student handed in nothing for that lesson.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from uspak.exercises.model import ExerciseSpec
from uspak.grading.recheck import GradedSubmission

ID_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
# A cell starting with one of these is a formula to a spreadsheet (CSV injection); ids never do.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def lesson_column(lesson: str) -> str:
    return f"{lesson} total"


def write_gradebook(
    path: Path, graded: list[GradedSubmission], banks: dict[str, list[ExerciseSpec]]
) -> list[str]:
    """Write the CSV and return its header. Lessons appear in course order, if anyone did them."""
    lessons = sorted({g.submission.lesson for g in graded})
    header = list(ID_COLUMNS)
    for lesson in lessons:
        header.append(lesson_column(lesson))
        header += [spec.id for spec in banks[lesson]]
    rows: dict[str, dict[str, str]] = {}
    for item in graded:
        student = item.submission.student
        row = rows.setdefault(student, {"Student": _cell(student), "SIS User ID": _cell(student)})
        row[lesson_column(item.submission.lesson)] = format_points(item.earned)
        for result in item.results:
            row[result.exercise] = format_points(result.earned)
    write_student_rows(path, columns=header, rows=rows)
    return header


def write_student_rows(path: Path, *, columns: list[str], rows: dict[str, dict[str, str]]) -> None:
    """One CSV row per student, in student order; a cell a student lacks is left blank."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        for student in sorted(rows):
            writer.writerow(rows[student])


@lru_cache(maxsize=4096)  # a class repeats a few values tens of thousands of times
def format_points(value: float) -> str:
    """2 decimals at most: partial credit of 2/3 point shows as 0.67, a whole point as 1."""
    return f"{value:.2f}".rstrip("0").rstrip(".") if value else "0"


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text
