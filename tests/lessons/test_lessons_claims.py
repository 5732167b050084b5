"""Each lesson shows the article's claims it examines, where it discusses the article."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from uspak.course import Course
from uspak.lessons import taught_lessons

ROOT = Path(__file__).resolve().parents[2]
LESSONS = taught_lessons(Course(ROOT))  # an assessment page examines no claims of its own
IDS = [lesson.id for lesson in LESSONS]
CLAIMS_SECTION = re.compile(
    r"^## (What the (source )?article claims|The source article, read critically).*?(?=^## )",
    re.M | re.S,
)


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_lesson_shows_its_claims_in_its_claims_section(lesson):
    """Does the lesson's section on the article show claims_for(<its own id>)?"""
    section = CLAIMS_SECTION.search(lesson.path.read_text(encoding="utf-8"))
    assert section, f"{lesson.path.name}: no 'What the article claims' section"
    assert f'claims_for("{lesson.id}")' in section[0]
