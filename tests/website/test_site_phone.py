"""The course website on a phone (390 x 844 CSS pixels), as a student reads it on the bus.

Every page of the table of contents is checked: the lessons, the data appendix, the claims page,
the glossary and the teacher guide. Screenshots of what was checked go to pytest's tmp path.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_check import serious_violations
from test_site_browser import DOCNAMES, LESSON_IDS

from uspak.course import Course
from uspak.exercises.bank import load_bank
from uspak.exercises.types import Matching

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
TABLE_PAGES = [
    d for d in DOCNAMES if d.startswith(("lessons/", "teacher/")) or d in ("data", "claims")
]
MATCHING_LESSONS = [
    lesson
    for lesson in LESSON_IDS
    if any(isinstance(spec, Matching) for spec in load_bank(lesson, Course(ROOT)))
]
# Columns that exercises ask students to read, on the page that shows them.
NEEDED_COLUMNS = [
    pytest.param("lessons/09-since-2021", "amount_usd_millions", id="09-imf-amounts"),
    pytest.param("lessons/02-security", "Civilians killed, high", id="02-civilians-high"),
]


@pytest.fixture
def phone(browser, request):
    """A fresh page in a phone-sized, touch-screen context (light unless the test says dark)."""
    scheme = getattr(request, "param", "light")
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, color_scheme=scheme
    )
    yield context.new_page()
    context.close()


def open_page(page, site_url: str, docname: str):
    page.goto(f"{site_url}/{docname}.html", wait_until="load")
    return page


def shot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name.replace('/', '-')}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


@pytest.mark.parametrize("docname", DOCNAMES)
def test_no_page_is_wider_than_a_phone(phone, site_url, docname, tmp_path):
    """At 390 pixels, is every page (lesson, appendix, guide) no wider than the screen?"""
    page = open_page(phone, site_url, docname)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    shot(page, tmp_path, docname)
    # A mobile browser widens its layout viewport to fit a page wider than the screen, so the
    # page is compared with the screen, not with innerWidth.
    assert width <= PHONE["width"], f"{docname} is {width} pixels wide at {PHONE['width']}"
    overflow = page.evaluate(
        """(screen) => [...document.querySelectorAll('.bd-article :is(p, h1, h2)')]
             .filter(e => !e.closest('table'))  // wide tables scroll in their own box
             .filter(e => e.getBoundingClientRect().right > screen + 1)
             .map(e => e.textContent.slice(0, 60))""",
        PHONE["width"],
    )
    assert not overflow, f"text wider than the screen: {overflow[:5]}"


BOXES = """() => [...document.querySelectorAll('.bd-article table')].map(table => {
    const box = table.closest('.uspak-scrolls, .pst-scrollable-table-container, .output');
    return {overflows: box.scrollWidth > box.clientWidth + 1, marked: box.matches('.uspak-scrolls'),
            overflowX: getComputedStyle(box).overflowX,
            hint: !!box.parentElement.querySelector(':scope > .uspak-scroll-hint'),
            shadow: box.parentElement.matches('.uspak-scroll-box:not(.uspak-fits)')
              ? getComputedStyle(box.parentElement, '::after').opacity : null,
            label: table.textContent.trim().slice(0, 40)};
})"""


@pytest.mark.parametrize("docname", TABLE_PAGES)
def test_wide_tables_scroll_in_their_box_with_a_cue(phone, site_url, docname, tmp_path):
    """Does every table too wide for the phone scroll in its own box, with a shadowed edge and a
    'scroll sideways' hint shown above it?"""
    page = open_page(phone, site_url, docname)
    boxes = page.evaluate(BOXES)
    wide = [b for b in boxes if b["overflows"]]
    problems = [
        b["label"]
        for b in wide
        if not (b["marked"] and b["overflowX"] in ("auto", "scroll") and b["hint"])
        or b["shadow"] != "1"
    ]
    if wide:
        page.locator(".uspak-scroll-box").first.scroll_into_view_if_needed()
        shot(page, tmp_path, f"{docname}-table")
    assert not problems, f"wide tables without a scroll cue: {problems}"


REACH = """(table) => {
    const box = table.closest('.uspak-scrolls') || table.parentElement;
    const screen = window.innerWidth;
    const unreachable = [];
    for (const th of table.querySelectorAll('thead th')) {
        th.scrollIntoView({inline: 'nearest', block: 'nearest'});
        const r = th.getBoundingClientRect(), b = box.getBoundingClientRect();
        const outside = r.left < Math.max(b.left, 0) - 1 || r.right > Math.min(b.right, screen) + 1;
        if (r.width > 0 && outside) unreachable.push(th.textContent.trim());
    }
    box.scrollLeft = 0;
    return unreachable;
}"""


@pytest.mark.parametrize("docname", TABLE_PAGES)
def test_every_column_can_be_scrolled_into_view(phone, site_url, docname):
    """Can every column heading of every table be brought fully onto the screen by scrolling?"""
    page = open_page(phone, site_url, docname)
    unreachable = [
        heading
        for table in page.locator(".bd-article table").all()
        for heading in table.evaluate(REACH)
    ]
    assert not unreachable, f"column headings that never fit the screen: {unreachable[:5]}"


@pytest.mark.parametrize(("docname", "column"), NEEDED_COLUMNS)
def test_a_column_an_exercise_needs_is_on_the_screen(phone, site_url, docname, column):
    """Is the column an exercise needs (IMF amounts, civilians killed) on the screen, at once or
    once its table's box is scrolled to the end?"""
    page = open_page(phone, site_url, docname)
    heading = page.locator(".bd-article table thead th", has_text=column).first
    heading.evaluate(
        "th => { const box = th.closest('.uspak-scrolls');"
        " if (box) box.scrollLeft = box.scrollWidth; }"
    )
    left, right = heading.evaluate(
        "th => [th.getBoundingClientRect().left, th.getBoundingClientRect().right]"
    )
    assert left >= 0 and right <= PHONE["width"] + 1, (left, right)
    if heading.evaluate("th => !!th.closest('.uspak-scrolls')"):
        assert heading.evaluate(
            "th => th.closest('.uspak-scroll-box').classList.contains('uspak-at-end')"
        )


