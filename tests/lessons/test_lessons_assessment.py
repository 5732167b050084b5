"""The final assessment, as a specification: it draws new exercises from every lesson, its keys
follow from the course's data, and the teacher guide holds its extended-response rubric.

The page is declared an assessment in its front matter (``uspak.kind: assessment``); the tests
about taught lessons (a reading, claims, a timeline) skip it by that declaration.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from uspak.course import Course
from uspak.data import load_table
from uspak.exercises.bank import load_all_banks
from uspak.exercises.code_result import reference_value
from uspak.exercises.types import Code, Numeric
from uspak.lessons import list_lessons, taught_lessons

ROOT = Path(__file__).resolve().parents[2]
COURSE = Course(ROOT)
ASSESSMENTS = [lesson for lesson in list_lessons(COURSE) if lesson.is_assessment]
FINAL = "10-final-assessment"
BANKS = load_all_banks(COURSE)
FINAL_BANK = {spec.id: spec for spec in BANKS[FINAL]}
TEACHER_PAGE = ROOT / "book" / "teacher" / f"{FINAL}.md"


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def test_the_final_assessment_is_the_one_assessment_page():
    """Is the final assessment declared an assessment, after the ten taught lessons?"""
    assert [lesson.id for lesson in ASSESSMENTS] == [FINAL]
    assert max(lesson.number for lesson in taught_lessons(COURSE)) < ASSESSMENTS[0].number


def test_assessment_has_twelve_exercises_of_five_types():
    """Does the assessment have at least 12 exercises, of at least 5 types, each worth points?"""
    assert len(FINAL_BANK) >= 12
    assert len({spec.type for spec in FINAL_BANK.values()}) >= 5
    assert all(spec.points > 0 and spec.explanation for spec in FINAL_BANK.values())


def test_assessment_draws_on_every_taught_lesson():
    """Does each taught lesson have an exercise whose title names it ("Lesson 03: ...")?"""
    drawn = {
        int(number)
        for spec in FINAL_BANK.values()
        for number in re.findall(r"\bLesson (\d\d)\b", spec.title or "")
    }
    assert {lesson.number for lesson in taught_lessons(COURSE)} - drawn == set()


def test_assessment_objectives_are_the_pages_own():
    """Does every exercise assess one of the page's four objectives?"""
    assert {spec.objective for spec in FINAL_BANK.values()} <= {1, 2, 3, 4}


def test_assessment_exercises_are_new():
    """Does no assessment exercise repeat a practice exercise's prompt or its set of options?"""
    practice = [spec for lesson, bank in BANKS.items() if lesson != FINAL for spec in bank]
    prompts = {_normalised(spec.prompt) for spec in practice}
    options = {
        frozenset(_normalised(o.text) for o in spec.options)
        for spec in practice
        if hasattr(spec, "options")
    }
    for spec in FINAL_BANK.values():
        assert _normalised(spec.prompt) not in prompts, spec.id
        if hasattr(spec, "options"):
            assert frozenset(_normalised(o.text) for o in spec.options) not in options, spec.id


def _tbij(year: int) -> pd.Series:
    drones = load_table("drone_strikes")
    return drones[(drones["dataset"] == "tbij") & (drones["year"] == year)].iloc[0]


def _share(supplier: str, period: str) -> float:
    arms = load_table("arms_imports")
    row = arms[(arms["supplier"] == supplier) & (arms["period"] == period)]
    return float(row["share_pct"].iloc[0])


def _visits_under_military_rule() -> int:
    visits = load_table("visits")
    presidents = visits[
        (visits["office"] == "US President") & (visits["direction"] == "us_to_pakistan")
    ].sort_values("start")
    rule = load_table("rule_periods").sort_values("start")
    merged = pd.merge_asof(presidents, rule[["start", "regime"]], on="start")
    return int((merged["regime"] == "military").sum())


NUMERIC_KEYS = {
    "l10-civilians-per-strike": lambda: _tbij(2006)["civilians_low"] / _tbij(2006)["strikes"],
    "l10-us-share-drop": lambda: (
        _share("United States", "2010-2014") - _share("United States", "2015-2019")
    ),
    "l10-visits-under-generals": _visits_under_military_rule,
}


