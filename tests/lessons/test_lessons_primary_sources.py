"""Primary sources and reasoning: each lesson shows its excerpts and asks students to use evidence.

Every excerpt in data/excerpts.csv is shown by its lesson under "Reading a primary source", with a
close-reading exercise in the lesson's bank; every lesson has at least two auto-checked exercises
marked ``skill: reasoning`` (use evidence, not recall it).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from uspak.course import Course
from uspak.data import load_table
from uspak.exercises.bank import load_all_banks
from uspak.lessons import taught_lessons

ROOT = Path(__file__).resolve().parents[2]
LESSONS = taught_lessons(Course(ROOT))  # the assessment page reads no excerpt of its own
LESSON_IDS = [lesson.id for lesson in LESSONS]
BANKS = load_all_banks(Course(ROOT))
EXCERPTS = load_table("excerpts")
SECTION = re.compile(r"^## Reading a primary source\n(?P<body>.*?)(?=^## )", re.M | re.S)
SHOWN = re.compile(r"show_excerpt\(\s*[\"'](?P<id>[^\"']+)")
REASONING_PER_LESSON = 2


def _section(lesson_id: str) -> str:
    text = (ROOT / "lessons" / f"{lesson_id}.md").read_text(encoding="utf-8")
    found = SECTION.search(text)
    return found["body"] if found else ""


@pytest.mark.parametrize(
    ("excerpt_id", "lesson"),
    list(EXCERPTS[["excerpt_id", "lesson"]].itertuples(index=False)),
    ids=list(EXCERPTS["excerpt_id"]),
)
def test_excerpt_is_shown_by_its_lesson(excerpt_id, lesson):
    """Does the excerpt's lesson show it in its 'Reading a primary source' section?"""
    assert excerpt_id in SHOWN.findall(_section(lesson)), f"lessons/{lesson}.md"


@pytest.mark.parametrize("lesson", LESSON_IDS, ids=LESSON_IDS)
def test_lesson_shows_only_its_own_excerpts(lesson):
    """Does every excerpt a lesson shows exist, and belong to that lesson?"""
    text = (ROOT / "lessons" / f"{lesson}.md").read_text(encoding="utf-8")
    owner = dict(zip(EXCERPTS["excerpt_id"], EXCERPTS["lesson"], strict=True))
    assert {x: owner.get(x) for x in SHOWN.findall(text)} == dict.fromkeys(
        SHOWN.findall(text), lesson
    )


@pytest.mark.parametrize("lesson", LESSON_IDS, ids=LESSON_IDS)
def test_lesson_reads_at_least_one_primary_source(lesson):
    """Does every lesson show at least one primary-source excerpt?"""
    assert SHOWN.findall(_section(lesson))


@pytest.mark.parametrize(
    ("excerpt_id", "lesson"),
    list(EXCERPTS[["excerpt_id", "lesson"]].itertuples(index=False)),
    ids=list(EXCERPTS["excerpt_id"]),
)
def test_excerpt_has_an_exercise_in_its_lessons_bank(excerpt_id, lesson):
    """Does the lesson's bank ask at least one question about the excerpt?"""
    assert any(spec.excerpt == excerpt_id for spec in BANKS[lesson]), f"exercises/{lesson}.yml"


READING = [spec for specs in BANKS.values() for spec in specs if spec.excerpt]


@pytest.mark.parametrize("spec", READING, ids=[spec.id for spec in READING])
def test_exercise_reads_an_excerpt_of_its_own_lesson(spec):
    """Does an exercise that names an excerpt name one its lesson shows?"""
    assert spec.excerpt in SHOWN.findall(_section(spec.lesson)), f"{spec.id}: {spec.excerpt}"


@pytest.mark.parametrize("lesson", LESSON_IDS, ids=LESSON_IDS)
def test_lesson_has_two_reasoning_exercises(lesson):
    """Does the lesson's bank have at least two auto-checked exercises that ask for reasoning?"""
    reasoning = [spec.id for spec in BANKS[lesson] if spec.skill == "reasoning"]
    assert len(reasoning) >= REASONING_PER_LESSON, f"exercises/{lesson}.yml: {reasoning}"
