"""Check a response to an exercise: one semantics for the notebook, the website and the grader.

The rules are written once, over an *answer key* that only answers "is this canonical response
token right?". ``check_response`` asks the plain key in exercises/ (the grader's and the notebook's
path); ``check_compiled`` asks the salted hashes of a compiled bank, as ``static/check.js`` does in
the browser. Messages are part of the contract: check.js produces the same strings, and the table
in tests/exercises/cases/ holds both checkers to it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import asdict, dataclass
from typing import Any

from uspak.exercises.code_result import reference_value
from uspak.exercises.model import ExerciseSpec
from uspak.exercises.normalize import (
    MAX_TEXT_CHARS,
    ResponseError,
    normalize_text,
    number_from_key,
    parse_number,
)

CODE_NUMBER_FORMS = ("plain", "thousands")


@dataclass(frozen=True)
class Verdict:
    status: str  # correct | incorrect | partial | invalid
    score: float  # 0..1, share of the exercise's points earned
    message: str
    feedback: tuple[str, ...] = ()  # per option, per wrong answer: shown under the message

    def to_dict(self) -> dict:
        return {**asdict(self), "feedback": list(self.feedback)}


def token_hash(salt: str, slot: str, token: str) -> str:
    return hashlib.sha256(f"{salt}\n{slot}\n{token}".encode()).hexdigest()


def check_response(spec: ExerciseSpec, response: Any) -> Verdict:
    """Check against the plain key in the bank. Never raises on a malformed response."""
    return _check(PlainKey(spec), response)


def check_compiled(exercise: dict, response: Any) -> Verdict:
    """Check against one exercise of a compiled bank (salted hashes), as the browser does."""
    return _check(HashedKey(exercise), response)


class PlainKey:
    """The public shape of an exercise plus its plain answers."""

    def __init__(self, spec: ExerciseSpec):
        self.type = spec.type
        self.option_ids = [o.id for o in spec.options]
        self.item_ids = [i.id for i in spec.items]
        self.left_ids = [c.id for c in spec.left]
        self.right_ids = [c.id for c in spec.right]
        self.forms, self.unit, self.precision = spec.forms, spec.unit, spec.precision
        self.check_kind = spec.check.kind if spec.check else None
        self.check_precision = spec.check.precision if spec.check else 0
        self.patterns = list(spec.patterns)
        self.scoring = spec.scoring
        self._option_feedback = {o.id: o.feedback for o in spec.options if o.feedback}
        self._spec = spec
        self._right: set[tuple[str, str]] | None = None
        self._wrong: dict[str, str] | None = None

    @property
    def n_right(self) -> int:
        return len(self._spec.answer)

    def accepts(self, slot: str, token: str) -> bool:
        if self._right is None:
            self._right = set(right_tokens(self._spec))
        return (slot, token) in self._right

    def wrong_feedback(self, token: str) -> str | None:
        if self._wrong is None:
            self._wrong = wrong_answer_tokens(self._spec)
        return self._wrong.get(token)

    def option_feedback(self, option_id: str) -> str | None:
        return self._option_feedback.get(option_id)


class HashedKey:
    """The same questions answered from a compiled exercise's salted hashes."""

    def __init__(self, exercise: dict):
        self.type = exercise["type"]
        self.option_ids = [o["id"] for o in exercise.get("options", ())]
        self.item_ids = [i["id"] for i in exercise.get("items", ())]
        self.left_ids = [c["id"] for c in exercise.get("left", ())]
        self.right_ids = [c["id"] for c in exercise.get("right", ())]
        self.forms = exercise.get("forms", ())
        self.unit = exercise.get("unit")
        self.precision = exercise.get("precision", 0)
        self.check_kind = exercise.get("check", {}).get("kind")
        self.check_precision = exercise.get("check", {}).get("precision", 0)
        self.patterns = [decode(p) for p in exercise.get("patterns", ())]
        self.n_right = exercise.get("n_right", 0)
        self.scoring = exercise.get("scoring", "all_or_nothing")
        self._salt = exercise["salt"]
        self._hashes = set(exercise["key"])
        self._wrong = exercise.get("wrong", {})
        self._option_feedback = {
            o["id"]: decode(o["feedback"]) for o in exercise.get("options", ()) if "feedback" in o
        }

    def accepts(self, slot: str, token: str) -> bool:
        return token_hash(self._salt, slot, token) in self._hashes

    def wrong_feedback(self, token: str) -> str | None:
        encoded = self._wrong.get(token_hash(self._salt, "wrong", token))
        return decode(encoded) if encoded else None

    def option_feedback(self, option_id: str) -> str | None:
        return self._option_feedback.get(option_id)


