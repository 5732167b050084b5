"""Write ``report.html``: the class at a glance, as one self-contained file beside gradebook.csv.

Charts are HTML/CSS bars, not matplotlib figures. The bars reflow to a 390 px screen and print
as they are, their numbers stay text (selectable, read by a screen reader, translated by the
browser), and the report does not import matplotlib, whose import alone would spend a large part
of the one second the report may add to a grading run. Each chart is a ``figure`` with a text
alternative (``role="img"`` and an ``aria-label`` stating every value), and the same numbers
follow in a data table. The file holds no script and names no other host: it opens from disk.

Every string that comes from a student's file (ids, answers, file names, reasons quoting them) is
escaped, and made printable first so a control character cannot hide part of a line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from uspak.grading.analysis import ClassAnalysis, ItemStats, LessonSummary, analyse
from uspak.grading.html_page import CSS, e, num, pct
from uspak.grading.recheck import GradedSubmission
from uspak.grading.report import INPUT_SECTIONS, GradeReport

REPORT_NAME = "report.html"


def write_report_html(
    *, out: Path, graded: Sequence[GradedSubmission], banks: dict, report: GradeReport
) -> Path:
    """Analyse the class and write ``out/report.html``; returns its path."""
    analysis = analyse(graded=graded, banks=banks, inputs=report.inputs)
    path = Path(out) / REPORT_NAME
    path.write_text(render_report(analysis=analysis, report=report), encoding="utf-8")
    return path


def render_report(*, analysis: ClassAnalysis, report: GradeReport) -> str:
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>uspak class report</title>",
        f"<style>{CSS}</style></head><body><main>",
        "<h1>Class report</h1>",
        *[f'<p class="flag" role="alert">{e(alert)}</p>' for alert in report.alerts],
        f"<p>{e(report.summary())}</p>",
    ]
    for summary in analysis.lessons:
        items = [i for i in analysis.items if i.lesson == summary.lesson]
        parts += _lesson(summary, items, analysis)
    if analysis.course:
        parts += _course(analysis)
    parts += _follow_up(analysis)
    parts += _inputs(report)
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _lesson(summary: LessonSummary, items: list[ItemStats], analysis: ClassAnalysis) -> list[str]:
    lesson = summary.lesson
    step = summary.possible / len(summary.histogram) if summary.possible else 0
    bins = [
        (f"{num(i * step)}–{num((i + 1) * step)} points", count, summary.graded, str(count))
        for i, count in enumerate(summary.histogram)
    ]
    parts = [
        f'<section aria-labelledby="lesson-{e(lesson)}">',
        f'<h2 id="lesson-{e(lesson)}">Lesson {e(lesson)}</h2>',
        f"<p>{summary.graded} hand-in(s) graded, out of {num(summary.possible)} points: "
        f"median {num(summary.median)}, interquartile range {num(summary.q1)} to "
        f"{num(summary.q3)} ({num(summary.iqr)}).</p>",
        *_bar_chart(
            f"Score distribution, lesson {lesson}",
            "students",
            ("points", "students"),
            bins,
        ),
        *_bar_chart(
            f"Share right per exercise, lesson {lesson}",
            "right",
            ("exercise", "share right"),
            [(i.exercise, i.right, 1.0, pct(i.right)) for i in items],
        ),
        "<h3>Item analysis</h3>",
        '<div class="scroll"><table><caption>Each exercise: shares of the hand-ins, mean '
        "attempts, reveals and discrimination (point-biserial correlation with the rest of "
        "the lesson)</caption><thead><tr><th scope=col>exercise</th><th scope=col>objective"
        "</th><th scope=col>right</th><th scope=col>partly</th><th scope=col>unanswered</th>"
        "<th scope=col>mean attempts</th><th scope=col>after the explanation</th>"
        "<th scope=col>discrimination</th><th scope=col>flags</th></tr></thead><tbody>",
    ]
    for i in items:
        flags = "; ".join(i.flags)
        parts.append(
            f'<tr><th scope=row><a href="#ex-{e(i.exercise)}">{e(i.exercise)}</a></th>'
            f'<td class="n">{i.objective}</td><td class="n">{pct(i.right)}</td>'
            f'<td class="n">{pct(i.partial)}</td><td class="n">{pct(i.unanswered)}</td>'
            f'<td class="n">{num(i.mean_attempts, 1) if i.mean_attempts is not None else "not recorded"}</td>'  # noqa: E501
            f'<td class="n">{pct(i.revealed)}</td><td class="n">{num(i.discrimination)}</td>'
            f'<td class="flag">{e(flags)}</td></tr>'
        )
    parts.append("</tbody></table></div>")
    parts += _wrong_answers(lesson, items, analysis)
    objectives = [o for o in analysis.objectives if o.lesson == lesson]
    parts += _bar_chart(
        f"Class mastery per learning objective, lesson {lesson}",
        "mastery",
        ("objective", "mastery (points earned of possible)"),
        [(f"objective {o.objective}", o.mastery, 1.0, pct(o.mastery)) for o in objectives],
    )
    parts.append("<h3>Prompts</h3><dl>")
    for i in items:
        parts.append(
            f'<dt id="ex-{e(i.exercise)}">{e(i.exercise)} (objective {i.objective})</dt>'
            f"<dd>{e(i.prompt)}</dd>"
        )
    parts += ["</dl>", "</section>"]
    return parts


def _wrong_answers(lesson: str, items: list[ItemStats], analysis: ClassAnalysis) -> list[str]:
    ids = {i.exercise for i in items}
    wrong = [w for w in analysis.wrong_answers if w.exercise in ids]
    parts = ["<h3>Common wrong answers</h3>"]
    if not wrong:
        return [*parts, "<p>No wrong answers.</p>"]
    parts.append(
        '<div class="scroll"><table><caption>Wrong or partly right answers, as the checker '
        "normalised them, most frequent first</caption><thead><tr><th scope=col>exercise</th>"
        "<th scope=col>objective</th><th scope=col>answer</th><th scope=col>students</th>"
        "</tr></thead><tbody>"
    )
    for w in wrong:
        parts.append(
            f'<tr><td><a href="#ex-{e(w.exercise)}">{e(w.exercise)}</a></td>'
            f'<td class="n">{lesson[:2]}-{w.objective}</td>'
            f'<td class="answer">{e(w.answer)}</td><td class="n">{w.count}</td></tr>'
        )
    parts.append("</tbody></table></div>")
    return parts


def _course(analysis: ClassAnalysis) -> list[str]:
    lessons = [s.lesson for s in analysis.lessons]
    head = "".join(f"<th scope=col>{e(lesson)}</th>" for lesson in lessons)
    parts = [
        '<section aria-labelledby="course"><h2 id="course">Course view</h2>',
        '<div class="scroll"><table><caption>Share of each lesson\'s points per student '
        "(blank: no hand-in)</caption>",
        f"<thead><tr><th scope=col>student</th>{head}</tr></thead><tbody>",
    ]
    for student, shares in analysis.course.items():
        cells = "".join(
            f'<td class="n">{pct(shares[lesson]) if lesson in shares else ""}</td>'
            for lesson in lessons
        )
        parts.append(f"<tr><th scope=row>{e(student)}</th>{cells}</tr>")
    parts += ["</tbody></table></div>", "</section>"]
    return parts


def _follow_up(analysis: ClassAnalysis) -> list[str]:
    parts = ['<section aria-labelledby="follow-up"><h2 id="follow-up">Needs follow-up</h2>']
    if not analysis.follow_up:
        return [*parts, "<p>Nobody.</p>", "</section>"]
    parts.append("<ul>")
    parts += [f"<li><strong>{e(f.who)}</strong>: {e(f.reason)}</li>" for f in analysis.follow_up]
    return [*parts, "</ul>", "</section>"]


def _inputs(report: GradeReport) -> list[str]:
    """What report.txt lists about refused, superseded, ignored and noted inputs."""
    parts = ['<section aria-labelledby="inputs"><h2 id="inputs">Input files</h2>']
    for title, outcome in INPUT_SECTIONS:
        chosen = [i for i in report.inputs if i.outcome == outcome]
        if chosen:
            parts.append(f"<h3>{e(title)} ({len(chosen)})</h3><ul>")
            parts += [f"<li><code>{e(i.label)}</code>: {e(i.detail)}</li>" for i in chosen]
            parts.append("</ul>")
    noted = [i for i in report.inputs if i.outcome == "graded" and i.notes]
    if noted:
        parts.append(f"<h3>Graded, with notes ({len(noted)})</h3><ul>")
        for item in noted:
            notes = "".join(f"<li>{e(n)}</li>" for n in item.notes)
            parts.append(f"<li><code>{e(item.label)}</code><ul>{notes}</ul></li>")
        parts.append("</ul>")
    if not any(i.outcome != "graded" or i.notes for i in report.inputs):
        parts.append("<p>Every input file was graded, without notes.</p>")
    return [*parts, "</section>"]


def _bar_chart(
    caption: str,
    unit: str,
    columns: tuple[str, str],
    rows: Iterable[tuple[str, float, float, str]],
) -> list[str]:
    """A figure of bars with its text alternative, then the same numbers as a table.

    ``rows`` are (label, value, maximum, value as shown)."""
    rows = list(rows)
    alt = f"{caption}: " + "; ".join(f"{label}: {shown} {unit}" for label, _, _, shown in rows)
    parts = [
        f'<figure><figcaption>{e(caption)}</figcaption><div class="bars" role="img" '
        f'aria-label="{e(alt)}">'
    ]
    for label, value, maximum, _ in rows:
        width = 100 * value / maximum if maximum else 0
        parts.append(
            f'<span class="label" aria-hidden="true">{e(label)}</span><span class="track" '
            f'aria-hidden="true"><span class="fill" style="display:block;width:{width:.1f}%">'
            "</span></span>"
        )
    parts.append("</div>")
    parts.append(
        f'<div class="scroll"><table><thead><tr><th scope=col>{e(columns[0])}</th>'
        f"<th scope=col>{e(columns[1])}</th></tr></thead><tbody>"
    )
    parts += [
        f'<tr><td>{e(label)}</td><td class="n">{e(shown)}</td></tr>' for label, _, _, shown in rows
    ]
    parts += ["</tbody></table></div></figure>"]
    return parts
