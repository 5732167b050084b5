"""report.html: student text is escaped, every chart has a text alternative, it stands alone.

The browser tests open the file from ``file://`` in headless Chromium, as a teacher's
double-click would.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_check import serious_violations
from test_grading_analysis import WHEN, bank, graded_class  # noqa: F401 - fixture

from uspak.exercises.model import ExerciseSpec
from uspak.grading.recheck import ExerciseResult, GradedSubmission
from uspak.grading.report import GradeReport, InputOutcome
from uspak.grading.report_html import write_report_html
from uspak.submission import Submission

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = [
    pytest.param("<script>alert(1)</script>", id="script"),
    pytest.param('<img src=x onerror="alert(1)">', id="img-onerror"),
    pytest.param('"><svg onload=alert(1)>', id="attribute-break-out"),
]


def hostile_class(text: str) -> tuple[list[GradedSubmission], GradeReport]:
    graded = graded_class()
    sub = Submission("03-economy", text, WHEN, "website", source=f"{text}.json")
    result = ExerciseResult("l03-year", "incorrect", 0.0, 1.0, "no", text)
    graded.append(GradedSubmission(sub, (result,), (f"note {text}",)))
    report = GradeReport(out=Path("."))
    report.inputs += [
        InputOutcome(f"{text}.json", "rejected", f"reason {text}"),
        InputOutcome(f"old-{text}.json", "superseded", "a newer one was graded"),
        InputOutcome(".hidden", "ignored", "hidden file"),
        InputOutcome(f"{text}.json", "graded", "graded", (f"note {text}",)),
    ]
    return graded, report


def write(tmp_path: Path, bank: list[ExerciseSpec], text: str = "s1") -> Path:  # noqa: F811
    graded, report = hostile_class(text)
    report.out = tmp_path
    return write_report_html(out=tmp_path, graded=graded, banks={"03-economy": bank}, report=report)


@pytest.mark.parametrize("text", HOSTILE)
def test_student_text_is_escaped(tmp_path: Path, bank: list[ExerciseSpec], text: str) -> None:  # noqa: F811
    """Does a hostile id, answer or file name appear only as escaped text, never as markup?"""
    page = write(tmp_path, bank, text).read_text(encoding="utf-8")
    assert text not in page
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;" in page


def test_report_lists_every_refused_superseded_ignored_and_noted_input(
    tmp_path: Path,
    bank: list[ExerciseSpec],  # noqa: F811
) -> None:
    """Does report.html name what report.txt lists: rejected, superseded, ignored, notes?"""
    page = write(tmp_path, bank).read_text(encoding="utf-8")
    for expected in ("Rejected: could not be graded (1)", "Superseded", "Ignored (1)", "note s1"):
        assert expected in page


def test_report_names_no_other_file_or_host(tmp_path: Path, bank: list[ExerciseSpec]) -> None:  # noqa: F811
    """Does the page hold no script, stylesheet link, image or URL to fetch?"""
    page = write(tmp_path, bank).read_text(encoding="utf-8")
    assert not re.search(r"<script|<link|<img|src=|url\(|https?://", page, re.IGNORECASE)


@pytest.fixture
def opened(browser, tmp_path: Path, bank: list[ExerciseSpec]):  # noqa: F811
    """report.html opened from file:// at phone width, with every request recorded."""
    path = write(tmp_path, bank, "<img src=x onerror=alert(1)>")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    yield page, requests, path
    context.close()


def test_no_request_leaves_the_file(opened) -> None:
    """Does opening the report request nothing but the file itself?"""
    _, requests, path = opened
    assert requests == [path.as_uri()]


def test_every_chart_has_a_text_alternative_and_a_table(opened) -> None:
    """Does each chart carry an aria-label stating its values, with a data table under it?"""
    page, _, _ = opened
    charts = page.evaluate(
        "[...document.querySelectorAll('figure')].map(f => [f.querySelector('[role=img]')"
        "?.getAttribute('aria-label') || '', !!f.querySelector('table')])"
    )
    assert charts
    assert all(label and table for label, table in charts), charts


def test_fits_a_390px_screen(opened) -> None:
    """Is there no horizontal overflow of the page at 390 px (tables scroll in their own box)?"""
    page, _, _ = opened
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_axe_finds_no_serious_violation(opened, artifacts_dir: Path) -> None:
    """Does axe-core (WCAG 2.1 A and AA) find no serious or critical violation?"""
    page, _, _ = opened
    page.screenshot(path=str(artifacts_dir / "report.png"), full_page=True)
    serious = serious_violations(page)
    assert not serious, "\n".join(serious)
