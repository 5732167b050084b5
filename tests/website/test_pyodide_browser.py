"""The lessons' code run in the page, in headless Chromium, with every other host unreachable.

One browser for the module; each page starts Pyodide cold (about 10 s), so the tests are few.
"""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from uspak.exercises.bank import load_bank
from uspak.grading import grade
from uspak.schema_check import load_schema

ROOT = Path(__file__).resolve().parents[2]
LESSON = "03-economy"
RUN_TIMEOUT_MS = 120_000
CHART = re.compile(r"\bplt\.|\.plot\(|\.bar\(|subplots\(")


@pytest.fixture
def offline_page(browser_page, site_url):
    """A page whose every request to a host other than the site's is aborted."""
    browser_page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(site_url) or route.request.url.startswith("data:")
            else route.abort()
        ),
    )
    return browser_page


def open_lesson(page, site_url, lesson=LESSON):
    page.goto(f"{site_url}/lessons/{lesson}.html")
    page.wait_for_selector(".uspak-run-button")
    return page


def wait_all_finished(page) -> None:
    page.wait_for_function(
        """() => [...document.querySelectorAll('.uspak-run-bar')].every((bar) =>
              ['done', 'error'].includes(bar.closest('div.cell').dataset.runState))""",
        timeout=RUN_TIMEOUT_MS,
    )


def test_nothing_is_downloaded_before_the_first_click(offline_page, site_url):
    """Does a lesson page with Run buttons fetch none of Pyodide until one is pressed?"""
    open_lesson(offline_page, site_url)
    offline_page.wait_for_timeout(500)
    assert not [u for u in offline_page.requested_urls if "/_static/pyodide/" in u]


ALL_LESSONS = sorted(p.stem for p in (ROOT / "lessons").glob("0*.md"))
# Each lesson page costs a cold Pyodide start plus its cells (about a minute here), so the suite
# runs two lessons that between them use every kind of cell (tables, styled tables, charts, the
# timeline); USPAK_PYODIDE_ALL_LESSONS=1 runs every lesson page (about 10 minutes here).
LESSONS = (
    ALL_LESSONS
    if os.environ.get("USPAK_PYODIDE_ALL_LESSONS") == "1"
    else [lesson for lesson in ALL_LESSONS if lesson in {"03-economy", "08-controversies"}]
)


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_cell_of_a_lesson_runs_and_charts_draw(offline_page, site_url, lesson):
    """Run on the first cell, then Run all: does every cell finish without error, each chart
    cell show an image, and no request leave the site?"""
    page = open_lesson(offline_page, site_url, lesson)
    page.locator(".uspak-run-button").first.click()
    first = "document.querySelector('.uspak-run-bar').closest('div.cell')"
    page.wait_for_function(
        f"() => ['done', 'error'].includes({first}.dataset.runState)", timeout=RUN_TIMEOUT_MS
    )
    assert page.evaluate(f"{first}.dataset.runState") == "done"
    page.locator(".uspak-run-all").click()
    wait_all_finished(page)
    cells = page.evaluate(
        """() => [...document.querySelectorAll('.uspak-run-bar')].map((bar) => {
              const cell = bar.closest('div.cell');
              return {state: cell.dataset.runState, code: cell.querySelector('textarea').value,
                      images: cell.querySelectorAll('.uspak-run-output img').length,
                      error: (cell.querySelector('.uspak-run-error') || {}).textContent || ''};
           })"""
    )
    assert [c["error"] for c in cells if c["state"] != "done"] == []
    charts = [c for c in cells if CHART.search(c["code"])]
    assert charts, "the lesson has no chart cell to check"
    assert [c["code"][:60] for c in charts if c["images"] == 0] == []
    assert [u for u in page.requested_urls if not u.startswith((site_url, "data:"))] == []
    schema = load_schema("pyodide-messages-v1")
    logged = page.evaluate("window.__uspakPyodideMessages")
    assert {m["direction"] for m in logged} == {"to-worker", "to-page"}
    for entry in logged:
        jsonschema.validate(entry["message"], schema)
    loading = [m["message"] for m in logged if m["message"]["type"] == "progress"]
    assert loading[-1]["loaded_bytes"] > 0 and loading[-1]["total_bytes"] > 0


def solution_of(exercise_id: str) -> str:
    bank = yaml.safe_load((ROOT / "exercises" / f"{LESSON}.yml").read_text(encoding="utf-8"))
    return next(e for e in bank["exercises"] if e["id"] == exercise_id)["solution"]


