"""The submission file: one student's answers to one lesson, as handed in to the teacher.

Notebooks (``export_submission``) and the website ("Download my answers") both write this format,
and the grader reads it, so it is defined once here and enforced by
``schemas/submission-v1.schema.json``. Reading is defensive: a submission comes from a student's
machine, so anything wrong with it becomes a :class:`SubmissionError` naming the file and the field,
never a crash. Whatever a file says about being correct is ignored; only responses are read.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from uspak.ids import clean_student_id
from uspak.problems import CourseFileError, Problem
from uspak.schema_check import load_schema, schema_errors

# What the grader says of a file with no response; the notebook's export and the website's
# download (NOTHING_TO_GRADE in exercise.js) refuse an empty hand-in with the same words.
NOTHING_TO_GRADE = "nothing to grade: no responses"
# What both hosts' panels say when asked to hand in nothing (EMPTY_HAND_IN in exercise.js).
EMPTY_HAND_IN = f"Not handed in: {NOTHING_TO_GRADE}. Answer at least one exercise first."

FORMAT = "uspak-submission"
FORMAT_VERSION = 1
SCHEMA = "submission-v1"
ORIGINS = ("website", "notebook")
# Far above any real submission (a few kB); refusing bigger files early keeps a 50 MB upload from
# being decoded and parsed at all.
MAX_SUBMISSION_BYTES = 2_000_000
# Every date a hand-in states must fall in [EARLIEST, now + FUTURE_SLACK]. Nothing of this course
# predates 2000, and a date far outside the range is either garbage or a forgery: a "created" in
# 2099 would otherwise beat every real hand-in for that student. The slack allows for a student's
# clock a few hours fast and every time zone.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)


class SubmissionError(CourseFileError):
    """A file is not a valid submission; ``problems`` says which field is wrong and why."""


@dataclass(frozen=True)
class Response:
    """A student's latest response to one exercise, as the file recorded it (not yet checked)."""

    exercise: str
    response: Any
    attempts: int | None = None
    updated: datetime | None = None
    checked: bool | None = None  # None: the file does not say (older files)
    hints_shown: int | None = None
    # Why the response has no shape any exercise accepts (a number, a list of numbers...), or
    # None. Such a response scores 0 for its own exercise; the rest of the hand-in still counts.
    misshapen: str | None = None
    # Recorded since progress-v1 (None: the file does not say). The grader's policy reads only
    # attempts and checked, so files with and without these fields grade the same.
    first_checked: datetime | None = None
    last_checked: datetime | None = None
    revealed: bool | None = None

    def to_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"response": self.response}
        if self.attempts is not None:
            entry["attempts"] = self.attempts
        if self.updated is not None:
            entry["updated"] = format_timestamp(self.updated)
        if self.checked is not None:
            entry["checked"] = self.checked
        if self.hints_shown is not None:
            entry["hints_shown"] = self.hints_shown
        for name in ("first_checked", "last_checked"):
            moment = getattr(self, name)
            if moment is not None:
                entry[name] = format_timestamp(moment)
        if self.revealed is not None:
            entry["revealed"] = self.revealed
        return entry


@dataclass(frozen=True)
class Submission:
    """One submission file, validated. ``source`` names where it came from, for reports."""

    lesson: str
    student: str
    created: datetime
    origin: str
    responses: Mapping[str, Response] = field(default_factory=dict)
    source: str = "<submission>"
    # The edition the page or notebook was ("practice", "assessment"); None: the file does not
    # say (older files). In the assessment edition a Check only records, so the grading policy
    # reads no reveal and no wrong check from the count of checks.
    edition: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "lesson": self.lesson,
            "student": self.student,
            "created": format_timestamp(self.created),
            "origin": self.origin,
            **({"edition": self.edition} if self.edition else {}),
            "responses": {ex: r.to_json() for ex, r in self.responses.items()},
        }


def submission_schema() -> dict[str, Any]:
    """The enforced JSON Schema (also what the website's and notebook's exporters test against)."""
    return load_schema(SCHEMA)


