"""``verify_submission`` and the two click commands: what students and teachers see."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_grading_fixtures import (  # noqa: F401 - fixtures
    LESSON,
    RIGHT,
    course,
    in_course,
    notebook,
    submission,
)

from uspak.cli import grade as grade_command
from uspak.cli import verify_submission_command
from uspak.grading import verify_submission

pytestmark = pytest.mark.usefixtures("in_course")
WEBSITE = {"l03-choice": {"response": "a"}, "l03-code": {"response": {"value": "1"}}}


def test_valid_file_has_no_problems(tmp_path):
    """Does a valid submission, wrong answers and all, pass the check?"""
    assert verify_submission(submission(tmp_path, "s1.json", responses=WEBSITE)) == []


def test_verify_reveals_nothing_about_right_or_wrong(tmp_path):
    """Do a right and a wrong submission get the same (empty) answer?"""
    right = submission(tmp_path, "right.json", responses=RIGHT)
    wrong = submission(tmp_path, "wrong.json", responses=WEBSITE)
    assert verify_submission(right) == verify_submission(wrong) == []


@pytest.mark.parametrize(
    ("fields", "responses", "item"),
    [
        pytest.param({"lesson": "04-nuclear"}, {}, "lesson", id="unknown-lesson"),
        pytest.param(
            {}, {"l03-nowhere": {"response": "a"}}, "responses.l03-nowhere", id="unknown-exercise"
        ),
        pytest.param({}, {}, None, id="no-responses"),
    ],
)
def test_problems_name_the_field(tmp_path, fields, responses, item):
    """Is an unknown lesson, an unknown exercise or an empty file reported against its field?"""
    path = submission(tmp_path, "s1.json", responses=responses, **fields)
    problems = verify_submission(path)
    assert [p.item for p in problems] == [item]


def test_missing_student_is_reported(tmp_path):
    """Is a file without a student id refused, naming the field?"""
    doc = json.loads(submission(tmp_path, "s1.json").read_text())
    del doc["student"]
    path = tmp_path / "anon.json"
    path.write_text(json.dumps(doc))
    assert [p.item for p in verify_submission(path)] == ["student"]


def test_notebook_without_exercise_cells_is_reported(tmp_path):
    """Is a notebook with no '# Exercise' cell reported as having nothing to grade?"""
    path = tmp_path / f"s1__{LESSON}.ipynb"
    path.write_bytes(notebook(["print('hello')"]))
    [problem] = verify_submission(path)
    assert "# Exercise" in problem.message


def test_verify_command_exit_codes(tmp_path):
    """Does the command exit 0 with 'ready' for a good file and 1 with the problem for a bad one?"""
    runner = CliRunner()
    good = runner.invoke(verify_submission_command, [str(submission(tmp_path, "s1.json"))])
    assert good.exit_code == 0 and "ready to hand in" in good.output
    bad_path = tmp_path / "bad.json"
    bad_path.write_text("{")
    bad = runner.invoke(verify_submission_command, [str(bad_path)])
    assert bad.exit_code == 1 and "not valid JSON" in bad.output


@pytest.mark.parametrize(
    ("args", "env"),
    [
        pytest.param(["--quiet"], {}, id="quiet"),
        pytest.param([], {"CI": "true"}, id="in-ci"),
    ],
)
def test_grade_command_prints_only_the_summary(tmp_path, args, env):
    """With --quiet or in CI, is the output just the summary and where the files are?"""
    submission(tmp_path / "in", "s1.json", responses=WEBSITE)
    runner = CliRunner(env=env)
    result = runner.invoke(
        grade_command, [str(tmp_path / "in"), "--out", str(tmp_path / "out"), *args]
    )
    assert result.exit_code == 0
    assert "1 graded" in result.output
    assert "\r" not in result.output and "[" not in result.output
    assert (tmp_path / "out" / "gradebook.csv").is_file()


def test_regrading_into_the_same_folder_leaves_no_stale_feedback(tmp_path):
    """After grading again into one folder, is there feedback only for this run's students?"""
    from uspak.grading import grade

    submission(tmp_path / "first", "s1.json", "s1", WEBSITE)
    submission(tmp_path / "second", "s2.json", "s2", WEBSITE)
    grade([tmp_path / "first"], out=tmp_path / "out", quiet=True)
    report = grade([tmp_path / "second"], out=tmp_path / "out", quiet=True)
    assert sorted(p.name for p in report.feedback_dir.iterdir()) == ["s2.html", "s2.md"]
