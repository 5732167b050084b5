"""One runtime for students: both hosts driven through the host cases of check-cases.yml.

The notebook host is the widgets, driven through their traitlets as the front end drives them;
the website host is exercise.js's siteExercise and handIn under node (tests/exercises/js/
run_hosts.mjs). Each case must leave the same verdict on screen, the same progress record (valid
under schemas/progress-v1 on both sides), the same explanation and a hand-in the grader scores
the same.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from engine_js import evaluate

from uspak.exercises.answers import load_answers
from uspak.exercises.arrangement import display_order
from uspak.exercises.bank import load_all_banks, read_bank_file
from uspak.exercises.compile import compile_bank, compile_exercise
from uspak.exercises.notebook import hand_in_html
from uspak.exercises.progress import empty_record, hand_in_entry, progress_document
from uspak.exercises.widget import ExerciseWidget, HandInWidget
from uspak.grading.recheck import recheck
from uspak.grading.verify import verify_submission
from uspak.submission import EMPTY_HAND_IN, NOTHING_TO_GRADE, parse_submission, write_submission

CASES_DIR = Path(__file__).parent / "cases"
RUN_HOSTS_JS = Path(__file__).parent / "js" / "run_hosts.mjs"
HOST_CASES = yaml.safe_load((CASES_DIR / "check-cases.yml").read_text("utf-8"))["host_cases"]
BANK = read_bank_file(CASES_DIR / "99-fixture.yml")
SPECS = {spec.id: spec for spec in BANK}
STUDENT, NEXT_STUDENT = "s-host-1", "s-host-2"
STAMPS = ("updated", "first_checked", "last_checked")


def notebook_host(case: dict, folder: Path) -> dict[str, Any]:
    """The case's steps on the notebook's widgets; what the website host reports, in kind."""
    spec = SPECS[case["exercise"]]
    widget = ExerciseWidget(spec, answers_dir=folder)
    for step in case["steps"]:
        if step == "check":
            widget.check_requested += 1
        elif step == "check_arranged":  # the front end sends the order shown with the Check
            widget.response = list(widget.order["items"])
            widget.check_requested += 1
        elif step == "hint":
            widget.hints_shown = min(widget.hints_shown + 1, len(spec.hints))
        elif step == "reload":
            widget = ExerciseWidget(spec, answers_dir=folder)
        elif isinstance(step, dict) and "answer" in step:
            widget.response = step["answer"]
            widget.verdict = {}
        else:
            raise AssertionError(f"step {step!r} has no notebook form")
    panel = HandInWidget(BANK, answers_dir=folder, student=STUDENT)
    panel.export_requested += 1
    written = sorted(Path.cwd().glob("99-fixture-*.json"))
    return {
        "shown": widget.verdict.get("status", ""),
        "record": load_answers(spec.lesson, folder).get(spec.id, empty_record()),
        "explanation": bool(widget.explanation),
        "message": panel.message,
        "submission": json.loads(written[0].read_text("utf-8")) if written else None,
    }


@pytest.fixture(scope="module")
def website_outcomes() -> dict[str, dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the website's host", pytrace=False)
    hand_in = json.loads(hand_in_html(BANK).split('type="application/json">')[1].split("</")[0])
    data = {
        "bank": compile_bank(BANK),
        "assessment_bank": compile_bank(BANK, edition="assessment"),
        "hand_in": hand_in,
        "student": STUDENT,
        "next_student": NEXT_STUDENT,
        "cases": HOST_CASES,
    }
    result = subprocess.run(
        [node, str(RUN_HOSTS_JS)], input=json.dumps(data), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def notebook_outcome(request, tmp_path: Path, monkeypatch) -> dict[str, Any]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("USPAK_EDITION", request.param.get("edition", "practice"))
    monkeypatch.setenv("JUPYTERHUB_USER", STUDENT)  # the website's seed: the student id
    monkeypatch.setattr("uspak.exercises.hand_in.load_bank", lambda lesson: BANK)
    return notebook_host(request.param, tmp_path / ".uspak-answers")


def _without_stamps(record: dict) -> tuple[dict, list[str]]:
    return {k: v for k, v in record.items() if k not in STAMPS}, [s for s in STAMPS if s in record]


def _points(case: dict, submission: dict) -> float:
    graded = recheck(parse_submission(json.dumps(submission).encode()), BANK)
    return next(r.earned for r in graded.results if r.exercise == case["exercise"])


def _hosts(case: dict) -> list[str]:
    return case.get("hosts", ["notebook", "website"])


def _expect(case: dict, outcome: dict) -> None:
    record, stamped = _without_stamps(outcome["record"])
    assert outcome["shown"] == case["shown"]
    assert {k: record.get(k) for k in case["record"]} == case["record"]
    assert stamped == case["stamped"]
    assert outcome["explanation"] == case["explanation"]
    if case["hand_in"] == "refused":
        assert outcome["message"] == EMPTY_HAND_IN and NOTHING_TO_GRADE in EMPTY_HAND_IN
        assert outcome["submission"] is None
    else:
        assert outcome["submission"]["edition"] == case.get("edition", "practice")
        entry = outcome["submission"]["responses"][case["exercise"]]
        assert entry == hand_in_entry(outcome["record"])
        assert _points(case, outcome["submission"]) == case["hand_in"]


NOTEBOOK_CASES = [c for c in HOST_CASES if "notebook" in _hosts(c)]


@pytest.mark.parametrize(
    "notebook_outcome", NOTEBOOK_CASES, ids=[c["id"] for c in NOTEBOOK_CASES], indirect=True
)
def test_the_notebook_host_behaves_as_the_case_says(notebook_outcome, request) -> None:
    """Driven through its traitlets, does the notebook end as the case expects?"""
    case = next(c for c in NOTEBOOK_CASES if c["id"] == request.node.callspec.id)
    _expect(case, notebook_outcome)


@pytest.mark.parametrize("case", HOST_CASES, ids=[c["id"] for c in HOST_CASES])
def test_the_website_host_behaves_as_the_case_says(case: dict, website_outcomes) -> None:
    """Driven as its controls drive it, does the website's host end as the case expects, with a
    record its own validator and the progress schema both accept?"""
    outcome = website_outcomes[case["id"]]
    assert outcome["problems"] == []
    progress_document("99-fixture", {case["exercise"]: outcome["record"]})  # raises if refused
    _expect(case, outcome)


@pytest.mark.parametrize(
    "notebook_outcome", NOTEBOOK_CASES, ids=[c["id"] for c in NOTEBOOK_CASES], indirect=True
)
def test_both_hosts_keep_the_same_record(notebook_outcome, website_outcomes, request) -> None:
    """After the same steps, do the notebook and the website keep the same progress record
    (times aside) and hand in the same entry?"""
    website = website_outcomes[request.node.callspec.id]
    assert _without_stamps(notebook_outcome["record"]) == _without_stamps(website["record"])
    handed = [
        None if outcome["submission"] is None else outcome["submission"]["responses"]
        for outcome in (notebook_outcome, website)
    ]
    assert handed[0] == handed[1] or _without_stamps_all(handed[0]) == _without_stamps_all(
        handed[1]
    )


def _without_stamps_all(responses: dict | None) -> dict | None:
    if responses is None:
        return None
    return {k: _without_stamps(v) for k, v in responses.items()}


def test_every_host_case_names_both_hosts_or_says_why_not() -> None:
    """Is every case run on both hosts, except the shared-computer reset (the website's alone)?"""
    only_one = {c["id"] for c in HOST_CASES if _hosts(c) != ["notebook", "website"]}
    assert only_one == {"start-over-leaves-the-next-student-nothing"}


COURSE = [spec for bank in load_all_banks().values() for spec in bank]
SHUFFLED_LISTS = ("options", "items", "right")
ORDER_STUDENTS = ["s001", "Zoë", "学生-07"]


def test_both_hosts_show_every_student_the_same_order(tmp_path: Path, monkeypatch) -> None:
    """For every exercise of every lesson, does the notebook's widget show a student the options,
    items and matches in the order the website shows the same student (same id, same order,
    whichever host or device)?"""
    shuffled = [s for s in COURSE if s.type in ("single_choice", "multiple_select", "ordering")]
    shuffled += [s for s in COURSE if s.type == "matching"]
    cases = [(student, spec) for student in ORDER_STUDENTS for spec in shuffled]
    notebook = []
    for student, spec in cases:
        monkeypatch.setenv("JUPYTERHUB_USER", student)
        notebook.append(ExerciseWidget(spec, answers_dir=tmp_path).order)
    website = evaluate(
        "data.map((c) => exercise.siteExercise(c.ex, {checker: check, progress}, {seed: c.seed})"
        ".get('order'))",
        [{"seed": student, "ex": compile_exercise(spec)} for student, spec in cases],
    )
    assert website == notebook


@pytest.mark.parametrize(
    "spec",
    [s for s in COURSE if any(len(getattr(s, name, ())) >= 3 for name in SHUFFLED_LISTS)],
    ids=lambda s: s.id,
)
def test_other_students_see_other_orders(spec) -> None:
    """Over 50 student ids, does every exercise with three or more options, items or matches
    appear in several orders, and not always in its authoring order?"""
    compiled = compile_exercise(spec)
    orders = [display_order(f"s{n:03d}", compiled) for n in range(50)]
    authored = {name: [c["id"] for c in compiled[name]] for name in orders[0]}
    assert len({json.dumps(order, sort_keys=True) for order in orders}) > 1
    assert any(order != authored for order in orders)


def test_the_panels_refuse_in_the_words_verify_submission_uses(tmp_path: Path) -> None:
    """Would the file an empty hand-in makes be refused by verify-submission with the very
    words both panels show (EMPTY_HAND_IN in Python, the same constant in exercise.js)?"""
    lesson = next(iter(load_all_banks()))
    path = write_submission(tmp_path / "empty.json", lesson, "s1", {}, "website")
    [problem] = verify_submission(path)
    assert problem.message == NOTHING_TO_GRADE
    assert f": {problem.message}. " in EMPTY_HAND_IN
    assert evaluate("exercise.EMPTY_HAND_IN") == EMPTY_HAND_IN
