"""The final assessment is graded like a lesson: its hand-ins meet its bank, with the real keys.

A copy of the course's data and banks (world-readable, as the sandboxed worker needs) is graded
for three students: one right everywhere on the website, one with two mistakes, and one who hands
in only the notebook, which counts for the code exercise alone.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

import pytest
from test_grading_fixtures import WHEN, notebook

from uspak.grading import grade
from uspak.grading.sandbox import Limits
from uspak.submission import write_submission

ROOT = Path(__file__).resolve().parents[2]
LESSON = "10-final-assessment"
LIMITS = Limits(cpu_seconds=5, wall_seconds=20, memory_mb=512, file_mb=1)
RIGHT = {
    "l10-constant-dollar-error": "b",
    "l10-cause-chain": ["invasion", "package", "pressler", "withdrawal", "cutoff", "waiver"],
    "l10-civilians-per-strike": "45",
    "l10-missing-denominator": "c",
    "l10-trade-inferences": ["a", "c", "d"],
    "l10-transparency-evidence": "b",
    "l10-visits-under-generals": {"value": "5"},
    "l10-cpec-readings": {
        "islamabad": "development",
        "beijing": "shipping",
        "washington": "rival",
        "delhi": "territory",
    },
    "l10-us-share-drop": "25.9",
    "l10-pew-inference": "c",
    "l10-imf-claim": "claim 09.2",
    "l10-claim-findings": {
        "c012": "supported",
        "c042": "contradicted",
        "c071": "partly",
        "c024": "unverifiable",
    },
}
TOTAL_POINTS = 20
# Two mistakes: one of three right picks missed (partial credit, 2 x 2/3) and a wrong number (1).
MISTAKES = {"l10-trade-inferences": ["a", "c"], "l10-us-share-drop": "86.3"}
SOLUTION_CELL = """# Exercise l10-visits-under-generals
visits = load_table("visits")
rule = load_table("rule_periods").sort_values("start")
presidents = visits[
    (visits["office"] == "US President") & (visits["direction"] == "us_to_pakistan")
]
regimes = [rule[rule["start"] <= day].iloc[-1]["regime"] for day in presidents["start"]]
answer = regimes.count("military")
"""


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = Path(tempfile.mkdtemp(prefix="uspak-test-assessment-"))
    try:
        for folder in ("data", "exercises"):
            shutil.copytree(ROOT / folder, root / folder)
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        hand_ins = tmp_path_factory.mktemp("assessment") / "hand-ins"
        hand_ins.mkdir()

        def hand_in(student: str, answers: dict, origin: str = "website") -> None:
            responses = {k: {"response": v} for k, v in answers.items()}
            write_submission(
                hand_ins / f"{student}.json", LESSON, student, responses, origin, created=WHEN
            )

        hand_in("right", RIGHT)
        hand_in("two-mistakes", {**RIGHT, **MISTAKES})
        (hand_ins / f"coder__{LESSON}.ipynb").write_bytes(notebook([SOLUTION_CELL]))
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("USPAK_ROOT", str(root))
            report = grade(
                [hand_ins], out=hand_ins.parent / "out", quiet=True, jobs=1, limits=LIMITS
            )
        with report.gradebook.open(encoding="utf-8", newline="") as handle:
            yield {row["SIS User ID"]: row for row in csv.DictReader(handle)}
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_right_answers_earn_every_point(graded):
    """Does a hand-in with every right answer score the assessment's full 20 points?"""
    assert float(graded["right"][f"{LESSON} total"]) == TOTAL_POINTS


def test_mistakes_cost_what_the_keys_say(graded):
    """Do a partly right selection and a wrong number cost 2/3 and 1 point, and nothing else?"""
    row = graded["two-mistakes"]
    assert float(row["l10-trade-inferences"]) == pytest.approx(4 / 3, abs=0.01)
    assert float(row["l10-us-share-drop"]) == 0
    assert float(row[f"{LESSON} total"]) == pytest.approx(TOTAL_POINTS - 2 / 3 - 1, abs=0.01)


def test_code_handed_in_as_a_notebook_is_run_and_counted(graded):
    """Is the code exercise, handed in as a notebook cell, run by the grader and scored (and
    nothing else, since a notebook counts only for code exercises)?"""
    assert float(graded["coder"]["l10-visits-under-generals"]) == 2
    assert float(graded["coder"][f"{LESSON} total"]) == 2
