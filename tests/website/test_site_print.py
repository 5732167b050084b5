"""A lesson printed as a handout: exercise boxes whole, code wrapped, navigation left out."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LESSON = "03-economy"


@pytest.fixture
def printed(browser_page, site_url):
    browser_page.emulate_media(media="print")
    browser_page.goto(f"{site_url}/lessons/{LESSON}.html", wait_until="load")
    return browser_page


def style(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"el => getComputedStyle(el).{prop}")


@pytest.mark.parametrize(
    "selector", [".bd-header", ".bd-sidebar-primary", ".prev-next-area"], ids=str
)
def test_navigation_is_left_out_of_print(printed, selector):
    """Printed, is the site's navigation hidden?"""
    assert style(printed, selector, "display") == "none"


def test_exercise_boxes_are_never_split_across_pages(printed):
    """Printed, does every exercise box ask not to break inside?"""
    assert style(printed, ".uspak-exercise-root", "breakInside") == "avoid"


def test_code_wraps_when_printed(printed):
    """Printed, does code wrap rather than run off the page?"""
    assert style(printed, "pre", "whiteSpace") == "pre-wrap"


def test_outside_links_show_their_target_when_printed(browser_page, site_url):
    """Printed, does an outside link (the data appendix's sources) show its address after it?"""
    browser_page.emulate_media(media="print")
    browser_page.goto(f"{site_url}/data.html", wait_until="load")
    after = browser_page.eval_on_selector(
        "article a.reference.external[href^='http']",
        "el => getComputedStyle(el, '::after').content",
    )
    assert "attr(href)" not in after and "http" in after
