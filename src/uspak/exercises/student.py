"""Exercises from compiled banks: what a student copy of the course has instead of the keys.

A teacher who publishes the course to a JupyterHub gives students ``exercises/compiled/*.json``
(salted hashes, encoded texts) and never the plain banks. The notebook front-end then checks
against the hashes, exactly as the website does; only the grader, on the teacher's side, holds the
plain keys.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from uspak.course import Course, located
from uspak.exercises.check import Verdict, check_compiled, decode
from uspak.exercises.model import CodeCheck

COMPILED_DIR = "compiled"


@dataclass(frozen=True)
class CompiledExercise:
    """The fields the notebook front-end reads, taken from one compiled exercise."""

    compiled: dict[str, Any] = field(repr=False)

    @property
    def id(self) -> str:
        return self.compiled["id"]

    @property
    def lesson(self) -> str:
        return self.compiled["lesson"]

    @property
    def type(self) -> str:
        return self.compiled["type"]

    @property
    def points(self) -> float:
        return self.compiled["points"]

    @property
    def reveal_after(self) -> int:
        return self.compiled["reveal_after"]

    @property
    def result_name(self) -> str:
        return self.compiled.get("result_name", "answer")

    @property
    def check(self) -> CodeCheck | None:
        check = self.compiled.get("check")
        return CodeCheck(check["kind"], check["precision"]) if check else None

    @property
    def code_check(self) -> CodeCheck:
        """A code exercise's result check (the compiler always writes one for that type)."""
        if self.check is None:
            raise ValueError(f"{self.id}: a compiled code exercise has no 'check'")
        return self.check

    def explanation_html(self) -> str:
        return decode(self.compiled["explanation"]) if "explanation" in self.compiled else ""

    def solution(self) -> str:
        return decode(self.compiled.get("solution", ""))

    def verdict(self, response: Any) -> Verdict:
        return check_compiled(self.compiled, response)


def has_plain_banks(course: Course | None = None) -> bool:
    folder = located(course).exercises
    return any(folder.glob("[0-9][0-9]-*.yml"))


def load_compiled_bank(lesson: str, course: Course | None = None) -> list[CompiledExercise]:
    folder = located(course).exercises
    path = folder / COMPILED_DIR / f"{lesson}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    return [CompiledExercise(exercise) for exercise in document["exercises"]]


def find_compiled_exercise(exercise_id: str, course: Course | None = None) -> CompiledExercise:
    folder = located(course).exercises
    for path in sorted((folder / COMPILED_DIR).glob("*.json")):
        for exercise in load_compiled_bank(path.stem, course):
            if exercise.id == exercise_id:
                return exercise
    raise KeyError(f"no exercise with id {exercise_id!r} in {folder / COMPILED_DIR}")
