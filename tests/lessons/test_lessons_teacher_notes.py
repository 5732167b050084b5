"""The teacher notes keep up with the exercise banks: every exercise that tests reasoning or close
reading (a ``skill`` in exercises/*.yml) is named, with the excerpt it uses, in its lesson's notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from uspak.exercises.bank import ExerciseSpec, load_all_banks

ROOT = Path(__file__).resolve().parents[2]
SECTION = "## Reasoning and close-reading exercises"


SKILLED: list[tuple[str, ExerciseSpec]] = [
    (lesson, spec)
    for lesson, specs in sorted(load_all_banks().items())
    for spec in specs
    if spec.skill
]


def _section(lesson: str) -> str:
    """The notes' section on reasoning and close-reading exercises, up to the next heading."""
    path = ROOT / "book" / "teacher" / f"{lesson}.md"
    text = path.read_text(encoding="utf-8")
    assert SECTION in text, f"book/teacher/{lesson}.md has no section {SECTION!r}"
    body = text[text.index(SECTION) + len(SECTION) :]
    following = re.search(r"^## ", body, flags=re.M)
    return body[: following.start()] if following else body


def test_the_banks_have_exercises_with_a_skill():
    """Are there skilled exercises to hold the notes to, so the test below is not empty?"""
    assert len(SKILLED) >= 20


@pytest.mark.parametrize(
    ("lesson", "exercise"), SKILLED, ids=[spec.id for _, spec in SKILLED]
)
def test_teacher_notes_name_the_exercise_and_its_excerpt(lesson, exercise):
    """Do the lesson's teacher notes name this reasoning or close-reading exercise by id, on a line
    that gives its skill and the excerpt it uses (or says it uses none)?"""
    lines = [
        line for line in _section(lesson).splitlines() if f"`{exercise.id}`" in line
    ]
    where = f"book/teacher/{lesson}.md, {SECTION!r}"
    assert lines, f"{where}: {exercise.id} is not mentioned"
    line = lines[0]
    assert exercise.skill in line, f"{where}: {exercise.id}: skill {exercise.skill!r}"
    excerpt = exercise.excerpt
    expected = f"`{excerpt}`" if excerpt else "no excerpt"
    assert expected in line, f"{where}: {exercise.id}: should name {expected}"
