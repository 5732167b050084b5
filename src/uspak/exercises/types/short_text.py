"""A short typed answer: right if it is one of the accepted texts or matches a pattern."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from uspak.exercises.model import (
    CORRECT,
    NOT_QUITE,
    ExerciseSpec,
    Key,
    Text,
    Tokens,
    Verdict,
)
from uspak.exercises.normalize import normalize_text, read_text
from uspak.exercises.patterns import portability_problems


@dataclass(frozen=True, kw_only=True)
class ShortText(ExerciseSpec):
    type = "short_text"

    accept: tuple[str, ...]
    patterns: tuple[str, ...] = ()  # regular expressions, searched in the normalised answer

    @classmethod
    def own_fields(cls, raw: dict[str, Any]) -> dict[str, Any]:
        return {"accept": tuple(raw["accept"]), "patterns": tuple(raw.get("patterns", ()))}

    def semantic_problems(self) -> list[tuple[str, str]]:
        found = []
        for pattern in self.patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                found.append(
                    ("patterns", f"{pattern!r} is not a valid regular expression: {error}")
                )
                continue
            found += [("patterns", f"{pattern!r}: {why}") for why in portability_problems(pattern)]
        return found

    def right_tokens(self) -> list[tuple[str, str]]:
        return [("answer", normalize_text(text)) for text in self.accept]

    def public_fields(self, *, text: Text, secret: Text) -> dict[str, Any]:
        return {"patterns": [secret(p) for p in self.patterns]}

    @staticmethod
    def read(key: Key, response: Any) -> Tokens:
        token = read_text(response)
        return [("answer", token)], token

    @staticmethod
    def score(key: Key, hits: list[bool], whole: str) -> Verdict:
        patterns = [key.secret(p) for p in key.public.get("patterns", ())]
        if all(hits) or any(_search(p, whole) for p in patterns):
            return Verdict("correct", 1, CORRECT)
        return Verdict("incorrect", 0, NOT_QUITE)


def _search(pattern: str, text: str) -> bool:
    """Patterns match anywhere unless anchored with ^ and $, as in JavaScript's RegExp.test."""
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False
