"""The import files written beside gradebook.csv: Canvas, Moodle and the long responses table.

A fixed class of three students over two lessons is graded by hand (no sandbox), so each file
can be compared with a golden copy under tests/grading/golden/ (``pytest --update-golden``
rewrites them after an intended change).
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from test_grading_fixtures import course, in_course, submission  # noqa: F401 - fixtures

from uspak.cli import main
from uspak.exercises.model import ExerciseSpec
from uspak.grading.exports import write_exports
from uspak.grading.exports.canvas import write_canvas
from uspak.grading.exports.responses import responses_schema
from uspak.grading.feedback import render_feedback_markdown
from uspak.grading.gradebook import write_gradebook
from uspak.grading.recheck import ExerciseResult, GradedSubmission
from uspak.submission import Submission

GOLDEN = Path(__file__).parent / "golden"
WHEN = datetime(2026, 11, 28, 10, tzinfo=UTC)


def spec(exercise: str, points: float = 1, objective: int = 1) -> ExerciseSpec:
    lesson = "04-aid" if exercise.startswith("l04") else "03-economy"
    return ExerciseSpec(
        id=exercise,
        lesson=lesson,
        objective=objective,
        prompt=f"Prompt of {exercise}?",
        points=points,
        explanation=f"Why {exercise} has its answer.",
    )


BANKS = {
    "03-economy": [spec("l03-choice"), spec("l03-year", points=2, objective=2)],
    "04-aid": [spec("l04-share")],
}


def result(exercise: str, status: str, earned: float, points: float = 1, **extra):
    return ExerciseResult(exercise, status, earned, points, "checked", **extra)


def handed_in(student: str, lesson: str, *results: ExerciseResult) -> GradedSubmission:
    sub = Submission(lesson=lesson, student=student, created=WHEN, origin="notebook")
    return GradedSubmission(sub, tuple(results))


CLASS = [
    handed_in(
        "amina",
        "03-economy",
        result("l03-choice", "correct", 1, response="b", attempts=2),
        result("l03-year", "incorrect", 0, 2, response="1955", attempts=3, revealed=True),
    ),
    handed_in("amina", "04-aid", result("l04-share", "partial", 0.5, response=["a", "c"])),
    handed_in(
        "=HYPERLINK(1)",
        "03-economy",
        result("l03-choice", "incorrect", 0, response="@SUM(A1)"),
        result("l03-year", "unanswered", 0, 2),
    ),
    handed_in("ben", "04-aid", result("l04-share", "correct", 1, response={"a": "x"})),
]


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    write_exports(tmp_path, CLASS, BANKS)
    write_gradebook(tmp_path / "gradebook.csv", CLASS, BANKS)
    write_canvas(tmp_path / "canvas-exercises.csv", graded=CLASS, banks=BANKS, exercises=True)
    amina = [item for item in CLASS if item.submission.student == "amina"]
    (tmp_path / "feedback-amina.md").write_text(
        render_feedback_markdown("amina", amina, BANKS), encoding="utf-8"
    )
    return tmp_path


def rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize(
    "name",
    [
        "gradebook.csv",
        "canvas.csv",
        "canvas-exercises.csv",
        "moodle.csv",
        "responses.csv",
        "attempts.csv",
        "feedback-amina.md",
    ],
)
def test_export_matches_its_golden_file(exports, update_golden, name):
    """Is each export, for the fixed class, byte for byte the reviewed golden file?"""
    written = (exports / name).read_text(encoding="utf-8")
    golden = GOLDEN / name
    if update_golden:
        golden.write_text(written, encoding="utf-8")
    assert written == golden.read_text(encoding="utf-8")


def test_canvas_starts_with_identity_columns_and_points_possible(exports):
    """Does canvas.csv have Canvas's five identity columns, then a Points Possible row first?"""
    header, first, *_ = rows(exports / "canvas.csv")
    assert header == [
        "Student", "ID", "SIS User ID", "SIS Login ID", "Section",
        "Lesson 03-economy", "Lesson 04-aid",
    ]  # fmt: skip
    assert first == ["Points Possible", "", "", "", "", "3", "1"]


