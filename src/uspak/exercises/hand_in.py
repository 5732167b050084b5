"""The hand-in file written from a notebook: the answers recorded so far, as a submission.

The widget's "Export" button and the lessons' ``export_submission`` both call this.
"""

from __future__ import annotations

import re
from pathlib import Path

from uspak.exercises.answers import load_answers
from uspak.exercises.bank import load_bank
from uspak.exercises.edition import current_edition
from uspak.exercises.model import ExerciseSpec
from uspak.exercises.progress import hand_in_entry
from uspak.exercises.student import CompiledExercise, has_plain_banks, load_compiled_bank
from uspak.submission import write_submission


def lesson_bank(lesson: str) -> list[ExerciseSpec | CompiledExercise]:
    """The lesson's exercises: the plain bank in a checkout, the compiled one in a student copy."""
    if has_plain_banks():
        return list[ExerciseSpec | CompiledExercise](load_bank(lesson))
    return list[ExerciseSpec | CompiledExercise](load_compiled_bank(lesson))


def export_submission(
    lesson: str,
    student: str,
    path: str | Path | None = None,
    answers_dir: Path | None = None,
) -> Path:
    """Write the submission file for ``lesson`` from the answers recorded so far; its path."""
    bank = lesson_bank(lesson)
    ids = {spec.id for spec in bank}
    responses = {
        exercise_id: hand_in_entry(entry)
        for exercise_id, entry in load_answers(lesson, answers_dir).items()
        if exercise_id in ids and entry.get("response") not in (None, "")
    }
    safe_student = re.sub(r"[^A-Za-z0-9_.-]+", "_", student.strip()) or "student"
    target = Path(path) if path else Path.cwd() / f"{lesson}-{safe_student}.json"
    return write_submission(
        target, lesson, student, responses, "notebook", edition=bank_edition(bank)
    )


def bank_edition(bank: list[ExerciseSpec | CompiledExercise]) -> str:
    """The edition these exercises are in: assessment in a copy whose compiled exercises carry
    no key, or where ``USPAK_EDITION`` says so; practice otherwise."""
    keyless = any(isinstance(s, CompiledExercise) and "key" not in s.compiled for s in bank)
    return "assessment" if keyless else current_edition()
