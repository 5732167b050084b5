"""`uspak check` explains every malformed course file in one line that names it; never a traceback.

Each row damages one file of a copy of the course and asks the static checks about it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from uspak.checks import check_course
from uspak.course import Course

ROOT = Path(__file__).resolve().parents[2]
COPIED = ("data", "exercises", "lessons", "book")

BOMB = "\n".join(
    [
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(
            f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]"
            for p, n in zip("abcdef", "bcdefg", strict=True)
        ),
        "lesson: 03-economy",
        "exercises: *g",
    ]
)

BANK = "exercises/03-economy.yml"
DESCRIPTOR = "data/datapackage.json"
CSV = "data/aid_flows.csv"
LESSON = "lessons/03-economy.md"
TOC = "book/_toc.yml"
BIB = "book/references.bib"

CASES = {
    # exercise banks
    "bank-is-a-list": (BANK, "- a\n"),
    "bank-is-a-string": (BANK, '"just a string"\n'),
    "bank-is-empty": (BANK, ""),
    "bank-exercises-is-a-number": (BANK, "lesson: 03-economy\nexercises: 5\n"),
    "bank-exercise-is-a-number": (BANK, "lesson: 03-economy\nexercises: [42]\n"),
    "bank-exercise-without-id": (BANK, "lesson: 03-economy\nexercises:\n  - type: single\n"),
    "bank-alias-bomb": (BANK, BOMB),
    "bank-alias-to-itself": (BANK, "lesson: &a [*a]\n"),
    "bank-bad-yaml": (BANK, "lesson: [\n"),
    "bank-not-utf8": (BANK, b"lesson: \xff\xfe\n"),
    # the data descriptor
    "descriptor-is-a-list": (DESCRIPTOR, "[]"),
    "descriptor-resources-is-a-number": (DESCRIPTOR, '{"resources": 5}'),
    "descriptor-resource-is-a-number": (DESCRIPTOR, '{"resources": [5]}'),
    "descriptor-schema-is-a-number": (
        DESCRIPTOR,
        '{"resources": [{"name": "x", "path": "x.csv", "schema": 5}]}',
    ),
    "descriptor-not-json": (DESCRIPTOR, "nope"),
    "descriptor-not-utf8": (DESCRIPTOR, b'{"resources": "\xff"}'),
    # a data table
    "csv-empty": (CSV, ""),
    "csv-wrong-header": (CSV, "a,b\n1,2\n"),
    "csv-not-utf8": (CSV, b"fiscal_year\xff\n"),
    "csv-ragged-row": (CSV, None),  # the real header, then a row with one field too many
    # a lesson
    "lesson-empty": (LESSON, ""),
    "lesson-not-utf8": (LESSON, b"\xff\xfe\x00binary"),
    # the table of contents
    "toc-is-a-list": (TOC, "[]\n"),
    "toc-root-is-a-number": (TOC, "format: jb-book\nroot: 5\n"),
    "toc-bad-yaml": (TOC, "format: [\n"),
    # the bibliography
    "bib-unclosed-entry": (BIB, "@misc{a,\n  title = {x}\n\n@misc{b,\n  title = {y}\n}\n"),
    "bib-not-utf8": (BIB, b"@misc{a, title = {\xff}}\n"),
}


@pytest.fixture
def course(tmp_path: Path) -> Path:
    for folder in COPIED:
        ignore = shutil.ignore_patterns("_build", "*.ipynb", ".ipynb_checkpoints")
        shutil.copytree(ROOT / folder, tmp_path / folder, symlinks=True, ignore=ignore)
    return tmp_path


def damage(course: Path, file: str, content: str | bytes | None) -> None:
    path = course / file
    if content is None:
        header = path.read_text(encoding="utf-8").splitlines()[0]
        content = f"{header}\n{','.join(['1'] * (header.count(',') + 2))}\n"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)


@pytest.mark.parametrize(("file", "content"), list(CASES.values()), ids=list(CASES))
def test_a_malformed_file_is_named_in_one_line(course, file, content):
    """Is the damaged file named in a one-line problem, with no exception escaping?"""
    damage(course, file, content)
    problems = check_course(Course(course))
    named = [p for p in problems if Path(file).name in str(p)]
    assert named, [str(p) for p in problems]
    assert all("\n" not in str(p) for p in problems)
    assert all("Traceback" not in str(p) for p in problems)


def test_the_course_as_committed_has_no_problem(course):
    """Does the undamaged copy pass, so that each row above tests its own damage only?"""
    assert check_course(Course(course)) == []


def test_a_timeline_event_tagged_with_a_missing_lesson_is_named(course):
    """Is a timeline row whose `lessons` names a lesson the course lacks reported with its line?"""
    timeline = course / "data" / "timeline.csv"
    lines = timeline.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    assert "lessons" in header
    lines[1] = lines[1].replace("01-history", "99-nowhere", 1)
    assert "99-nowhere" in lines[1]
    timeline.write_text("".join(lines), encoding="utf-8")
    problems = [str(p) for p in check_course(Course(course))]
    assert any("timeline.csv:2" in p and "99-nowhere" in p for p in problems), problems


def test_a_lesson_of_an_unknown_kind_is_named(course):
    """Is a lesson whose front matter gives an unknown `uspak.kind` named, with the known kinds?"""
    lesson = course / LESSON
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(
        text.replace("  lesson: 03-economy\n", "  lesson: 03-economy\n  kind: quiz\n", 1)
    )
    problems = [str(p) for p in check_course(Course(course))]
    assert problems == [
        "lessons/03-economy.md: uspak.kind: kind 'quiz' is not one of taught, assessment"
    ]


def test_a_lesson_whose_voices_are_not_a_list_is_named(course):
    """Is a lesson whose front matter gives `uspak.voices` as something other than a list of
    names reported, with the field and an example of what is expected?"""
    lesson = course / LESSON
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("  voices: [chinese-official]\n", "  voices: chinese\n", 1))
    problems = [str(p) for p in check_course(Course(course))]
    assert problems == [
        "lessons/03-economy.md: uspak.voices: voices 'chinese' is not a list of perspective"
        " names (e.g. [chinese-official])"
    ]


def test_a_lesson_showing_a_missing_excerpt_is_named(course):
    """Is a show_excerpt call with an id data/excerpts.csv lacks reported with its line?"""
    lesson = course / "lessons" / "05-diplomacy.md"
    text = lesson.read_text(encoding="utf-8").replace("x05-klb-certification", "x05-nowhere")
    lesson.write_text(text, encoding="utf-8")
    line = 1 + text[: text.index("x05-nowhere")].count("\n")
    problems = [str(p) for p in check_course(Course(course))]
    assert (
        f"lessons/05-diplomacy.md:{line}: show_excerpt: no excerpt with id 'x05-nowhere'"
        in " ".join(problems)
    ), problems


def test_an_exercise_reading_another_lessons_excerpt_is_named(course):
    """Is an exercise whose `excerpt` belongs to another lesson reported with its bank and id?"""
    bank = course / "exercises" / "05-diplomacy.yml"
    text = bank.read_text(encoding="utf-8")
    bank.write_text(text.replace("excerpt: x05-klb-certification", "excerpt: x03-klb-ceiling"))
    problems = [str(p) for p in check_course(Course(course))]
    assert any(
        "exercises/05-diplomacy.yml" in p and "l05-certification-kerry" in p and "'03-economy'" in p
        for p in problems
    ), problems


def test_an_entry_that_lost_its_closing_brace_is_named_with_its_line(course):
    """When one entry in references.bib loses its closing brace, is the place named in one line,
    before the build would fail with a traceback?"""
    bib = course / BIB
    text = bib.read_text(encoding="utf-8")
    start = text.index("@misc{dunya2025saudi")
    end = text.index("\n}\n", start)
    bib.write_text(text[:end] + "\n" + text[end + 3 :], encoding="utf-8")
    problems = [str(p) for p in check_course(Course(course))]
    assert len(problems) == 1 and problems[0].startswith("book/references.bib:"), problems
    assert "expected" in problems[0] or "closing }" in problems[0]
