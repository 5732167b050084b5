"""Item analysis on a tiny class whose statistics are worked out by hand in the docstrings.

Four students, one point per exercise (1 right, 0 not):

    student  l03-easy  l03-key  l03-year  l03-pick   total
    A        1         0        1         1          3
    B        1         0        1         1          3
    C        1         1        0         0          2
    D        1         0        0         -          1   (l03-pick unanswered)

``l03-key`` carries a wrong key (answer ``a``; the strong students chose ``b``), so it
discriminates negatively.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path

import pytest

from uspak.exercises.bank import read_bank_file
from uspak.exercises.model import ExerciseSpec
from uspak.grading.analysis import (
    CHECK_KEY,
    analyse,
    common_wrong_answers,
    item_stats,
    lesson_summary,
)
from uspak.grading.recheck import ExerciseResult, GradedSubmission
from uspak.grading.report import InputOutcome
from uspak.submission import Submission

BANK = """\
schema_version: 1
lesson: 03-economy
exercises:
  - {id: l03-easy, type: single_choice, objective: 1, prompt: Pick b., answer: b,
     options: [{id: a, text: A}, {id: b, text: B}]}
  - {id: l03-key, type: single_choice, objective: 1, prompt: Pick b (key says a)., answer: a,
     options: [{id: a, text: A}, {id: b, text: B}]}
  - {id: l03-year, type: numeric, objective: 2, prompt: Which year?, answer: 1954, precision: 0}
  - {id: l03-pick, type: single_choice, objective: 2, prompt: Pick c., answer: c,
     options: [{id: a, text: A}, {id: b, text: B}, {id: c, text: C}]}
