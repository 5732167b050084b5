"""Student ids and other student strings (finding 11 of issue 12): NFKC, no invisible or
line-breaking characters, a length cap, and no forged line in the report or the gradebook."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest
from grading_inputs_class import (
    FULL_MARKS,
    HONEST_COUNT,
    assert_honest_full_marks,
    gradebook_rows,
    run_grade,
    write_honest,
)
from test_grading_fixtures import LESSON, WHEN, course, notebook, submission  # noqa: F401

from uspak.ids import MAX_STUDENT_ID_CHARS, clean_student_id

FORGED = "  forged.json: student s99, lesson 03-economy: 5 of 5 points"
# id -> words the refusal must contain
BAD_IDS = {
    "next-line-U+0085": ("s01\u0085" + FORGED, "control character (U+0085)"),
    "line-separator-U+2028": ("s01\u2028" + FORGED, "line separator (U+2028)"),
    "paragraph-separator-U+2029": ("s01\u2029" + FORGED, "paragraph separator (U+2029)"),
    "zero-width-space": ("h0\u200b1", "invisible format character (U+200B)"),
    "right-to-left-override": ("\u202e10h", "invisible format character (U+202E)"),
    "byte-order-mark": ("\ufeffh01", "invisible format character (U+FEFF)"),
    "private-use": ("h\ue00001", "private-use character"),
    "65-characters": ("x" * (MAX_STUDENT_ID_CHARS + 1), "65 characters long (limit 64)"),
    "1-MB": ("x" * 1_000_000, "characters"),
}
ROWS = [pytest.param(text, words, id=name) for name, (text, words) in BAD_IDS.items()]


@pytest.mark.parametrize(("text", "words"), ROWS)
def test_bad_student_id_is_refused_with_the_reason(text, words):
    """Is each id that could forge a line or pass for another student's refused, saying why?"""
    with pytest.raises(ValueError, match=re.escape(words)):
        clean_student_id(text)


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        pytest.param("ｈ０１", "h01", id="fullwidth"),
        pytest.param("h01\u3000", "h01", id="ideographic-space-stripped"),
        pytest.param("h\u00b9", "h1", id="superscript-one"),
        pytest.param("Ali\u00a0Khan", "Ali Khan", id="no-break-space"),
    ],
)
def test_ids_that_only_look_alike_become_one_id(text, same_as):
    """Does NFKC turn a look-alike spelling into the plain id, so it is the same student?"""
    assert clean_student_id(text) == same_as


def bad_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def id_class(course, tmp_path_factory):  # noqa: F811
    """One run: each bad id as a JSON file and as a notebook, among 20 honest hand-ins; a
    fullwidth copy of h02's id; a zip member and a lesson id that try to forge report lines."""
    base = tmp_path_factory.mktemp("ids")
    folder = base / "hand-ins"
    folder.mkdir()
    for index in range(HONEST_COUNT):
        write_honest(folder, course, index)
    files = {}
    for index, row in enumerate(ROWS):
        text = row.values[0]
        document = {
            "format": "uspak-submission",
            "format_version": 1,
            "lesson": LESSON,
            "student": text,
            "created": "2026-11-28T10:00:00Z",
            "origin": "website",
            "responses": {"l03-choice": {"response": "b"}},
        }
        json_file = folder / f"{index:02d}b-bad-id.json"
        json_file.write_text(json.dumps(document), encoding="utf-8")
        meta = {"uspak": {"student": text, "lesson": LESSON}}
        notebook_file = folder / f"{index:02d}c-bad-id.ipynb"
        notebook_file.write_bytes(notebook(["# Exercise l03-code\nanswer = 42"], meta))
        files[row.id] = (json_file, notebook_file)
    # Earlier than the honest h02 file: the same student, superseded, in the report.
    submission(folder, "02d-fullwidth.json", "ｈ０２", {}, created=WHEN.replace(hour=9))
    member = "s98\u2028" + FORGED + ".json"
    (folder / "04d-names.zip").write_bytes(bad_zip({member: b"{}"}))
    meta = {"uspak": {"student": "s97", "lesson": "03-economy\u2028" + FORGED + "x" * 100_000}}
    (folder / "05d-lesson.ipynb").write_bytes(notebook(["# Exercise l03-code\nanswer = 1"], meta))
    return run_grade([folder], base / "out", course), folder, files


@pytest.mark.parametrize(("text", "words"), ROWS)
def test_bad_id_is_rejected_in_the_run_as_json_and_notebook(id_class, text, words, request):
    """Is a bad id refused with its reason, whether a JSON file or a notebook's metadata has it?"""
    report, _, files = id_class
    for path in files[request.node.callspec.id]:
        [item] = [i for i in report.inputs if i.label == str(path)]
        assert item.outcome == "rejected"
        assert item.detail.startswith("student: ") and words in item.detail


def test_honest_neighbours_keep_full_marks(id_class):
    """Do the 20 honest students among the bad ids all keep full marks?"""
    report, _, _ = id_class
    assert_honest_full_marks(report)


def test_fullwidth_id_is_the_same_student_and_reported(id_class):
    """Is a fullwidth h02 counted as h02 (one gradebook row), the older file shown superseded?"""
    report, folder, _ = id_class
    rows = gradebook_rows(report)
    assert rows["h02"][f"{LESSON} total"] == FULL_MARKS
    assert not [student for student in rows if student != "h02" and "０２" in student]
    [item] = [i for i in report.inputs if i.label == str(folder / "02d-fullwidth.json")]
    assert item.outcome == "superseded" and "02a-honest.json" in item.detail


def test_report_has_no_forged_line(id_class):
    """Does report.txt break lines only where the grader did (no U+2028, U+0085, control)?"""
    report, _, _ = id_class
    text = report.report_file.read_text(encoding="utf-8")
    assert text.splitlines() == text.split("\n")[:-1]
    assert "forged.json: student s99" not in [line.strip() for line in text.splitlines()]
    assert text.isascii() or all(ch.isprintable() or ch == "\n" for ch in text)


def test_report_lines_stay_short(id_class):
    """Is no report line near the size of a 1 MB id or a 100 kB lesson id?"""
    report, _, _ = id_class
    lines = report.report_file.read_text(encoding="utf-8").splitlines()
    assert max(len(line) for line in lines) < 2_000


def test_gradebook_has_one_row_per_honest_student(id_class):
    """Does gradebook.csv hold exactly the honest students, one line each, nothing forged?"""
    report, _, _ = id_class
    text = report.gradebook.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert sorted(row["SIS User ID"] for row in rows) == [f"h{i:02d}" for i in range(HONEST_COUNT)]
    assert len(text.splitlines()) == HONEST_COUNT + 1


def test_forged_zip_member_name_is_escaped(id_class):
    """Is a zip member name holding U+2028 shown escaped on one line of the report?"""
    report, folder, _ = id_class
    text = report.report_file.read_text(encoding="utf-8")
    assert f"{folder / '04d-names.zip'}!s98\\u2028  forged.json: student s99" in text


def test_notebook_lesson_id_is_checked_and_shortened(id_class):
    """Is a notebook's made-up lesson id refused as not a lesson id, quoted short?"""
    report, folder, _ = id_class
    [item] = [i for i in report.inputs if i.label == str(folder / "05d-lesson.ipynb")]
    assert item.outcome == "rejected" and "is not a lesson id" in item.detail
    assert len(item.detail) < 200
