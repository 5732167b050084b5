"""Smoke test: the built website works end to end for a student arriving at the home page."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_student_follows_the_contents_to_a_lesson_with_a_chart_and_a_table(browser_page, site_url):
    """From the home page, does the contents lead to a lesson with a described chart and a table?"""
    page = browser_page
    page.goto(f"{site_url}/index.html")
    page.get_by_role("navigation", name="Main").get_by_role("link").filter(
        has_text="00."
    ).first.click()
    page.wait_for_url("**/lessons/00-*.html")
    chart = page.locator(".cell_output img").first
    chart.wait_for()
    assert chart.get_attribute("alt"), "the chart has no alt text"
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), "the chart did not load"
    assert page.locator(".cell_output table").count() > 0, "the lesson shows no table"
