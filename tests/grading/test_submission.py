"""The submission format: what a valid file is, and how a bad one is reported."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import jsonschema
import pytest

from uspak.submission import (
    FORMAT_VERSION,
    MAX_SUBMISSION_BYTES,
    Response,
    SubmissionError,
    parse_submission,
    submission_schema,
    write_submission,
)

CONTRACT_EXAMPLE = {
    "format": "uspak-submission",
    "format_version": 1,
    "lesson": "03-economy",
    "student": "s123",
    "created": "2026-11-28T10:00:00Z",
    "origin": "website",
    "responses": {
        "l03-aid-peak": {"response": "b", "attempts": 2, "updated": "2026-11-28T09:58:00Z"}
    },
}


def document(**changes) -> dict:
    doc = json.loads(json.dumps(CONTRACT_EXAMPLE))
    for key, value in changes.items():
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    return doc


def encode(doc) -> bytes:
    return json.dumps(doc).encode("utf-8")


def problems_of(raw: bytes) -> list:
    with pytest.raises(SubmissionError) as caught:
        parse_submission(raw, name="hand-in.json")
    return caught.value.problems


def test_schema_is_a_valid_draft_2020_12_schema():
    """Is the shipped schema itself valid JSON Schema?"""
    jsonschema.Draft202012Validator.check_schema(submission_schema())


def test_contract_example_parses():
    """Does the example in CONTRIBUTING.md parse to the student, lesson and response it shows?"""
    sub = parse_submission(encode(CONTRACT_EXAMPLE))
    assert (sub.student, sub.lesson, sub.origin) == ("s123", "03-economy", "website")
    assert sub.created == datetime(2026, 11, 28, 10, tzinfo=UTC)
    assert sub.responses["l03-aid-peak"] == Response(
        "l03-aid-peak", "b", 2, datetime(2026, 11, 28, 9, 58, tzinfo=UTC)
    )


@pytest.mark.parametrize(
    "response",
    [
        pytest.param("b", id="option-id"),
        pytest.param("1,234", id="typed-number"),
        pytest.param(["a", "c"], id="list-of-ids"),
        pytest.param({"x": "1", "y": "2"}, id="matching"),
        pytest.param({"code": "answer = 3", "value": 3}, id="code-from-notebook"),
        pytest.param({"value": "3"}, id="code-from-website"),
    ],
)
def test_every_response_shape_is_accepted(response):
    """Is each exercise type's response shape a valid response?"""
    doc = document(responses={"l03-x": {"response": response}})
    assert parse_submission(encode(doc)).responses["l03-x"].response == response


def test_claimed_verdicts_are_allowed_but_not_read():
    """Does a file carrying its own 'correct' flag and score still parse, keeping only responses?"""
    doc = document(score=1.0)
    doc["responses"]["l03-aid-peak"]["correct"] = True
    sub = parse_submission(encode(doc))
    assert not hasattr(sub, "score")
    assert not hasattr(sub.responses["l03-aid-peak"], "correct")


def test_student_id_is_stripped():
    """Is white space around a student id dropped, so ' s123 ' and 's123' are one student?"""
    assert parse_submission(encode(document(student=" s123  "))).student == "s123"


def test_created_with_offset_is_read_as_utc():
    """Is a time stamp with a UTC offset converted to UTC, so latest-first ordering is right?"""
    sub = parse_submission(encode(document(created="2026-11-28T15:00:00+05:00")))
    assert sub.created == datetime(2026, 11, 28, 10, tzinfo=UTC)


BAD_FILES = [
    pytest.param(b"", None, "empty", id="empty-file"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "not UTF-8", id="image"),
    pytest.param(b'{"format": "uspak-submission", "lesson"', None, "truncated", id="truncated"),
    pytest.param(b"[" * 100_000, None, "nested too deeply", id="deep-nesting"),
    pytest.param(b'{"a": NaN}', None, "NaN", id="nan"),
    pytest.param(b'{"format": "other"}', None, "not a submission", id="other-json"),
    pytest.param(b"[1, 2]", None, "not a submission", id="json-array"),
    pytest.param(encode(document(format_version=2)), "format_version", "reads 1", id="future"),
    pytest.param(encode(document(student=None)), "student", "missing", id="no-student"),
    pytest.param(encode(document(student="  ")), "student", "blank", id="blank-student"),
    pytest.param(
        encode(document(student="s1\nGraded: s2")),
        "student",
        "control character",
        id="newline-in-id",
    ),
    pytest.param(encode(document(lesson="3-economy")), "lesson", "lesson id", id="bad-lesson"),
    pytest.param(encode(document(origin="email")), "origin", "is not one of", id="bad-origin"),
    pytest.param(encode(document(created="28/11/2026")), "created", "time zone", id="bad-created"),
    pytest.param(
        encode(document(created="2026-13-01T00:00:00Z")), "created", "real date", id="month-13"
    ),
    pytest.param(
        encode(document(responses={"Q1": {"response": "a"}})),
        "responses",
        "exercise id",
        id="bad-exercise-id",
    ),
    pytest.param(
        encode(document(responses={"l03-x": {"answer": "a"}})),
        "responses.l03-x.response",
        "missing",
        id="entry-without-response",
    ),
    pytest.param(
        b'{"format": "uspak-submission", "format_version": 1, "responses": '
        b'{"l03-x": {"response": "a"}, "l03-x": {"response": "b"}}}',
        "l03-x",
        "twice",
        id="duplicate-exercise",
    ),
]