EXERCISE = "l03-klb-appropriated"


def run_exercise_in_page(page, site_url, code: str):
    """Type ``code`` into the exercise's cell, run it in the page, press Check; the exercise."""
    open_lesson(page, site_url)
    cell = page.locator("div.cell", has_text=f"# Exercise {EXERCISE}")
    cell.locator(".uspak-run-edit").click()
    cell.locator("textarea").fill(f"# Exercise {EXERCISE}\n{code}")
    cell.locator(".uspak-run-button").click()
    page.wait_for_function(
        f"""() => [...document.querySelectorAll('div.cell')].find((c) =>
              c.textContent.includes('# Exercise {EXERCISE}')).dataset.runState === 'done'""",
        timeout=RUN_TIMEOUT_MS,
    )
    exercise = page.locator(f'[data-exercise-id="{EXERCISE}"]')
    exercise.get_by_role("button", name="Check").click()
    status = exercise.locator(".uspak-status").first
    page.wait_for_function(
        "(el) => el.dataset.status", arg=status.element_handle(), timeout=RUN_TIMEOUT_MS
    )
    return exercise


@pytest.mark.parametrize(
    ("extra", "verdict"),
    [("", "correct"), ("answer = answer + 1\n", "incorrect")],
    ids=["right-answer", "wrong-answer"],
)
def test_a_code_exercise_run_in_the_page_gets_the_checkers_verdict(
    offline_page, site_url, extra, verdict
):
    """Does a code exercise, run in the page, fill in its result and get the checker's verdict?"""
    exercise = run_exercise_in_page(offline_page, site_url, solution_of(EXERCISE) + extra)
    status = exercise.locator(".uspak-status").first
    assert status.get_attribute("data-status") == verdict, json.dumps(status.text_content())


def test_a_hand_in_with_code_run_in_the_page_grades_correctly(offline_page, site_url, tmp_path):
    """Is the code run in the page handed in with its value, and does the grader, re-running
    it, give the exercise its points?"""
    page = offline_page
    open_lesson(page, site_url)
    bar = page.locator(".uspak-identity-bar")
    bar.get_by_label("Your student id").fill("s901")
    bar.get_by_role("button", name="Start").click()
    page.wait_for_selector(".uspak-identity-bar >> text=s901")
    code = solution_of(EXERCISE)
    run_exercise_in_page(page, site_url, code)
    panel = page.locator(f"[data-hand-in-lesson='{LESSON}']")
    with page.expect_download() as download:
        panel.get_by_role("button", name="Download my answers").click()
    hand_in = tmp_path / "in" / "s901.json"
    hand_in.parent.mkdir()
    download.value.save_as(hand_in)
    response = json.loads(hand_in.read_text("utf-8"))["responses"][EXERCISE]["response"]
    assert response == {"code": f"# Exercise {EXERCISE}\n{code}", "value": "5464.0"}
    report = grade([hand_in.parent], out=tmp_path / "out", quiet=True)
    with report.gradebook.open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    points = next(s.points for s in load_bank(LESSON) if s.id == EXERCISE)
    assert float(row[EXERCISE]) == points


def test_a_page_opened_from_a_file_says_why_it_cannot_run_and_offers_binder(
    browser_page, built_site
):
    """Opened from file://, does Run explain that the code cannot run there and link to Binder,
    without trying to start Python?"""
    page = browser_page
    page.goto((built_site / "lessons" / f"{LESSON}.html").as_uri())
    page.wait_for_selector(".uspak-run-button")
    page.locator(".uspak-run-button").first.click()
    note = page.locator(".uspak-run-unsupported").first
    assert "file://" in note.inner_text()
    assert "mybinder.org" in (note.locator("a").get_attribute("href") or "")
    assert not [u for u in page.requested_urls if "/_static/pyodide/" in u]


def test_reset_restores_the_lessons_code_and_clears_its_output(offline_page, site_url):
    """After an edit and a run, does Reset put back the lesson's code and remove the output?"""
    page = open_lesson(offline_page, site_url)
    cell = page.locator("div.cell", has=page.locator(".uspak-run-bar")).first
    original = cell.locator("textarea").input_value()
    cell.locator(".uspak-run-edit").click()
    cell.locator("textarea").fill('print("edited")')
    cell.locator(".uspak-run-button").click()
    page.wait_for_selector(".uspak-run-stdout >> text=edited", timeout=RUN_TIMEOUT_MS)
    cell.locator(".uspak-run-reset").click()
    assert cell.locator("textarea").input_value() == original
    assert cell.locator(".uspak-run-output").is_hidden()
    assert cell.locator(".cell_input div.highlight").first.is_visible()


