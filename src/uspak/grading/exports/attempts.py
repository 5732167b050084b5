"""``attempts.csv``: the gradebook's companion, one row per student like gradebook.csv, with how
each exercise's points were reached: how many times the student checked it and whether the
explanation was on the screen before the answer handed in was checked (the grading policy's
reading of the hand-in, ``uspak.grading.policy``).

A file of its own, not more columns of gradebook.csv: Canvas makes every column of an imported
file it does not know into a new assignment, and these counts are not marks.
"""

from __future__ import annotations

from pathlib import Path

from uspak.exercises.model import ExerciseSpec
from uspak.grading.exports.cells import text_cell
from uspak.grading.gradebook import write_student_rows
from uspak.grading.recheck import UNANSWERED, ExerciseResult, GradedSubmission

STUDENT_COLUMN = "Student"


def attempts_column(exercise: str) -> str:
    return f"{exercise} attempts"


def revealed_column(exercise: str) -> str:
    return f"{exercise} revealed"


def write_attempts(
    path: Path, *, graded: list[GradedSubmission], banks: dict[str, list[ExerciseSpec]]
) -> Path:
    """Write attempts.csv: lessons in course order, each exercise's two columns in bank order.
    A blank cell: the lesson was not handed in, the exercise not answered, or the hand-in did
    not record its checks (files from before they were recorded)."""
    lessons = sorted({g.submission.lesson for g in graded})
    columns = [STUDENT_COLUMN]
    for lesson in lessons:
        for spec in banks[lesson]:
            columns += [attempts_column(spec.id), revealed_column(spec.id)]
    rows: dict[str, dict[str, str]] = {}
    for item in graded:
        student = item.submission.student
        row = rows.setdefault(student, {STUDENT_COLUMN: text_cell(student)})
        for result in item.results:
            row.update(_cells(result))
    write_student_rows(path, columns=columns, rows=rows)
    return path


def _cells(result: ExerciseResult) -> dict[str, str]:
    if result.status == UNANSWERED or result.attempts is None:
        return {}
    return {
        attempts_column(result.exercise): str(result.attempts),
        revealed_column(result.exercise): "true" if result.revealed else "false",
    }
