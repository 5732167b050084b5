"""One submission per student and lesson: the latest by ``created``, the others reported."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from uspak.grading.selection import keep_latest
from uspak.submission import Submission

T0 = datetime(2026, 11, 28, 10, tzinfo=UTC)


def sub(source: str, minutes: int, student: str = "s1", lesson: str = "03-economy") -> Submission:
    return Submission(lesson, student, T0 + timedelta(minutes=minutes), "website", {}, source)


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(["a", "b", "c"], id="oldest-first"),
        pytest.param(["c", "b", "a"], id="newest-first"),
        pytest.param(["b", "c", "a"], id="mixed"),
    ],
)
def test_latest_is_kept_whatever_the_order(order):
    """Is the newest file kept, and both older ones reported as replaced by it?"""
    minutes = {"a": 0, "b": 5, "c": 9}
    kept, superseded = keep_latest(sub(name, minutes[name]) for name in order)
    assert [k.source for k in kept] == ["c"]
    assert sorted((s.submission.source, s.by.source) for s in superseded) == [
        ("a", "c"),
        ("b", "c"),
    ]


def test_tie_keeps_the_first_seen():
    """With equal 'created' times, is the first file kept, so the choice is reproducible?"""
    kept, [loser] = keep_latest([sub("first", 0), sub("second", 0)])
    assert [k.source for k in kept] == ["first"]
    assert "the same time as" in loser.reason


def test_students_and_lessons_are_kept_apart():
    """Do different students, and one student's different lessons, all count?"""
    kept, superseded = keep_latest(
        [sub("a", 0, "s1"), sub("b", 0, "s2"), sub("c", 0, "s1", "01-history")]
    )
    assert [k.source for k in kept] == ["a", "b", "c"]
    assert superseded == []
