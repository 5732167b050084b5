"""The course website in headless Chromium, as a student (or a screen-reader user) meets it.

Pages come from the table of contents, so a new page or lesson gets these tests by being listed.
The exercises are answered through their public DOM: the ``[data-exercise-id]`` root, its
controls and its ``role="status"`` feedback; right answers come from the plain banks in
``exercises/``, which the website itself never contains.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

import pytest
import yaml
from axe_check import serious_violations

from uspak.course import Course
from uspak.exercises.bank import ExerciseSpec, load_bank
from uspak.exercises.code_result import reference_value
from uspak.lessons import list_lessons

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
LESSON_IDS = [lesson.id for lesson in list_lessons(Course(ROOT))]
PHONE = {"width": 375, "height": 812}


def toc_docnames() -> list[str]:
    """Every page the table of contents lists, globs expanded, in order."""
    toc = yaml.safe_load((BOOK / "_toc.yml").read_text(encoding="utf-8"))
    sources = sorted(
        str(p.relative_to(BOOK).with_suffix(""))
        for p in BOOK.rglob("*.md")
        if "_build" not in p.parts
    )
    names = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                names.append(entry["file"])
            elif "glob" in entry:
                names.extend(s for s in sources if fnmatch.fnmatchcase(s, entry["glob"]))
            for key in ("chapters", "sections"):
                walk(entry.get(key, []))

    walk(toc.get("parts", []))
    return names


DOCNAMES = toc_docnames()


def open_page(page, site_url: str, docname: str):
    page.goto(f"{site_url}/{docname}.html", wait_until="load")
    return page


def test_table_of_contents_reaches_every_page(browser_page, site_url):
    """Starting from the home page, does the navigation link to every page in _toc.yml?"""
    page = browser_page
    page.goto(f"{site_url}/index.html")
    page.wait_for_url(f"{site_url}/{DOCNAMES[0]}.html")  # index.html redirects to the root page
    hrefs = page.eval_on_selector_all(
        ".bd-sidebar-primary a[href], .navbar-brand[href]", "links => links.map(a => a.href)"
    )
    reached = {re.sub(r"[#?].*$", "", h).removeprefix(site_url + "/") for h in hrefs}
    missing = [d for d in DOCNAMES if f"{d}.html" not in reached]
    assert not missing, f"not reachable from the navigation: {missing}"


@pytest.mark.parametrize("docname", DOCNAMES)
def test_no_request_leaves_the_site(browser_page, site_url, docname):
    """Does viewing the page request nothing from any other site (fonts, scripts, widgets)?"""
    page = open_page(browser_page, site_url, docname)
    page.wait_for_load_state("networkidle")
    elsewhere = [
        url
        for url in page.requested_urls
        if not url.startswith((site_url, "data:", "blob:", "about:"))
    ]
    assert not elsewhere, elsewhere


FONT_FILES = (".woff2", ".woff", ".ttf", ".otf", ".eot")


@pytest.mark.parametrize("docname", DOCNAMES)
def test_no_page_requests_a_font(browser_page, site_url, docname):
    """Does the page draw its icons without downloading any font (Font Awesome's included)?"""
    page = open_page(browser_page, site_url, docname)
    page.wait_for_load_state("networkidle")
    fonts = [url for url in page.requested_urls if url.split("?")[0].endswith(FONT_FILES)]
    assert not fonts, fonts


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_lesson_on_a_phone_requests_no_font(browser, site_url, scheme):
    """On a 390-pixel phone (menu button, launch menu), in both schemes, is no font requested?"""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    page = context.new_page()
    fonts: list[str] = []
    page.on("request", lambda r: fonts.append(r.url) if r.url.endswith(FONT_FILES) else None)
    try:
        page.goto(f"{site_url}/lessons/{LESSON_IDS[0]}.html", wait_until="networkidle")
        page.locator(".primary-toggle").first.click()
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert not fonts, fonts


def test_every_icon_on_a_lesson_page_is_drawn(browser_page, site_url):
    """Is every visible Font Awesome icon of a lesson page drawn by an SVG mask 1em high?"""
    page = open_page(browser_page, site_url, f"lessons/{LESSON_IDS[0]}")
    undrawn = page.evaluate(
        """() => [...document.querySelectorAll('i[class*="fa-"]')]
            .filter((i) => i.getClientRects().length)
            .map((i) => [i.className, getComputedStyle(i, '::before')])
            .filter(([, s]) => !s.maskImage.includes('data:image/svg+xml')
                || parseFloat(s.height) < 8 || parseFloat(s.width) < 4)
            .map(([name]) => name)"""
    )
    assert not undrawn, undrawn


@pytest.mark.parametrize("docname", DOCNAMES)
def test_axe_finds_no_serious_violation(browser_page, site_url, docname):
    """Does axe-core (WCAG 2.1 A and AA) find no serious or critical violation on the page?"""
    serious = serious_violations(open_page(browser_page, site_url, docname))
    assert not serious, "\n".join(serious)


@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_axe_finds_no_serious_violation_in_dark_mode(browser, site_url, lesson):
    """With the reader's system in dark mode, is every part of every exercise still readable?"""
    context = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{site_url}/lessons/{lesson}.html", wait_until="load")
        page.wait_for_selector(".uspak-exercise")
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        serious = serious_violations(page)
    finally:
        context.close()
    assert not serious, "\n".join(serious)


@pytest.mark.parametrize(
    "viewport",
    [pytest.param({"width": 1280, "height": 900}, id="desktop"), pytest.param(PHONE, id="phone")],
)
def test_one_search_control_opens_the_search_box(browser, site_url, viewport):
    """Does a lesson page show exactly one search control, and does it open a search box?"""
    context = browser.new_context(viewport=viewport)
    try:
        page = open_page(context.new_page(), site_url, f"lessons/{LESSON_IDS[0]}")
        controls = [c for c in page.locator(".search-button__button").all() if c.is_visible()]
        assert len(controls) == 1
        controls[0].click()
        page.wait_for_selector("input[name='q']", state="visible", timeout=5_000)
    finally:
        context.close()


def test_search_finds_a_lesson_by_a_term_in_it(browser_page, site_url):
    """Does the site search list a lesson for a word that appears in its reading?"""
    lesson = list_lessons(Course(ROOT))[0]
    heading = next(
        line[3:]
        for line in lesson.path.read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    )
    term = max(re.findall(r"[A-Za-z]{4,}", heading), key=len)
    page = browser_page
    page.goto(f"{site_url}/search.html?q={term}", wait_until="load")
    page.wait_for_selector("#search-results li", timeout=15_000)
    results = page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.href)")
    assert any(f"lessons/{lesson.id}.html" in href for href in results), (term, results)


