"""A problem found in the course's files, reported the same way by every checker.

Data, exercise banks, lessons and submissions are all checked by ``uspak check`` or the grader; one
shape for what they find lets the CLI print one line per problem that names the file and the item.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    line: int | None = None
    item: str | None = None  # a row, column, exercise id or field path

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.item}: {self.message}" if self.item else f"{where}: {self.message}"


class CourseFileError(Exception):
    """Raised when a course file cannot be used; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
