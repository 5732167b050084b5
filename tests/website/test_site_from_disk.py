"""The built website opened from disk (file://), as a teacher's zipped copy is: the exercises
run (the engine is a classic script, not an ES module) and no page logs an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from uspak.course import Course
from uspak.exercises.bank import load_bank
from uspak.lessons import list_lessons

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
LESSON_IDS = [lesson.id for lesson in list_lessons(Course(ROOT))]
LESSON = "03-economy"


def test_an_exercise_answers_on_a_lesson_opened_from_disk(browser_page, built_site):
    """Opened from file://, does a lesson's single-choice exercise check an answer, error-free?"""
    spec = next(s for s in load_bank(LESSON, course=Course(ROOT)) if s.type == "single_choice")
    errors: list[str] = []
    browser_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    browser_page.on("pageerror", lambda err: errors.append(str(err)))
    browser_page.goto((built_site / "lessons" / f"{LESSON}.html").as_uri(), wait_until="load")
    root = browser_page.locator(f"[data-exercise-id='{spec.id}']")
    root.locator(f"input[value='{spec.answer}']").check()
    root.locator("button.uspak-check").click()
    status = root.locator("[role=status]").first
    status.locator(".uspak-message").wait_for(timeout=10_000)
    assert status.get_attribute("data-status") == "correct"
    assert errors == []


@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_lesson_page_loads_neither_the_icon_script_nor_the_search_index(built_site, lesson):
    """Does the lesson page leave out fontawesome.js and the search scripts it does not use?"""
    page = (built_site / "lessons" / f"{lesson}.html").read_text("utf-8")
    for unused in ("fontawesome.js", "searchindex.js", "searchtools.js", "language_data.js"):
        assert unused not in page, unused
    assert "_static/icons.css" in page and "_static/exercise.bundle.js" in page


def test_search_page_still_loads_the_search_index(built_site):
    """Does search.html, the one page that searches, still load the index and its tools?"""
    page = (built_site / "search.html").read_text("utf-8")
    assert "searchindex.js" in page and "searchtools.js" in page
