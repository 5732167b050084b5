"""Each lesson, as a specification: what it must contain, and that it runs cleanly.

Parametrized over the lesson files, as jupytext parametrizes over its folder of notebooks: adding a
lesson adds its tests.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import jupytext
import pytest
import yaml
from conftest import stderr_outputs

from uspak.course import Course
from uspak.lessons import list_lessons

ROOT = Path(__file__).resolve().parents[2]
LESSONS = list_lessons(Course(ROOT))
IDS = [lesson.id for lesson in LESSONS]
# The pages that teach; an assessment page (front matter `uspak.kind: assessment`) has no reading
# or discussion of its own and is held instead to tests/lessons/test_lessons_assessment.py.
TAUGHT = [lesson for lesson in LESSONS if not lesson.is_assessment]
TAUGHT_IDS = [lesson.id for lesson in TAUGHT]
ARTICLE_HASHES = {
    line
    for line in (Path(__file__).parent / "files" / "article-10gram-sha256.txt").read_text().splitlines()
    if line and not line.startswith("#")
}
BIB_KEYS = set(re.findall(r"@\w+\{([^,\s]+),", (ROOT / "book/references.bib").read_text()))
GLOSSARY = (ROOT / "book/glossary.md").read_text()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _reading(lesson) -> str:
    """The reading: prose from the first section to the discussion, without code or tables."""
    notebook = jupytext.read(lesson.path)
    text = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    text = text[text.find("\n## ") :]
    end = re.search(r"^## .*(Discussion|Sources and further reading)", text, flags=re.M)
    text = text[: end.start()] if end else text
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"^\s*(#|\||:|-{3}).*$", "", text, flags=re.M)
    return text


def _bank(lesson) -> dict:
    return yaml.safe_load((ROOT / "exercises" / f"{lesson.id}.yml").read_text())


def test_there_are_ten_lessons():
    """Does the course have its ten lessons, 00 to 09: one per section of the source and a closing lesson on the years since?"""
    assert [lesson.number for lesson in TAUGHT] == list(range(10))


def _objectives(text: str) -> list[str]:
    """The numbered list that follows the first mention of learning objectives."""
    lines = text[re.search(r"objectives", text, flags=re.I).end() :].splitlines()[1:]
    items: list[str] = []
    for line in lines:
        if re.match(r"^\s*\d+\.\s+\S", line):
            items.append(line)
        elif items and line.strip() and not line.startswith(" "):
            break
    return items


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_lesson_states_objectives_time_and_prerequisites(lesson):
    """Does the lesson open with 3-5 numbered objectives, its time and what it builds on?"""
    text = lesson.path.read_text()
    assert 3 <= len(_objectives(text)) <= 5
    assert re.search(r"\b\d+\s*minutes\b", text[:4000], flags=re.I)
    assert re.search(r"builds on", text[:4000], flags=re.I)


@pytest.mark.parametrize("lesson", TAUGHT, ids=TAUGHT_IDS)
def test_reading_is_900_to_1600_words(lesson):
    """Is the reading long enough to teach and short enough for two periods?"""
    assert 900 <= len(_words(_reading(lesson))) <= 1600


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_lesson_copies_no_run_of_the_source_article(lesson):
    """Does the lesson avoid repeating any 10-word run of the source article?"""
    words = _words(lesson.path.read_text())
    runs = (" ".join(words[i : i + 10]) for i in range(len(words) - 9))
    copied = [r for r in runs if hashlib.sha256(r.encode()).hexdigest()[:16] in ARTICLE_HASHES]
    assert copied == []


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_every_citation_is_in_the_bibliography(lesson):
    """Does every {cite} key resolve in book/references.bib, and does the lesson cite at all?"""
    keys = {
        key.strip()
        for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", lesson.path.read_text())
        for key in group.split(",")
    }
    assert keys, "the lesson cites no source"
    assert keys - BIB_KEYS == set()


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_glossary_terms_are_defined(lesson):
    """Does every {term} the lesson links have a glossary entry?"""
    terms = set(re.findall(r"\{term\}`(?:[^`<]*<)?([^`>]+)>?`", lesson.path.read_text()))
    assert terms, "the lesson links no glossary term"
    defined = set(re.findall(r"^(\S[^\n]*)\n  \S", GLOSSARY, flags=re.M))
    assert {t.strip() for t in terms} - defined == set()


@pytest.mark.parametrize("lesson", TAUGHT, ids=TAUGHT_IDS)
def test_lesson_has_discussion_and_sources_sections(lesson):
    """Does the lesson pose two discussion questions and end with sources and further reading?"""
    text = lesson.path.read_text()
    assert re.search(r"^## .*Discussion", text, flags=re.M)
    discussion = text[re.search(r"^## .*Discussion", text, flags=re.M).end() :]
    discussion = discussion[: discussion.find("\n## ")]
    assert len(re.findall(r"^\s*\d+\.\s", discussion, flags=re.M)) == 2
    assert re.search(r"^## Sources and further reading", text, flags=re.M)


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_lesson_uses_data_and_a_described_chart(lesson):
    """Does the lesson load course data and draw at least one chart with alt text?"""
    text = lesson.path.read_text()
    assert "load_table(" in text
    assert re.search(r"^\s+alt:\s*\S", text, flags=re.M), "no chart has alt text"


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_lesson_shows_six_exercises_of_three_types_including_code(lesson):
    """Does the lesson show at least 6 of its exercises, of 3+ types, one of them code?"""
    shown = re.findall(r"show_exercise\(\s*[\"']([^\"']+)", lesson.path.read_text())
    types = {e["id"]: e["type"] for e in _bank(lesson)["exercises"]}
    assert len(set(shown)) >= 6
    assert set(shown) <= set(types)
    shown_types = {types[i] for i in shown}
    assert len(shown_types) >= 3 and "code" in shown_types


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_notebook_names_its_lesson_for_the_grader(lesson):
    """Does the notebook carry its lesson id (and besides only its kind and the official voices it
    declares), so a handed-in .ipynb meets the right bank?"""
    meta = jupytext.read(lesson.path).metadata["uspak"]
    assert meta["lesson"] == lesson.id
    assert set(meta) <= {"lesson", "kind", "voices"}
    assert meta.get("kind", lesson.kind) == lesson.kind
    assert tuple(meta.get("voices", ())) == lesson.voices


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_every_exercise_of_the_bank_is_shown_in_the_lesson(lesson):
    """Does the lesson page show every exercise its bank defines (none graded but unseen)?"""
    shown = set(re.findall(r"show_exercise\(\s*[\"']([^\"']+)", lesson.path.read_text()))
    assert {e["id"] for e in _bank(lesson)["exercises"]} - shown == set()


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_lesson_runs_from_a_fresh_kernel_without_warnings(lesson, run_notebook, tmp_path):
    """Does the lesson run top to bottom from a fresh kernel, printing no warning or error?"""
    notebook = run_notebook(lesson.path, cwd=tmp_path)
    assert stderr_outputs(notebook) == []