@pytest.mark.parametrize(
    ("exercises", "expected"),
    [
        pytest.param(False, ["Lesson 03-economy", "Lesson 04-aid"], id="lessons-only"),
        pytest.param(
            True,
            [
                "Lesson 03-economy",
                "Lesson 03-economy: l03-choice",
                "Lesson 03-economy: l03-year",
                "Lesson 04-aid",
                "Lesson 04-aid: l04-share",
            ],
            id="with-exercises",
        ),
    ],
)
def test_canvas_exercise_columns_only_when_asked(tmp_path, exercises, expected):
    """Does canvas.csv hold one column per lesson, and per exercise only with the option?"""
    path = write_canvas(tmp_path / "c.csv", graded=CLASS, banks=BANKS, exercises=exercises)
    assert rows(path)[0][5:] == expected


def test_several_lessons_give_a_column_each_per_student(exports):
    """Do hand-ins for two lessons in one run give each student one row with both lessons?"""
    table = {row[0]: row[1:] for row in rows(exports / "moodle.csv")}
    assert table["username"] == ["Lesson 03-economy", "Lesson 04-aid"]
    assert table["amina"] == ["1", "0.5"]
    assert table["ben"] == ["", "1"]


@pytest.mark.parametrize(
    "name", ["gradebook.csv", "canvas.csv", "moodle.csv", "responses.csv", "attempts.csv"]
)
def test_no_cell_becomes_a_spreadsheet_formula(exports, name):
    """Does no cell in any CSV start with = + - @ (a formula in Excel or LibreOffice)?"""
    cells = [cell for row in rows(exports / name) for cell in row]
    assert "'=HYPERLINK(1)" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]


def test_responses_load_in_pandas_with_the_declared_types(exports):
    """Does responses.csv load in pandas with the dtypes its Table Schema declares?"""
    schema = responses_schema()
    pandas_types = {"string": "object", "integer": "Int64", "number": "float64"}
    dtypes = {
        f["name"]: pandas_types[f["type"]] for f in schema["fields"] if f["type"] in pandas_types
    }
    table = pd.read_csv(
        exports / "responses.csv",
        dtype=dtypes,
        keep_default_na=False,
        na_values={"attempts": [""]},
        true_values=["true"],
        false_values=["false"],
        parse_dates=["submitted"],
    )
    assert list(table.columns) == [f["name"] for f in schema["fields"]]
    assert table["revealed"].dtype == bool
    assert str(table["submitted"].dtype).startswith("datetime64")
    amina = table[(table["student"] == "amina") & (table["lesson"] == "03-economy")]
    assert amina["attempts"].tolist() == [2, 3]
    assert table["attempts"].isna().sum() == 4
    assert len(table) == 6  # one row per student × exercise of each lesson handed in


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        pytest.param([], ["Lesson 03-economy"], id="default"),
        pytest.param(
            ["--canvas-exercises"],
            [
                "Lesson 03-economy",
                "Lesson 03-economy: l03-choice",
                "Lesson 03-economy: l03-year",
                "Lesson 03-economy: l03-code",
                "Lesson 03-economy: l03-rows",
            ],
            id="canvas-exercises",
        ),
    ],
)
@pytest.mark.usefixtures("in_course")
def test_grade_command_writes_canvas_columns_as_asked(tmp_path, flags, expected):
    """Does ``uspak grade`` write canvas.csv per lesson, and per exercise with the flag?"""
    hand_ins = tmp_path / "in"
    hand_ins.mkdir()
    submission(hand_ins, "s1.json", "s1", {"l03-choice": {"response": "b"}})
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["grade", str(hand_ins), "--out", str(out), "--quiet", *flags]
    )
    assert result.exit_code == 0, result.output
    assert rows(out / "canvas.csv")[0][5:] == expected
