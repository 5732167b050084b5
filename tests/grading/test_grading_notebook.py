"""Reading a handed-in .ipynb: who, which lesson, and the code cell of each exercise."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from test_grading_fixtures import notebook

from uspak.grading.notebook import parse_notebook
from uspak.submission import SubmissionError

MODIFIED = datetime(2026, 11, 28, 9, tzinfo=UTC)


def read(raw: bytes, name: str = "s1__03-economy.ipynb"):
    return parse_notebook(raw, f"class.zip!{name}", MODIFIED)


def test_student_and_lesson_come_from_the_metadata_first():
    """Does metadata.uspak win over the file name?"""
    meta = {"uspak": {"student": "meta-id", "lesson": "01-history"}}
    sub = read(notebook([], meta)).submission
    assert (sub.student, sub.lesson) == ("meta-id", "01-history")


def test_student_and_lesson_come_from_the_file_name_otherwise():
    """Is <student>__<lesson>.ipynb read when the metadata says nothing?"""
    sub = read(notebook([]), "ali.khan__05-diplomacy.ipynb").submission
    assert (sub.student, sub.lesson) == ("ali.khan", "05-diplomacy")


@pytest.mark.parametrize(
    ("name", "field"),
    [
        pytest.param("homework.ipynb", "student", id="plain-name"),
        pytest.param("__03-economy.ipynb", "student", id="empty-student"),
    ],
)
def test_missing_identity_is_an_error_naming_the_field(name, field):
    """Without metadata or a usable file name, is the missing field named?"""
    with pytest.raises(SubmissionError) as caught:
        read(notebook([]), name)
    assert field in {p.item for p in caught.value.problems}


def test_exercise_cells_are_found_by_their_first_line():
    """Is only a cell starting '# Exercise <id>' taken, as code, keyed by the id?"""
    raw = notebook(
        ["x = 1", "# Exercise l03-code\nanswer = 42", "# exercise  L03-rows \nanswer = 2"]
    )
    responses = read(raw).submission.responses
    assert set(responses) == {"l03-code", "l03-rows"}
    assert responses["l03-code"].response == {"code": "# Exercise l03-code\nanswer = 42"}


def test_a_second_cell_for_one_exercise_wins_and_is_noted():
    """If two cells answer one exercise, is the last graded and the teacher told?"""
    result = read(notebook(["# Exercise l03-code\nanswer = 1", "# Exercise l03-code\nanswer = 2"]))
    assert result.submission.responses["l03-code"].response["code"].endswith("answer = 2")
    assert any("several cells" in note for note in result.notes)


def test_created_is_the_metadata_time_or_the_file_time():
    """Is 'created' read from metadata.uspak.created, else the file's modification time?"""
    stamped = {"uspak": {"student": "s", "lesson": "03-economy", "created": "2026-11-28T12:00:00Z"}}
    assert read(notebook([], stamped)).submission.created == datetime(2026, 11, 28, 12, tzinfo=UTC)
    assert read(notebook([])).submission.created == MODIFIED


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b'{"cells": "nope"}', id="cells-not-a-list"),
        pytest.param(b'{"nbformat": 4, "cells": [', id="truncated"),
        pytest.param(b"\xff\xfe\x00", id="binary"),
    ],
)
def test_broken_notebook_is_a_submission_error(raw):
    """Is a damaged notebook refused with a message, not a crash?"""
    with pytest.raises(SubmissionError, match="not a notebook"):
        read(raw)


def test_student_id_with_a_line_break_is_refused():
    """Is a metadata student id holding a line break refused (it would forge report lines)?"""
    meta = {"uspak": {"student": "s1\nGraded: s2", "lesson": "03-economy"}}
    with pytest.raises(SubmissionError, match="control character"):
        read(notebook([], meta))
