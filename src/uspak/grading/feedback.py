"""Write one Markdown feedback file per student: each exercise, the answer, the verdict, the why.

Student answers are untrusted text, so they are always shown inside code fences (a Markdown
viewer renders no HTML from them), and file names are made from student ids by keeping only safe
characters (``../x`` cannot escape the feedback folder).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from uspak.exercises.model import ExerciseSpec
from uspak.grading.gradebook import format_points
from uspak.grading.recheck import ExerciseResult, GradedSubmission
from uspak.ids import printable

STATUS_WORDS = {
    "correct": "✓ right",
    "partial": "◐ partly right",
    "incorrect": "✗ wrong",
    "invalid": "✗ not a valid answer",
    "unanswered": "– not answered",
    "error": "✗ the code did not produce a result",
}


def feedback_name(student: str) -> str:
    """A safe, unique file name for a student id (a hash is added when characters were replaced)."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", student)[:80]
    if safe != student:
        safe += "-" + hashlib.sha256(student.encode("utf-8")).hexdigest()[:8]
    return f"{safe}.md"


def render_feedback_markdown(
    student: str, graded: list[GradedSubmission], banks: dict[str, list[ExerciseSpec]]
) -> str:
    lines = [f"# Feedback for {_inline(student)}", ""]
    for item in sorted(graded, key=lambda g: g.submission.lesson):
        specs = {spec.id: spec for spec in banks[item.submission.lesson]}
        lines += _lesson(item, specs)
    return "\n".join(lines) + "\n"


def _lesson(item: GradedSubmission, specs: dict[str, ExerciseSpec]) -> list[str]:
    sub = item.submission
    lines = [
        f"## Lesson {sub.lesson}: "
        f"{format_points(item.earned)} of {format_points(item.possible)} points",
        "",
        f"Graded from the submission created {sub.created:%Y-%m-%d %H:%M} UTC.",
        "",
    ]
    for result in item.results:
        lines += _exercise(result, specs[result.exercise])
    return lines


def _exercise(result: ExerciseResult, spec: ExerciseSpec) -> list[str]:
    name = f"{spec.title} ({spec.id})" if spec.title else spec.id
    lines = [
        f"### {name}: {STATUS_WORDS.get(result.status, result.status)} "
        f"({format_points(result.earned)} of {format_points(result.points)})",
        "",
        _quote(spec.prompt.strip()),
        "",
    ]
    if result.status != "unanswered":
        lines += ["Your answer:", "", *_fenced(_shown(result.response, spec)), ""]
        # The message may quote the student's own error text: one line, whatever it holds.
        lines += [f"Checked: {printable(result.message)}", ""]
        if result.attempts is not None:
            revealed = "; the explanation had been shown" if result.revealed else ""
            lines += [f"You checked it {result.attempts} time(s) before handing in{revealed}.", ""]
        lines += [f"- {printable(note)}" for note in result.feedback]
        if result.feedback:
            lines.append("")
    if spec.explanation:
        lines += ["Explanation: " + spec.explanation.strip(), ""]
    return lines


def _shown(response: Any, spec: ExerciseSpec) -> str:
    """The answer as the student would recognise it: option texts, not only their ids."""
    names = {c.id: c.text for c in spec.labelled()}
    if isinstance(response, dict) and "code" in response:
        return str(response["code"])
    if isinstance(response, dict) and set(response) == {"value"}:
        return str(response["value"])
    if isinstance(response, str):
        return f"{response}: {names[response]}" if response in names else response
    if isinstance(response, list):
        return "\n".join(f"{r}: {names.get(r, '')}" if r in names else str(r) for r in response)
    if isinstance(response, dict):
        return "\n".join(f"{names.get(k, k)} -> {names.get(v, v)}" for k, v in response.items())
    return json.dumps(response, ensure_ascii=False)


def _fenced(text: str) -> list[str]:
    longest = max((len(run) for run in re.findall(r"`+|~+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", text, fence]


def _inline(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.splitlines())
