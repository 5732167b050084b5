"""The assessment edition of the website, built and used as a class would use it."""

from __future__ import annotations

import csv
import functools
import http.server
import json
import re
import shutil
import threading
from pathlib import Path

import pytest
from conftest import MYST_HEADER, QuietHandler

from uspak.course import Course
from uspak.exercises.bank import load_bank
from uspak.exercises.types import SingleChoice
from uspak.grading.run import grade
from uspak.website.builder import build_book

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
LESSON = "03-economy"
UNCOPIED = shutil.ignore_patterns(".venv*", "_build", ".git", "node_modules", "test-artifacts")


@pytest.fixture(scope="module")
def assessment_site(tmp_path_factory) -> Path:
    """A one-lesson course built in the assessment edition; its HTML folder."""
    course = tmp_path_factory.mktemp("exam") / "course"
    shutil.copytree(ROOT, course, symlinks=True, ignore=UNCOPIED)
    # One lesson page showing every exercise of the lesson's bank, and its hand-in panel.
    calls = "\n".join(f'show_exercise("{spec.id}")' for spec in load_bank(LESSON))
    (course / "lessons" / f"{LESSON}.md").write_text(
        f"{MYST_HEADER}# An assessment\n\n```{{code-cell}} ipython3\n"
        f"from uspak import show_exercise, show_hand_in\n{calls}\n"
        f'show_hand_in("{LESSON}")\n```\n',
        "utf-8",
    )
    (course / "book" / "intro.md").write_text("# A one-lesson course\n", "utf-8")
    (course / "book" / "_toc.yml").write_text(
        f"format: jb-book\nroot: intro\nchapters:\n  - file: lessons/{LESSON}\n", "utf-8"
    )
    html = build_book(course=Course(course), edition="assessment")
    assert html.name == "html-assessment"
    return html


def test_the_assessment_page_has_no_key_material(assessment_site):
    """Does the built lesson page hold no hash, salt or key field in any exercise's JSON?"""
    page = (assessment_site / "lessons" / f"{LESSON}.html").read_text("utf-8")
    blobs = re.findall(r'<script type="application/json">(.*?)</script>', page, re.S)
    exercises = [json.loads(b) for b in blobs if '"prompt"' in b]
    assert len(exercises) == len(load_bank(LESSON))
    for exercise in exercises:
        assert exercise["edition"] == "assessment"
        assert not {"key", "salt", "wrong", "explanation", "solution"} & set(exercise)
    # Asset URLs carry content hashes (mystnb.<sha256>.css); nothing else may hold one.
    text = re.sub(r'(?:href|src)="[^"]*"', "", page)
    assert not re.search(r"\b[0-9a-f]{64}\b", text)


def test_an_answer_given_on_the_assessment_page_is_recorded_and_graded(
    browser_page, assessment_site, tmp_path
):
    """Is a right answer only 'Recorded' on the page, and given its points by the grader?"""
    handler = functools.partial(QuietHandler, directory=str(assessment_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = browser_page
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/lessons/{LESSON}.html")
        page.locator(".uspak-identity-bar").get_by_label("Your student id").fill("s900")
        page.get_by_role("button", name="Start").click()
        page.wait_for_selector(".uspak-identity-bar >> text=s900")
        spec = next(s for s in load_bank(LESSON) if isinstance(s, SingleChoice))
        box = page.locator(f"[data-exercise-id='{spec.id}']")
        box.locator(f"input[value='{spec.answer}']").check()
        box.get_by_role("button", name="Check").click()
        assert box.locator(".uspak-status").inner_text().startswith("Recorded")
        assert box.locator(".uspak-explanation").is_hidden()
        panel = page.locator(f"[data-hand-in-lesson='{LESSON}']")
        assert "Answered so far: 1 of" in panel.inner_text()
        with page.expect_download() as download:
            panel.get_by_role("button", name="Download my answers").click()
        hand_in = tmp_path / "in" / "s900.json"
        hand_in.parent.mkdir()
        download.value.save_as(hand_in)
        handed = json.loads(hand_in.read_text("utf-8"))
        assert handed["edition"] == "assessment"
        assert handed["responses"][spec.id]["revealed"] is False
    finally:
        server.shutdown()
    report = grade([hand_in.parent], out=tmp_path / "out", quiet=True)
    with report.gradebook.open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["SIS User ID"] == "s900"
    assert float(row[spec.id]) == spec.points