def format_timestamp(moment: datetime) -> str:
    """RFC 3339 in UTC with a trailing Z, the form the website's ``toISOString`` also produces."""
    if moment.tzinfo is None:
        raise ValueError(f"timestamp {moment!r} has no time zone")
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_submission(
    source: str | os.PathLike[str] | bytes, *, name: str | None = None
) -> Submission:
    """Read and validate a submission from a path or from raw bytes (e.g. a member of a zip).

    ``name`` is what problems report as the file; it defaults to the path, or "<bytes>".
    Raises :class:`SubmissionError` listing every problem found.
    """
    if isinstance(source, bytes):
        label = name or "<bytes>"
        raw = source
    else:
        path = Path(source)
        label = name or str(path)
        raw = _read_capped(path, label)
    document = _decode(raw, label)
    problems, misshapen = _split_misshapen(list(_schema_problems(document, label)))
    if problems:
        raise SubmissionError(problems)
    return _from_document(document, label, misshapen)


def _split_misshapen(problems: list[Problem]) -> tuple[list[Problem], dict[str, str]]:
    """Set apart the responses of no accepted shape: they cost their exercise, not the file."""
    kept, misshapen = [], {}
    for problem in problems:
        parts = (problem.item or "").split(".")
        at_response = len(parts) == 3 and parts[0] == "responses" and parts[2] == "response"
        if at_response and problem.message != "missing":
            misshapen[parts[1]] = problem.message
        else:
            kept.append(problem)
    return kept, misshapen