def responses(spec: ExerciseSpec) -> tuple[object, object]:
    """A wrong and a right response to an exercise, from its plain key."""
    if spec.type == "single_choice":
        wrong = next(o.id for o in spec.options if o.id != spec.answer)
        return wrong, spec.answer
    if spec.type == "multiple_select":
        wrong = [o.id for o in spec.options if o.id not in spec.answer][:1] or spec.answer[:1]
        return wrong, list(spec.answer)
    if spec.type == "numeric":
        decimals = max(spec.precision, 0)
        step = 10.0**-spec.precision
        wrong = spec.answer + spec.tolerance + 1000 * step
        return f"{wrong:.{decimals}f}", f"{spec.answer:.{decimals}f}"
    if spec.type == "short_text":
        return "an answer nobody would give", spec.accept[0]
    if spec.type == "ordering":
        return list(reversed(spec.answer)), list(spec.answer)
    if spec.type == "matching":
        lefts, rights = list(spec.answer), list(spec.answer.values())
        return dict(zip(lefts, rights[1:] + rights[:1], strict=True)), dict(spec.answer)
    if spec.type == "code":
        return "-987654321", reference_value(spec.solution, spec.result_name, spec.check)
    raise AssertionError(f"no responses for type {spec.type}")


def give(root, spec: ExerciseSpec, response) -> None:
    """Enter a response in the exercise's controls, as a student would."""
    if spec.type == "single_choice":
        root.locator(f"input[value='{response}']").check()
    elif spec.type == "multiple_select":
        for option in spec.options:
            root.locator(f"input[value='{option.id}']").set_checked(option.id in response)
    elif spec.type in ("numeric", "short_text", "code"):
        root.locator("input[type=text]").fill(str(response))
    elif spec.type == "ordering":
        for position, item in enumerate(response):
            items = root.locator("li[data-item-id]")
            current = items.evaluate_all("els => els.map(e => e.dataset.itemId)").index(item)
            for _ in range(current - position):
                root.locator(f"li[data-item-id='{item}'] button").first.click()
    elif spec.type == "matching":
        for left, right in response.items():
            root.locator(f"select[data-left-id='{left}']").select_option(right)
    root.locator("button.uspak-check").press("Enter")


