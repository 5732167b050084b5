"""What lessons call: show_exercise, show_exercises, show_hand_in and export_submission.

Each call displays one object with two representations: the widget view (Jupyter shows it, live)
and ``text/html`` (the website keeps it when the book executes the notebook). The HTML holds only
a root element and the compiled JSON; the engine's JS and CSS are added once per page by the
Sphinx extension ``uspak.sphinxext.exercises``.
"""

from __future__ import annotations

import html
from pathlib import Path

from uspak.exercises.bank import find_exercise
from uspak.exercises.compile import script_json
from uspak.exercises.edition import current_edition
from uspak.exercises.hand_in import export_submission, lesson_bank
from uspak.exercises.model import ExerciseSpec
from uspak.exercises.student import CompiledExercise, find_compiled_exercise, has_plain_banks
from uspak.exercises.widget import ExerciseWidget, HandInWidget

__all__ = ["export_submission", "show_exercise", "show_exercises", "show_hand_in"]

Exercise = ExerciseSpec | CompiledExercise


def _find(exercise_id: str) -> Exercise:
    """The plain-key exercise in the course's checkout; the compiled one in a student copy."""
    return find_exercise(exercise_id) if has_plain_banks() else find_compiled_exercise(exercise_id)


class _Both:
    """A widget plus the HTML that stands for it where no kernel runs."""

    def __init__(self, widget, html_text: str):
        self.widget = widget
        self.html = html_text

    def _repr_mimebundle_(self, **kwargs):
        # anywidget answers (data, metadata); ipywidgets answers data alone.
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        return {**data, "text/html": self.html}, metadata


def exercise_view(spec: Exercise, answers_dir: Path | None = None) -> _Both:
    widget = ExerciseWidget(spec, answers_dir=answers_dir)
    return _Both(widget, exercise_html(widget.exercise))


def exercise_html(compiled: dict) -> str:
    """The website's form of one exercise: its root element and its compiled JSON."""
    noscript = "This exercise needs JavaScript; the lesson's notebook has the same exercise."
    return (
        f'<div class="uspak-exercise-root" data-exercise-id="{html.escape(compiled["id"])}">'
        f'<script type="application/json">{script_json(compiled)}</script>'
        f"<noscript>{noscript}</noscript></div>"
    )


def hand_in_html(bank: list[Exercise]) -> str:
    lesson = bank[0].lesson
    spec = {
        "lesson": lesson,
        "edition": current_edition(),
        "exercises": [{"id": s.id, "points": s.points} for s in bank],
    }
    return (
        f'<div class="uspak-hand-in-root" data-hand-in-lesson="{html.escape(lesson)}">'
        f'<script type="application/json">{script_json(spec)}</script></div>'
    )


def _display(obj) -> None:
    from IPython.display import display

    display(obj)


def show_exercise(exercise_id: str) -> None:
    """Display one exercise: Check button, feedback, hints and attempts."""
    _display(exercise_view(_find(exercise_id)))


def show_exercises(lesson: str) -> None:
    """Display every exercise of a lesson, then the running score and hand-in panel."""
    bank = lesson_bank(lesson)
    for spec in bank:
        _display(exercise_view(spec))
    show_hand_in(lesson)


def show_hand_in(lesson: str) -> None:
    """Display the hand-in panel: student id, running score, export (notebook) or download."""
    bank = lesson_bank(lesson)
    _display(_Both(HandInWidget(bank), hand_in_html(bank)))
