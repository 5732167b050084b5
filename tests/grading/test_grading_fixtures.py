"""A tiny course for the grading tests: the project's data/ and one small bank with known keys.

Other grading test modules import the fixtures from here. The course lives in a world-readable
temporary folder, so that a sandboxed worker running as ``nobody`` is kept from its exercises/ by
the sandbox, not merely by the permissions of pytest's private tmp folder.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from uspak.submission import write_submission

ROOT = Path(__file__).resolve().parents[2]
LESSON = "03-economy"
BANK = """\
schema_version: 1
lesson: 03-economy
exercises:
  - id: l03-choice
    type: single_choice
    objective: 1
    prompt: Pick b.
    options:
      - {id: a, text: "Option A", feedback: "A is the trap."}
      - {id: b, text: "Option B"}
    answer: b
    explanation: B is right because the test says so.
  - id: l03-year
    type: numeric
    objective: 1
    points: 2
    prompt: Which year?
    answer: 1954
    precision: 0
    forms: [plain]
    explanation: The agreement was signed in 1954.
  - id: l03-code
    type: code
    objective: 1
    prompt: Compute six times seven.
    starter: "answer = None"
    result_name: answer
    solution: "answer = 6 * 7"
    check: {kind: number, precision: 0}
    explanation: Six sevens are forty-two.
  - id: l03-rows
    type: code
    objective: 1
    prompt: How many rows does the sources table have?
    starter: "answer = None"
    result_name: answer
    solution: |
      from uspak import load_table
      answer = len(load_table("sources"))
    check: {kind: number, precision: 0}
"""
RIGHT = {
    "l03-choice": {"response": "b"},
    "l03-year": {"response": "1954"},
    "l03-code": {"response": {"code": "answer = 6 * 7", "value": 42}},
    "l03-rows": {
        "response": {
            "code": "from uspak import load_table\nanswer = load_table('sources').shape[0]",
            "value": 0,
        }
    },
}
WHEN = datetime(2026, 11, 28, 10, tzinfo=UTC)


@pytest.fixture(scope="session")
def course() -> Path:
    """A course folder (data/ copied from the project, exercises/ holding BANK), as USPAK_ROOT."""
    root = Path(tempfile.mkdtemp(prefix="uspak-test-course-"))
    root.chmod(0o755)
    shutil.copytree(ROOT / "data", root / "data")
    (root / "exercises").mkdir()
    (root / "exercises" / f"{LESSON}.yml").write_text(BANK, encoding="utf-8")
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def make_victim(course: Path, name: str) -> Path:
    """A file student code will try to delete, in a folder anyone may write to: only the sandbox
    stands between it and the code (the course folder is visible inside the sandbox)."""
    folder = course / "teacher-notes"
    folder.mkdir(exist_ok=True)
    folder.chmod(0o777)
    path = folder / name
    path.write_text("keep me")
    path.chmod(0o666)
    return path


@pytest.fixture
def in_course(course: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("USPAK_ROOT", str(course))
    return course


def submission(folder: Path, name: str, student: str = "s1", responses=None, **fields) -> Path:
    """Write a valid submission file; ``fields`` (created, lesson, origin) override defaults."""
    return write_submission(
        folder / name,
        fields.get("lesson", LESSON),
        student,
        RIGHT if responses is None else responses,
        fields.get("origin", "notebook"),
        created=fields.get("created", WHEN),
    )


def raw_submission(folder: Path, name: str, document: dict) -> Path:
    """Write any JSON as a would-be submission (for files the writer would refuse)."""
    path = folder / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def notebook(cells: list[str], metadata: dict | None = None) -> bytes:
    """An .ipynb with these code cells."""
    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": metadata or {},
            "cells": [
                {"cell_type": "code", "source": src, "metadata": {}, "outputs": []} for src in cells
            ],
        }
    ).encode("utf-8")
