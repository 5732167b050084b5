"""Honest hand-ins to interleave with hostile inputs, and a grading run over them.

The honest answers carry no code (the website's form), so these runs start no sandbox: they test
the reading of inputs, not the running of code, and stay fast.
"""

from __future__ import annotations

import csv
from pathlib import Path

from test_grading_fixtures import LESSON, WHEN, submission

from uspak.grading import grade
from uspak.grading.report import GradeReport

FULL_MARKS = "5"
HONEST_COUNT = 20


def honest_answers(course: Path) -> dict:
    """Every exercise right, as the website hands it in (values, no code)."""
    with (course / "data" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = len(list(csv.DictReader(handle)))
    return {
        "l03-choice": {"response": "b"},
        "l03-year": {"response": "1954"},
        "l03-code": {"response": {"value": "42"}},
        "l03-rows": {"response": {"value": str(rows)}},
    }


def write_honest(folder: Path, course: Path, index: int, name: str | None = None) -> Path:
    """``NNa-honest.json`` for student hNN, all right; it sorts just before a ``NNb-`` file."""
    name = name or f"{index:02d}a-honest.json"
    return submission(folder, name, f"h{index:02d}", honest_answers(course), created=WHEN)


def run_grade(inputs: list[Path], out: Path, course: Path) -> GradeReport:
    import pytest

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("USPAK_ROOT", str(course))
        return grade(inputs, out=out, quiet=True, jobs=1)


def gradebook_rows(report: GradeReport) -> dict[str, dict[str, str]]:
    with report.gradebook.open(encoding="utf-8", newline="") as handle:
        return {row["SIS User ID"]: row for row in csv.DictReader(handle)}


def assert_honest_full_marks(report: GradeReport, count: int = HONEST_COUNT) -> None:
    rows = gradebook_rows(report)
    marks = {f"h{i:02d}": rows.get(f"h{i:02d}", {}).get(f"{LESSON} total") for i in range(count)}
    assert marks == {student: FULL_MARKS for student in marks}
