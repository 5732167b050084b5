"""The progress record of one exercise, as both hosts keep it (``schemas/progress-v1``).

The notebook (this module, through the widget) and the website (``static/progress.js``) move a
record through the same steps: an edit clears the verdict and marks the response unchecked; a
Check of a readable response counts an attempt, stamps the check and keeps the verdict; opening a
hint and showing the explanation are counted too. Written once here and once in JavaScript, and
held together by the host cases in ``tests/exercises/cases/check-cases.yml``, so that a hand-in
means the same whichever host wrote it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from uspak.schema_check import schema_errors

FORMAT = "uspak-progress"
FORMAT_VERSION = 1
SCHEMA = "progress-v1"
# The fields a hand-in's entry copies from a record (all but the verdict).
HANDED_IN = (
    "response",
    "attempts",
    "updated",
    "checked",
    "first_checked",
    "last_checked",
    "hints_shown",
    "revealed",
)


def now_stamp() -> str:
    """The current time as both hosts write it: RFC 3339 in UTC, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def empty_record() -> dict[str, Any]:
    return {"response": None, "checked": False, "attempts": 0, "hints_shown": 0, "revealed": False}


def edited(record: Mapping[str, Any], response: Any, now: str) -> dict[str, Any]:
    """The record after the student changed the response: unchecked, no verdict."""
    kept = {k: v for k, v in record.items() if k != "verdict"}
    return {**kept, "response": response, "checked": False, "updated": now}


def checked(record: Mapping[str, Any], verdict: Mapping[str, Any], now: str) -> dict[str, Any]:
    """The record after a Check with this verdict; an unreadable response is no check."""
    if verdict.get("status") == "invalid":
        return dict(record)
    return {
        **record,
        "checked": True,
        "verdict": dict(verdict),
        "attempts": record.get("attempts", 0) + 1,
        "first_checked": record.get("first_checked") or now,
        "last_checked": now,
    }


def hints_opened(record: Mapping[str, Any], count: int) -> dict[str, Any]:
    return {**record, "hints_shown": max(record.get("hints_shown", 0), count)}


def revealed(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record once the explanation or reference solution is on the student's screen."""
    return {**record, "revealed": True}


def upgrade_record(old: Mapping[str, Any]) -> dict[str, Any]:
    """A record as earlier versions of either host stored it ({response, attempts, updated,
    verdict, hints_shown}, 'verdict' {} when unchecked) in this version's terms."""
    record = {**empty_record(), **{k: v for k, v in old.items() if k in _RECORD_FIELDS}}
    verdict = old.get("verdict") or {}
    if "checked" not in old:
        record["checked"] = bool(verdict) and verdict.get("status") != "invalid"
    if record["checked"] and verdict:
        record["verdict"] = {"feedback": [], **verdict}
    else:
        record.pop("verdict", None)
        record["checked"] = False
    if record["attempts"] == 0:
        record.pop("first_checked", None)
        record.pop("last_checked", None)
    return record


_RECORD_FIELDS = (*HANDED_IN, "verdict")


def hand_in_entry(record: Mapping[str, Any]) -> dict[str, Any]:
    """The submission entry for a record: every field but the verdict."""
    return {k: record[k] for k in HANDED_IN if k in record}


def progress_document(lesson: str, records: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The notebook's answers file, refused (ValueError naming the field) unless the schema
    accepts it: a host must never keep a record the other host could not read."""
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "lesson": lesson,
        "responses": {k: dict(v) for k, v in records.items()},
    }
    errors = schema_errors(SCHEMA, document)
    if errors:
        where = "/".join(map(str, errors[0].absolute_path)) or "(document)"
        raise ValueError(f"progress record for {lesson} at {where}: {errors[0].message}")
    return document
