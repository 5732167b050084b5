"""One module per exercise type, with its twins: the schema, the JavaScript registries, the cases.

Adding a type means one Python module, one entry in each JavaScript registry and rows in the case
table; these tests name whatever is missing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from engine_js import evaluate

from uspak.course import Course
from uspak.exercises.bank import read_bank_file, validate_banks
from uspak.exercises.model import ExerciseSpec
from uspak.exercises.types import REGISTRY, TYPES

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src" / "uspak" / "exercises" / "static"
SCHEMA = json.loads((ROOT / "src" / "uspak" / "schemas" / "bank-v1.schema.json").read_text())
EXERCISE_SCHEMA = SCHEMA["$defs"]["exercise"]
FIXTURE = Path(__file__).parent / "cases" / "99-fixture.yml"
CASES = yaml.safe_load((Path(__file__).parent / "cases" / "check-cases.yml").read_text("utf-8"))


@pytest.mark.parametrize(
    "registry", ["check.TYPES", "exercise.CONTROLS"], ids=["check", "controls"]
)
def test_every_type_has_its_javascript_twin(registry):
    """Does each JavaScript registry have exactly one entry per registered type?"""
    assert sorted(evaluate(f"Object.keys({registry})")) == sorted(TYPES)


def test_every_type_is_in_the_bank_schema():
    """Does the bank schema name every type, with its own required fields?"""
    assert EXERCISE_SCHEMA["properties"]["type"]["enum"] == list(TYPES)
    conditioned = {rule["if"]["properties"]["type"]["const"] for rule in EXERCISE_SCHEMA["allOf"]}
    assert conditioned == set(TYPES)


@pytest.mark.parametrize("kind", TYPES)
def test_a_types_fields_are_fields_the_schema_knows(kind):
    """Is every YAML field a type takes a property of the schema's exercise?"""
    assert REGISTRY[kind].yaml_fields() <= set(EXERCISE_SCHEMA["properties"])


@pytest.mark.parametrize("kind", TYPES)
def test_every_type_has_rows_in_the_case_table(kind):
    """Does the shared table of cases check some exercise of every type?"""
    specs = {spec.id: spec for spec in read_bank_file(FIXTURE)}
    assert any(specs[case["exercise"]].type == kind for case in CASES["cases"])


@pytest.mark.parametrize("kind", TYPES)
def test_a_type_declares_fields_of_its_own(kind):
    """Does each type's class add its own fields to the common ones?"""
    assert REGISTRY[kind].yaml_fields() - ExerciseSpec.yaml_fields()


def test_a_field_of_another_type_is_refused(tmp_path):
    """Is an `options` list on a numeric exercise named as not applying, rather than ignored?"""
    bank = yaml.safe_load(FIXTURE.read_text("utf-8"))
    numeric = next(e for e in bank["exercises"] if e["type"] == "numeric")
    numeric["options"] = [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}]
    (tmp_path / "exercises").mkdir()
    path = tmp_path / "exercises" / "99-fixture.yml"
    path.write_text(yaml.safe_dump(bank, allow_unicode=True), "utf-8")
    problems = [str(p) for p in validate_banks(Course(tmp_path))]
    assert any(f"{numeric['id']}.options" in p and "does not apply" in p for p in problems)
