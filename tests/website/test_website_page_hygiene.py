"""Every page of the built website, loaded as a browser loads it: no script error, no console
error, a favicon, and figures numbered within their own lesson."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest


def _pages(site: Path) -> list[str]:
    """Every HTML page of the site, except the theme's templates in _static/."""
    return sorted(
        str(p.relative_to(site))
        for p in site.rglob("*.html")
        if not p.relative_to(site).parts[0].startswith("_")
    )


def _is_redirect(site: Path, name: str) -> bool:
    """index.html only forwards to the first page (visited in its own right)."""
    return 'http-equiv="Refresh"' in (site / name).read_text(encoding="utf-8")[:2000]


@pytest.mark.browser
@pytest.mark.slow
def test_no_page_logs_a_javascript_or_console_error(built_site, site_url, browser):
    """Does every HTML page of the site load without an uncaught script error or a console
    error (such as "Identifier 'THEBE_JS_URL' has already been declared")?"""
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    current = {"page": ""}
    page.on("pageerror", lambda error: problems.append(f"{current['page']}: {error}"))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and problems.append(f"{current['page']}: console: {message.text}")
        ),
    )
    pages = [name for name in _pages(built_site) if not _is_redirect(built_site, name)]
    assert len(pages) > 20
    try:
        for name in pages:
            current["page"] = name
            page.goto(f"{site_url}/{name}", wait_until="load")
    finally:
        context.close()
    assert problems == []


@pytest.mark.slow
def test_every_page_links_the_favicon_and_it_is_served(built_site, site_url):
    """Does every page (but the index's redirect) name an SVG favicon that the site serves,
    rather than leave the browser to ask for a missing /favicon.ico?"""
    from urllib.request import urlopen

    hrefs = set()
    for name in [name for name in _pages(built_site) if not _is_redirect(built_site, name)]:
        html = (built_site / name).read_text(encoding="utf-8")
        link = re.search(r'<link rel="icon" href="([^"]+)"', html)
        assert link, f"{name} has no favicon link"
        hrefs.add(posixpath.normpath(posixpath.join(posixpath.dirname(name), link.group(1))))
    for href in hrefs:
        with urlopen(f"{site_url}/{href}") as response:
            assert response.status == 200
            assert response.headers["Content-Type"] == "image/svg+xml"
            assert b"<svg" in response.read()


@pytest.mark.slow
def test_figures_are_numbered_within_each_lesson(built_site):
    """Is each lesson's first figure "Fig. 1" (lesson 03's only chart included), numbered within
    its page rather than across the book?"""
    numbers = {}
    for page in sorted((built_site / "lessons").glob("*.html")):
        found = re.findall(r'<span class="caption-number">Fig\. (\d+) </span>', page.read_text())
        if found:
            numbers[page.stem] = [int(n) for n in found]
    assert numbers["03-economy"] == [1]
    assert {lesson: n for lesson, n in numbers.items() if n != list(range(1, len(n) + 1))} == {}
    assert len(numbers) >= 3
