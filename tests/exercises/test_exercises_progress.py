"""The progress record (schemas/progress-v1), one definition enforced from both sides: the
schema in Python, progress.js's validator in JavaScript, and the hand-in's entry copying the
record's field definitions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from engine_js import evaluate

from uspak.exercises.answers import answers_path, load_answers, record_progress
from uspak.exercises.progress import HANDED_IN, progress_document, upgrade_record
from uspak.schema_check import load_schema, schema_errors

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "check-cases.yml").read_text("utf-8"))
RECORDS = CASES["progress_records"]
PROGRESS = load_schema("progress-v1")
SUBMISSION = load_schema("submission-v1")


def _schema_accepts(record: dict) -> bool:
    document = {
        "format": "uspak-progress",
        "format_version": 1,
        "lesson": "99-fixture",
        "responses": {"l99-single": record},
    }
    return not schema_errors("progress-v1", document)


@pytest.mark.parametrize("row", RECORDS, ids=[r["id"] for r in RECORDS])
def test_the_schema_decides_as_the_table_says(row: dict) -> None:
    """Does the progress schema accept exactly the records the table calls valid?"""
    assert _schema_accepts(row["record"]) == row["valid"]


def test_javascript_validates_as_the_schema_does() -> None:
    """Does progress.js's recordProblems find a problem in exactly the records the schema
    refuses (so the website never keeps what the notebook would refuse)?"""
    problems = evaluate("data.map((r) => progress.recordProblems(r.record))", RECORDS)
    assert {r["id"]: not p for r, p in zip(RECORDS, problems, strict=True)} == {
        r["id"]: r["valid"] for r in RECORDS
    }


def test_both_languages_name_the_schemas_fields() -> None:
    """Do progress.py and progress.js hand in the fields the schema shares with a hand-in, and
    does a record have no other field than those and its verdict?"""
    shared = list(PROGRESS["$defs"]["fields"])
    assert list(HANDED_IN) == shared == evaluate("progress.HANDED_IN")
    assert set(PROGRESS["$defs"]["record"]["properties"]) == {*shared, "verdict"}


@pytest.mark.parametrize("name", [f for f in HANDED_IN if f != "response"])
def test_the_hand_in_copies_the_records_definition(name: str) -> None:
    """Is each progress field of a hand-in's entry (submission-v1) defined as in the record?"""
    assert SUBMISSION["$defs"]["entry"]["properties"][name] == PROGRESS["$defs"]["fields"][name]
    assert SUBMISSION["$defs"]["timestamp"] == PROGRESS["$defs"]["timestamp"]


OLD_RECORDS = {
    # What the website kept before progress-v1: an invalid verdict counted as checked.
    "website-unreadable-check": {
        "response": "12,3,4",
        "attempts": 0,
        "hints_shown": 1,
        "verdict": {"status": "invalid", "score": 0, "message": "Commas...", "feedback": []},
        "updated": "2026-11-28T10:00:00.123Z",
    },
    "website-checked": {
        "response": "b",
        "attempts": 2,
        "hints_shown": 0,
        "verdict": {"status": "correct", "score": 1, "message": "✓ Correct.", "feedback": []},
        "updated": "2026-11-28T10:00:00.123Z",
    },
    # What the notebook kept: {} as the verdict of an edited response.
    "notebook-edited": {
        "response": "a",
        "attempts": 1,
        "updated": "2026-11-28T10:00:00Z",
        "verdict": {},
        "hints_shown": 0,
    },
}


@pytest.mark.parametrize("old", OLD_RECORDS.values(), ids=list(OLD_RECORDS))
def test_records_kept_by_earlier_pages_and_notebooks_are_read_alike(old: dict) -> None:
    """Is a record an earlier version kept read as a valid record, the same in both languages?"""
    upgraded = upgrade_record(old)
    assert _schema_accepts(upgraded)
    assert evaluate("progress.upgradeRecord(data)", old) == upgraded
    assert upgraded["checked"] == (old["verdict"].get("status") == "correct")


def test_an_old_answers_file_is_read_in_this_versions_terms(tmp_path: Path) -> None:
    """Does a notebook's answers file from before progress-v1 still restore its answers?"""
    path = answers_path("99-fixture", tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    old = {"lesson": "99-fixture", "responses": {"l99-single": OLD_RECORDS["notebook-edited"]}}
    path.write_text(json.dumps(old), "utf-8")
    record = load_answers("99-fixture", tmp_path)["l99-single"]
    assert (record["response"], record["checked"], record["attempts"]) == ("a", False, 1)


def test_the_notebook_refuses_to_keep_a_record_the_schema_refuses(tmp_path: Path) -> None:
    """Would the notebook host refuse, naming the field, a record the website could not read?"""
    stale = next(r["record"] for r in RECORDS if r["id"] == "stale-verdict-kept")
    with pytest.raises(ValueError, match="l99-single"):
        record_progress("99-fixture", "l99-single", stale, tmp_path)
    assert not answers_path("99-fixture", tmp_path).exists()


def test_the_answers_file_is_a_progress_document(tmp_path: Path) -> None:
    """Is what the notebook writes a whole progress-v1 document?"""
    record = next(r["record"] for r in RECORDS if r["id"] == "checked")
    record_progress("99-fixture", "l99-single", record, tmp_path)
    written = json.loads(answers_path("99-fixture", tmp_path).read_text("utf-8"))
    assert written == progress_document("99-fixture", {"l99-single": record})
