"""One grammar for lesson and exercise ids: the schemas and the data descriptor use uspak.ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from uspak import ids

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "src" / "uspak" / "schemas"


def patterns_at(document: object, key: str) -> list[str]:
    """Every ``pattern`` of a property named ``key``, anywhere in a JSON document."""
    found: list[str] = []
    if isinstance(document, dict):
        for name, value in document.items():
            if name == key and isinstance(value, dict) and "pattern" in value:
                found.append(value["pattern"])
            found += patterns_at(value, key)
    elif isinstance(document, list):
        for item in document:
            found += patterns_at(item, key)
    return found


@pytest.mark.parametrize(
    ("schema", "key", "pattern"),
    [
        ("bank-v1", "lesson", ids.LESSON_ID_PATTERN),
        ("submission-v1", "lesson", ids.LESSON_ID_PATTERN),
        ("submission-v1", "propertyNames", ids.EXERCISE_ID_PATTERN),
        ("progress-v1", "lesson", ids.LESSON_ID_PATTERN),
        ("progress-v1", "propertyNames", ids.EXERCISE_ID_PATTERN),
    ],
    ids=[
        "bank-lesson",
        "submission-lesson",
        "submission-exercise",
        "progress-lesson",
        "progress-exercise",
    ],
)
def test_schemas_use_the_id_grammar(schema, key, pattern):
    """Does the schema's id pattern equal the one in uspak.ids?"""
    document = json.loads((SCHEMAS / f"{schema}.schema.json").read_text(encoding="utf-8"))
    assert set(patterns_at(document, key)) == {pattern}


def test_bank_exercise_ids_use_the_grammar():
    """Do the bank schema's exercise ids follow the grammar?"""
    document = json.loads((SCHEMAS / "bank-v1.schema.json").read_text(encoding="utf-8"))
    assert ids.EXERCISE_ID_PATTERN in patterns_at(document, "id")


def test_the_timeline_lessons_column_uses_the_grammar():
    """Does the data descriptor's `lessons` column accept lesson ids by grammar, not by list?"""
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    fields = [
        f for r in descriptor["resources"] for f in r["schema"]["fields"] if f["name"] == "lessons"
    ]
    assert fields and {f["constraints"]["pattern"] for f in fields} == {ids.LESSON_LIST_PATTERN}


@pytest.mark.parametrize(
    ("text", "lesson", "exercise"),
    [
        ("03-economy", True, False),
        ("l03-aid-peak", False, True),
        ("3-economy", False, False),
        ("03-economy-", False, False),
        ("l03-Aid", False, False),
        ("03-economy\n", False, False),
    ],
    ids=["lesson", "exercise", "one-digit", "trailing-dash", "capital", "newline"],
)
def test_id_grammar(text, lesson, exercise):
    """Which texts are lesson ids and which exercise ids?"""
    assert (ids.is_lesson_id(text), ids.is_exercise_id(text)) == (lesson, exercise)
