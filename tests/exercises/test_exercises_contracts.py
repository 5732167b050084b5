"""The written contracts between Python and JavaScript, tested from both sides.

- The compiled bank (what Python hands the browser) has a JSON Schema; every bank of the course
  compiles to a document it accepts, and the JavaScript reads no field the schema does not declare.
- The widgets' traits are declared once in Python; the website's model in exercise.js starts with
  exactly those names.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from engine_js import evaluate

from uspak.course import Course
from uspak.exercises.bank import load_all_banks, read_bank_file
from uspak.exercises.compile import compile_bank
from uspak.exercises.widget import ExerciseWidget, HandInWidget, front_end_traits
from uspak.schema_check import load_schema, schema_errors

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src" / "uspak" / "exercises" / "static"
FIXTURE = Path(__file__).parent / "cases" / "99-fixture.yml"
BANKS = {**load_all_banks(Course(ROOT)), "99-fixture": read_bank_file(FIXTURE)}
SCHEMA = load_schema("compiled-bank-v1")


@pytest.mark.parametrize("lesson", sorted(BANKS))
def test_every_bank_compiles_to_what_the_schema_declares(lesson):
    """Does the compiled bank of each lesson (and the fixture, every type) pass its schema?"""
    errors = schema_errors("compiled-bank-v1", compile_bank(BANKS[lesson]))
    assert [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors] == []


def test_the_schema_refuses_a_plain_key():
    """Would a compiled exercise that carried its plain answer be refused?"""
    compiled = compile_bank(BANKS["99-fixture"])
    compiled["exercises"][0]["answer"] = "b"
    assert schema_errors("compiled-bank-v1", compiled)


@pytest.mark.parametrize("script", ["check.js", "exercise.js"])
def test_javascript_reads_only_declared_fields(script):
    """Is every `ex.<field>` the JavaScript reads a field of the compiled exercise's schema?"""
    declared = set(SCHEMA["$defs"]["exercise"]["properties"])
    read = set(re.findall(r"\bex\.([a-z_]+)", (STATIC / script).read_text("utf-8")))
    assert read and read <= declared, sorted(read - declared)


def test_the_websites_exercise_model_has_the_widgets_traits():
    """Does exerciseState() build exactly the traits ExerciseWidget declares?"""
    exercise = compile_bank(BANKS["99-fixture"])["exercises"][0]
    state = evaluate("exercise.exerciseState(data, {}, check)", exercise)
    assert set(state) == front_end_traits(ExerciseWidget)


def test_the_websites_hand_in_model_has_the_widgets_traits():
    """Does handInState() build exactly the traits HandInWidget declares?"""
    state = evaluate("exercise.handInState(data, 's1', '')", {"lesson": "99-fixture"})
    assert set(state) == front_end_traits(HandInWidget)
