"""``canvas.csv``: the layout of a Canvas gradebook export, so Canvas's import takes it unedited.

Five identity columns (Student, ID, SIS User ID, SIS Login ID, Section), then one column per
lesson (a Canvas assignment); per-exercise columns only when asked for. The first data row is
"Points Possible", giving each column's maximum. The course knows students only by the id in
their hand-in, so it fills Student and SIS User ID with that id (as gradebook.csv does) and leaves
Canvas's own ID blank: see book/teacher/grading.md for what that means for matching.
"""

from __future__ import annotations

import csv
from pathlib import Path

from uspak.exercises.model import ExerciseSpec
from uspak.grading.exports.cells import text_cell
from uspak.grading.gradebook import format_points
from uspak.grading.recheck import GradedSubmission

IDENTITY_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
POINTS_POSSIBLE = "Points Possible"


def lesson_assignment(lesson: str) -> str:
    """The assignment column of a lesson: rename it to your Canvas assignment's header to match."""
    return f"Lesson {lesson}"


def exercise_assignment(lesson: str, exercise: str) -> str:
    return f"Lesson {lesson}: {exercise}"


def write_canvas(
    path: Path,
    *,
    graded: list[GradedSubmission],
    banks: dict[str, list[ExerciseSpec]],
    exercises: bool = False,
) -> Path:
    """Write the Canvas import file; ``exercises`` adds a column per exercise after each lesson."""
    lessons = sorted({g.submission.lesson for g in graded})
    columns: list[str] = list(IDENTITY_COLUMNS)
    possible: dict[str, str] = {"Student": POINTS_POSSIBLE}
    for lesson in lessons:
        column = lesson_assignment(lesson)
        columns.append(column)
        possible[column] = format_points(sum(spec.points for spec in banks[lesson]))
        if exercises:
            for spec in banks[lesson]:
                column = exercise_assignment(lesson, spec.id)
                columns.append(column)
                possible[column] = format_points(spec.points)
    rows: dict[str, dict[str, str]] = {}
    for item in graded:
        student = item.submission.student
        row = rows.setdefault(
            student, {"Student": text_cell(student), "SIS User ID": text_cell(student)}
        )
        lesson = item.submission.lesson
        row[lesson_assignment(lesson)] = format_points(item.earned)
        if exercises:
            for result in item.results:
                row[exercise_assignment(lesson, result.exercise)] = format_points(result.earned)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerow(possible)
        for student in sorted(rows):
            writer.writerow(rows[student])
    return path
