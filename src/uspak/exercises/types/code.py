"""Code the student writes; its result (a number, a text, a series or a frame) is checked.

The reference value is the canonical result of the bank's solution, run against data/ once per
process (``uspak.exercises.code_result``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from uspak.exercises.code_result import reference_value
from uspak.exercises.model import CodeCheck, ExerciseSpec, Key, Text, Tokens
from uspak.exercises.normalize import ResponseError, number_from_key, read_number, read_text
from uspak.exercises.types.numeric import tolerance_problems

CODE_NUMBER_FORMS = ("plain", "thousands")


@dataclass(frozen=True, kw_only=True)
class Code(ExerciseSpec):
    type = "code"

    solution: str
    check: CodeCheck
    starter: str = ""
    result_name: str = "answer"
    tolerance: float = 0  # for checks of kind "number"

    @classmethod
    def own_fields(cls, raw: dict[str, Any]) -> dict[str, Any]:
        check = raw["check"]
        return {
            "solution": raw["solution"],
            "check": CodeCheck(check["kind"], check.get("precision", 6)),
            "starter": raw.get("starter", ""),
            "result_name": raw.get("result_name", "answer"),
            "tolerance": raw.get("tolerance", 0),
        }

    @property
    def code_check(self) -> CodeCheck:
        return self.check

    def semantic_problems(self) -> list[tuple[str, str]]:
        found = []
        if self.tolerance:
            if self.check.kind != "number":
                found.append(("tolerance", "applies only to checks of kind 'number'"))
            else:
                found += tolerance_problems(self.tolerance, self.check.precision)
        try:
            compile(self.solution, f"<{self.id} solution>", "exec")
        except SyntaxError as error:
            found.append(("solution", f"is not valid Python: {error.msg} (line {error.lineno})"))
        return found

    def right_tokens(self) -> list[tuple[str, str]]:
        value = reference_value(self.solution, self.result_name, self.check)
        token = read_value(self.check.kind, self.check.precision, value)
        if self.check.kind != "number":
            return [("answer", token)]
        steps = number_from_key(self.tolerance).at_precision(self.check.precision)
        return [("answer", str(int(token) + k)) for k in range(-steps, steps + 1)]

    def public_fields(self, *, text: Text, secret: Text) -> dict[str, Any]:
        return {
            "starter": self.starter,
            "result_name": self.result_name,
            "check": {"kind": self.check.kind, "precision": self.check.precision},
            "solution": secret(self.solution),
        }

    @staticmethod
    def read(key: Key, response: Any) -> Tokens:
        value = response.get("value") if isinstance(response, dict) else response
        check = key.public.get("check", {})
        token = read_value(check.get("kind"), check.get("precision", 0), value)
        return [("answer", token)], token


def read_value(kind: str | None, precision: int, value: Any) -> str:
    """A code result (canonical text from the run, or typed by the student) as one token."""
    if value is None or value == "":
        raise ResponseError("Run your code, then type the value it produced.")
    if kind == "number":
        return str(read_number(value, CODE_NUMBER_FORMS, None, precision))
    if kind == "text":
        return read_text(value)
    if not isinstance(value, str):
        raise ResponseError("Run your code, then type the value it produced.")
    return value.replace("\r\n", "\n").strip(" \t\n\r")
