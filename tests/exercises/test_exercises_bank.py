"""Exercise banks: what ``uspak check`` accepts, and what it says about a bank it rejects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from uspak.course import Course
from uspak.exercises.bank import (
    ExerciseSpec,
    find_exercise,
    load_all_banks,
    load_bank,
    read_bank_file,
    validate_banks,
)
from uspak.problems import CourseFileError

FIXTURE = Path(__file__).parent / "cases" / "99-fixture.yml"

GOOD = """\
schema_version: 1
lesson: 99-fixture
exercises:
  - id: l99-one
    type: single_choice
    objective: 1
    prompt: "Which?"
    options:
      - {id: a, text: "A"}
      - {id: b, text: "B"}
    answer: b
  - id: l99-two
    type: numeric
    objective: 1
    prompt: "How many?"
    answer: 12.5
    precision: 1
"""

# (id, text to replace, replacement, expected item, words the message must contain, line)
BAD_BANKS = [
    (
        "answer-not-an-option",
        "answer: b",
        "answer: z",
        "l99-one.answer",
        "not one of the option",
        11,
    ),
    ("unknown-type", "type: numeric", "type: essay", "l99-two.type", "is not one of", 13),
    ("missing-prompt", '    prompt: "How many?"\n', "", "l99-two", "'prompt' is a required", 12),
    ("misspelt-field", "precision: 1", "precison: 1", "l99-two", "unknown field", 12),
    ("bad-exercise-id", "id: l99-two", "id: Two", "Two.id", "does not match", 12),
    (
        "yes-as-option-id",
        "{id: b, text",
        "{id: yes, text",
        "l99-one.options.1.id",
        "not of type",
        10,
    ),
    (
        "tolerance-finer-than-precision",
        "precision: 1",
        "precision: 1\n    tolerance: 0.05",
        "l99-two.tolerance",
        "multiple of",
        18,
    ),
    (
        "unreadable-wrong-answer",
        "precision: 1",
        'precision: 1\n    wrong_answers:\n      - {response: "12,5", feedback: "No."}',
        "l99-two.wrong_answers.0.response",
        "Commas must separate groups of three",
        19,
    ),
    (
        "wrong-answer-not-an-option",
        "answer: b",
        'answer: b\n    wrong_answers:\n      - {response: c, feedback: "No."}',
        "l99-one.wrong_answers.0.response",
        "Choose one of the options listed",
        13,
    ),
    (
        "unknown-skill",
        "type: numeric",
        "type: numeric\n    skill: recall",
        "l99-two.skill",
        "is not one of",
        14,
    ),
    (
        "misshapen-excerpt-id",
        "type: numeric",
        "type: numeric\n    excerpt: KLB",
        "l99-two.excerpt",
        "does not match",
        14,
    ),
    (
        "wrong-schema-version",
        "schema_version: 1",
        "schema_version: 2",
        "schema_version",
        "1 was expected",
        1,
    ),
    (
        "lesson-differs-from-file",
        "lesson: 99-fixture",
        "lesson: 98-other",
        None,
        "differs from file name",
        1,
    ),
]


def write_bank(root: Path, text: str) -> Path:
    path = root / "exercises" / "99-fixture.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_course_banks_are_valid() -> None:
    """Does every bank the lesson writers committed in exercises/ pass validation?"""
    assert [str(p) for p in validate_banks()] == []


def test_fixture_bank_loads_typed_specs(tmp_path: Path) -> None:
    """Does a bank load into typed specs, in bank order, with defaults filled in?"""
    (tmp_path / "exercises").mkdir()
    shutil.copy(FIXTURE, tmp_path / "exercises" / FIXTURE.name)
    specs = load_bank("99-fixture", course=Course(tmp_path))
    assert all(isinstance(spec, ExerciseSpec) for spec in specs)
    assert specs[0].id == "l99-single" and specs[0].reveal_after == 2
    assert specs[2].points == 1 and specs[2].scoring == "all_or_nothing"


@pytest.mark.parametrize(
    ("old", "new", "item", "words", "line"),
    [case[1:] for case in BAD_BANKS],
    ids=[case[0] for case in BAD_BANKS],
)
def test_bad_bank_is_reported_with_file_line_and_field(
    tmp_path: Path, old: str, new: str, item: str | None, words: str, line: int
) -> None:
    """Does a malformed bank give a problem naming the file, the line, the exercise and field?"""
    assert old in GOOD
    path = write_bank(tmp_path, GOOD.replace(old, new, 1))
    problems = validate_banks(Course(tmp_path))
    assert problems, "the bad bank was accepted"
    problem = problems[0]
    assert (problem.file, problem.item, problem.line) == (str(path), item, line)
    assert words in problem.message


def test_good_bank_has_no_problems(tmp_path: Path) -> None:
    """Is the bank the bad-bank cases start from valid, so that each case tests one flaw?"""
    write_bank(tmp_path, GOOD)
    assert validate_banks(Course(tmp_path)) == []


def test_unreadable_yaml_is_reported_with_line(tmp_path: Path) -> None:
    """Does broken YAML give a problem with the file and line rather than a traceback?"""
    path = write_bank(tmp_path, GOOD.replace("answer: b", "answer: [b"))
    [problem] = validate_banks(Course(tmp_path))
    assert problem.file == str(path) and problem.line is not None
    assert "cannot read YAML" in problem.message


def test_repeated_exercise_id_across_banks(tmp_path: Path) -> None:
    """Is an exercise id used in two lessons reported, naming where it was first used?"""
    write_bank(tmp_path, GOOD)
    other = GOOD.replace("99-fixture", "98-other").replace("l99-two", "l98-two")
    (tmp_path / "exercises" / "98-other.yml").write_text(other, "utf-8")
    messages = [(p.item, p.message) for p in validate_banks(Course(tmp_path))]
    assert messages == [("l99-one", "exercise id repeated: first used in " + _where(tmp_path))]


def _where(root: Path) -> str:
    return f"{root / 'exercises' / '98-other.yml'}:4"


def test_load_bank_refuses_a_bad_bank(tmp_path: Path) -> None:
    """Does load_bank raise CourseFileError carrying every problem, not return half a bank?"""
    write_bank(tmp_path, GOOD.replace("answer: b", "answer: z"))
    with pytest.raises(CourseFileError) as error:
        load_bank("99-fixture", course=Course(tmp_path))
    assert "l99-one.answer" in str(error.value)


def test_find_exercise_by_id(tmp_path: Path) -> None:
    """Does find_exercise return the exercise whatever bank holds it, and KeyError otherwise?"""
    write_bank(tmp_path, GOOD)
    assert find_exercise("l99-two", course=Course(tmp_path)).answer == 12.5
    assert list(load_all_banks(Course(tmp_path))) == ["99-fixture"]
    with pytest.raises(KeyError, match="l99-none"):
        find_exercise("l99-none", course=Course(tmp_path))


def test_a_grading_policy_is_read_from_the_bank_and_the_exercise(tmp_path):
    """Does a bank's grading policy apply to its exercises, and an exercise's own override it?"""
    import yaml

    bank = yaml.safe_load(FIXTURE.read_text("utf-8"))
    bank["grading"] = {"after_reveal": 0.5, "unchecked": "ignore"}
    bank["exercises"][0]["grading"] = {"after_reveal": 0, "wrong_attempt_penalty": 0.25}
    path = tmp_path / "99-fixture.yml"
    path.write_text(yaml.safe_dump(bank, allow_unicode=True), "utf-8")
    first, second, *_ = read_bank_file(path)
    assert (first.grading.after_reveal, first.grading.wrong_attempt_penalty) == (0, 0.25)
    assert first.grading.unchecked == "ignore"
    assert (second.grading.after_reveal, second.grading.wrong_attempt_penalty) == (0.5, 0)


def test_the_course_default_gives_nothing_after_the_explanation():
    """Without a policy in the bank, is a right answer after the explanation worth nothing?"""
    spec = read_bank_file(FIXTURE)[0]
    assert (spec.grading.after_reveal, spec.grading.wrong_attempt_penalty) == (0, 0)
    assert spec.grading.unchecked == "count"


@pytest.mark.parametrize(
    ("policy", "message"),
    [({"after_reveal": 2}, "greater than the maximum"), ({"penalty": 0.1}, "unknown field")],
    ids=["share-above-one", "misspelt-field"],
)
def test_a_bad_grading_policy_is_refused(tmp_path, policy, message):
    """Is a policy outside its range, or with an unknown field, named with the exercise?"""
    import yaml

    bank = yaml.safe_load(FIXTURE.read_text("utf-8"))
    bank["exercises"][0]["grading"] = policy
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "99-fixture.yml").write_text(yaml.safe_dump(bank), "utf-8")
    problems = [str(p) for p in validate_banks(Course(tmp_path))]
    assert any(".grading" in p and message in p for p in problems), problems
