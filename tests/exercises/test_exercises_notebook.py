"""The notebook host: widgets that check through their traitlets, record answers beside the
notebook, keep a running score and export a submission; and the same in a live kernel."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from uspak.exercises.answers import load_answers
from uspak.exercises.bank import load_all_banks, read_bank_file
from uspak.exercises.notebook import exercise_view, export_submission
from uspak.exercises.widget import ExerciseWidget, HandInWidget
from uspak.submission import parse_submission

FIXTURE = Path(__file__).parent / "cases" / "99-fixture.yml"
SPECS = {spec.id: spec for spec in read_bank_file(FIXTURE)}


def check_through_traitlets(widget: ExerciseWidget, response) -> dict:
    """What the front-end does: set the response, then bump the Check counter."""
    widget.response = response
    widget.check_requested += 1
    return widget.verdict


@pytest.mark.parametrize(
    ("exercise_id", "response", "status"),
    [
        ("l99-single", "b", "correct"),
        ("l99-multi-partial", ["a", "c"], "partial"),
        ("l99-numeric", "1,234.5", "correct"),
        ("l99-numeric", "12,3,4", "invalid"),
        ("l99-match", {"y1954": "cut"}, "incorrect"),
    ],
    ids=["single-right", "multi-partial", "numeric-right", "numeric-malformed", "match-wrong"],
)
def test_check_button_gives_verdict(tmp_path: Path, exercise_id: str, response, status: str):
    """Does pressing Check (through the traitlets) put the checker's verdict on the widget?"""
    widget = ExerciseWidget(SPECS[exercise_id], answers_dir=tmp_path)
    assert check_through_traitlets(widget, response)["status"] == status


def test_attempts_count_and_explanation_is_revealed(tmp_path: Path) -> None:
    """Do only readable answers count as attempts, and is the explanation shown when due?"""
    widget = ExerciseWidget(SPECS["l99-single"], answers_dir=tmp_path)
    check_through_traitlets(widget, "")
    check_through_traitlets(widget, "a")
    assert (widget.attempts, widget.explanation) == (1, "")
    check_through_traitlets(widget, "c")
    assert widget.attempts == 2 and "signed in 1954" in widget.explanation


def _shown_order(folder: Path) -> list[str]:
    return ExerciseWidget(SPECS["l99-multi-partial"], answers_dir=folder).order["options"]


def test_each_answers_folder_keeps_its_own_order(tmp_path: Path, monkeypatch) -> None:
    """Without a JupyterHub user, does one student copy keep one option order across restarts,
    while other copies (other students) see other orders?"""
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    first = _shown_order(tmp_path / "student-0")
    assert _shown_order(tmp_path / "student-0") == first
    orders = {tuple(_shown_order(tmp_path / f"student-{n}")) for n in range(20)}
    assert len(orders) > 1


def test_jupyterhub_user_decides_the_order(tmp_path: Path, monkeypatch) -> None:
    """Does a JupyterHub user see the same order whichever folder the notebook sits in?"""
    monkeypatch.setenv("JUPYTERHUB_USER", "amina")
    assert _shown_order(tmp_path / "one") == _shown_order(tmp_path / "two")


def test_responses_are_recorded_and_restored(tmp_path: Path) -> None:
    """Is a checked response written to the answers file and shown again by a new widget?"""
    check_through_traitlets(ExerciseWidget(SPECS["l99-order"], answers_dir=tmp_path), ["pressler"])
    check_through_traitlets(
        ExerciseWidget(SPECS["l99-order"], answers_dir=tmp_path), ["seato", "klb", "pressler"]
    )
    assert load_answers("99-fixture", tmp_path)["l99-order"]["attempts"] == 1
    again = ExerciseWidget(SPECS["l99-order"], answers_dir=tmp_path)
    assert (again.response, again.attempts) == (["seato", "klb", "pressler"], 1)


