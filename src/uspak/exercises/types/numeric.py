"""A number, typed in any of the forms the exercise allows, right within a tolerance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from uspak.exercises.model import ExerciseSpec, Key, Text, Tokens
from uspak.exercises.normalize import DEFAULT_FORMS, number_from_key, read_number

MAX_TOLERANCE_STEPS = 1000  # compiled banks list one hash per accepted value


@dataclass(frozen=True, kw_only=True)
class Numeric(ExerciseSpec):
    type = "numeric"

    answer: float
    precision: int = 0  # decimal places compared; negative rounds to tens, hundreds, ...
    tolerance: float = 0
    unit: str | None = None
    forms: tuple[str, ...] = DEFAULT_FORMS

    @classmethod
    def own_fields(cls, raw: dict[str, Any]) -> dict[str, Any]:
        return {
            "answer": raw["answer"],
            "precision": raw.get("precision", 0),
            "tolerance": raw.get("tolerance", 0),
            "unit": raw.get("unit"),
            "forms": tuple(raw.get("forms", DEFAULT_FORMS)),
        }

    def semantic_problems(self) -> list[tuple[str, str]]:
        return tolerance_problems(self.tolerance, self.precision)

    def right_tokens(self) -> list[tuple[str, str]]:
        centre = number_from_key(self.answer).at_precision(self.precision)
        steps = number_from_key(self.tolerance).at_precision(self.precision)
        return [("answer", str(centre + k)) for k in range(-steps, steps + 1)]

    def public_fields(self, *, text: Text, secret: Text) -> dict[str, Any]:
        return {"precision": self.precision, "unit": self.unit, "forms": list(self.forms)}

    def authored(self, response: Any) -> Any:
        # A wrong answer written as a YAML number stands for the student typing it.
        return str(response) if isinstance(response, int | float) else response

    @staticmethod
    def read(key: Key, response: Any) -> Tokens:
        p = key.public
        token = str(read_number(response, p.get("forms", ()), p.get("unit"), p.get("precision", 0)))
        return [("answer", token)], token


def tolerance_problems(tolerance: float, precision: int) -> list[tuple[str, str]]:
    """A tolerance must be a whole number of steps of the precision, and not too many."""
    steps = number_from_key(tolerance).at_precision(precision)
    if number_from_key(tolerance).at_precision(precision + 9) != steps * 10**9:
        return [("tolerance", f"must be a multiple of 10^-{precision} (the precision)")]
    if steps > MAX_TOLERANCE_STEPS:
        return [("tolerance", f"spans more than {MAX_TOLERANCE_STEPS} steps of the precision")]
    return []
