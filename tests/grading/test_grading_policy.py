"""The grading policy, applied from the recorded checks: one row per rule."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from uspak.exercises.bank import read_bank_file
from uspak.exercises.model import GradingPolicy
from uspak.grading.policy import weigh

FIXTURE = Path(__file__).parents[1] / "exercises" / "cases" / "99-fixture.yml"
SPEC = replace(read_bank_file(FIXTURE)[0], reveal_after=3)
DEFAULT = GradingPolicy()
LENIENT = GradingPolicy(after_reveal=0.5, wrong_attempt_penalty=0.1)
STRICT = GradingPolicy(unchecked="ignore")

CASES = {
    # policy, verdict score, attempts, checked -> score, revealed [, the hand-in's `revealed`,
    # its `edition`]
    "right-first-time": (DEFAULT, 1, 1, True, 1, False),
    "right-at-the-third-check": (DEFAULT, 1, 3, True, 1, False),
    "right-after-the-explanation": (DEFAULT, 1, 4, True, 0, True),
    "right-after-the-explanation-half": (LENIENT, 1, 4, True, 0.5 - 0.3, True),
    "penalty-per-wrong-check": (LENIENT, 1, 3, True, 0.8, False),
    "penalty-never-below-zero": (GradingPolicy(wrong_attempt_penalty=0.6), 1, 3, True, 0, False),
    "wrong-stays-wrong": (LENIENT, 0, 2, True, 0, False),
    "unchecked-counts-by-default": (DEFAULT, 1, 0, False, 1, False),
    "unchecked-ignored-when-the-bank-says": (STRICT, 1, 0, False, 0, False),
    "unchecked-after-three-wrong-checks": (DEFAULT, 1, 3, False, 0, True),
    "nothing-recorded": (DEFAULT, 1, None, None, 1, False),
    "partial-after-the-explanation": (LENIENT, 0.5, 4, True, 0, True),
    # The hand-in's `revealed` (progress-v1): shown says True or is absent (older files) -> the
    # count of checks decides; False (the host showed nothing: the assessment edition) -> not.
    "right-after-the-explanation-shown": (DEFAULT, 1, 4, True, 0, True, True),
    "right-at-the-fourth-record-nothing-shown": (DEFAULT, 1, 4, True, 1, False, False),
    "shown-by-a-right-first-check": (DEFAULT, 1, 1, True, 1, False, True),
    # The hand-in's `edition`: in the assessment edition a Check only records.
    "assessment-records-are-no-wrong-checks": (LENIENT, 1, 4, True, 1, False, None, "assessment"),
    "assessment-unchecked-still-ignored": (STRICT, 1, 1, False, 0, False, None, "assessment"),
    "practice-edition-as-without-one": (LENIENT, 1, 4, True, 0.5 - 0.3, True, None, "practice"),
}


@pytest.mark.parametrize(
    ("policy", "score", "attempts", "checked", "expected", "revealed", "shown", "edition"),
    [(*case, None, None)[:8] for case in CASES.values()],
    ids=list(CASES),
)
def test_policy(policy, score, attempts, checked, expected, revealed, shown, edition):
    """What share of the points does this recorded history earn under this policy?"""
    weighed = weigh(replace(SPEC, grading=policy), score, attempts, checked, shown, edition=edition)
    assert weighed.score == pytest.approx(expected)
    assert weighed.revealed is revealed
    assert (weighed.note != "") == (expected != score)  # a change of points always says why


def test_a_hand_in_says_whether_each_response_was_checked(tmp_path):
    """Does the submission reader keep `checked` and `hints_shown`, for the policy to use?"""
    import json

    from uspak.submission import parse_submission

    path = tmp_path / "s1.json"
    path.write_text(
        json.dumps(
            {
                "format": "uspak-submission",
                "format_version": 1,
                "lesson": "99-fixture",
                "student": "s1",
                "created": "2026-11-28T10:00:00Z",
                "origin": "website",
                "responses": {
                    "l99-single": {"response": "b", "attempts": 0, "checked": False},
                    "l99-text": {"response": "x", "attempts": 2, "hints_shown": 1},
                },
            }
        ),
        "utf-8",
    )
    responses = parse_submission(path).responses
    assert (responses["l99-single"].checked, responses["l99-single"].hints_shown) == (False, None)
    assert (responses["l99-text"].checked, responses["l99-text"].hints_shown) == (None, 1)


def test_feedback_tells_the_student_how_often_they_checked(tmp_path):
    """Does a student's feedback say how many checks the file recorded, and any reveal?"""
    from uspak.grading.feedback import _exercise
    from uspak.grading.recheck import ExerciseResult

    result = ExerciseResult(SPEC.id, "correct", 0, 1, "✓ Correct.", "b", (), 4, True)
    text = "\n".join(_exercise(result, SPEC))
    assert "You checked it 4 time(s) before handing in; the explanation had been shown." in text