def _read_capped(path: Path, label: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_SUBMISSION_BYTES:
            raise SubmissionError([_too_big(label, size)])
        with path.open("rb") as handle:
            raw = handle.read(MAX_SUBMISSION_BYTES + 1)
    except OSError as error:
        raise SubmissionError([Problem(label, f"cannot read the file: {error.strerror}")]) from None
    if len(raw) > MAX_SUBMISSION_BYTES:  # the file grew, or is a device; never trust stat alone
        raise SubmissionError([_too_big(label, len(raw))])
    return raw


def _too_big(label: str, size: int) -> Problem:
    return Problem(
        label,
        f"{size:,} bytes is too big for a submission (limit {MAX_SUBMISSION_BYTES:,} bytes)",
    )


def _decode(raw: bytes, label: str) -> Any:
    if len(raw) > MAX_SUBMISSION_BYTES:
        raise SubmissionError([_too_big(label, len(raw))])
    if not raw.strip():
        raise SubmissionError([Problem(label, "the file is empty, not a submission")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionError(
            [Problem(label, "not a submission: the file is not UTF-8 text (an image or binary?)")]
        ) from None
    try:
        return json.loads(
            text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as error:
        raise SubmissionError(
            [Problem(label, f"not valid JSON (truncated?): {error.msg}", line=error.lineno)]
        ) from None
    except _DuplicateKey as error:
        raise SubmissionError([Problem(label, "the key appears twice", item=str(error))]) from None
    except ValueError as error:  # NaN or Infinity, which JSON does not allow
        raise SubmissionError([Problem(label, f"not valid JSON: {error}")]) from None
    except RecursionError:
        raise SubmissionError(
            [Problem(label, "not a submission: JSON nested too deeply")]
        ) from None


class _DuplicateKey(Exception):
    pass


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads silently keeps the last of two equal keys; two answers to one exercise is suspect.
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed")


def _schema_problems(document: Any, label: str):
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        yield Problem(label, f'not a submission: no "format": "{FORMAT}" in a JSON object')
        return
    version = document.get("format_version")
    if version != FORMAT_VERSION:
        yield Problem(
            label,
            f"format_version {version!r} is not one this uspak reads (it reads {FORMAT_VERSION})",
            item="format_version",
        )
        return
    for error in schema_errors(SCHEMA, document):
        yield Problem(label, _describe(error), item=_field_path(error))


def _field_path(error) -> str | None:
    parts = [str(p) for p in error.absolute_path]
    if error.validator == "required":
        missing = [f for f in error.validator_value if f not in error.instance]
        parts.append(missing[0] if missing else "?")
    return ".".join(parts) or None


def _describe(error) -> str:
    if error.validator == "required":
        return "missing"
    if error.validator == "anyOf":  # a response: say what shapes are accepted, not the internals
        expected = error.schema["description"]
        return f"{_short(error.instance)} is not a valid response; expected {expected}"
    at_student = bool(error.absolute_path) and error.absolute_path[-1] == "student"
    if error.validator == "not" and at_student:
        return "the student id contains a control character (a line break or a tab)"
    if error.validator == "pattern":
        if at_student:
            return "the student id is blank"
        expected = error.schema.get("description")
        return f"{_short(error.instance)} is not {expected}" if expected else error.message
    if error.validator == "maxLength" and at_student:
        length, limit = len(error.instance), error.validator_value
        return f"the student id is {length:,} characters long (limit {limit})"
    if error.validator == "maxLength":
        return f"{_short(error.instance)} is longer than {error.validator_value} characters"
    # jsonschema quotes the whole value: a 1 MB string must not become a 1 MB report line.
    return error.message if len(error.message) <= 200 else error.message[:197] + "..."


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _from_document(
    document: dict[str, Any], label: str, misshapen: Mapping[str, str] | None = None
) -> Submission:
    problems: list[Problem] = []
    created = _timestamp(document["created"], label, "created", problems)
    try:
        student = clean_student_id(document["student"])
    except ValueError as error:
        problems.append(Problem(label, str(error), item="student"))
    responses = {}
    for exercise, entry in document["responses"].items():
        moments = {
            name: _timestamp(entry[name], label, f"responses.{exercise}.{name}", problems)
            for name in ("updated", "first_checked", "last_checked")
            if name in entry
        }
        responses[exercise] = Response(
            exercise,
            entry["response"],
            entry.get("attempts"),
            moments.get("updated"),
            entry.get("checked"),
            entry.get("hints_shown"),
            (misshapen or {}).get(exercise),
            moments.get("first_checked"),
            moments.get("last_checked"),
            entry.get("revealed"),
        )
    if problems:
        raise SubmissionError(problems)
    return Submission(
        lesson=document["lesson"],
        student=student,
        created=created,
        origin=document["origin"],
        responses=responses,
        source=label,
        edition=document.get("edition"),
    )


def _timestamp(text: str, label: str, item: str, problems: list[Problem]) -> datetime:
    try:
        return parse_timestamp(text)
    except ValueError as error:
        problems.append(Problem(label, str(error), item=item))
        return EARLIEST


def parse_timestamp(text: str, *, now: datetime | None = None) -> datetime:
    """An RFC 3339 time with a zone, in UTC; ValueError unless real and in the allowed range."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:  # the schema checked the shape; this is month 13 and the like
        raise ValueError(f"{text!r} is not a real date and time: {error}") from None
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone")
    if moment.year < EARLIEST.year - 1 or moment.year > 9998:  # UTC of year 1 or 9999 overflows
        raise ValueError(_out_of_range(text, now))
    return check_in_range(moment.astimezone(UTC), text, now=now)


def check_in_range(moment: datetime, text: str, *, now: datetime | None = None) -> datetime:
    """``moment`` (aware) if it lies between EARLIEST and a day from now, else ValueError."""
    if not EARLIEST <= moment <= (now or datetime.now(UTC)) + FUTURE_SLACK:
        raise ValueError(_out_of_range(text, now))
    return moment


def _out_of_range(text: str, now: datetime | None) -> str:
    latest = (now or datetime.now(UTC)) + FUTURE_SLACK
    return (
        f"{text!r} is outside the dates a hand-in can have "
        f"({EARLIEST:%Y-%m-%d} to {latest:%Y-%m-%d %H:%M} UTC, a day from now): "
        "a wrong clock or an edited file"
    )


def write_submission(
    path: str | os.PathLike[str],
    lesson: str,
    student: str,
    responses: Mapping[str, Response | Mapping[str, Any]],
    origin: str,
    *,
    created: datetime | None = None,
    edition: str | None = None,
) -> Path:
    """Write a valid submission file, atomically, and return its path.

    ``responses`` maps exercise id to a :class:`Response` or to an entry mapping
    ``{"response": ..., "attempts": n, "updated": datetime or RFC 3339 text}``.
    The result is validated before anything is written, so an exporter cannot hand a student a
    file the grader will refuse. ``created`` defaults to now.
    """
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "lesson": lesson,
        "student": student.strip(),
        "created": format_timestamp(created or datetime.now(UTC)),
        "origin": origin,
        **({"edition": edition} if edition else {}),
        "responses": {ex: _entry_json(ex, entry) for ex, entry in responses.items()},
    }
    target = Path(path)
    text = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    parse_submission(text.encode("utf-8"), name=str(target))  # raises SubmissionError if invalid
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _entry_json(exercise: str, entry: Response | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(entry, Response):
        return entry.to_json()
    if not isinstance(entry, Mapping) or "response" not in entry:
        raise TypeError(
            f"responses[{exercise!r}] must be a Response or a mapping with a 'response' key"
        )
    # An exporter may not know when or how often: None means "not recorded", not a bad value.
    out = {k: v for k, v in entry.items() if not (k in ("attempts", "updated") and v is None)}
    if isinstance(out.get("updated"), datetime):
        out["updated"] = format_timestamp(out["updated"])
    return out
