"""The assessment edition: compiled exercises with no key material of any kind.

The practice edition's keys can be recovered by trying responses against the hashes (the teacher
guide says so); the same method, and decoding every base64 text, must find nothing here.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import re
from pathlib import Path

import pytest
from engine_js import evaluate

from uspak.course import Course
from uspak.exercises.bank import load_all_banks, read_bank_file
from uspak.exercises.check import check_compiled
from uspak.exercises.compile import compile_bank
from uspak.exercises.types import Matching, MultipleSelect, Ordering, SingleChoice
from uspak.schema_check import schema_errors

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "cases" / "99-fixture.yml"
BANKS = {**load_all_banks(Course(ROOT)), "99-fixture": read_bank_file(FIXTURE)}
HEX_HASH = re.compile(r"\b[0-9a-f]{64}\b")
BASE64 = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")


def candidates(spec) -> list:
    """Every response of a small answer space: what a student's script would try."""
    if isinstance(spec, SingleChoice):
        return [o.id for o in spec.options]
    if isinstance(spec, MultipleSelect):
        ids = [o.id for o in spec.options]
        return [list(c) for n in range(1, len(ids) + 1) for c in itertools.combinations(ids, n)]
    if isinstance(spec, Ordering):
        return [list(p) for p in itertools.permutations(i.id for i in spec.items)]
    if isinstance(spec, Matching):
        rights = [c.id for c in spec.right]
        lefts = [c.id for c in spec.left]
        return [
            dict(zip(lefts, p, strict=True)) for p in itertools.product(rights, repeat=len(lefts))
        ]
    return []


def recover(compiled: dict, spec) -> list:
    """The responses the compiled exercise itself says are right."""
    return [r for r in candidates(spec) if check_compiled(compiled, r).status == "correct"]


def secrets_of(spec) -> list[str]:
    texts = [spec.explanation or "", getattr(spec, "solution", "")]
    texts += list(getattr(spec, "patterns", ()))
    texts += [c.feedback or "" for c in getattr(spec, "options", ())]
    return [t for t in texts if len(t) >= 8]


def decoded_texts(document: str) -> list[str]:
    found = []
    for blob in BASE64.findall(document):
        try:
            found.append(base64.b64decode(blob + "=" * (-len(blob) % 4)).decode("utf-8"))
        except (binascii.Error, UnicodeDecodeError):
            continue
    return found


def test_the_recovery_method_works_on_the_practice_edition():
    """Does trying responses against a practice page's hashes recover its answers (the baseline)?"""
    specs = [s for s in BANKS["99-fixture"] if candidates(s)]
    practice = {e["id"]: e for e in compile_bank(BANKS["99-fixture"])["exercises"]}
    assert all(recover(practice[s.id], s) for s in specs)


@pytest.mark.parametrize("lesson", sorted(BANKS))
def test_nothing_is_recovered_from_the_assessment_edition(lesson):
    """Tried against an assessment bank, is no response right, and every one only recorded?"""
    compiled = compile_bank(BANKS[lesson], edition="assessment")
    by_id = {e["id"]: e for e in compiled["exercises"]}
    for spec in BANKS[lesson]:
        assert recover(by_id[spec.id], spec) == []
        statuses = {check_compiled(by_id[spec.id], r).status for r in candidates(spec)}
        assert statuses <= {"recorded"}


@pytest.mark.parametrize("lesson", sorted(BANKS))
def test_an_assessment_bank_holds_no_hash_and_no_encoded_secret(lesson):
    """Is there no hash, and no base64 text that decodes to an explanation, feedback or solution?"""
    compiled = compile_bank(BANKS[lesson], edition="assessment")
    assert schema_errors("compiled-bank-v1", compiled) == []
    document = json.dumps(compiled, ensure_ascii=False)
    assert HEX_HASH.findall(document) == []
    decoded = decoded_texts(document)
    for spec in BANKS[lesson]:
        for secret in secrets_of(spec):
            assert secret not in document
            assert not any(secret[:40] in text for text in decoded)


def test_the_browser_records_what_python_records():
    """Does check.js give an assessment exercise the same verdicts as Python (recorded, invalid)?"""
    exercises = compile_bank(BANKS["99-fixture"], edition="assessment")["exercises"]
    cases = [(e, r) for e in exercises for r in ["b", ["a"], "1234.5", "", None, {"x": "y"}]]
    verdicts = evaluate("data.map(([e, r]) => check.checkResponse(e, r))", cases)
    js = [(v["status"], v["message"]) for v in verdicts]
    python = [(v.status, v.message) for v in (check_compiled(e, r) for e, r in cases)]
    assert js == python
    assert {status for status, _ in python} == {"recorded", "invalid"}
