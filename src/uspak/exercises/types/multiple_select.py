"""Every right option among several; all or nothing, or partial credit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from uspak.exercises.model import (
    CORRECT,
    NOT_QUITE,
    Choice,
    ExerciseSpec,
    Key,
    Text,
    Tokens,
    Verdict,
    choices,
    compiled_choice,
    public_ids,
    repeated_ids,
)
from uspak.exercises.normalize import ResponseError
from uspak.exercises.types.single_choice import option_feedback


@dataclass(frozen=True, kw_only=True)
class MultipleSelect(ExerciseSpec):
    type = "multiple_select"

    options: tuple[Choice, ...]
    answer: tuple[str, ...]  # option ids
    scoring: str = "all_or_nothing"  # or "partial"

    @classmethod
    def own_fields(cls, raw: dict[str, Any]) -> dict[str, Any]:
        return {
            "options": choices(raw["options"]),
            "answer": tuple(raw["answer"]),
            "scoring": raw.get("scoring", "all_or_nothing"),
        }

    def semantic_problems(self) -> list[tuple[str, str]]:
        found = repeated_ids("options", self.options)
        unknown = set(self.answer) - {o.id for o in self.options}
        if unknown:
            found.append(("answer", f"not option ids: {sorted(unknown)}"))
        return found

    def right_tokens(self) -> list[tuple[str, str]]:
        return [("answer", option_id) for option_id in self.answer]

    def public_fields(self, *, text: Text, secret: Text) -> dict[str, Any]:
        return {
            "options": [compiled_choice(o, text, secret) for o in self.options],
            "scoring": self.scoring,
            "n_right": len(self.answer),
        }

    def labelled(self) -> tuple[Choice, ...]:
        return self.options

    @staticmethod
    def read(key: Key, response: Any) -> Tokens:
        if not isinstance(response, list) or not response:
            raise ResponseError("Select at least one option.")
        options = public_ids(key, "options")
        if not all(isinstance(r, str) and r in options for r in response):
            raise ResponseError("Select only options listed.")
        if len(set(response)) != len(response):
            raise ResponseError("Select each option at most once.")
        picks = sorted(response)
        return [("answer", r) for r in picks], ",".join(picks)

    @staticmethod
    def score(key: Key, hits: list[bool], whole: str) -> Verdict:
        right = sum(hits)
        wrong = len(hits) - right
        n_right = key.public.get("n_right", 0)
        if right == n_right and wrong == 0:
            return Verdict("correct", 1, CORRECT)
        share = max(0, right - wrong) / n_right if n_right else 0
        if key.public.get("scoring") == "partial" and share > 0:
            message = f"◐ Partly right: {right} of your choices are right and {wrong} wrong."
            return Verdict("partial", share, message)
        return Verdict("incorrect", 0, NOT_QUITE)

    @staticmethod
    def feedback(key: Key, tokens: list[tuple[str, str]]) -> list[str]:
        return option_feedback(key, tokens)
