"""``grade`` end to end: one run over a class folder full of good, bad and hostile hand-ins.

The run happens once per module (it starts sandboxed workers); each test then checks one thing
about its outputs: the report, the gradebook, the feedback.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from test_grading_fixtures import (  # noqa: F401 - fixtures
    LESSON,
    RIGHT,
    WHEN,
    course,
    make_victim,
    notebook,
    raw_submission,
    submission,
)

from uspak.grading import grade
from uspak.grading.feedback import feedback_name
from uspak.grading.sandbox import Limits

LIMITS = Limits(cpu_seconds=1, wall_seconds=4, memory_mb=256, file_mb=1)
WRONG = {
    "l03-choice": {"response": "a", "correct": True, "score": 1},
    "l03-year": {"response": "1960", "correct": True},
}
WEBSITE_RIGHT = {
    "l03-choice": {"response": "b"},
    "l03-year": {"response": " 1954 "},
    "l03-code": {"response": {"value": "42"}},
}
# Every kind of bad input in the brief: file name -> words its reason must contain.
BAD = {
    "photo.png": "not UTF-8",
    "noise.bin": "not UTF-8",
    "empty.json": "empty",
    "truncated.json": "not valid JSON",
    "corrupt.zip": "corrupt zip",
    "bomb.zip!s.json": "zip bomb",
    "huge.json": "too big",
    "unknown-lesson.json": "unknown lesson",
    "no-student.json": "student: missing",
    "blank-student.json": "student id is blank",
    "nobody__03-economy.txt": "not valid JSON",
}


def build_class(folder: Path, victim: Path, keys: Path) -> None:
    folder.mkdir()
    submission(folder, "good-1.json", "s01")
    submission(folder, "good-2.json", "s02", WEBSITE_RIGHT, origin="website")
    submission(folder, "cheat.json", "s03", WRONG)
    submission(folder, "stray.json", "s04", {**RIGHT, "l99-nowhere": {"response": "x"}})
    # Two files claim s05: the later one counts, whatever order they come in.
    submission(folder, "s05-late.json", "s05", WEBSITE_RIGHT, created=WHEN + timedelta(hours=1))
    submission(folder, "s05-early.json", "s05", WRONG)
    submission(folder, "formula.json", "=HYPERLINK(1)", WEBSITE_RIGHT)
    submission(folder, "escape.json", "../../evil", WEBSITE_RIGHT)
    # Notebooks: code judged by running it, whatever value the file claims.
    submission(
        folder, "liar.json", "s06", {"l03-code": {"response": {"code": "answer = 1", "value": 42}}}
    )
    cells = {
        "s07": "answer = 6 * 7",
        "s08": "while True:\n    pass",
        "s09": "x = bytearray(10 * 1024**3)\nanswer = 42",
        "s10": f"import os\nos.remove({str(victim)!r})\nanswer = 42",
        "s11": f"answer = len(open({str(keys)!r}).read())",
    }
    for student, code in cells.items():
        (folder / f"{student}__{LESSON}.ipynb").write_bytes(
            notebook([f"# Exercise l03-code\n{code}"])
        )
    meta = {"uspak": {"student": "s12", "lesson": LESSON}}
    (folder / "anything.ipynb").write_bytes(notebook(["# Exercise l03-code\nanswer = 42"], meta))
    # The bad ones.
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    (folder / "noise.bin").write_bytes(os.urandom(300))
    (folder / "empty.json").write_bytes(b"")
    whole = (folder / "good-1.json").read_text()
    (folder / "truncated.json").write_text(whole[: len(whole) // 2])
    (folder / "corrupt.zip").write_bytes(b"PK\x03\x04" + os.urandom(100))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("s.json", bytes(50_000_000))
    (folder / "bomb.zip").write_bytes(bomb.getvalue())
    with (folder / "huge.json").open("wb") as handle:
        handle.truncate(50_000_000)
    submission(folder, "unknown-lesson.json", "s13", {}, lesson="04-nuclear")
    doc = json.loads(whole)
    raw_submission(folder, "no-student.json", {k: v for k, v in doc.items() if k != "student"})
    raw_submission(folder, "blank-student.json", {**doc, "student": "   "})
    (folder / "nobody__03-economy.txt").write_text("my answers are b and 1954")


@pytest.fixture(scope="module")
def run(course, tmp_path_factory):  # noqa: F811 - the fixture imported above
    base = tmp_path_factory.mktemp("class")
    victim = make_victim(course, "run.txt")
    folder = base / "hand-ins"
    build_class(folder, victim, course / "exercises" / f"{LESSON}.yml")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("USPAK_ROOT", str(course))
        report = grade([folder], out=base / "out", quiet=True, jobs=2, limits=LIMITS)
    return report, folder, victim


def gradebook(report) -> dict[str, dict[str, str]]:
    with report.gradebook.open(encoding="utf-8", newline="") as handle:
        return {row["SIS User ID"]: row for row in csv.DictReader(handle)}


def outcome_of(report, folder: Path, name: str):
    [item] = [i for i in report.inputs if i.label == str(folder / name)]
    return item


def test_every_input_appears_in_the_report_once(run):
    """Does each file handed in end with exactly one outcome, listed in report.txt?"""
    report, folder, _ = run
    files = sorted(str(p) for p in folder.iterdir())
    labels = sorted(i.label.split("!")[0] for i in report.inputs)
    assert labels == files
    text = report.report_file.read_text(encoding="utf-8")
    assert all(label in text for label in files)


@pytest.mark.parametrize(("name", "words"), BAD.items(), ids=list(BAD))
def test_bad_input_is_rejected_with_its_reason(run, name, words):
    """Is each kind of bad input rejected, with a reason naming what is wrong?"""
    report, folder, _ = run
    item = outcome_of(report, folder, name)
    assert item.outcome == "rejected"
    assert words in item.detail


def test_no_valid_submission_is_lost(run):
    """Is every valid submission's student in the gradebook?"""
    report, _, _ = run
    expected = {f"s{n:02d}" for n in range(1, 13)} | {"'=HYPERLINK(1)", "../../evil"}
    assert set(gradebook(report)) == expected