def encode(text: str) -> str:
    """Hide text from the casual eye (view-source, grep): not encryption."""
    return base64.b64encode(text.encode()).decode("ascii")


def decode(text: str) -> str:
    return base64.b64decode(text).decode()


# --- the canonical tokens of the plain key (compile.py hashes exactly these) -----------------


def right_tokens(spec: ExerciseSpec) -> list[tuple[str, str]]:
    """(slot, token) pairs a right response is made of."""
    if spec.type == "single_choice":
        return [("answer", spec.answer)]
    if spec.type == "multiple_select":
        return [("answer", option_id) for option_id in spec.answer]
    if spec.type == "numeric":
        centre = number_from_key(spec.answer).at_precision(spec.precision)
        steps = number_from_key(spec.tolerance).at_precision(spec.precision)
        return [("answer", str(centre + k)) for k in range(-steps, steps + 1)]
    if spec.type == "ordering":
        return [(str(position), item) for position, item in enumerate(spec.answer)]
    if spec.type == "matching":
        return list(spec.answer.items())
    if spec.type == "short_text":
        return [("answer", normalize_text(text)) for text in spec.accept]
    if spec.type == "code":
        token = _code_value(PlainKey(spec), reference_value(spec))
        if spec.code_check.kind != "number":
            return [("answer", token)]
        steps = number_from_key(spec.tolerance).at_precision(spec.code_check.precision)
        return [("answer", str(int(token) + k)) for k in range(-steps, steps + 1)]
    raise ValueError(f"{spec.id}: unknown exercise type {spec.type!r}")


def wrong_answer_tokens(spec: ExerciseSpec) -> dict[str, str]:
    """Canonical token of each declared common wrong answer → its feedback."""
    key = PlainKey(spec)
    tokens = {}
    for wrong in spec.wrong_answers:
        response = wrong.response
        if spec.type == "numeric" and isinstance(response, int | float):
            response = str(response)
        token = _canonical(key, response)
        if token is not None:
            tokens[token] = wrong.feedback
    return tokens


def readable(spec: ExerciseSpec, response: Any) -> str | None:
    """Why the checker could not read ``response`` (for bank validation); None if it can."""
    try:
        _read(PlainKey(spec), response)
    except ResponseError as error:
        return str(error)
    return None


def _canonical(key, response: Any) -> str | None:
    try:
        return _read(key, response)[1]
    except ResponseError:
        return None


# --- reading a response: either a ResponseError for the student or canonical tokens ----------


def _read(key, response: Any) -> tuple[list[tuple[str, str]], str]:
    """The (slot, token) pairs to look up, and the whole response as one token."""
    kind = key.type
    if kind == "single_choice":
        if not isinstance(response, str) or not response:
            raise ResponseError("Choose one of the options.")
        if response not in key.option_ids:
            raise ResponseError("Choose one of the options listed.")
        return [("answer", response)], response
    if kind == "multiple_select":
        if not isinstance(response, list) or not response:
            raise ResponseError("Select at least one option.")
        if not all(isinstance(r, str) and r in key.option_ids for r in response):
            raise ResponseError("Select only options listed.")
        if len(set(response)) != len(response):
            raise ResponseError("Select each option at most once.")
        picks = sorted(response)
        return [("answer", r) for r in picks], ",".join(picks)
    if kind == "numeric":
        return _one(str(_number(key, response, key.forms, key.precision)))
    if kind == "ordering":
        if not isinstance(response, list) or not response:
            raise ResponseError("Put the items in order.")
        if not all(isinstance(r, str) for r in response) or sorted(response) != sorted(
            key.item_ids
        ):
            raise ResponseError("Place every item exactly once.")
        return [(str(i), r) for i, r in enumerate(response)], ",".join(response)
    if kind == "matching":
        if not isinstance(response, dict) or not response:
            raise ResponseError("Match at least one item.")
        for left, right in response.items():
            if left not in key.left_ids or not isinstance(right, str) or right not in key.right_ids:
                raise ResponseError("Choose matches from the lists given.")
        pairs = sorted(response.items())
        return pairs, ",".join(f"{left}={right}" for left, right in pairs)
    if kind == "short_text":
        return _one(_text(response))
    if kind == "code":
        return _one(_code_value(key, response))
    raise ResponseError("This exercise cannot be checked here.")


