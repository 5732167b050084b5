"""Golden files for a fixed generated class: the report's data (JSON) and one HTML feedback file.

A change to either shows as a diff here. After checking that the change is meant, rewrite them
with ``pytest tests/grading/test_grading_golden.py --update-golden`` and commit the new files.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from test_grading_analysis import WHEN, bank  # noqa: F401 - fixture

from uspak.exercises.model import ExerciseSpec
from uspak.grading.analysis import analyse, as_data
from uspak.grading.feedback_html import render_feedback
from uspak.grading.recheck import ExerciseResult, GradedSubmission
from uspak.grading.report import InputOutcome
from uspak.submission import Submission

GOLDEN = Path(__file__).parent / "golden"
ANSWERS = {  # exercise -> (right answer, wrong answers a student may give)
    "l03-easy": ("b", ["a"]),
    "l03-key": ("a", ["b"]),
    "l03-year": ("1954", ["1955", "1,955", "1947"]),
    "l03-pick": ("c", ["a", "b"]),
}


def generated_class(bank: list[ExerciseSpec], size: int = 12) -> list[GradedSubmission]:  # noqa: F811
    """A class drawn from a fixed seed: each student has an ability, answers follow it."""
    rng = random.Random(14)
    graded = []
    for n in range(1, size + 1):
        ability = rng.random()
        results = []
        for spec in bank:
            right, wrong = ANSWERS[spec.id]
            draw = rng.random()
            if draw < 0.1:
                results.append(ExerciseResult(spec.id, "unanswered", 0, 1, "not answered"))
                continue
            ok = draw < ability
            response = right if ok else rng.choice(wrong)
            attempts = rng.randint(1, 4) if n % 2 else None
            results.append(
                ExerciseResult(
                    spec.id,
                    "correct" if ok else "incorrect",
                    1.0 if ok else 0.0,
                    1.0,
                    "Right." if ok else "Not quite.",
                    response,
                    attempts=attempts,
                    revealed=bool(attempts and attempts >= 3),
                )
            )
        sub = Submission("03-economy", f"student-{n:02d}", WHEN, "website", source=f"s{n}.json")
        graded.append(GradedSubmission(sub, tuple(results)))
    return graded


def check_golden(request: pytest.FixtureRequest, name: str, text: str) -> None:
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"no golden file {path}: run with --update-golden once"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed: see the diff above"


def test_report_data_matches_golden(request: pytest.FixtureRequest, bank) -> None:  # noqa: F811
    """Does the report's data for the fixed class equal the reviewed golden JSON?"""
    inputs = [InputOutcome("broken.json", "rejected", "not JSON")]
    analysis = analyse(graded=generated_class(bank), banks={"03-economy": bank}, inputs=inputs)
    text = json.dumps(as_data(analysis), indent=1, sort_keys=True) + "\n"
    check_golden(request, "report-data.json", text)


def test_feedback_html_matches_golden(request: pytest.FixtureRequest, bank) -> None:  # noqa: F811
    """Does one student's HTML feedback for the fixed class equal the reviewed golden file?"""
    graded = generated_class(bank)
    html = render_feedback(student="student-03", graded=graded, banks={"03-economy": bank})
    check_golden(request, "feedback-student-03.html", html)


def test_feedback_holds_no_other_students_data(bank) -> None:  # noqa: F811
    """Given the whole class, does a student's feedback name no other student?"""
    graded = generated_class(bank)
    html = render_feedback(student="student-03", graded=graded, banks={"03-economy": bank})
    others = [f"student-{n:02d}" for n in range(1, 13) if n != 3]
    assert "student-03" in html
    assert not [other for other in others if other in html]
