"""One checking semantics: every case in tests/exercises/cases/check-cases.yml gets the same
verdict from the Python checker with the plain key, the Python checker with the compiled (hashed)
bank, and the JavaScript checker the browser loads, run under node."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from uspak.exercises.bank import read_bank_file
from uspak.exercises.check import check_compiled, check_response
from uspak.exercises.compile import compile_bank
from uspak.exercises.types import TYPES

CASES_DIR = Path(__file__).parent / "cases"
RUN_CASES_JS = Path(__file__).parent / "js" / "run_cases.mjs"
CASES = yaml.safe_load((CASES_DIR / "check-cases.yml").read_text("utf-8"))["cases"]
BANK = read_bank_file(CASES_DIR / "99-fixture.yml")
SPECS = {spec.id: spec for spec in BANK}


def response_of(case: dict):
    if "response_repeat" in case:
        text, times = case["response_repeat"]
        return text * times
    return case["response"]


def expected(case: dict) -> dict:
    return {
        "status": case["status"],
        "score": case["score"],
        "message": case["message"],
        "feedback": case.get("feedback", []),
    }


@pytest.fixture(scope="module")
def compiled_bank() -> dict:
    return compile_bank(BANK)


def run_js(compiled: dict, cases: list[dict]) -> dict:
    """Verdicts of check.js under node, by case id."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the JavaScript checker tests", pytrace=False)
    result = subprocess.run(
        [node, str(RUN_CASES_JS)],
        input=json.dumps({"bank": compiled, "cases": cases}),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def js_verdicts(compiled_bank: dict) -> dict:
    return run_js(compiled_bank, CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_plain_key_verdict(case: dict) -> None:
    """Does the checker with the bank's plain key give the verdict the table expects?"""
    verdict = check_response(SPECS[case["exercise"]], response_of(case))
    assert verdict.to_dict() == expected(case)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_compiled_key_verdict(case: dict, compiled_bank: dict) -> None:
    """Does the checker with only the salted hashes give the same verdict as the plain key?"""
    exercise = next(e for e in compiled_bank["exercises"] if e["id"] == case["exercise"])
    assert check_compiled(exercise, response_of(case)).to_dict() == expected(case)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_javascript_verdict(case: dict, js_verdicts: dict) -> None:
    """Does check.js, as the browser runs it, give the same verdict as Python?"""
    assert js_verdicts[case["id"]] == expected(case)


def test_every_type_has_cases() -> None:
    """Does the shared table exercise every type of the fixture bank?"""
    covered = {SPECS[c["exercise"]].type for c in CASES}
    assert covered == {spec.type for spec in BANK} == set(TYPES)


@pytest.mark.parametrize("status", ["correct", "incorrect", "invalid"])
def test_every_type_has_right_wrong_and_malformed_cases(status: str) -> None:
    """Is every type covered by a right, a wrong and a malformed response?"""
    types = {SPECS[c["exercise"]].type for c in CASES if c["status"] == status}
    assert types == {spec.type for spec in BANK}


TRICKY = list("0123456789,.-+ %kmbnilothusad$") + [
    "\u2212",  # minus sign
    "\u00a0",  # no-break space
    "\uff11",  # full-width 1
    "\u0661",  # Arabic-Indic 1
    "\u2013",  # en dash
    "\u200b",  # zero-width space
    "ß",
    "İ",
    "Σ",
    "𝟙",
    "½",
    "ﬁ",
    "'",
    "\t",
]


def test_checkers_agree_on_seeded_random_responses(compiled_bank: dict) -> None:
    """Beyond the table: do all three checkers agree on 600 responses made of tricky characters?"""
    rnd = random.Random(20261128)
    typed = ["l99-numeric", "l99-percent", "l99-text", "l99-code-number", "l99-code-text"]
    seeds = ["1234.5", "1,234.5", "1.2345 bn", "20%", "37.5", "Islamabad", "kerry-lugar-berman"]
    cases = []
    for index in range(600):
        text = "".join(rnd.choice(TRICKY) for _ in range(rnd.randint(0, 12)))
        if index % 3 == 0:
            text = rnd.choice(seeds) + text[:2]
        cases.append({"id": str(index), "exercise": rnd.choice(typed), "response": text})
    js = run_js(compiled_bank, cases)
    exercises = {e["id"]: e for e in compiled_bank["exercises"]}
    disagreements = [
        case["response"]
        for case in cases
        if not (
            check_response(SPECS[case["exercise"]], case["response"]).to_dict()
            == check_compiled(exercises[case["exercise"]], case["response"]).to_dict()
            == js[case["id"]]
        )
    ]
    assert disagreements == []