def _one(token: str) -> tuple[list[tuple[str, str]], str]:
    return [("answer", token)], token


def _number(key, response: Any, forms, precision: int) -> int:
    if isinstance(response, bool) or not isinstance(response, str | int | float):
        raise ResponseError("Type a number.")
    if not isinstance(response, str):
        if response != response or response in (float("inf"), float("-inf")):
            raise ResponseError("Type a number.")
        return number_from_key(response).at_precision(precision)
    return parse_number(response, forms, key.unit).at_precision(precision)


def _text(response: Any) -> str:
    if not isinstance(response, str):
        raise ResponseError("Type an answer.")
    if len(response) > MAX_TEXT_CHARS:
        raise ResponseError(f"That answer is too long: type at most {MAX_TEXT_CHARS} characters.")
    text = normalize_text(response)
    if not text:
        raise ResponseError("Type an answer.")
    return text


def _code_value(key, response: Any) -> str:
    value = response.get("value") if isinstance(response, dict) else response
    if value is None or value == "":
        raise ResponseError("Run your code, then type the value it produced.")
    if key.check_kind == "number":
        return str(_number(key, value, CODE_NUMBER_FORMS, key.check_precision))
    if key.check_kind == "text":
        return _text(value)
    if not isinstance(value, str):
        raise ResponseError("Run your code, then type the value it produced.")
    return value.replace("\r\n", "\n").strip(" \t\n\r")


# --- verdicts --------------------------------------------------------------------------------


def _check(key, response: Any) -> Verdict:
    try:
        tokens, whole = _read(key, response)
    except ResponseError as error:
        return Verdict("invalid", 0, str(error))
    hits = [key.accepts(slot, token) for slot, token in tokens]
    feedback = []
    if key.type in ("single_choice", "multiple_select"):
        feedback = [f for _, option_id in tokens if (f := key.option_feedback(option_id))]
    wrong = key.wrong_feedback(whole)
    if wrong:
        feedback.append(wrong)
    if key.type == "short_text" and not hits[0]:
        hits[0] = any(_search(pattern, whole) for pattern in key.patterns)
    verdict = _score(key, hits)
    return Verdict(verdict.status, verdict.score, verdict.message, tuple(feedback))


def _search(pattern: str, text: str) -> bool:
    """Patterns match anywhere unless anchored with ^ and $, as in JavaScript's RegExp.test."""
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False


CORRECT = "✓ Correct."
NOT_QUITE = "✗ Not quite."


def _score(key, hits: list[bool]) -> Verdict:
    right = sum(hits)
    if key.type == "multiple_select":
        wrong = len(hits) - right
        if right == key.n_right and wrong == 0:
            return Verdict("correct", 1, CORRECT)
        score = max(0, right - wrong) / key.n_right if key.n_right else 0
        if key.scoring == "partial" and score > 0:
            return Verdict(
                "partial",
                score,
                f"◐ Partly right: {right} of your choices are right and {wrong} wrong.",
            )
        return Verdict("incorrect", 0, NOT_QUITE)
    if key.type == "ordering":
        if right == len(hits):
            return Verdict("correct", 1, CORRECT)
        return Verdict(
            "incorrect", 0, f"✗ Not yet: {right} of {len(hits)} items are in the right place."
        )
    if key.type == "matching":
        total = len(key.left_ids)
        if right == total:
            return Verdict("correct", 1, CORRECT)
        if right:
            return Verdict(
                "partial", right / total, f"◐ Partly right: {right} of {total} pairs are right."
            )
        return Verdict("incorrect", 0, f"✗ Not yet: 0 of {total} pairs are right.")
    return Verdict("correct", 1, CORRECT) if all(hits) else Verdict("incorrect", 0, NOT_QUITE)