def test_running_score_follows_checks(tmp_path: Path) -> None:
    """Does the hand-in panel's running score change when an exercise is checked?"""
    panel = HandInWidget(list(SPECS.values()), answers_dir=tmp_path)
    assert panel.score_text == "Score so far: 0 of 11 points."
    check_through_traitlets(
        ExerciseWidget(SPECS["l99-match"], answers_dir=tmp_path), {"y1954": "pact"}
    )
    assert panel.score_text == "Score so far: 0.33 of 11 points."


def test_export_button_writes_a_valid_submission(tmp_path: Path, monkeypatch) -> None:
    """Does "Export submission" write a file the grader's parser accepts, with the responses?"""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("uspak.exercises.hand_in.load_bank", lambda lesson: list(SPECS.values()))
    check_through_traitlets(ExerciseWidget(SPECS["l99-single"], answers_dir=tmp_path), "b")
    panel = HandInWidget(list(SPECS.values()), answers_dir=tmp_path)
    panel.export_requested += 1
    assert panel.message == "Type your student id first."
    panel.student = "s 123"
    panel.export_requested += 1
    assert panel.message == "Wrote 99-fixture-s_123.json: hand this file in."
    submission = json.loads((tmp_path / "99-fixture-s_123.json").read_text("utf-8"))
    assert parse_submission(tmp_path / "99-fixture-s_123.json") is not None
    assert (submission["origin"], submission["student"]) == ("notebook", "s 123")
    assert submission["responses"]["l99-single"]["response"] == "b"


def test_export_submission_function(tmp_path: Path, monkeypatch) -> None:
    """Does export_submission(lesson, student=...) write to the path asked for?"""
    monkeypatch.setattr("uspak.exercises.hand_in.load_bank", lambda lesson: list(SPECS.values()))
    check_through_traitlets(ExerciseWidget(SPECS["l99-text"], answers_dir=tmp_path), "x")
    path = export_submission(
        "99-fixture", student="s9", path=tmp_path / "out.json", answers_dir=tmp_path
    )
    assert json.loads(path.read_text("utf-8"))["responses"]["l99-text"]["attempts"] == 1


def test_display_offers_widget_and_html(tmp_path: Path) -> None:
    """Does one display carry the widget view for Jupyter and text/html for the website?"""
    data, _ = exercise_view(SPECS["l99-numeric"], answers_dir=tmp_path)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert 'data-exercise-id="l99-numeric"' in data["text/html"]
    assert "1234.5" not in data["text/html"]


COURSE_EXERCISE = next(iter(load_all_banks().values()))[0].id
LIVE_CELLS = [
    f"""
import json
from pathlib import Path
from uspak.exercises.bank import load_all_banks, read_bank_file
from uspak.exercises.widget import ExerciseWidget
specs = {{s.id: s for s in read_bank_file(Path({str(FIXTURE)!r}))}}
code = ExerciseWidget(specs["l99-code-number"], answers_dir=Path(".uspak-answers"))
code.check_requested += 1
print(json.dumps(code.verdict))
""",
    "# Exercise l99-code-number\namounts = [1.25, 2.5]\ntotal = sum(amounts) * 10",
    "code.check_requested += 1\n"
    "print(json.dumps({'verdict': code.verdict, 'response': code.response}))",
    f"from uspak import show_exercise\nshow_exercise({COURSE_EXERCISE!r})",
]


def test_code_exercise_in_a_live_kernel(tmp_path: Path) -> None:
    """In a real kernel, does Check ask to run the cell first, then check the result it left,
    and does show_exercise display both the widget and the website's HTML?"""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in LIVE_CELLS])
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()
    before = json.loads(notebook.cells[0].outputs[0]["text"])
    after = json.loads(notebook.cells[2].outputs[0]["text"])
    assert before["status"] == "invalid" and "Run your code cell first" in before["message"]
    assert after["verdict"]["status"] == "correct"
    assert after["response"]["value"] == "37.5"
    assert after["response"]["code"].startswith("# Exercise l99-code-number")
    assert (tmp_path / ".uspak-answers" / "99-fixture.json").is_file()
    [shown] = notebook.cells[3].outputs
    assert "application/vnd.jupyter.widget-view+json" in shown["data"]
    assert f'data-exercise-id="{COURSE_EXERCISE}"' in shown["data"]["text/html"]
