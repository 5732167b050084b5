"""The notebook host of the exercise UI: anywidget widgets whose front-end is static/exercise.js.

Python holds the state and the plain key: the front-end sets ``response`` and bumps
``check_requested``; the widget checks, counts the attempt, reveals the explanation when due and
keeps the exercise's progress record (``uspak.exercises.progress``, the website's too) in the
answers file, every edit included. The website runs the same front-end against a local
model instead (see the static host in exercise.js).
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from uspak.exercises.answers import load_answers, order_seed, record_progress
from uspak.exercises.arrangement import display_order, start_order
from uspak.exercises.check import Verdict, check_compiled, check_response
from uspak.exercises.code_result import CodeResultError, canonical_value
from uspak.exercises.compile import compile_exercise, markdown_html
from uspak.exercises.edition import current_edition
from uspak.exercises.hand_in import bank_edition, export_submission
from uspak.exercises.model import ExerciseSpec
from uspak.exercises.progress import (
    checked,
    edited,
    empty_record,
    hints_opened,
    now_stamp,
    revealed,
)
from uspak.exercises.student import CompiledExercise
from uspak.exercises.types import Code
from uspak.lessons import exercise_numbers
from uspak.submission import EMPTY_HAND_IN

STATIC = Path(__file__).parent / "static"


def front_end_traits(widget: type[anywidget.AnyWidget]) -> set[str]:
    """The traits a widget shares with exercise.js (anywidget's own left out): the contract the
    website's model in exercise.js (exerciseState, handInState) must match."""
    return set(widget.class_traits(sync=True)) - set(anywidget.AnyWidget.class_traits(sync=True))


# Live hand-in panels per lesson, so that a check anywhere updates the running score.
_PANELS: dict[str, weakref.WeakSet] = {}


class ExerciseWidget(anywidget.AnyWidget):
    _esm = STATIC / "exercise.js"
    _css = STATIC / "exercise.css"

    kind = traitlets.Unicode("exercise").tag(sync=True)
    mode = traitlets.Unicode("notebook").tag(sync=True)
    exercise = traitlets.Dict().tag(sync=True)  # compiled: hashes only, safe in saved notebooks
    order = traitlets.Dict().tag(sync=True)  # list name -> ids, as this student sees them
    response = traitlets.Any(None, allow_none=True).tag(sync=True)
    check_requested = traitlets.Int(0).tag(sync=True)
    verdict = traitlets.Dict().tag(sync=True)
    attempts = traitlets.Int(0).tag(sync=True)
    hints_shown = traitlets.Int(0).tag(sync=True)
    explanation = traitlets.Unicode("").tag(sync=True)
    solution = traitlets.Unicode("").tag(sync=True)

    def __init__(
        self, spec: ExerciseSpec | CompiledExercise, answers_dir: Path | None = None, **kwargs: Any
    ):
        record = load_answers(spec.lesson, answers_dir).get(spec.id) or empty_record()
        public = _public(spec)
        super().__init__(
            exercise=public,
            order=_starting_order(spec, public, student_seed(answers_dir)),
            response=record["response"],
            attempts=record["attempts"],
            verdict=record.get("verdict", {}),
            hints_shown=record["hints_shown"],
            **kwargs,
        )
        self._spec = spec
        self._answers_dir = answers_dir
        self._record = record
        self._reveal()

    def _keep(self, record: dict[str, Any]) -> None:
        """Record the exercise's progress record (schemas/progress-v1), as the website does."""
        self._record = record
        record_progress(self._spec.lesson, self._spec.id, record, self._answers_dir)
        for panel in _PANELS.get(self._spec.lesson, ()):
            panel.refresh()

    @traitlets.observe("response")
    def _on_response(self, change: dict) -> None:
        # Every change is an edit: the verdict goes at once, and the unchecked response is kept.
        if not hasattr(self, "_record"):  # traits set by __init__
            return
        self.verdict = {}
        self._keep(edited(self._record, change["new"], now_stamp()))

    @traitlets.observe("hints_shown")
    def _on_hints_shown(self, change: dict) -> None:
        if hasattr(self, "_record") and change["new"] != self._record["hints_shown"]:
            self._keep(hints_opened(self._record, change["new"]))

    @traitlets.observe("check_requested")
    def _on_check_requested(self, _change: dict) -> None:
        self.check()

    def check(self) -> Verdict:
        """Check the current response (for code: the result the student's cell left)."""
        spec = self._spec
        try:
            response = code_response(spec) if spec.type == "code" else self.response
        except CodeResultError as error:
            verdict = Verdict("invalid", 0, str(error))
        else:
            self.response = response
            verdict = _verdict(spec, response, self.exercise)
        record = checked(self._record, verdict.to_dict(), now_stamp())
        self.attempts = record["attempts"]
        self.verdict = verdict.to_dict()
        if record != self._record:
            self._keep(record)
        self._reveal()
        return verdict

    def _reveal(self) -> None:
        spec = self._spec
        if "key" not in self.exercise:  # the assessment edition reveals nothing
            return
        due = self.verdict.get("status") == "correct" or self.attempts >= spec.reveal_after
        if due or self._record["revealed"]:  # once shown, shown again after a restart
            self.explanation, self.solution = _revealed(spec)
            if (self.explanation or self.solution) and not self._record["revealed"]:
                self._keep(revealed(self._record))


# A widget checks against the plain key in the course's own checkout, and against the compiled
# (hashed) key in a student copy, which has no plain key (see uspak.exercises.student).


def _public(spec: ExerciseSpec | CompiledExercise) -> dict:
    if isinstance(spec, CompiledExercise):
        compiled = spec.compiled
    else:
        compiled = compile_exercise(spec, edition=current_edition())
    number = exercise_numbers(spec.lesson).get(spec.id)
    return {**compiled, "number": number} if number else compiled


def student_seed(answers_dir: Path | None = None) -> str:
    """Whose order a notebook shows: the JupyterHub user where there is one, else the seed kept in
    this notebook's answers folder (one per student copy, stable across restarts)."""
    return os.environ.get("JUPYTERHUB_USER") or order_seed(answers_dir)


def _starting_order(
    spec: ExerciseSpec | CompiledExercise, public: dict, seed: str
) -> dict[str, list[str]]:
    order = display_order(seed, public)
    if spec.type == "ordering":
        order["items"] = start_order(
            order["items"], lambda items: _verdict(spec, items, public).status == "correct"
        )
    return order


def _verdict(spec: ExerciseSpec | CompiledExercise, response: Any, public: dict) -> Verdict:
    if "key" not in public:  # assessment edition: recorded, never checked here
        return check_compiled(public, response)
    if isinstance(spec, CompiledExercise):
        return spec.verdict(response)
    return check_response(spec, response)


def _revealed(spec: ExerciseSpec | CompiledExercise) -> tuple[str, str]:
    """The explanation (HTML) and, for code, the reference solution, once they may be shown."""
    if isinstance(spec, CompiledExercise):
        return spec.explanation_html(), spec.solution() if spec.type == "code" else ""
    explanation = markdown_html(spec.explanation) if spec.explanation else ""
    return explanation, spec.solution if isinstance(spec, Code) else ""


def code_response(spec: ExerciseSpec | CompiledExercise) -> dict:
    """{"code": the latest source of the exercise's cell, "value": the canonical result}."""
    from IPython import get_ipython

    if not isinstance(spec, Code | CompiledExercise):
        raise TypeError(f"{spec.id} is not a code exercise")
    shell = get_ipython()
    namespace = shell.user_ns if shell is not None else {}
    if spec.result_name not in namespace or namespace[spec.result_name] is None:
        raise CodeResultError(
            f"Run your code cell first: it must leave the result in `{spec.result_name}`."
        )
    try:
        value = canonical_value(namespace[spec.result_name], spec.code_check)
    except CodeResultError as error:
        raise CodeResultError(f"`{spec.result_name}` is not ready: {error}.") from None
    marker = f"# Exercise {spec.id}"
    sources = namespace.get("In", [])
    code = next((src for src in reversed(sources) if marker in src), "")
    return {"code": code, "value": value}


class HandInWidget(anywidget.AnyWidget):
    _esm = STATIC / "exercise.js"
    _css = STATIC / "exercise.css"

    kind = traitlets.Unicode("hand_in").tag(sync=True)
    mode = traitlets.Unicode("notebook").tag(sync=True)
    lesson = traitlets.Unicode().tag(sync=True)
    student = traitlets.Unicode("").tag(sync=True)
    score_text = traitlets.Unicode("").tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)
    action_label = traitlets.Unicode("Export submission").tag(sync=True)
    export_requested = traitlets.Int(0).tag(sync=True)

    def __init__(
        self,
        bank: list[ExerciseSpec | CompiledExercise],
        answers_dir: Path | None = None,
        **kwargs: Any,
    ):
        super().__init__(lesson=bank[0].lesson, **kwargs)
        self._bank = bank
        self._answers_dir = answers_dir
        _PANELS.setdefault(self.lesson, weakref.WeakSet()).add(self)
        self.refresh()

    def refresh(self) -> None:
        self.score_text = score_text(self._bank, load_answers(self.lesson, self._answers_dir))

    @traitlets.observe("export_requested")
    def _on_export_requested(self, _change: dict) -> None:
        if not self.student.strip():
            self.message = "Type your student id first."
            return
        answered = load_answers(self.lesson, self._answers_dir)
        if not any(entry.get("response") not in (None, "") for entry in answered.values()):
            self.message = EMPTY_HAND_IN
            return
        path = export_submission(self.lesson, student=self.student, answers_dir=self._answers_dir)
        self.message = f"Wrote {path.name}: hand this file in."


def score_text(bank: list[ExerciseSpec | CompiledExercise], answers: dict[str, dict]) -> str:
    """The running score line, worded as the website's panel words it (in the assessment
    edition, how many exercises are answered: nothing there knows the score)."""
    if bank_edition(bank) == "assessment":
        answered = sum(answers.get(spec.id, {}).get("response") not in (None, "") for spec in bank)
        return f"Answered so far: {answered} of {len(bank)} exercises."
    total = sum(spec.points for spec in bank)
    earned = sum(
        spec.points * answers.get(spec.id, {}).get("verdict", {}).get("score", 0) for spec in bank
    )
    return f"Score so far: {round(earned, 2):g} of {total:g} points."
