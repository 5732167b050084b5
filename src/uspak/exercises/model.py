"""The exercise model: one exercise of a bank, with its plain key, as every part reads it.

The bank reader (``uspak.exercises.bank``) makes these from YAML; the checker, the compiler, the
widget and the grader only read them, so this module depends on nothing else of the package but
the number forms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from uspak.exercises.normalize import DEFAULT_FORMS

TYPES = (
    "single_choice",
    "multiple_select",
    "numeric",
    "ordering",
    "matching",
    "short_text",
    "code",
)


@dataclass(frozen=True)
class Choice:
    """An option, an item to order, or one side of a matching pair."""

    id: str
    text: str
    feedback: str | None = None


@dataclass(frozen=True)
class WrongAnswer:
    response: Any
    feedback: str


@dataclass(frozen=True)
class CodeCheck:
    kind: str  # number | text | series | frame
    precision: int = 6


@dataclass(frozen=True)
class ExerciseSpec:
    """One exercise with its plain key. Fields that do not apply to ``type`` keep their defaults."""

    id: str
    type: str
    lesson: str
    objective: int
    prompt: str
    points: float = 1
    hints: tuple[str, ...] = ()
    explanation: str | None = None
    reveal_after: int = 3
    sources: tuple[str, ...] = ()
    wrong_answers: tuple[WrongAnswer, ...] = ()
    # single_choice / multiple_select: option ids; numeric: a number; ordering: item ids in
    # order; matching: {left id: right id}; short_text and code: None.
    answer: Any = None
    options: tuple[Choice, ...] = ()
    scoring: str = "all_or_nothing"
    precision: int = 0
    tolerance: float = 0
    unit: str | None = None
    forms: tuple[str, ...] = DEFAULT_FORMS
    items: tuple[Choice, ...] = ()
    left: tuple[Choice, ...] = ()
    right: tuple[Choice, ...] = ()
    accept: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    starter: str = ""
    result_name: str = "answer"
    solution: str | None = None
    check: CodeCheck | None = None
    file: str = field(default="", compare=False)
    line: int | None = field(default=None, compare=False)

    @property
    def code_check(self) -> CodeCheck:
        """A code exercise's result check, which the bank schema requires for that type."""
        if self.check is None:
            raise ValueError(f"{self.id}: a code exercise needs a 'check'")
        return self.check