FITS = """(select) => {
    const style = getComputedStyle(select), canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d'); ctx.font = style.font;
    const text = select.selectedOptions[0].textContent;
    const room = select.clientWidth - parseFloat(style.paddingLeft)
                 - parseFloat(style.paddingRight) - 20;
    const chosen = select.parentElement.querySelector('.uspak-chosen');
    const shown = chosen && !chosen.hidden && chosen.textContent === text
                  && chosen.getBoundingClientRect().right <= window.innerWidth
                  && chosen.scrollWidth <= chosen.clientWidth + 1;
    return {text, fits: ctx.measureText(text).width <= room, shown,
            right: select.getBoundingClientRect().right};
}"""


@pytest.mark.parametrize("lesson", MATCHING_LESSONS)
def test_every_matching_option_can_be_read_in_full(phone, site_url, lesson, tmp_path):
    """On a phone, is each option a matching exercise offers readable in full once chosen,
    either in the select itself or written out under it?"""
    page = open_page(phone, site_url, f"lessons/{lesson}")
    page.wait_for_selector(".uspak-matching select")
    cut = []
    for select in page.locator(".uspak-matching select").all():
        values = select.evaluate("s => [...s.options].map(o => o.value).filter(Boolean)")
        for value in values:
            select.select_option(value)
            seen = select.evaluate(FITS)
            if seen["right"] > PHONE["width"] or not (seen["fits"] or seen["shown"]):
                cut.append(seen["text"])
    page.locator(".uspak-matching").first.scroll_into_view_if_needed()
    shot(page, tmp_path, f"{lesson}-matching")
    assert not cut, f"options cut off: {cut[:5]}"


def test_a_chart_opens_at_its_full_size(phone, site_url, tmp_path):
    """Does tapping a chart's 'Open full size' show the image unscaled, and Close return?"""
    page = open_page(phone, site_url, "lessons/03-economy")
    button = page.get_by_role("button", name="Open full size").first
    button.scroll_into_view_if_needed()
    shown = page.locator(".bd-article .cell_output img").first.evaluate(
        "i => ({shown: i.getBoundingClientRect().width, natural: i.naturalWidth})"
    )
    button.tap()
    dialog = page.locator("dialog.uspak-zoom-dialog")
    dialog.wait_for(state="visible")
    full = dialog.locator("img").evaluate(
        "i => ({shown: i.getBoundingClientRect().width, natural: i.naturalWidth})"
    )
    shot(page, tmp_path, "03-chart-full-size")
    assert shown["shown"] < shown["natural"], "the chart was not scaled down on the page"
    assert abs(full["shown"] - full["natural"]) <= 1, full
    assert not serious_violations(page), "the open dialog has accessibility violations"
    dialog.get_by_role("button", name="Close").tap()
    dialog.wait_for(state="hidden")


def test_every_chart_has_an_open_full_size_button(phone, site_url):
    """Does every chart and map of every lesson carry its own 'Open full size' button?"""
    missing = []
    for lesson in LESSON_IDS:
        page = open_page(phone, site_url, f"lessons/{lesson}")
        images = page.locator(".bd-article .cell_output img, .bd-article figure img").count()
        buttons = page.locator(".uspak-enlarge").count()
        if images != buttons:
            missing.append(f"{lesson}: {images} images, {buttons} buttons")
    assert not missing, missing


# A sample: the phone layout is one stylesheet for every lesson, and the desktop axe test in
# test_site_browser.py covers every page in both colour schemes. These pages carry each phone-only
# part: a matching exercise (01), wide tables and a map (02), charts (03), the assessment page,
# the appendix tables, and the guides.
AXE_PAGES = [
    "lessons/01-history",
    "lessons/02-security",
    "lessons/03-economy",
    "lessons/10-final-assessment",
    "data",
    "claims",
    "glossary",
    "teacher/grading",
]


@pytest.mark.parametrize("phone", ["light", "dark"], indirect=True)
@pytest.mark.parametrize("docname", AXE_PAGES)
def test_axe_finds_no_serious_violation_on_a_phone(phone, site_url, docname):
    """At phone width, in light and dark mode, does axe-core find no serious violation (the
    scroll boxes, their hints and the chart buttons included)?"""
    serious = serious_violations(open_page(phone, site_url, docname))
    assert not serious, "\n".join(serious)