@pytest.mark.parametrize("exercise", sorted(NUMERIC_KEYS), ids=sorted(NUMERIC_KEYS))
def test_numeric_key_follows_from_the_data(exercise):
    """Is the exercise's key what the course's data give, computed here independently?"""
    spec = FINAL_BANK[exercise]
    if isinstance(spec, Code):
        key = float(reference_value(spec.solution, spec.result_name, spec.check))
    else:
        assert isinstance(spec, Numeric)
        key = float(spec.answer)
    assert key == pytest.approx(float(NUMERIC_KEYS[exercise]()), abs=0.05)


def test_constant_dollar_key_follows_from_the_data():
    """Is FY2010 over five times FY1962 in current dollars, yet below it in constant dollars?"""
    aid = load_table("aid_flows").set_index("fiscal_year")
    assert aid.loc["2010", "total_current_musd"] > 5 * aid.loc["1962", "total_current_musd"]
    assert aid.loc["1962", "total_const2020_musd"] > aid.loc["2010", "total_const2020_musd"]
    assert FINAL_BANK["l10-constant-dollar-error"].answer == "b"


def test_trade_key_follows_from_the_data():
    """Is every listed balance a US deficit, the largest in 2024, with most years missing?"""
    trade = load_table("trade")
    assert (trade["balance_musd"] < 0).all()
    assert trade.loc[trade["balance_musd"].idxmin(), "year"] == 2024
    assert len(trade) < (2024 - 2004 + 1) / 2
    assert set(FINAL_BANK["l10-trade-inferences"].answer) == {"a", "c", "d"}


def test_transparency_key_follows_from_the_data():
    """Does every row of the warheads table cite an outside estimator (FAS or SIPRI)?"""
    sources = set(load_table("warheads")["source_id"])
    assert all(source.startswith(("fas-", "sipri-")) for source in sources), sources


def test_claim_keys_follow_from_the_claims_table():
    """Do the claim numbers and findings the exercises use match data/article_claims.csv?"""
    claims = load_table("article_claims").set_index("claim_id")["finding"]
    findings = {"supported": "supported", "partly": "partly supported"}
    findings |= {"contradicted": "contradicted", "unverifiable": "unverifiable"}
    for left, right in FINAL_BANK["l10-claim-findings"].answer.items():
        claim = f"{left[1:3]}.{left[3]}"
        assert claims[claim] == findings[right], claim
    assert claims["09.2"] == "contradicted"
    assert "09.2" in FINAL_BANK["l10-imf-claim"].accept


def test_extended_response_names_existing_claims_and_three_lessons():
    """Does the extended response offer claims the claims table has, and ask for three lessons?"""
    page = next(lesson for lesson in ASSESSMENTS if lesson.id == FINAL).path.read_text()
    section = page[page.index("## Extended response") :]
    section = section[: section.index("\n## ")]
    offered = set(re.findall(r"\b\d\d\.\d\b", section))
    assert offered and offered <= set(load_table("article_claims")["claim_id"])
    assert "at least three lessons" in section


def test_teacher_page_has_a_four_level_rubric():
    """Does the teacher page give the extended response a rubric of four numbered levels?"""
    text = TEACHER_PAGE.read_text(encoding="utf-8")
    rubric = text[text.index("### Rubric") :]
    levels = re.findall(r"^\| (\d)\. \w+", rubric, flags=re.M)
    assert levels == ["1", "2", "3", "4"]


def test_teacher_page_lists_every_exercise():
    """Does the teacher page's table name every exercise of the assessment bank?"""
    text = TEACHER_PAGE.read_text(encoding="utf-8")
    assert set(FINAL_BANK) - set(re.findall(r"^\| (l10-[a-z0-9-]+) \|", text, flags=re.M)) == set()


def test_assessment_edition_compiles_the_page_without_key_material():
    """In the assessment edition, does the page's compiled bank carry no key field at all?"""
    from uspak.exercises.compile import compile_bank
    from uspak.exercises.edition import KEY_FIELDS

    compiled = compile_bank(BANKS[FINAL], edition="assessment")
    exercises = compiled["exercises"]
    assert len(exercises) == len(FINAL_BANK)
    assert all(set(KEY_FIELDS).isdisjoint(exercise) for exercise in exercises)
    choices = [
        c for e in exercises for name in ("options", "left", "right") for c in e.get(name, [])
    ]
    assert all("feedback" not in choice for choice in choices)


def test_assessment_exercises_give_no_hints():
    """Does no assessment exercise carry hints (which the assessment edition still shows)?"""
    assert [spec.id for spec in FINAL_BANK.values() if spec.hints] == []
