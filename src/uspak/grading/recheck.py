"""Re-check a submission against the plain keys: the grader's verdict, whatever the file claims.

Every exercise of the lesson's bank gets a result, answered or not, so that totals are comparable
across students. Code written in a notebook is judged by what it produces when run in the sandbox
(``CodeOutcome``), not by the value the notebook recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from uspak.exercises.check import check_response
from uspak.exercises.model import ExerciseSpec
from uspak.exercises.types import Code
from uspak.grading.policy import weigh
from uspak.grading.sandbox import CodeOutcome, CodeTask
from uspak.submission import Submission

UNANSWERED = "unanswered"
NOT_RUN = "error"  # the student's code raised, or was stopped by the sandbox
INVALID = "invalid"  # not an answer this exercise can read (a list for a number): 0, with a note


@dataclass(frozen=True)
class ExerciseResult:
    exercise: str
    status: str  # correct | incorrect | partial | invalid | unanswered | error
    earned: float
    points: float
    message: str
    response: Any = None
    feedback: tuple[str, ...] = ()
    attempts: int | None = None  # checks recorded by the student's page or notebook
    revealed: bool = False  # the explanation was shown before the response was checked


@dataclass(frozen=True)
class GradedSubmission:
    submission: Submission
    results: tuple[ExerciseResult, ...]  # in bank order
    notes: tuple[str, ...] = ()  # unknown exercises, code stopped: told to the teacher

    @property
    def earned(self) -> float:
        return sum(r.earned for r in self.results)

    @property
    def possible(self) -> float:
        return sum(r.points for r in self.results)


def code_tasks(submission: Submission, bank: list[ExerciseSpec]) -> list[CodeTask]:
    """The submitted code the sandbox must run: code exercises answered with source code."""
    tasks = []
    for spec in bank:
        entry = submission.responses.get(spec.id)
        response = entry.response if entry else None
        if (
            isinstance(spec, Code)
            and entry is not None
            and entry.misshapen is None
            and isinstance(response, dict)
            and isinstance(response.get("code"), str)
        ):
            tasks.append(
                CodeTask(
                    spec.id,
                    response["code"],
                    spec.result_name,
                    spec.check.kind,
                    spec.check.precision,
                )
            )
    return tasks


def recheck(
    submission: Submission,
    bank: list[ExerciseSpec],
    outcomes: dict[str, CodeOutcome] | None = None,
    notes: tuple[str, ...] = (),
) -> GradedSubmission:
    """Every exercise of ``bank`` scored from this submission's responses and code outcomes."""
    outcomes = outcomes or {}
    known = {spec.id for spec in bank}
    unknown = sorted(set(submission.responses) - known)
    all_notes = list(notes)
    if unknown:
        all_notes.append(
            f"not exercises of lesson {submission.lesson}, ignored: {', '.join(unknown)}"
        )
    results = []
    for spec in bank:
        result = _result(spec, submission, outcomes.get(spec.id))
        if result.status == NOT_RUN:
            all_notes.append(f"{spec.id}: {result.message}")
        elif result.status == INVALID:
            all_notes.append(f"{spec.id}: scored 0, not a valid answer: {result.message}")
        results.append(result)
    return GradedSubmission(submission, tuple(results), tuple(all_notes))


def _result(
    spec: ExerciseSpec, submission: Submission, outcome: CodeOutcome | None
) -> ExerciseResult:
    entry = submission.responses.get(spec.id)
    if entry is None:
        return ExerciseResult(spec.id, UNANSWERED, 0, spec.points, "not answered")
    response = entry.response
    if entry.misshapen is not None:
        return ExerciseResult(spec.id, INVALID, 0, spec.points, entry.misshapen, response)
    if outcome is not None:  # code that ran in the sandbox: its own result replaces any claim
        shown = response.get("code") if isinstance(response, dict) else response
        if outcome.status != "ok":
            return ExerciseResult(spec.id, NOT_RUN, 0, spec.points, outcome.message, shown)
        response = {"value": outcome.value}
    try:
        verdict = check_response(spec, response)
    except Exception as error:  # noqa: BLE001 - one odd response must not stop the run
        return ExerciseResult(
            spec.id, INVALID, 0, spec.points, f"could not be checked: {error}", response
        )
    score = min(max(float(verdict.score), 0.0), 1.0)
    weighed = weigh(
        spec, score, entry.attempts, entry.checked, entry.revealed, edition=submission.edition
    )
    message = f"{verdict.message} ({weighed.note})" if weighed.note else verdict.message
    return ExerciseResult(
        spec.id,
        verdict.status,
        round(weighed.score * spec.points, 4),
        spec.points,
        message,
        entry.response,
        tuple(verdict.feedback),
        entry.attempts,
        weighed.revealed,
    )
