"""One right option among several."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from uspak.exercises.model import (
    Choice,
    ExerciseSpec,
    Key,
    Text,
    Tokens,
    choices,
    compiled_choice,
    public_ids,
    repeated_ids,
)
from uspak.exercises.normalize import ResponseError


@dataclass(frozen=True, kw_only=True)
class SingleChoice(ExerciseSpec):
    type = "single_choice"

    options: tuple[Choice, ...]
    answer: str  # an option id

    @classmethod
    def own_fields(cls, raw: dict[str, Any]) -> dict[str, Any]:
        return {"options": choices(raw["options"]), "answer": raw["answer"]}

    def semantic_problems(self) -> list[tuple[str, str]]:
        found = repeated_ids("options", self.options)
        ids = sorted(o.id for o in self.options)
        if self.answer not in ids:
            found.append(("answer", f"{self.answer!r} is not one of the option ids {ids}"))
        return found

    def right_tokens(self) -> list[tuple[str, str]]:
        return [("answer", self.answer)]

    def public_fields(self, *, text: Text, secret: Text) -> dict[str, Any]:
        return {"options": [compiled_choice(o, text, secret) for o in self.options]}

    def labelled(self) -> tuple[Choice, ...]:
        return self.options

    @staticmethod
    def read(key: Key, response: Any) -> Tokens:
        if not isinstance(response, str) or not response:
            raise ResponseError("Choose one of the options.")
        if response not in public_ids(key, "options"):
            raise ResponseError("Choose one of the options listed.")
        return [("answer", response)], response

    @staticmethod
    def feedback(key: Key, tokens: list[tuple[str, str]]) -> list[str]:
        return option_feedback(key, tokens)


def option_feedback(key: Key, tokens: list[tuple[str, str]]) -> list[str]:
    """The feedback of each chosen option that has one, in the order chosen."""
    by_id = {o["id"]: o for o in key.public.get("options", ())}
    return [key.secret(by_id[t]["feedback"]) for _, t in tokens if "feedback" in by_id[t]]