@pytest.mark.parametrize(
    ("student", "column", "points"),
    [
        pytest.param("s01", f"{LESSON} total", "5", id="notebook-json-all-right"),
        pytest.param("s02", f"{LESSON} total", "4", id="website-all-but-one-unanswered"),
        pytest.param("s02", "l03-code", "1", id="website-code-value-checked"),
        pytest.param("s03", f"{LESSON} total", "0", id="edited-correct-flags-ignored"),
        pytest.param("s04", f"{LESSON} total", "5", id="unknown-exercise-ignored"),
        pytest.param("s05", f"{LESSON} total", "4", id="latest-of-two-files-kept"),
        pytest.param("s06", "l03-code", "0", id="claimed-value-ignored-code-rerun"),
        pytest.param("s07", "l03-code", "1", id="notebook-code-right"),
        pytest.param("s08", "l03-code", "0", id="infinite-loop"),
        pytest.param("s09", "l03-code", "0", id="allocates-10GB"),
        pytest.param("s10", "l03-code", "0", id="deletes-files"),
        pytest.param("s11", "l03-code", "0", id="reads-exercises"),
        pytest.param("s12", "l03-code", "1", id="ids-from-notebook-metadata"),
        pytest.param("s12", "l03-choice", "0", id="unanswered-scores-zero"),
    ],
)
def test_gradebook_scores(run, student, column, points):
    """Is each student scored from the plain keys, whatever their file claims?"""
    report, _, _ = run
    assert gradebook(report)[student][column] == points


def test_hostile_code_changed_no_file(run):
    """Is the file the hostile notebook tried to delete still there?"""
    _, _, victim = run
    assert victim.read_text() == "keep me"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        # On a very busy machine the clock may run out before the processor time does.
        pytest.param("s08__03-economy.ipynb", "processor time|still running", id="infinite-loop"),
        pytest.param("s09__03-economy.ipynb", "MemoryError", id="allocates-10GB"),
        pytest.param("stray.json", "l99-nowhere", id="unknown-exercise"),
    ],
)
def test_graded_with_notes_for_the_teacher(run, name, words):
    """Is a stopped program or an unknown exercise noted against the file in the report?"""
    report, folder, _ = run
    item = outcome_of(report, folder, name)
    assert item.outcome == "graded"
    assert any(re.search(words, note) for note in item.notes)


def test_older_duplicate_is_reported_as_superseded(run):
    """Is the older of two files for one student reported, naming the file graded instead?"""
    report, folder, _ = run
    item = outcome_of(report, folder, "s05-early.json")
    assert item.outcome == "superseded"
    assert "s05-late.json" in item.detail


def test_gradebook_starts_with_the_canvas_identity_columns(run):
    """Does the header begin Student, ID, SIS User ID, SIS Login ID, Section, then the lesson?"""
    report, _, _ = run
    header = report.gradebook.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:6] == [
        "Student",
        "ID",
        "SIS User ID",
        "SIS Login ID",
        "Section",
        f"{LESSON} total",
    ]
    assert header[6:] == ["l03-choice", "l03-year", "l03-code", "l03-rows"]


def test_formula_like_student_id_is_defused_in_the_gradebook(run):
    """Is a student id starting with '=' written so a spreadsheet will not run it?"""
    report, _, _ = run
    assert "\n=HYPERLINK" not in report.gradebook.read_text(encoding="utf-8")


def test_feedback_file_names_stay_in_the_feedback_folder(run):
    """Is a student id like ../../evil turned into a plain file name inside feedback/?"""
    report, _, _ = run
    path = report.feedback_dir / feedback_name("../../evil")
    assert path.parent == report.feedback_dir and path.is_file()


def test_feedback_shows_answer_verdict_and_explanation(run):
    """Does a student's feedback show their answer, whether it was right, and the explanation?"""
    report, _, _ = run
    text = (report.feedback_dir / "s03.md").read_text(encoding="utf-8")
    assert "a: Option A" in text
    assert "✗ wrong" in text
    assert "B is right because the test says so." in text
    assert "A is the trap." in text


def test_feedback_never_renders_student_text_as_markup(run):
    """Is every student answer inside a code fence, so no HTML or Markdown from it renders?"""
    report, _, _ = run
    text = (report.feedback_dir / "s10.md").read_text(encoding="utf-8")
    assert "```text\n# Exercise l03-code\nimport os\nos.remove(" in text


@pytest.mark.parametrize("name", ["canvas.csv", "moodle.csv", "responses.csv", "attempts.csv"])
def test_run_writes_each_import_file_beside_the_gradebook(run, name):
    """Does one grading run write the Canvas, Moodle, long and attempts files, with the same
    students?"""
    report, _, _ = run
    with (report.out / name).open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    key = {
        "canvas.csv": "SIS User ID",
        "moodle.csv": "username",
        "responses.csv": "student",
        "attempts.csv": "Student",
    }[name]
    students = {row[key] for row in table if row.get("Student") != "Points Possible"}
    assert students == set(gradebook(report))


def test_run_writes_the_class_report_and_html_feedback_beside_the_gradebook(run):
    """Does a grading run leave report.html beside gradebook.csv and one HTML feedback each?"""
    report, _, _ = run
    assert (report.out / "report.html").is_file()
    markdown = {p.stem for p in report.feedback_dir.glob("*.md")}
    assert {p.stem for p in report.feedback_dir.glob("*.html")} == markdown
