"""The student copy: the course without its answer keys, still self-checking in notebooks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import stderr_outputs

from uspak.course import Course
from uspak.exercises.bank import load_all_banks
from uspak.publish.student_copy import write_student_copy

ROOT = Path(__file__).resolve().parents[2]
PLAIN_KEY_FIELDS = {"answer", "accept", "wrong_answers"}


@pytest.fixture(scope="module")
def student_copy(tmp_path_factory) -> Path:
    return write_student_copy(tmp_path_factory.mktemp("hub") / "course", course=Course(ROOT))


@pytest.fixture
def in_student_copy(student_copy, monkeypatch, tmp_path) -> Path:
    """Work as a student does: USPAK_ROOT at the copy, answers recorded in a scratch folder."""
    monkeypatch.setenv("USPAK_ROOT", str(student_copy))
    monkeypatch.chdir(tmp_path)
    return student_copy


def _keys(node) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in _keys(v)}
    if isinstance(node, list):
        return {k for v in node for k in _keys(v)}
    return set()


def test_student_copy_has_no_plain_bank(student_copy):
    """Does the copy leave out every exercises/*.yml, the files that hold the keys?"""
    assert list((student_copy / "exercises").rglob("*.yml")) == []
    assert sorted(p.stem for p in (student_copy / "exercises/compiled").glob("*.json")) == sorted(
        load_all_banks(Course(ROOT))
    )


def test_compiled_banks_carry_no_key_field(student_copy):
    """Do the compiled banks hold hashes only, with no field that states an answer?"""
    for path in (student_copy / "exercises/compiled").glob("*.json"):
        assert _keys(json.loads(path.read_text())) & PLAIN_KEY_FIELDS == set(), path.name


def test_student_copy_refuses_a_folder_in_use(student_copy):
    """Is an existing, non-empty folder refused rather than overwritten?"""
    with pytest.raises(FileExistsError, match="not empty"):
        write_student_copy(student_copy, course=Course(ROOT))


@pytest.mark.parametrize(
    ("exercise_id", "wrong"),
    [("l00-peak-year", "zz-no-such-option"), ("l01-pressler-name", "the symington amendment")],
    ids=["single-choice", "short-text"],
)
def test_notebook_exercise_checks_against_hashes_in_the_copy(in_student_copy, exercise_id, wrong):
    """In a copy with no plain key, does a notebook exercise still mark right and wrong answers?"""
    from uspak.exercises.notebook import _find, exercise_view
    from uspak.exercises.student import CompiledExercise

    plain = {s.id: s for bank in load_all_banks(Course(ROOT)).values() for s in bank}[exercise_id]
    spec = _find(exercise_id)
    assert isinstance(spec, CompiledExercise)
    widget = exercise_view(spec).widget
    widget.response = wrong
    assert widget.check().status in ("incorrect", "invalid")
    widget.response = plain.answer if plain.type != "short_text" else plain.accept[0]
    assert widget.check().status == "correct"
    assert widget.explanation  # revealed once solved, decoded from the copy


@pytest.mark.slow
def test_a_lesson_runs_in_the_student_copy(in_student_copy, run_notebook):
    """Does a lesson notebook of the copy run from a fresh kernel, exercises and all?"""
    notebook = run_notebook(in_student_copy / "lessons" / "01-history.ipynb")
    assert stderr_outputs(notebook) == []


@pytest.fixture(scope="module")
def assessment_copy(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exam") / "course"
    return write_student_copy(out, course=Course(ROOT), edition="assessment")


def test_an_assessment_copy_carries_no_key_material(assessment_copy):
    """Does the assessment copy hold no hash, salt, explanation or solution, only the questions?"""
    for path in (assessment_copy / "exercises/compiled").glob("*.json"):
        document = json.loads(path.read_text())
        assert _keys(document) & {"key", "salt", "wrong", "explanation", "solution"} == set()
        assert not re.search(r"\b[0-9a-f]{64}\b", path.read_text()), path.name


def test_a_notebook_exercise_in_the_assessment_copy_only_records(assessment_copy, monkeypatch):
    """Is a right answer in an assessment notebook recorded, not marked, and nothing revealed?"""
    monkeypatch.setenv("USPAK_ROOT", str(assessment_copy))
    monkeypatch.chdir(assessment_copy)
    from uspak.exercises.notebook import _find, exercise_view

    plain = {s.id: s for bank in load_all_banks(Course(ROOT)).values() for s in bank}[
        "l00-peak-year"
    ]
    widget = exercise_view(_find("l00-peak-year")).widget
    for _ in range(plain.reveal_after + 1):
        widget.response = plain.answer
        assert widget.check().status == "recorded"
    assert widget.explanation == "" and widget.solution == ""
