"""`uspak handouts DIR`: a PDF worksheet per lesson and one of the teacher notes, with no key.

No PDF text extractor is pinned (pypdf is not in requirements/lock.txt and poppler's pdftotext is
not installed), so what is printed is checked on the page Chromium prints (kept with
``keep_html``), rendered by Chromium with print media: the same HTML, the same engine.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from uspak.cli import main
from uspak.course import Course
from uspak.exercises.bank import load_bank, read_bank_file
from uspak.exercises.compile import compile_exercise, markdown_html
from uspak.exercises.types import REGISTRY
from uspak.lessons import list_lessons
from uspak.publish import handouts
from uspak.publish.handouts import HandoutError, worksheet_html, write_handouts

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "exercises" / "cases" / "99-fixture.yml"
LESSON_IDS = [lesson.id for lesson in list_lessons(Course(ROOT))]
HASH = re.compile(r"\b[0-9a-f]{64}\b")


def plain(html_text: str) -> str:
    """Text as a reader sees it: tags dropped (a block's edge is a space), entities decoded, white
    space collapsed."""
    text = re.sub(r"</?(?:p|li|ul|ol|div|br|h\d)\b[^>]*>", " ", html_text)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def squashed(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def written(built_site, browser, tmp_path_factory) -> dict[str, handouts.Handout]:
    out = tmp_path_factory.mktemp("handouts")
    return {h.name: h for h in write_handouts(out, site=built_site, keep_html=True)}


@pytest.fixture(scope="module")
def printed_text(written, browser) -> dict[str, str]:
    """Each printed page's text as Chromium lays it out for print (scripts are not run: the page
    has none)."""
    page = browser.new_page()
    page.emulate_media(media="print")
    texts = {}
    for name, handout in written.items():
        page.goto(handout.html.as_uri(), wait_until="load")
        texts[name] = squashed(page.inner_text("body"))
    page.close()
    return texts


@pytest.mark.browser
@pytest.mark.slow
def test_a_pdf_is_written_for_every_lesson_and_the_teacher_notes(written):
    """Is there one PDF per lesson, and one of the teacher notes, each a whole PDF file?"""
    assert sorted(written) == sorted([*LESSON_IDS, handouts.TEACHER_NOTES])
    for handout in written.values():
        data = handout.pdf.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), handout.pdf


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_every_exercise_on_the_page_is_a_worksheet_question(written, built_site, lesson):
    """Does the printed lesson hold one worksheet question for each exercise its page shows,
    and no exercise widget?"""
    page = (built_site / "lessons" / f"{lesson}.html").read_text(encoding="utf-8")
    shown = re.findall(r'data-exercise-id="([^"]+)"', page)
    printed = written[lesson].html.read_text(encoding="utf-8")
    assert re.findall(r'data-worksheet-id="([^"]+)"', printed) == shown
    assert "uspak-exercise-root" not in printed and "uspak-hand-in-root" not in printed


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_the_printed_text_has_every_prompt_and_option(printed_text, lesson):
    """Does the printed lesson show each exercise's prompt and every option it offers?"""
    text = printed_text[lesson]
    missing = []
    for spec in load_bank(lesson, Course(ROOT)):
        exercise = compile_exercise(spec, edition="assessment")
        wanted = [exercise["prompt"]] + [
            choice["text"]
            for field in ("options", "items", "left", "right")
            for choice in exercise.get(field, [])
        ]
        missing += [f"{spec.id}: {plain(w)[:60]}" for w in wanted if plain(w) not in text]
    assert not missing, "\n".join(missing)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_no_key_reaches_the_paper(written, printed_text, lesson):
    """Is there no hash, salt, explanation, answer feedback or reference solution in the page
    printed, nor in its printed text?"""
    source = written[lesson].html.read_text(encoding="utf-8")
    without_links = re.sub(r'(?:href|src)="[^"]*"', "", source)
    assert not HASH.search(without_links), "a SHA-256 hash is in the printed page"
    assert '"salt"' not in source and "application/json" not in source
    lesson_source = (ROOT / "lessons" / f"{lesson}.md").read_text(encoding="utf-8")
    secrets = []
    for spec in load_bank(lesson, Course(ROOT)):
        if spec.explanation:
            secrets.append(plain(markdown_html(spec.explanation)))
        secrets += [
            plain(markdown_html(o.feedback))
            for o in getattr(spec, "options", ())
            if getattr(o, "feedback", None)
        ]
        if getattr(spec, "solution", None):
            # A line the lesson itself shows (its starter code, its own cells) is not a secret.
            secrets += [
                line.strip()
                for line in spec.solution.splitlines()
                if len(line.strip()) > 25 and line.strip() not in lesson_source
            ]
    found = [s[:60] for s in secrets if s and (s in printed_text[lesson] or s in source)]
    assert not found, f"key material printed: {found}"


@pytest.mark.browser
@pytest.mark.slow
def test_the_teacher_notes_hold_every_lesson(printed_text, built_site):
    """Does teacher-notes.pdf's page carry the notes of every lesson, in lesson order?"""
    titles = []
    for page in sorted((built_site / "teacher").glob("[0-9][0-9]-*.html")):
        heading = re.search(r"<h1>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
        titles.append(plain(re.sub(r'<a class="headerlink".*?</a>', "", heading.group(1))))
    text = printed_text[handouts.TEACHER_NOTES]
    positions = [text.find(t) for t in titles]
    assert -1 not in positions, titles
    assert positions == sorted(positions)


FIXTURE_SPECS = {spec.type: spec for spec in read_bank_file(FIXTURE)}


@pytest.mark.parametrize("kind", sorted(REGISTRY))
def test_each_exercise_type_prints_with_room_to_answer(kind):
    """For each exercise type, does the question show its prompt, every choice, and a place to
    write or tick?"""
    spec = FIXTURE_SPECS[kind]
    exercise = compile_exercise(spec, edition="assessment")
    question = worksheet_html(exercise, number=1)
    text = plain(question)
    assert plain(exercise["prompt"]) in text
    for field in ("options", "items", "left", "right"):
        for choice in exercise.get(field, []):
            assert plain(choice["text"]) in text
    assert re.search(r'class="ws-(line|box|mark|blank)"', question)


def test_without_chromium_the_command_says_so_in_one_line(monkeypatch, tmp_path):
    """With no Chromium anywhere, does `uspak handouts` exit non-zero with one plain line?"""
    monkeypatch.setattr(handouts, "CANDIDATES", ())
    monkeypatch.delenv(handouts.ENVIRONMENT, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = CliRunner().invoke(main, ["handouts", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert result.output.strip().startswith("Error: no Chromium found")
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists(), "a folder was made before Chromium was found"


def test_a_named_chromium_that_is_not_there_is_named(tmp_path):
    """Given --chromium pointing at nothing, does the message name that path?"""
    missing = tmp_path / "no-chromium"
    result = CliRunner().invoke(
        main, ["handouts", str(tmp_path / "out"), "--chromium", str(missing)]
    )
    assert result.exit_code != 0
    assert f"no Chromium at {missing}" in result.output and "Traceback" not in result.output


def test_without_a_built_site_the_message_says_to_build(tmp_path):
    """Given a site folder with no lessons in it, does the error say to run `uspak build`?"""
    chromium = tmp_path / "chromium"
    chromium.write_text("")  # never run: the site is looked at first
    with pytest.raises(HandoutError, match="run `uspak build` first"):
        write_handouts(tmp_path / "out", site=tmp_path, chromium=chromium)
