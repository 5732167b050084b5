"""A response of the wrong type costs its own exercise, never the whole hand-in.

One exercise of each type in the course's banks gets responses no exercise of that type can
read (JSON the submission format has no shape for, and shapes of the other types); each must
score 0 as "invalid" with a note, while the file is still graded.
"""

from __future__ import annotations

import json

import pytest

from uspak.exercises.bank import load_all_banks
from uspak.grading.feedback import render_feedback_markdown
from uspak.grading.recheck import recheck
from uspak.grading.verify import verify_submission
from uspak.submission import parse_submission

# (type, lesson, exercise): the first exercise of each type in the course's own banks.
EXAMPLES = {
    "single_choice": ("00-overview", "l00-peak-year"),
    "numeric": ("00-overview", "l00-fiscal-year"),
    "matching": ("00-overview", "l00-cutoffs"),
    "code": ("00-overview", "l00-military-share"),
    "multiple_select": ("00-overview", "l00-aims"),
    "ordering": ("01-history", "l01-order-events"),
    "short_text": ("01-history", "l01-pressler-name"),
}
# No shape of the submission format: the schema used to refuse the whole file for these.
SHAPELESS = {
    "true": True,
    "null": None,
    "number": 3.5,
    "list-of-numbers": [1, 2],
    "mapping-to-number": {"a": 1},
    "nested-list": [["x"]],
    "code-not-text": {"code": 1, "value": 2},
}
# A shape the format knows, but of another type of exercise.
OTHER_SHAPES = {
    "text": "not an id",
    "list": ["x", "y"],
    "mapping": {"x": "y"},
    "website-value": {"value": [1, {"a": None}]},
}
CASES = [
    pytest.param(kind, value, id=f"{kind}-{name}")
    for kind in EXAMPLES
    for name, value in {**SHAPELESS, **OTHER_SHAPES}.items()
    if not (kind in ("short_text", "single_choice") and name == "text")
    and not (kind in ("multiple_select", "ordering") and name == "list")
    and not (kind == "matching" and name == "mapping")
    and not (kind in ("code", "numeric") and name == "website-value")
]


def hand_in(lesson: str, responses: dict) -> bytes:
    return json.dumps(
        {
            "format": "uspak-submission",
            "format_version": 1,
            "lesson": lesson,
            "student": "s1",
            "created": "2026-11-28T10:00:00Z",
            "origin": "website",
            "responses": {ex: {"response": value} for ex, value in responses.items()},
        }
    ).encode()


@pytest.fixture(scope="module")
def banks():
    return load_all_banks()


@pytest.mark.parametrize(("kind", "value"), CASES)
def test_wrong_type_scores_zero_for_that_exercise_only(banks, kind, value):
    """Is a response of the wrong type graded 0 as invalid, with a note, and the file kept?"""
    lesson, exercise = EXAMPLES[kind]
    assert next(s for s in banks[lesson] if s.id == exercise).type == kind
    graded = recheck(parse_submission(hand_in(lesson, {exercise: value})), banks[lesson])
    result = next(r for r in graded.results if r.exercise == exercise)
    assert (result.status, result.earned) == ("invalid", 0)
    assert any(note.startswith(f"{exercise}: scored 0") for note in graded.notes)


def test_other_exercises_of_the_hand_in_still_count(banks):
    """Does a right answer beside a misshapen one still earn its points?"""
    spec = next(s for s in banks["00-overview"] if s.id == "l00-peak-year")
    right = spec.answer
    sub = parse_submission(hand_in("00-overview", {"l00-peak-year": right, "l00-aims": [1]}))
    graded = recheck(sub, banks["00-overview"])
    scores = {r.exercise: r.earned for r in graded.results}
    assert scores["l00-peak-year"] == spec.points
    assert scores["l00-aims"] == 0


def test_verify_warns_the_student_before_handing_in(tmp_path):
    """Does ``uspak verify`` still tell the student that a misshapen response would score 0?"""
    path = tmp_path / "s1.json"
    path.write_bytes(hand_in("00-overview", {"l00-aims": [1, 2]}))
    problems = verify_submission(path)
    assert [p.item for p in problems] == ["responses.l00-aims.response"]
    assert "would score 0" in problems[0].message


def test_feedback_says_the_answer_was_not_valid(banks, tmp_path):
    """Does the student's feedback show the misshapen answer as not valid, with the reason?"""
    sub = parse_submission(hand_in("00-overview", {"l00-aims": [1, 2]}))
    graded = recheck(sub, banks["00-overview"])
    text = render_feedback_markdown("s1", [graded], banks)
    assert "not a valid answer" in text
    assert "is not a valid response" in text
