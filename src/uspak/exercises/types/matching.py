"""Pairs to match, left to right; each right pair earns its share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from uspak.exercises.model import (
    CORRECT,
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


@dataclass(frozen=True, kw_only=True)
class Matching(ExerciseSpec):
    type = "matching"

    left: tuple[Choice, ...]
    right: tuple[Choice, ...]
    answer: dict[str, str]  # left id -> right id

    @classmethod
    def own_fields(cls, raw: dict[str, Any]) -> dict[str, Any]:
        return {
            "left": choices(raw["left"]),
            "right": choices(raw["right"]),
            "answer": dict(raw["answer"]),
        }

    def semantic_problems(self) -> list[tuple[str, str]]:
        found = repeated_ids("left", self.left) + repeated_ids("right", self.right)
        left, right = {c.id for c in self.left}, {c.id for c in self.right}
        if set(self.answer) != left:
            found.append(("answer", f"must map every left id {sorted(left)} and nothing else"))
        missing = set(self.answer.values()) - right
        if missing:
            found.append(("answer", f"maps to ids missing from 'right': {sorted(missing)}"))
        return found

    def right_tokens(self) -> list[tuple[str, str]]:
        return list(self.answer.items())

    def public_fields(self, *, text: Text, secret: Text) -> dict[str, Any]:
        return {
            "left": [compiled_choice(c, text) for c in self.left],
            "right": [compiled_choice(c, text) for c in self.right],
        }

    def labelled(self) -> tuple[Choice, ...]:
        return (*self.left, *self.right)

    @staticmethod
    def read(key: Key, response: Any) -> Tokens:
        if not isinstance(response, dict) or not response:
            raise ResponseError("Match at least one item.")
        lefts, rights = public_ids(key, "left"), public_ids(key, "right")
        for left, right in response.items():
            if left not in lefts or not isinstance(right, str) or right not in rights:
                raise ResponseError("Choose matches from the lists given.")
        pairs = sorted(response.items())
        return pairs, ",".join(f"{left}={right}" for left, right in pairs)

    @staticmethod
    def score(key: Key, hits: list[bool], whole: str) -> Verdict:
        right, total = sum(hits), len(key.public.get("left", ()))
        if right == total:
            return Verdict("correct", 1, CORRECT)
        if right:
            message = f"◐ Partly right: {right} of {total} pairs are right."
            return Verdict("partial", right / total, message)
        return Verdict("incorrect", 0, f"✗ Not yet: 0 of {total} pairs are right.")