"""
# student -> exercise -> (status, response, attempts, revealed)
CLASS = {
    "A": {
        "l03-easy": ("correct", "b", 1, False),
        "l03-key": ("incorrect", "b", None, False),
        "l03-year": ("correct", "1954", None, False),
        "l03-pick": ("correct", "c", None, False),
    },
    "B": {
        "l03-easy": ("correct", "b", 3, True),
        "l03-key": ("incorrect", "b", None, False),
        "l03-year": ("correct", "1954", None, False),
        "l03-pick": ("correct", "c", None, False),
    },
    "C": {
        "l03-easy": ("correct", "b", None, False),
        "l03-key": ("correct", "a", None, False),
        "l03-year": ("incorrect", "1,955", None, False),
        "l03-pick": ("incorrect", "a", None, False),
    },
    "D": {
        "l03-easy": ("correct", "b", None, False),
        "l03-key": ("incorrect", "b", None, False),
        "l03-year": ("incorrect", "1955 ", None, False),
        "l03-pick": ("unanswered", None, None, False),
    },
}
WHEN = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> list[ExerciseSpec]:
    path = Path(tmp_path_factory.mktemp("bank")) / "03-economy.yml"
    path.write_text(BANK, encoding="utf-8")
    return read_bank_file(path)


def graded_class(students: dict = CLASS, lesson: str = "03-economy") -> list[GradedSubmission]:
    graded = []
    for student, answers in students.items():
        results = tuple(
            ExerciseResult(
                exercise,
                status,
                1.0 if status == "correct" else 0.0,
                1.0,
                status,
                response,
                attempts=attempts,
                revealed=revealed,
            )
            for exercise, (status, response, attempts, revealed) in answers.items()
        )
        sub = Submission(lesson, student, WHEN, "website", source=f"{student}.json")
        graded.append(GradedSubmission(sub, results))
    return graded


def stats_of(bank: list[ExerciseSpec], exercise: str):
    spec = next(s for s in bank if s.id == exercise)
    return item_stats(spec=spec, graded=graded_class())


THIRD = 1 / math.sqrt(3)


@pytest.mark.parametrize(
    ("exercise", "expected"),
    [
        # x = [0, 0, 1, 0], rest = [3, 3, 1, 1]: sum dx*dy = -1, sum dx² = 3/4, sum dy² = 4
        pytest.param("l03-key", -THIRD, id="wrong-key-negative"),
        # x = [1, 1, 0, 0], rest = [2, 2, 2, 1]: sum dx*dy = 1/2, sum dx² = 1, sum dy² = 3/4
        pytest.param("l03-year", THIRD, id="numeric-positive"),
        pytest.param("l03-pick", THIRD, id="unanswered-counts-as-zero"),
        # everyone right: no spread, nothing to correlate
        pytest.param("l03-easy", None, id="no-spread"),
    ],
)
def test_discrimination_matches_hand_computed_point_biserial(
    bank: list[ExerciseSpec], exercise: str, expected: float | None
) -> None:
    """Is discrimination the correlation with the rest of the lesson, the item excluded?"""
    found = stats_of(bank, exercise).discrimination
    assert found == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    ("exercise", "flags"),
    [
        pytest.param("l03-easy", ("too easy",), id="all-right-too-easy"),
        pytest.param(
            "l03-key", ("too hard", f"negative discrimination: {CHECK_KEY}"), id="wrong-key"
        ),
        pytest.param("l03-year", (), id="ordinary-item"),
    ],
)
def test_items_are_flagged(bank: list[ExerciseSpec], exercise: str, flags: tuple) -> None:
    """Are too easy, too hard and negatively discriminating items flagged, and others not?"""
    assert stats_of(bank, exercise).flags == flags


def test_shares_of_right_partial_and_unanswered(bank: list[ExerciseSpec]) -> None:
    """Are the shares counted over every hand-in of the lesson, unanswered ones included?"""
    stats = stats_of(bank, "l03-pick")
    assert (stats.graded, stats.right, stats.partial, stats.unanswered) == (4, 0.5, 0.0, 0.25)


def test_attempts_and_reveals_come_only_from_progress_records(bank: list[ExerciseSpec]) -> None:
    """Are mean attempts and the reveal share taken over responses that recorded them only?"""
    easy, key = stats_of(bank, "l03-easy"), stats_of(bank, "l03-key")
    assert (easy.mean_attempts, easy.revealed) == (2.0, 0.5)
    assert (key.mean_attempts, key.revealed) == (None, None)


def test_wrong_answers_are_grouped_as_the_checker_normalises(bank: list[ExerciseSpec]) -> None:
    """Do "1,955" and "1955 " count as one wrong answer, as the checker reads them alike?"""
    spec = next(s for s in bank if s.id == "l03-year")
    wrong = common_wrong_answers(spec=spec, graded=graded_class())
    assert [(w.count, w.objective, w.prompt) for w in wrong] == [(2, 2, "Which year?")]


def test_lesson_summary_median_quartiles_histogram() -> None:
    """Totals 1, 2, 3, 3 of 4: median 2.5, Q1 1.75 and Q3 3 (inclusive), tenths 2, 5, 7, 7?"""
    summary = lesson_summary(lesson="03-economy", graded=graded_class())
    assert (summary.graded, summary.median, summary.q1, summary.q3) == (4, 2.5, 1.75, 3.0)
    assert summary.iqr == 1.25
    assert summary.histogram == (0, 0, 1, 0, 0, 1, 0, 2, 0, 0)


def test_objective_mastery_is_points_over_possible(bank: list[ExerciseSpec]) -> None:
    """Objective 1: 5 of 8 points; objective 2: 4 of 8?"""
    result = analyse(graded=graded_class(), banks={"03-economy": bank})
    assert [(o.objective, o.mastery) for o in result.objectives] == [(1, 0.625), (2, 0.5)]


def test_follow_up_names_low_scores_missing_lessons_and_refused_files(
    bank: list[ExerciseSpec],
) -> None:
    """Are a low score, a missing hand-in and a refused file each listed for follow-up?"""
    other = graded_class({"A": {"l03-easy": ("correct", "b", None, False)}}, lesson="04-nuclear")
    refused = InputOutcome("E.json", "rejected", "not JSON")
    banks = {"03-economy": bank, "04-nuclear": [bank[0]]}
    result = analyse(graded=graded_class() + other, banks=banks, inputs=[refused])
    reasons = {(f.who, f.reason.split(":")[0]) for f in result.follow_up}
    assert ("D", "low score in 03-economy") in reasons
    assert ("B", "no hand-in for 04-nuclear") in reasons
    assert ("E.json", "rejected") in reasons
    assert ("C", "low score in 03-economy") not in reasons


def test_course_view_appears_when_hand_ins_span_lessons(bank: list[ExerciseSpec]) -> None:
    """Does the course view give each student's share per lesson, only across several lessons?"""
    single = analyse(graded=graded_class(), banks={"03-economy": bank})
    assert single.course == {}
    other = graded_class({"A": {"l03-easy": ("correct", "b", None, False)}}, lesson="04-nuclear")
    banks = {"03-economy": bank, "04-nuclear": [bank[0]]}
    both = analyse(graded=graded_class() + other, banks=banks)
    assert both.course["A"] == {"03-economy": 0.75, "04-nuclear": 1.0}
    assert both.course["D"] == {"03-economy": 0.25}
