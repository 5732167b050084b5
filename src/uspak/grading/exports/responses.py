"""``responses.csv``: the long ("tidy") table, one row per student and exercise, for pandas.

Its columns and types are declared in ``responses.schema.json`` (a Frictionless Table Schema)
next to this module, so a teacher's script and the tests read the same contract. Responses are
written as graded: text as it is, anything else as compact JSON.
"""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path
from typing import Any

from uspak.exercises.model import ExerciseSpec
from uspak.grading.exports.cells import text_cell
from uspak.grading.gradebook import format_points
from uspak.grading.recheck import GradedSubmission
from uspak.submission import format_timestamp


def responses_schema() -> dict[str, Any]:
    """The Table Schema of responses.csv."""
    text = resources.files(__package__).joinpath("responses.schema.json").read_text("utf-8")
    return json.loads(text)


def columns() -> list[str]:
    return [field["name"] for field in responses_schema()["fields"]]


def write_responses(
    path: Path, *, graded: list[GradedSubmission], banks: dict[str, list[ExerciseSpec]]
) -> Path:
    """Write one row per student × exercise, sorted by student, lesson and bank order."""
    ordered = sorted(graded, key=lambda g: (g.submission.student, g.submission.lesson))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns())
        writer.writeheader()
        for item in ordered:
            sub = item.submission
            specs = {spec.id: spec for spec in banks[sub.lesson]}
            for result in item.results:
                writer.writerow(
                    {
                        "student": text_cell(sub.student),
                        "lesson": sub.lesson,
                        "exercise": result.exercise,
                        "objective": specs[result.exercise].objective,
                        "points": format_points(result.earned),
                        "max_points": format_points(result.points),
                        "verdict": result.status,
                        "attempts": "" if result.attempts is None else result.attempts,
                        "revealed": "true" if result.revealed else "false",
                        "response": text_cell(_response_text(result.response)),
                        "submitted": format_timestamp(sub.created),
                    }
                )
    return path


def _response_text(response: Any) -> str:
    if response is None:
        return ""
    if isinstance(response, str):
        return response
    return json.dumps(response, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
