"""The article's claims table: each claim belongs to a lesson and points at a real section."""

from __future__ import annotations

from pathlib import Path

import pytest
from docutils.nodes import make_id

from uspak.course import Course
from uspak.data import claims_for, load_table
from uspak.lessons import taught_lessons

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ROOT / "lessons"
# Every lesson that teaches has claims; an assessment page (uspak.kind: assessment) has none.
LESSON_IDS = [lesson.id for lesson in taught_lessons(Course(ROOT))]


def _anchor(heading: str) -> str:
    """The id Sphinx gives a section: docutils' own make_id of its title."""
    return make_id(heading.strip())


def _anchors(lesson: str) -> set[str]:
    text = (LESSONS / f"{lesson}.md").read_text(encoding="utf-8")
    return {_anchor(line.lstrip("#")) for line in text.splitlines() if line.startswith("## ")}


CLAIMS = load_table("article_claims")


@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_every_lesson_has_claims(lesson):
    """Does every lesson have at least one numbered claim of the article to examine?"""
    assert len(claims_for(lesson)) > 0


@pytest.mark.parametrize(
    ("claim_id", "lesson", "anchor"),
    list(CLAIMS[["claim_id", "lesson", "anchor"]].itertuples(index=False)),
    ids=list(CLAIMS["claim_id"]),
)
def test_claim_link_target_exists(claim_id, lesson, anchor):
    """Is every claim addressed by its lesson, at a section heading that exists?"""
    assert claim_id.startswith(lesson[:2] + ".")
    assert anchor in _anchors(lesson)


def test_unknown_lesson_is_refused():
    """Does claims_for name the misspelt lesson instead of returning an empty table?"""
    with pytest.raises(ValueError, match="03-econ"):
        claims_for("03-econ")