def run_first_cell(page, code: str | None = None) -> str:
    """Run the page's first cell (with ``code`` typed in, if given); its final state."""
    cell = page.locator("div.cell", has=page.locator(".uspak-run-bar")).first
    if code is not None:
        cell.locator(".uspak-run-edit").click()
        cell.locator("textarea").fill(code)
    cell.locator(".uspak-run-button").click()
    first = "document.querySelector('.uspak-run-bar').closest('div.cell')"
    page.wait_for_function(
        f"() => ['done', 'error'].includes({first}.dataset.runState)", timeout=RUN_TIMEOUT_MS
    )
    return page.evaluate(f"{first}.dataset.runState")


def test_a_cell_that_imports_only_pandas_does_not_wait_for_matplotlib(offline_page, site_url):
    """Does a first cell importing pandas alone run without fetching matplotlib's wheel?"""
    page = open_lesson(offline_page, site_url)
    assert run_first_cell(page, "import pandas as pd\nprint(pd.Series([1, 2]).sum())") == "done"
    assert page.locator(".uspak-run-stdout").first.inner_text().strip() == "3"
    fetched = [u.rsplit("/", 1)[-1] for u in page.requested_urls if "/_static/pyodide/" in u]
    assert any(name.startswith("pandas-") for name in fetched)
    assert not [name for name in fetched if name.startswith("matplotlib")]


def test_a_second_visit_starts_from_the_browsers_cache(offline_page, site_url, built_site):
    """After one visit, does a second page of the same browser load the packages from Cache
    Storage rather than the site, and is the manifest it loads by what its schema says?"""
    page = open_lesson(offline_page, site_url)
    assert run_first_cell(page) == "done"
    ready = [m["message"] for m in page.evaluate("window.__uspakPyodideMessages")]
    assert [m["cached"] for m in ready if m["type"] == "ready"] == [True]
    second = page.context.new_page()
    second.requested_urls = []  # type: ignore[attr-defined]
    second.on("request", lambda request: second.requested_urls.append(request.url))
    assert run_first_cell(open_lesson(second, site_url)) == "done"
    wheels = [u for u in second.requested_urls if u.endswith((".whl", ".zip"))]
    assert wheels == []
    manifest = json.loads((built_site / "_static/pyodide/manifest.json").read_text("utf-8"))
    jsonschema.validate(manifest, load_schema("pyodide-manifest-v1"))


def test_a_download_that_does_not_match_the_manifest_is_refused(offline_page, site_url):
    """If a file arrives altered (here the in-page uspak), does Python refuse to start, naming
    the file, rather than run it?"""
    page = offline_page
    page.route("**/_static/pyodide/uspak_inpage.py", lambda route: route.fulfill(body="x = 1\n"))
    open_lesson(page, site_url)
    page.locator(".uspak-run-button").first.click()
    error = page.locator(".uspak-run-error").first
    error.wait_for(timeout=RUN_TIMEOUT_MS)
    assert re.search(r"uspak_inpage\.py: sha256 \w+ is not the manifest's", error.inner_text())


def test_stop_ends_a_cell_that_never_finishes_and_says_so(offline_page, site_url):
    """Does Stop end Python while a cell loops forever, and say under that cell what happened?"""
    page = open_lesson(offline_page, site_url)
    cell = page.locator("div.cell", has=page.locator(".uspak-run-bar")).first
    cell.locator(".uspak-run-edit").click()
    cell.locator("textarea").fill("while True:\n    pass")
    cell.locator(".uspak-run-button").click()
    page.wait_for_function(
        "() => window.__uspakPyodideMessages.some((m) => m.message.type === 'ready')",
        timeout=RUN_TIMEOUT_MS,
    )
    page.locator(".uspak-run-stop").click()
    note = cell.locator(".uspak-run-stopped")
    note.wait_for(timeout=5_000)
    assert "Stopped" in note.inner_text()
    assert (
        page.evaluate(
            "document.querySelector('.uspak-run-bar').closest('div.cell').dataset.runState"
        )
        == "stopped"
    )
    assert page.locator(".uspak-run-stop").is_hidden()
