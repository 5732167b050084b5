"""``moodle.csv``, for Moodle's "Import grades from CSV": a row per student, a column per lesson.

Moodle asks, on import, which column identifies the user and which Moodle field it matches
(username, ID number or email), and which grade item each other column goes to; so the file
needs no particular headers, only one identifier column and plain numbers. Missing hand-ins stay
blank, which Moodle leaves ungraded rather than scoring 0.
"""

from __future__ import annotations

from pathlib import Path

from uspak.exercises.model import ExerciseSpec
from uspak.grading.exports.cells import text_cell
from uspak.grading.gradebook import format_points, write_student_rows
from uspak.grading.recheck import GradedSubmission

IDENTIFIER_COLUMN = "username"


def grade_item(lesson: str) -> str:
    return f"Lesson {lesson}"


def write_moodle(
    path: Path, *, graded: list[GradedSubmission], banks: dict[str, list[ExerciseSpec]]
) -> Path:
    """Write the Moodle import file (``banks`` is unused today; kept so every export is alike)."""
    del banks
    lessons = sorted({g.submission.lesson for g in graded})
    columns = [IDENTIFIER_COLUMN, *(grade_item(lesson) for lesson in lessons)]
    rows: dict[str, dict[str, str]] = {}
    for item in graded:
        student = item.submission.student
        row = rows.setdefault(student, {IDENTIFIER_COLUMN: text_cell(student)})
        row[grade_item(item.submission.lesson)] = format_points(item.earned)
    write_student_rows(path, columns=columns, rows=rows)
    return path
