"""Write one HTML feedback file per student, beside the Markdown one: the same content, plus the
student's own mastery per learning objective.

A file is built from that student's graded submissions only (the caller passes nothing else), so
no other student's answer, score or id can reach it. Student text is escaped as in report.html.
"""

from __future__ import annotations

from collections.abc import Sequence

from uspak.exercises.model import ExerciseSpec
from uspak.grading.analysis import objective_mastery
from uspak.grading.feedback import STATUS_WORDS, _shown, feedback_name
from uspak.grading.gradebook import format_points
from uspak.grading.html_page import CSS, e, pct
from uspak.grading.recheck import ExerciseResult, GradedSubmission


def feedback_html_name(student: str) -> str:
    return feedback_name(student).removesuffix(".md") + ".html"


def render_feedback(
    *, student: str, graded: Sequence[GradedSubmission], banks: dict[str, list[ExerciseSpec]]
) -> str:
    mine = [g for g in graded if g.submission.student == student]  # never anyone else's
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Feedback for {e(student)}</title>",
        f"<style>{CSS}</style></head><body><main>",
        f"<h1>Feedback for {e(student)}</h1>",
    ]
    for item in sorted(mine, key=lambda g: g.submission.lesson):
        bank = banks[item.submission.lesson]
        specs = {spec.id: spec for spec in bank}
        sub = item.submission
        parts += [
            f"<section><h2>Lesson {e(sub.lesson)}: {format_points(item.earned)} of "
            f"{format_points(item.possible)} points</h2>",
            f"<p>Graded from the submission created {sub.created:%Y-%m-%d %H:%M} UTC.</p>",
            "<table><caption>Your mastery per learning objective</caption><thead><tr>"
            "<th scope=col>objective</th><th scope=col>points earned of possible</th></tr>"
            "</thead><tbody>",
        ]
        for o in objective_mastery(lesson=sub.lesson, graded=[item], bank=bank):
            parts.append(f'<tr><td>{o.objective}</td><td class="n">{pct(o.mastery)}</td></tr>')
        parts.append("</tbody></table>")
        for result in item.results:
            parts += _exercise(result, specs[result.exercise])
        parts.append("</section>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _exercise(result: ExerciseResult, spec: ExerciseSpec) -> list[str]:
    name, prompt, explanation = _bank_parts(spec)
    parts = [
        f"<h3>{name}: {e(STATUS_WORDS.get(result.status, result.status))} "
        f"({format_points(result.earned)} of {format_points(result.points)})</h3>",
        prompt,
    ]
    if result.status != "unanswered":
        parts += [
            f'<p>Your answer:</p><pre class="answer">{e(_shown(result.response, spec))}</pre>',
            f"<p>Checked: {e(result.message)}</p>",
        ]
        if result.attempts is not None:
            revealed = "; the explanation had been shown" if result.revealed else ""
            parts.append(
                f"<p>You checked it {result.attempts} time(s) before handing in{revealed}.</p>"
            )
        if result.feedback:
            parts.append("<ul>" + "".join(f"<li>{e(n)}</li>" for n in result.feedback) + "</ul>")
    if explanation:
        parts.append(explanation)
    return parts


# The bank's own text, escaped once per exercise rather than once per student.
_BANK_PARTS: dict[int, tuple[ExerciseSpec, tuple[str, str, str]]] = {}


def _bank_parts(spec: ExerciseSpec) -> tuple[str, str, str]:
    kept = _BANK_PARTS.get(id(spec))
    if kept is None or kept[0] is not spec:
        name = f"{spec.title} ({spec.id})" if spec.title else spec.id
        explanation = spec.explanation.strip() if spec.explanation else ""
        parts = (
            e(name),
            f"<blockquote>{e(spec.prompt.strip())}</blockquote>",
            f"<p>Explanation: {e(explanation)}</p>" if explanation else "",
        )
        kept = _BANK_PARTS[id(spec)] = (spec, parts)
    return kept[1]