def verdict(root) -> str:
    status = root.locator("[role=status]").first
    status.locator(".uspak-message").wait_for()
    return status.get_attribute("data-status") or ""


@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_each_exercise_answers_wrong_then_right(browser_page, site_url, lesson):
    """On the lesson page, does every exercise reject a wrong response and accept a right one?"""
    page = open_page(browser_page, site_url, f"lessons/{lesson}")
    bank = {spec.id: spec for spec in load_bank(lesson, Course(ROOT))}
    on_page = page.eval_on_selector_all(
        "[data-exercise-id]", "els => els.map(e => e.dataset.exerciseId)"
    )
    assert on_page, "the lesson page shows no exercise"
    assert set(on_page) <= set(bank), "the page shows exercises its bank does not have"
    failures = []
    for exercise_id in on_page:
        spec = bank[exercise_id]
        root = page.locator(f"[data-exercise-id='{exercise_id}']")
        wrong, right = responses(spec)
        give(root, spec, wrong)
        first = verdict(root)
        give(root, spec, right)
        second = verdict(root)
        if first == "correct" or second != "correct":
            failures.append(f"{exercise_id} ({spec.type}): wrong -> {first}, right -> {second}")
    assert not failures, "\n".join(failures)


TAB_WALK = """root => {
    const usable = e => !e.disabled && e.offsetParent !== null;
    const controls = [...root.querySelectorAll('input, select, textarea, button')].filter(usable);
    // A radio group is one tab stop (arrow keys move inside it).
    const key = e => e.type === 'radio' ? 'radio:' + e.name : e.id || e.className + e.textContent;
    return [...new Set(controls.map(key))];
}"""


@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_every_exercise_control_is_reached_with_the_tab_key(browser_page, site_url, lesson):
    """Can a keyboard user Tab to every control of every exercise on the lesson page?"""
    page = open_page(browser_page, site_url, f"lessons/{lesson}")
    unreached = []
    for root in page.locator("[data-exercise-id]").all():
        expected = root.evaluate(TAB_WALK)
        root.locator(
            "input:enabled, select:enabled, textarea:enabled, button:enabled"
        ).first.focus()
        reached = set()
        for _ in range(4 * len(expected) + 4):
            key = page.evaluate(
                """() => { const e = document.activeElement;
                    return e.type === 'radio' ? 'radio:' + e.name
                         : e.id || e.className + e.textContent; }"""
            )
            if not root.evaluate("(root) => root.contains(document.activeElement)"):
                break
            reached.add(key)
            page.keyboard.press("Tab")
        missing = [k for k in expected if k not in reached]
        if missing:
            unreached.append(f"{root.get_attribute('data-exercise-id')}: {missing}")
    assert not unreached, "\n".join(unreached)


def test_screenshots_of_home_and_a_lesson(browser_page, site_url, artifacts_dir):
    """Do the home page and a lesson render to the screenshots the README shows?"""
    page = browser_page
    page.goto(f"{site_url}/intro.html", wait_until="networkidle")
    page.screenshot(path=str(artifacts_dir / "home.png"))
    page.goto(f"{site_url}/lessons/{LESSON_IDS[0]}.html", wait_until="networkidle")
    page.locator(".cell_output img").first.scroll_into_view_if_needed()  # show its first chart
    page.screenshot(path=str(artifacts_dir / "lesson.png"))
    assert (artifacts_dir / "home.png").stat().st_size > 10_000
    assert (artifacts_dir / "lesson.png").stat().st_size > 10_000
