"""Read a handed-in Jupyter notebook (.ipynb) as a submission of its code exercises.

The answer to code exercise ``<id>`` is the code cell whose first line is ``# Exercise <id>``.
The student and lesson come from the notebook's metadata (``metadata.uspak.student`` and
``metadata.uspak.lesson``; every lesson notebook carries the lesson) or else from a file name of
the form ``<student>__<lesson>.ipynb``. The code is only collected here; it runs later, in the
sandbox.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from uspak.ids import clean_student_id, is_lesson_id, printable
from uspak.problems import Problem
from uspak.submission import (
    EARLIEST,
    Response,
    Submission,
    SubmissionError,
    check_in_range,
    parse_timestamp,
)

EXERCISE_CELL = re.compile(r"#\s*exercise\s+(l[0-9]{2}-[a-z0-9]+(?:-[a-z0-9]+)*)\s*", re.IGNORECASE)
FILE_NAME = re.compile(r"(?P<student>.+?)__(?P<lesson>[0-9]{2}-[a-z0-9-]+)\.ipynb", re.IGNORECASE)


@dataclass(frozen=True)
class NotebookSubmission:
    submission: Submission
    notes: tuple[str, ...]  # things worth telling the teacher that did not stop grading


def parse_notebook(raw: bytes, label: str, modified: datetime | None) -> NotebookSubmission:
    """The notebook's code answers as a submission; raises SubmissionError naming what is missing.

    ``created`` is ``metadata.uspak.created`` when present (refused outside the dates a hand-in
    can have), else the file's modification time.
    """
    notebook = _load(raw, label)
    meta = notebook.get("metadata")
    meta = meta.get("uspak") if isinstance(meta, dict) else None
    meta = meta if isinstance(meta, dict) else {}
    from_name = FILE_NAME.fullmatch(label.replace("\\", "/").rsplit("/", 1)[-1].rsplit("!", 1)[-1])
    student = _text(meta.get("student")) or (from_name and from_name["student"].strip())
    lesson = _text(meta.get("lesson")) or (from_name and from_name["lesson"].lower())
    problems = []
    if not student:
        problems.append(_missing(label, "student", "a student id"))
    else:
        try:
            student = clean_student_id(student)
        except ValueError as error:
            problems.append(Problem(label, str(error), item="student"))
    if not lesson:
        problems.append(_missing(label, "lesson", "the lesson"))
    elif not is_lesson_id(lesson):
        message = f"{_short(lesson)} is not a lesson id (NN-slug, e.g. 03-economy)"
        problems.append(Problem(label, message, item="lesson"))
    created, notes = _created(meta, label, modified, problems)
    if problems or not isinstance(lesson, str) or not isinstance(student, str):
        raise SubmissionError(problems)
    responses, cell_notes = _code_cells(notebook["cells"])
    submission = Submission(lesson, student, created, "notebook", responses, source=label)
    return NotebookSubmission(submission, (*notes, *cell_notes))


def _load(raw: bytes, label: str) -> dict[str, Any]:
    try:
        notebook = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise SubmissionError([Problem(label, "not a notebook: not UTF-8 text")]) from None
    except (json.JSONDecodeError, RecursionError):
        raise SubmissionError(
            [Problem(label, "not a notebook: not valid JSON (truncated?)")]
        ) from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise SubmissionError([Problem(label, "not a notebook: no list of cells")])
    return notebook


def _missing(label: str, field: str, what: str) -> Problem:
    return Problem(
        label,
        f"no {what}: set metadata.uspak.{field} or name the file <student>__<lesson>.ipynb",
        item=field,
    )


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _created(
    meta: dict[str, Any], label: str, modified: datetime | None, problems: list[Problem]
) -> tuple[datetime, list[str]]:
    """The stated time, checked like a submission's; else the file's, which no one stated."""
    if "created" in meta:
        value = meta["created"]
        try:
            if not isinstance(value, str):
                raise ValueError(f"{_short(value)} is not a date and time (RFC 3339 text)")
            return parse_timestamp(value), []
        except ValueError as error:
            problems.append(Problem(label, str(error), item="metadata.uspak.created"))
            return EARLIEST, []
    if modified is None:
        return datetime.now(UTC), []
    try:
        return check_in_range(modified, f"{modified:%Y-%m-%d %H:%M}"), []
    except ValueError as error:
        # A zip tool may write 1980-01-01 into every member: not the student's doing, so graded,
        # but as the oldest hand-in, which never replaces another.
        return EARLIEST, [f"file modification time {error}; counted as the oldest hand-in"]


def _short(value: Any) -> str:
    text = printable(repr(value))
    return text if len(text) <= 60 else text[:57] + "..."


def _code_cells(cells: list[Any]) -> tuple[dict[str, Response], list[str]]:
    responses: dict[str, Response] = {}
    notes = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        if not isinstance(source, str):
            continue
        first_line = source.lstrip("\n").split("\n", 1)[0]
        match = EXERCISE_CELL.fullmatch(first_line)
        if not match:
            continue
        exercise = match.group(1).lower()
        if exercise in responses:
            notes.append(f"{exercise}: several cells answer it; graded the last one")
        responses[exercise] = Response(exercise, {"code": source})
    return responses, notes
