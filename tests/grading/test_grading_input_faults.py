"""One bad input never costs a good one: a grader exception on one file is that file's line in
the report, the outputs are always written, and ``uspak grade``'s exit code says how it went."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from grading_inputs_class import (
    HONEST_COUNT,
    assert_honest_full_marks,
    gradebook_rows,
    run_grade,
    write_honest,
)
from test_grading_fixtures import LESSON, course  # noqa: F401 - fixtures

import uspak.grading.feedback
import uspak.grading.inputs
import uspak.grading.run
from uspak.cli import grade as grade_command
from uspak.grading.report import EXIT_ALL_GRADED, EXIT_GRADER_FAULT, EXIT_SOME_REFUSED

VICTIM = "07a-honest.json"  # h07's file: the one the injected fault hits


def boom(*_args, **_kwargs):
    raise RuntimeError("injected fault")


def only_for_victim(original, pick):
    """``original``, except that it raises when ``pick(args)`` names the victim's file."""

    def wrapper(*args, **kwargs):
        if pick(args):
            boom()
        return original(*args, **kwargs)

    return wrapper


# stage -> (module, function, how to spot the victim among the arguments)
STAGES = {
    "reading-the-file": (
        uspak.grading.inputs,
        "_file",
        lambda args: args[0].name == VICTIM,
    ),
    "parsing-it": (
        uspak.grading.run,
        "parse_submission",
        lambda args: args[0].startswith(b"{") and b'"h07"' in args[0],
    ),
    "re-checking-it": (
        uspak.grading.run,
        "recheck",
        lambda args: args[0].student == "h07",
    ),
    "writing-its-feedback": (
        uspak.grading.run,
        "render_feedback_markdown",
        lambda args: args[0] == "h07",
    ),
}


@pytest.mark.parametrize("stage", list(STAGES))
def test_a_fault_on_one_file_costs_only_that_file(course, tmp_path, monkeypatch, stage):  # noqa: F811
    """Does an exception while handling h07's file reject that file alone, as a grader fault?"""
    module, name, pick = STAGES[stage]
    monkeypatch.setattr(module, name, only_for_victim(getattr(module, name), pick))
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(HONEST_COUNT):
        write_honest(folder, course, index)
    report = run_grade([folder], tmp_path / "out", course)
    [item] = [i for i in report.inputs if i.label == str(folder / VICTIM)]
    assert item.outcome == "rejected" and item.fault
    assert "grader fault" in item.detail and "injected fault" in item.detail
    others = [i for i in range(HONEST_COUNT) if i != 7]
    assert set(gradebook_rows(report)) == {f"h{i:02d}" for i in others}
    assert_honest_full_marks(report, count=7)
    assert len(list(report.feedback_dir.glob("*.md"))) == HONEST_COUNT - 1
    assert f"  {folder / VICTIM}: grader fault" in report.report_file.read_text(encoding="utf-8")
    assert report.exit_code == EXIT_GRADER_FAULT


def invoke(args):
    return CliRunner().invoke(grade_command, [str(a) for a in args], catch_exceptions=False)


def test_exit_code_is_0_when_everything_is_graded(course, tmp_path, monkeypatch):  # noqa: F811
    """Does uspak grade exit 0 when every input was graded?"""
    monkeypatch.setenv("USPAK_ROOT", str(course))
    write_honest(tmp_path, course, 0)
    result = invoke([tmp_path, "--out", tmp_path / "out", "--quiet"])
    assert result.exit_code == EXIT_ALL_GRADED


def test_exit_code_says_some_inputs_were_refused(course, tmp_path, monkeypatch):  # noqa: F811
    """Does uspak grade exit 3 when some inputs were refused, having written every output?"""
    monkeypatch.setenv("USPAK_ROOT", str(course))
    write_honest(tmp_path, course, 0)
    (tmp_path / "noise.json").write_bytes(b"\xff\xfe")
    result = invoke([tmp_path, "--out", tmp_path / "out", "--quiet"])
    assert result.exit_code == EXIT_SOME_REFUSED
    assert all((tmp_path / "out" / name).exists() for name in ("gradebook.csv", "report.txt"))
    assert (tmp_path / "out" / "feedback" / "h00.md").exists()


def test_exit_code_says_the_course_is_broken(course, tmp_path, monkeypatch):  # noqa: F811
    """Does a course whose bank does not load give exit 4 and one line naming the file?"""
    import shutil

    broken = tmp_path / "course"
    shutil.copytree(course, broken)
    (broken / "exercises" / f"{LESSON}.yml").write_text("schema_version: 1\nlesson: [", "utf-8")
    monkeypatch.setenv("USPAK_ROOT", str(broken))
    write_honest(tmp_path, course, 0)
    result = CliRunner().invoke(grade_command, [str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == EXIT_GRADER_FAULT
    assert "the course is broken" in result.output and f"{LESSON}.yml" in result.output
    assert "Traceback" not in result.output


def test_help_documents_the_exit_codes():
    """Does uspak grade --help list what 0, 3 and 4 mean?"""
    text = CliRunner().invoke(grade_command, ["--help"]).output
    assert all(f"  {code}  " in text for code in ("0", "3", "4"))


def test_a_feedback_file_that_cannot_be_written_costs_only_that_student(course, tmp_path):  # noqa: F811
    """When h07's feedback file cannot be created, is h07 alone reported as a grader fault, with
    every other student's feedback and gradebook row written?"""
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(HONEST_COUNT):
        write_honest(folder, course, index)
    (tmp_path / "out" / "feedback" / "h07.md").mkdir(parents=True)  # in the way of the file
    report = run_grade([folder], tmp_path / "out", course)
    [item] = [i for i in report.inputs if i.label == str(folder / VICTIM)]
    assert item.outcome == "rejected" and item.fault and "writing feedback" in item.detail
    assert set(gradebook_rows(report)) == {f"h{i:02d}" for i in range(HONEST_COUNT) if i != 7}
    assert len([p for p in report.feedback_dir.glob("*.md") if p.is_file()]) == HONEST_COUNT - 1
    assert report.exit_code == EXIT_GRADER_FAULT
