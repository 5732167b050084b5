"""Check a response to an exercise: one semantics for the notebook, the website and the grader.

The rules are written once per type (``uspak.exercises.types``), over an *answer key* that only
answers "is this canonical response token right?". ``check_response`` asks the plain key in
exercises/ (the grader's and the notebook's path); ``check_compiled`` asks the salted hashes of a
compiled bank, as ``static/check.js`` does in the browser. Messages are part of the contract:
check.js produces the same strings, and the table in tests/exercises/cases/ holds both checkers to
it.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from uspak.exercises.edition import RECORDED
from uspak.exercises.model import ExerciseSpec, Verdict
from uspak.exercises.normalize import ResponseError
from uspak.exercises.types import REGISTRY

__all__ = ["Verdict", "check_compiled", "check_response", "decode", "encode", "token_hash"]


def token_hash(salt: str, slot: str, token: str) -> str:
    return hashlib.sha256(f"{salt}\n{slot}\n{token}".encode()).hexdigest()


def check_response(spec: ExerciseSpec, response: Any) -> Verdict:
    """Check against the plain key in the bank. Never raises on a malformed response."""
    return _check(plain_key(spec), response)


# One key per exercise, kept with the exercise it belongs to: the grader checks each exercise of
# a bank for every student, and a key builds its public fields, every accepted token (one per
# step of a numeric tolerance) and the wrong answers' tokens; once per process is enough.
_PLAIN_KEYS: dict[int, tuple[ExerciseSpec, PlainKey]] = {}


def plain_key(spec: ExerciseSpec) -> PlainKey:
    kept = _PLAIN_KEYS.get(id(spec))
    if kept is None or kept[0] is not spec:
        kept = _PLAIN_KEYS[id(spec)] = (spec, PlainKey(spec))
    return kept[1]


def check_compiled(exercise: dict, response: Any) -> Verdict:
    """Check against one exercise of a compiled bank (salted hashes), as the browser does.

    An assessment-edition exercise has no key: a response it can read is only recorded."""
    if "key" not in exercise:
        return _record(exercise, response)
    return _check(HashedKey(exercise), response)


def _record(exercise: dict, response: Any) -> Verdict:
    kind = REGISTRY.get(exercise.get("type", ""))
    try:
        if kind is None:
            raise ResponseError("This exercise cannot be checked here.")
        kind.read(_PublicOnly(exercise), response)
    except ResponseError as error:
        return Verdict("invalid", 0, str(error))
    return Verdict("recorded", 0, RECORDED)


class _PublicOnly:
    """A key that knows the exercise's shape and nothing else (reading, not checking)."""

    def __init__(self, exercise: dict):
        self.public = exercise

    def accepts(self, slot: str, token: str) -> bool:
        return False

    def secret(self, text: str) -> str:
        return ""


def _same(text: str) -> str:
    return text


class PlainKey:
    """The exercise's public fields, unencoded, plus its plain right tokens."""

    def __init__(self, spec: ExerciseSpec):
        self.public = {"type": spec.type, **spec.public_fields(text=_same, secret=_same)}
        self._spec = spec
        self._right: set[tuple[str, str]] | None = None
        self._wrong: dict[str, str] | None = None

    def accepts(self, slot: str, token: str) -> bool:
        if self._right is None:
            self._right = set(self._spec.right_tokens())
        return (slot, token) in self._right

    def wrong_feedback(self, token: str) -> str | None:
        if self._wrong is None:
            self._wrong = wrong_answer_tokens(self._spec)
        return self._wrong.get(token)

    def secret(self, text: str) -> str:
        return text


class HashedKey:
    """The same questions answered from a compiled exercise's salted hashes."""

    def __init__(self, exercise: dict):
        self.public = exercise
        self._salt = exercise["salt"]
        self._hashes = set(exercise["key"])
        self._wrong = exercise.get("wrong", {})

    def accepts(self, slot: str, token: str) -> bool:
        return token_hash(self._salt, slot, token) in self._hashes

    def wrong_feedback(self, token: str) -> str | None:
        encoded = self._wrong.get(token_hash(self._salt, "wrong", token))
        return decode(encoded) if encoded else None

    def secret(self, text: str) -> str:
        return decode(text)


def encode(text: str) -> str:
    """Hide text from the casual eye (view-source, grep): not encryption."""
    return base64.b64encode(text.encode()).decode("ascii")


def decode(text: str) -> str:
    return base64.b64decode(text).decode()


def wrong_answer_tokens(spec: ExerciseSpec) -> dict[str, str]:
    """Canonical token of each declared common wrong answer → its feedback."""
    key = PlainKey(spec)
    tokens = {}
    for wrong in spec.wrong_answers:
        try:
            tokens[spec.read(key, spec.authored(wrong.response))[1]] = wrong.feedback
        except ResponseError:
            continue
    return tokens


def readable(spec: ExerciseSpec, response: Any) -> str | None:
    """Why the checker could not read ``response`` (for bank validation); None if it can."""
    try:
        spec.read(PlainKey(spec), spec.authored(response))
    except ResponseError as error:
        return str(error)
    return None


def _check(key: PlainKey | HashedKey, response: Any) -> Verdict:
    kind = REGISTRY.get(key.public.get("type", ""))
    if kind is None:
        return Verdict("invalid", 0, "This exercise cannot be checked here.")
    try:
        tokens, whole = kind.read(key, response)
    except ResponseError as error:
        return Verdict("invalid", 0, str(error))
    hits = [key.accepts(slot, token) for slot, token in tokens]
    feedback = kind.feedback(key, tokens)
    wrong = key.wrong_feedback(whole)
    if wrong:
        feedback.append(wrong)
    verdict = kind.score(key, hits, whole)
    return Verdict(verdict.status, verdict.score, verdict.message, tuple(feedback))
