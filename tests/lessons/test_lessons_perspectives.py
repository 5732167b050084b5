"""Voices from every side: each bibliography entry says whose voice it is, each lesson cites
Pakistani, Indian and non-US international sources, not only American ones, and a lesson whose topic
concerns Kabul or Beijing cites that government's own words (the lesson's front matter declares
which: ``uspak.voices``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from uspak.course import Course
from uspak.lessons import taught_lessons

ROOT = Path(__file__).resolve().parents[2]
LESSONS = taught_lessons(Course(ROOT))  # an assessment page presents no perspectives of its own
IDS = [lesson.id for lesson in LESSONS]
PERSPECTIVES = {
    "us-official",
    "us-scholar",
    "us-media",
    "pakistani-official",
    "pakistani-scholar",
    "pakistani-media",
    "indian-official",
    "indian-scholar",
    "indian-media",
    "afghan-official",  # the Afghan government of the day, Taliban spokesmen since 2021 included
    "afghan-scholar",
    "afghan-media",
    "chinese-official",  # PRC foreign ministry, white papers, state media reporting officials' words
    "chinese-scholar",
    "chinese-media",
    "international",
}
_ENTRY = re.compile(r"^@\w+\{(?P<key>[^,\s]+),(?P<body>.*?)^\}", re.M | re.S)
_PERSPECTIVE = re.compile(r"^\s*perspective\s*=\s*\{(?P<value>[^}]*)\}", re.M)
_CITE = re.compile(r"\{cite(?::\w+)?\}`(?P<keys>[^`]*)`")


def _perspectives() -> dict[str, str]:
    text = (ROOT / "book/references.bib").read_text(encoding="utf-8")
    found = {}
    for entry in _ENTRY.finditer(text):
        value = _PERSPECTIVE.search(entry["body"])
        found[entry["key"]] = value["value"].strip() if value else ""
    return found


BIB = _perspectives()
# Gaps not yet closed with a verified source; strict, so closing one makes the test say so.
STILL_MISSING: set[tuple[str, str]] = set()


@pytest.mark.parametrize("key", sorted(BIB), ids=sorted(BIB))
def test_bib_entry_has_a_known_perspective(key):
    """Does the bibliography entry say whose voice it is, with a value the course knows?"""
    assert BIB[key] in PERSPECTIVES, f"book/references.bib: {key}: perspective {BIB[key]!r}"


def _cited_perspectives(lesson) -> set[str]:
    text = lesson.path.read_text(encoding="utf-8")
    keys = {k.strip() for m in _CITE.finditer(text) for k in m["keys"].split(",")}
    return {BIB[key] for key in keys if BIB.get(key)}  # unknown keys are the build's to refuse


@pytest.mark.parametrize(
    ("side", "accepts"),
    [
        ("pakistani", lambda p: p.startswith("pakistani-")),
        ("indian", lambda p: p.startswith("indian-")),
        ("non-US international", lambda p: not p.startswith(("us-", "pakistani-", "indian-"))),
    ],
    ids=["pakistani", "indian", "international"],
)
@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_lesson_cites_a_voice_from_each_side(lesson, side, accepts, request):
    """Does the lesson cite at least one Pakistani, one Indian and one non-US international source?"""
    if (lesson.id, request.node.callspec.id.split("-")[-1]) in STILL_MISSING:
        request.applymarker(pytest.mark.xfail(strict=True, reason="no verified source yet"))
    cited = _cited_perspectives(lesson)
    assert any(accepts(p) for p in cited), f"{lesson.path.name} cites no {side} source"


VOICED = [(lesson, voice) for lesson in LESSONS for voice in lesson.voices]


@pytest.mark.parametrize(
    ("lesson", "voice"), VOICED, ids=[f"{lesson.id}-{voice}" for lesson, voice in VOICED]
)
def test_lesson_cites_the_official_voice_it_declares(lesson, voice):
    """Does the lesson cite at least one source in the official voice its front matter declares?"""
    assert voice in PERSPECTIVES, f"{lesson.path.name}: uspak.voices: unknown perspective {voice!r}"
    cited = _cited_perspectives(lesson)
    assert voice in cited, f"{lesson.path.name} declares {voice} but cites no such source"
