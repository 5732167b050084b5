"""Gradebook files for the platforms teachers import marks into, written beside gradebook.csv.

Each format is its own module; ``write_exports`` is the one hook the grading run calls.
"""

from __future__ import annotations

from pathlib import Path

from uspak.exercises.model import ExerciseSpec
from uspak.grading.exports.attempts import write_attempts
from uspak.grading.exports.canvas import write_canvas
from uspak.grading.exports.moodle import write_moodle
from uspak.grading.exports.responses import write_responses
from uspak.grading.recheck import GradedSubmission

EXPORT_FILES = ("canvas.csv", "moodle.csv", "responses.csv", "attempts.csv")


def write_exports(
    out: Path,
    graded: list[GradedSubmission],
    banks: dict[str, list[ExerciseSpec]],
    *,
    canvas_exercises: bool = False,
) -> list[Path]:
    """Write canvas.csv, moodle.csv, responses.csv and attempts.csv into ``out``; their paths."""
    return [
        write_canvas(out / "canvas.csv", graded=graded, banks=banks, exercises=canvas_exercises),
        write_moodle(out / "moodle.csv", graded=graded, banks=banks),
        write_responses(out / "responses.csv", graded=graded, banks=banks),
        write_attempts(out / "attempts.csv", graded=graded, banks=banks),
    ]
