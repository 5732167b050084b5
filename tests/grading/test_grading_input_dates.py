"""Dates in hand-ins (finding 8 and 9 of issue 12): bounded, refused with the field named, and a
forged date from the far future never replaces an honest hand-in."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from grading_inputs_class import (
    FULL_MARKS,
    HONEST_COUNT,
    assert_honest_full_marks,
    gradebook_rows,
    run_grade,
    write_honest,
)
from test_grading_fixtures import LESSON, course, notebook  # noqa: F401 - fixtures

from uspak.grading import verify_submission
from uspak.submission import SubmissionError, parse_submission

SOON = datetime.now(UTC) + timedelta(hours=12)  # a student's clock running fast: accepted
BAD_DATES = {
    "year-1-east-of-utc": "0001-01-01T00:00:00+01:00",
    "year-9999-west-of-utc": "9999-12-31T23:59:59-01:00",
    "before-2000": "1999-12-31T22:59:59-01:00",
    "year-2099": "2099-01-01T00:00:00Z",
    "two-days-ahead": (datetime.now(UTC) + timedelta(days=2)).isoformat(timespec="seconds"),
}
FIELDS = ["created", "responses.l03-choice.updated", "metadata.uspak.created"]
ROWS = [
    pytest.param(field, text, id=f"{field}-{name}")
    for field in FIELDS
    for name, text in BAD_DATES.items()
]


def hand_in(folder: Path, name: str, field: str, text: str, student: str = "x") -> Path:
    """A file for ``student`` whose ``field`` holds the date ``text``, everything else valid."""
    if field == "metadata.uspak.created":
        meta = {"uspak": {"student": student, "lesson": LESSON, "created": text}}
        path = folder / f"{name}.ipynb"
        path.write_bytes(notebook(["# Exercise l03-code\nanswer = 42"], meta))
        return path
    document = {
        "format": "uspak-submission",
        "format_version": 1,
        "lesson": LESSON,
        "student": student,
        "created": "2026-11-28T10:00:00Z",
        "origin": "website",
        "responses": {"l03-choice": {"response": "b", "updated": "2026-11-28T10:00:00Z"}},
    }
    if field == "created":
        document["created"] = text
    else:
        document["responses"]["l03-choice"]["updated"] = text
    path = folder / f"{name}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize(("field", "text"), [r for r in ROWS if "metadata" not in r.values[0]])
def test_submission_date_out_of_range_is_refused_naming_the_field(tmp_path, field, text):
    """Is a date outside 2000-01-01 .. a day from now a SubmissionError naming file and field?"""
    path = hand_in(tmp_path, "s", field, text)
    with pytest.raises(SubmissionError) as caught:
        parse_submission(path)
    [problem] = caught.value.problems
    assert (problem.file, problem.item) == (str(path), field)
    assert "outside the dates a hand-in can have" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("2000-01-01T00:00:00Z", id="first-moment-of-2000"),
        pytest.param(SOON.isoformat(timespec="seconds"), id="twelve-hours-ahead"),
    ],
)
def test_dates_at_the_edges_of_the_range_are_accepted(tmp_path, text):
    """Are the first moment of 2000 and a clock 12 hours fast still accepted?"""
    path = hand_in(tmp_path, "s", "created", text)
    assert parse_submission(path).created == datetime.fromisoformat(text).astimezone(UTC)


@pytest.mark.parametrize(("field", "text"), ROWS)
def test_verify_submission_names_the_field(course, monkeypatch, tmp_path, field, text):  # noqa: F811
    """Does verify-submission answer a bad date with one problem naming the field, no crash?"""
    monkeypatch.setenv("USPAK_ROOT", str(course))
    path = hand_in(tmp_path, "s", field, text)
    [problem] = verify_submission(path)
    assert problem.item == field and "outside" in problem.message


@pytest.fixture(scope="module")
def dated_class(course, tmp_path_factory):  # noqa: F811
    """One run: every bad date among 20 honest hand-ins, and a 2099 forgery of h03's hand-in."""
    base = tmp_path_factory.mktemp("dates")
    folder = base / "hand-ins"
    folder.mkdir()
    for index in range(HONEST_COUNT):
        write_honest(folder, course, index)
    names = {
        row.id: hand_in(folder, f"{index:02d}b-bad", *row.values, student=f"b{index:02d}")
        for index, row in enumerate(ROWS)
    }
    honest = folder / "03a-honest.json"
    forged = folder / "03c-forged.json"
    document = json.loads(honest.read_text(encoding="utf-8"))
    document |= {"created": "2099-12-31T00:00:00Z", "responses": {}}
    forged.write_text(json.dumps(document), encoding="utf-8")
    return run_grade([folder], base / "out", course), names, forged


@pytest.mark.parametrize(("field", "text"), ROWS)
def test_bad_date_is_that_file_rejected_in_the_run(dated_class, field, text, request):
    """Is each bad date its own file's rejection, naming the field, in an otherwise full run?"""
    report, names, _ = dated_class
    row_id = request.node.callspec.id
    [item] = [i for i in report.inputs if i.label == str(names[row_id])]
    assert item.outcome == "rejected" and field in item.detail
    assert f"{names[row_id]}: " in report.report_file.read_text(encoding="utf-8")


def test_honest_neighbours_keep_full_marks(dated_class):
    """Do the 20 honest students among the bad dates all keep full marks?"""
    report, _, _ = dated_class
    assert_honest_full_marks(report)


def test_far_future_forgery_does_not_supersede_the_real_hand_in(dated_class):
    """Is a copy of h03's file dated 2099 refused, and h03 graded from the real file?"""
    report, _, forged = dated_class
    [item] = [i for i in report.inputs if i.label == str(forged)]
    assert item.outcome == "rejected" and "created" in item.detail
    [graded] = [i for i in report.inputs if "student h03," in i.detail]
    assert (graded.label, graded.outcome) == (str(forged.parent / "03a-honest.json"), "graded")
    assert gradebook_rows(report)["h03"][f"{LESSON} total"] == FULL_MARKS
