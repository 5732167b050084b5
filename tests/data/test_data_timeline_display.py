"""Every timeline event is shown where it is tagged: timeline_for and the lessons calling it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from uspak import timeline_for
from uspak.course import Course
from uspak.data import load_table
from uspak.lessons import taught_lessons

ROOT = Path(__file__).resolve().parents[2]
# The lessons that teach; an assessment page (uspak.kind: assessment) has no timeline.
LESSONS = {lesson.id: lesson for lesson in taught_lessons(Course(ROOT))}


def _tags() -> list[str]:
    tags = load_table("timeline")["lessons"].str.split(";").explode()
    return sorted(set(tags))


@pytest.mark.parametrize("lesson", _tags())
def test_every_tagged_lesson_shows_its_timeline(lesson):
    """Does each lesson named in a `lessons` tag exist and call timeline_for with its own id?"""
    assert lesson in LESSONS, f"timeline tags a lesson that does not exist: {lesson}"
    text = LESSONS[lesson].path.read_text()
    assert re.search(rf"""timeline_for\(\s*["']{re.escape(lesson)}["']\s*\)""", text)


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_timeline_for_returns_exactly_the_tagged_events_oldest_first(lesson):
    """Does timeline_for give every event tagged for the lesson, and no other, in date order?"""
    timeline = load_table("timeline")
    tagged = timeline[timeline["lessons"].str.split(";").apply(lambda ids: lesson in ids)]
    events = timeline_for(lesson)
    assert set(events["event_id"]) == set(tagged["event_id"])
    assert events["date"].is_monotonic_increasing


@pytest.mark.parametrize(
    ("event_id", "when"),
    [
        ("1947-independence", "14 Aug 1947"),
        ("1965-war-us-embargo", "Sep 1965"),
        ("1955-baghdad-pact", "1955"),
    ],
    ids=["day", "month", "year"],
)
def test_timeline_for_dates_an_event_only_as_precisely_as_its_source(event_id, when):
    """Is an event known to the month shown as 'Sep 1965', never as an invented day?"""
    lesson = load_table("timeline").set_index("event_id").loc[event_id, "lessons"].split(";")[0]
    events = timeline_for(lesson).set_index("event_id")
    assert events.loc[event_id, "when"] == when


def test_timeline_for_an_untagged_lesson_names_it():
    """Does a misspelt lesson id give a one-line error naming it, not an empty table?"""
    with pytest.raises(ValueError, match="'03-economics'"):
        timeline_for("03-economics")
