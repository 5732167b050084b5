"""Items to put in order; each item in its place counts."""

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
class Ordering(ExerciseSpec):
    type = "ordering"

    items: tuple[Choice, ...]
    answer: tuple[str, ...]  # item ids, in order

    @classmethod
    def own_fields(cls, raw: dict[str, Any]) -> dict[str, Any]:
        return {"items": choices(raw["items"]), "answer": tuple(raw["answer"])}

    def semantic_problems(self) -> list[tuple[str, str]]:
        found = repeated_ids("items", self.items)
        if sorted(self.answer) != sorted(i.id for i in self.items):
            found.append(("answer", "must list every item id exactly once"))
        return found

    def right_tokens(self) -> list[tuple[str, str]]:
        return [(str(position), item) for position, item in enumerate(self.answer)]

    def public_fields(self, *, text: Text, secret: Text) -> dict[str, Any]:
        return {"items": [compiled_choice(i, text) for i in self.items]}

    def labelled(self) -> tuple[Choice, ...]:
        return self.items

    @staticmethod
    def read(key: Key, response: Any) -> Tokens:
        if not isinstance(response, list) or not response:
            raise ResponseError("Put the items in order.")
        if not all(isinstance(r, str) for r in response) or sorted(response) != sorted(
            public_ids(key, "items")
        ):
            raise ResponseError("Place every item exactly once.")
        return [(str(i), r) for i, r in enumerate(response)], ",".join(response)

    @staticmethod
    def score(key: Key, hits: list[bool], whole: str) -> Verdict:
        right = sum(hits)
        if right == len(hits):
            return Verdict("correct", 1, CORRECT)
        message = f"✗ Not yet: {right} of {len(hits)} items are in the right place."
        return Verdict("incorrect", 0, message)