@pytest.mark.parametrize(
    "response",
    [
        pytest.param(42, id="number"),
        pytest.param([1], id="list-of-numbers"),
        pytest.param({"a": 1}, id="matching-to-number"),
    ],
)
def test_misshapen_response_is_kept_with_its_reason(response):
    """Is a response of no accepted shape kept, marked with why, instead of refusing the file?"""
    sub = parse_submission(encode(document(responses={"l03-x": {"response": response}})))
    assert "is not a valid response" in sub.responses["l03-x"].misshapen


@pytest.mark.parametrize(("raw", "item", "words"), BAD_FILES)
def test_bad_file_is_reported_naming_file_and_field(raw, item, words):
    """Is each kind of bad file refused with a problem naming the file, the field and the cause?"""
    problems = problems_of(raw)
    assert any(p.file == "hand-in.json" and p.item == item and words in p.message for p in problems)


def test_oversized_file_is_refused_before_parsing(tmp_path):
    """Is a file over the size limit refused by its size, without being read as JSON?"""
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(MAX_SUBMISSION_BYTES + 1)
    with pytest.raises(SubmissionError, match="too big"):
        parse_submission(big)


def test_missing_file_is_a_submission_error(tmp_path):
    """Does an unreadable path give a SubmissionError naming it, not an OSError?"""
    with pytest.raises(SubmissionError, match="nowhere.json: cannot read"):
        parse_submission(tmp_path / "nowhere.json")


def test_write_then_parse_round_trips(tmp_path):
    """Does a written submission parse back to the same lesson, student and responses?"""
    when = datetime(2026, 11, 28, 10, tzinfo=UTC)
    responses = {
        "l03-aid-peak": Response("l03-aid-peak", "b", attempts=2, updated=when),
        "l03-aid-sum": {"response": {"code": "answer = 1", "value": 1}, "attempts": 1},
    }
    path = write_submission(tmp_path / "s123.json", "03-economy", "s123", responses, "notebook")
    sub = parse_submission(path)
    assert (sub.lesson, sub.student, sub.origin) == ("03-economy", "s123", "notebook")
    assert sub.responses["l03-aid-peak"] == responses["l03-aid-peak"]
    assert sub.responses["l03-aid-sum"].response == {"code": "answer = 1", "value": 1}
    assert json.loads(path.read_text())["format_version"] == FORMAT_VERSION


def test_write_refuses_an_invalid_submission(tmp_path):
    """Does writing a submission without a student id fail and leave no file behind?"""
    with pytest.raises(SubmissionError, match="student"):
        write_submission(tmp_path / "x.json", "03-economy", " ", {}, "website")
    assert list(tmp_path.iterdir()) == []


AGREEMENT_CASES = [
    pytest.param(CONTRACT_EXAMPLE, id="contract-example"),
    pytest.param(document(student="  "), id="blank-student"),
    pytest.param(document(student="a\tb"), id="tab-in-student"),
    pytest.param(document(lesson="3-economy"), id="bad-lesson"),
    pytest.param(document(origin="email"), id="bad-origin"),
    pytest.param(document(created="28/11/2026"), id="bad-created"),
    pytest.param(document(responses={"Q1": {"response": "a"}}), id="bad-exercise-id"),
    pytest.param(document(responses={"l03-x": {"response": 42}}), id="number-response"),
    pytest.param(document(responses={"l03-x": {"response": [1]}}), id="list-of-numbers"),
    pytest.param(document(responses={"l03-x": {"response": {"a": 1}}}), id="matching-to-number"),
    pytest.param(
        document(responses={"l03-x": {"response": "x", "attempts": -1}}), id="negative-attempts"
    ),
    pytest.param(
        document(responses={"l03-x": {"response": {"code": 1, "value": 2}}}), id="code-not-text"
    ),
    pytest.param(
        document(responses={"l03-x": {"response": {"value": [1, {"a": None}]}}}), id="any-value"
    ),
]


@pytest.mark.parametrize("doc", AGREEMENT_CASES)
def test_fast_validator_agrees_with_jsonschema(doc):
    """Does the fast path accept exactly what the authoritative jsonschema validator accepts?"""
    from uspak.schema_check import fast_accepts

    authoritative = jsonschema.Draft202012Validator(submission_schema())
    assert fast_accepts("submission-v1", doc) == authoritative.is_valid(doc)


def test_write_leaves_out_unrecorded_attempts_and_times(tmp_path):
    """Are attempts and updated given as None left out, rather than making the file invalid?"""
    entry = {"response": "b", "attempts": None, "updated": None}
    path = write_submission(tmp_path / "s.json", "03-economy", "s1", {"l03-x": entry}, "notebook")
    assert parse_submission(path).responses["l03-x"] == Response("l03-x", "b")
