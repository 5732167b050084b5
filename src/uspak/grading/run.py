"""``grade``: from a pile of hand-ins to a gradebook, feedback per student and a report.

The run never stops on a bad input: each file is read, checked and graded on its own, and each
ends up in the report with what happened to it. Only a broken course (an exercise bank that does
not load) stops it, because then nothing could be graded fairly.

Students' code runs in a fresh sandbox per exercise, several at once. Reading, re-checking and
writing feedback stay in this process: splitting them between forked processes was measured
slower here (1,000 submissions: median 2.7 s on two processes against 1.9 s on one, on a shared
2-core machine), as pickling and forking cost more than the work they spread.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from uspak.exercises.bank import ExerciseSpec, load_all_banks
from uspak.grading.exports import write_exports
from uspak.grading.feedback import feedback_name, render_feedback_markdown
from uspak.grading.feedback_html import feedback_html_name
from uspak.grading.feedback_html import render_feedback as render_feedback_html
from uspak.grading.file_writes import write_texts
from uspak.grading.gradebook import format_points, write_gradebook
from uspak.grading.inputs import Candidate, Rejected, collect
from uspak.grading.notebook import parse_notebook
from uspak.grading.progress import Progress
from uspak.grading.recheck import GradedSubmission, code_tasks, recheck
from uspak.grading.report import GradeReport, InputOutcome, write_report
from uspak.grading.report_html import write_report_html
from uspak.grading.sandbox import ENABLE_HINT, CodeOutcome, Limits, SandboxPool
from uspak.grading.selection import keep_latest
from uspak.problems import Problem
from uspak.submission import Submission, SubmissionError, parse_submission

# Answers kept from parsing to grading, summed over the run: a class of 150 students handing in 10
# lessons of a few kB each holds under 10 MB; an archive of near-2 MB submissions (each within its
# own limit) stops here instead of filling memory. Python objects take up to ~5 times their text.
MAX_RUN_HELD_BYTES = 100_000_000

Banks = dict[str, list[ExerciseSpec]]
UNSAFE_ALERT = (
    "Warning: students' code ran WITHOUT isolation (--unsafe-run-code): it could read and change "
    "anything your user account can, including other students' hand-ins."
)
Outcomes = dict[str, CodeOutcome]


def grade(
    inputs: list[Path],
    *,
    out: Path,
    quiet: bool = False,
    jobs: int | None = None,
    limits: Limits | None = None,
    unsafe_run_code: bool = False,
    canvas_exercises: bool = False,
) -> GradeReport:
    """Grade every submission found in ``inputs`` (files, folders, zips) into ``out``.

    Writes ``out/gradebook.csv``, ``out/feedback/<student>.md`` and ``.html``, ``out/report.txt``
    and ``out/report.html``, and the import files ``canvas.csv`` (per-exercise columns too with
    ``canvas_exercises``), ``moodle.csv`` and ``responses.csv``, and the gradebook's companion
    ``attempts.csv`` (checks and reveals per exercise).
    ``jobs`` sandboxes run students' code at once (default: one per core). Where no sandbox can
    be made, code exercises score 0 with the reason, unless ``unsafe_run_code`` runs them
    without isolation (and the report says so at the top).
    """
    started = time.monotonic()
    banks = load_all_banks()
    out = Path(out)
    workers = jobs or os.cpu_count() or 1
    report = GradeReport(out=out)
    progress = Progress("Grading", quiet=quiet)

    # Each file is parsed as it is found, so its bytes (a zip member's too) are dropped at once.
    parsed: list[tuple[Submission, tuple[str, ...]]] = []
    held = 0
    for item in collect([Path(p) for p in inputs], skip=out):
        if isinstance(item, Rejected):
            outcome = "ignored" if item.ignored else "rejected"
            report.inputs.append(InputOutcome(item.label, outcome, item.reason, fault=item.fault))
            continue
        try:
            submission, notes = read_candidate(item, banks)
        except SubmissionError as error:
            report.inputs.append(InputOutcome(item.label, "rejected", _reasons(error)))
            continue
        except Exception as error:  # noqa: BLE001 - a grader bug costs this file, not the run
            report.inputs.append(_fault(item.label, "reading it", error))
            continue
        held += _held_bytes(submission, item)
        if held > MAX_RUN_HELD_BYTES:
            reason = (
                f"the run already holds {MAX_RUN_HELD_BYTES:,} bytes of answers (its limit): "
                "not graded; grade the rest in a second run"
            )
            report.inputs.append(InputOutcome(item.label, "rejected", reason))
            continue
        parsed.append((submission, notes))

    notes_of = {id(sub): sub_notes for sub, sub_notes in parsed}
    kept, superseded = keep_latest(sub for sub, _ in parsed)
    for loser in superseded:
        report.inputs.append(InputOutcome(loser.submission.source, "superseded", loser.reason))

    progress.start("Grading", len(kept))
    hide = (*[Path(p) for p in inputs], out)
    limits = limits or Limits()
    outcomes = _run_code(kept, banks, workers, limits, progress, report, unsafe_run_code, hide)
    graded = []
    for sub in kept:
        try:
            graded.append(recheck(sub, banks[sub.lesson], outcomes.get(id(sub)), notes_of[id(sub)]))
        except Exception as error:  # noqa: BLE001 - as above
            report.inputs.append(_fault(sub.source, "grading it", error))
    progress.advance(len(kept) - len(outcomes))
    progress.finish()
    graded = _write_outputs(out, graded, banks, report)
    write_exports(out, graded, banks, canvas_exercises=canvas_exercises)
    for result in graded:
        sub = result.submission
        detail = (
            f"student {sub.student}, lesson {sub.lesson}: "
            f"{format_points(result.earned)} of {format_points(result.possible)} points"
        )
        report.inputs.append(InputOutcome(sub.source, "graded", detail, result.notes))
    report.students = len({g.submission.student for g in graded})
    report.seconds = time.monotonic() - started
    write_report(report)
    write_report_html(out=out, graded=graded, banks=banks, report=report)
    return report


def _reasons(error: SubmissionError) -> str:
    return "; ".join(f"{p.item}: {p.message}" if p.item else p.message for p in error.problems)


def _fault(label: str, doing: str, error: Exception) -> InputOutcome:
    detail = f"grader fault while {doing}: {type(error).__name__}: {error}"
    return InputOutcome(label, "rejected", detail, fault=True)


def _held_bytes(submission: Submission, candidate: Candidate) -> int:
    """Roughly what the parsed submission keeps in memory until the run ends."""
    if not candidate.is_notebook:
        return len(candidate.raw)
    return sum(len(r.response.get("code", "")) for r in submission.responses.values())


def read_candidate(candidate: Candidate, banks: Banks) -> tuple[Submission, tuple[str, ...]]:
    """The submission in one file, with notes; SubmissionError if it cannot be graded at all."""
    if candidate.is_notebook:
        notebook = parse_notebook(candidate.raw, candidate.label, candidate.modified)
        submission, notes = notebook.submission, notebook.notes
    else:
        submission, notes = parse_submission(candidate.raw, name=candidate.label), ()
    if submission.lesson not in banks:
        known = ", ".join(sorted(banks))
        message = f"unknown lesson {submission.lesson!r} (this course has {known})"
        raise SubmissionError([Problem(candidate.label, message, item="lesson")])
    return submission, notes


def _run_code(
    kept: list[Submission],
    banks: Banks,
    workers: int,
    limits: Limits,
    progress: Progress,
    report: GradeReport,
    unsafe: bool,
    hide: tuple[Path, ...],
) -> dict[int, Outcomes]:
    """Run every submitted piece of code, each exercise in its own sandbox, several at a time."""
    with_code = [(sub, tasks) for sub in kept if (tasks := code_tasks(sub, banks[sub.lesson]))]
    if not with_code:
        return {}
    size = max(1, min(workers, len(with_code)))
    outcomes: dict[int, Outcomes] = {}
    pool = SandboxPool(size, limits, unsafe=unsafe, hide=hide)
    report.sandbox = pool.kind
    if pool.kind == "unsafe":
        report.alerts.append(UNSAFE_ALERT)
    elif pool.kind == "none":
        report.alerts.append(f"Students' code was not run ({pool.refusal}): {ENABLE_HINT}.")
    with pool, ThreadPoolExecutor(size) as threads:
        futures = {threads.submit(pool.run, tasks): (sub, tasks) for sub, tasks in with_code}
        for future in as_completed(futures):
            sub, tasks = futures[future]
            try:
                outcomes[id(sub)] = future.result()
            except Exception as error:  # noqa: BLE001 - its code counts as not run, noted with why
                message = f"grader fault while running the code: {type(error).__name__}: {error}"
                outcomes[id(sub)] = {
                    t.exercise: CodeOutcome("error", message=message) for t in tasks
                }
            report.code_runs += len(outcomes[id(sub)])
            progress.advance()
    return outcomes


def _not_run(tasks: list, error: Exception) -> Outcomes:
    message = f"grader fault while running the code: {type(error).__name__}: {error}"
    return {task.exercise: CodeOutcome("error", message=message) for task in tasks}


def _write_outputs(
    out: Path, graded: list[GradedSubmission], banks: Banks, report: GradeReport
) -> list[GradedSubmission]:
    """Write the gradebook and each student's feedback (Markdown and HTML); return what was
    written. A student whose feedback fails is a grader fault, out of the gradebook."""
    feedback_dir = out / "feedback"
    feedback_dir.mkdir(parents=True, exist_ok=True)
    by_student: dict[str, list[GradedSubmission]] = defaultdict(list)
    for item in graded:
        by_student[item.submission.student].append(item)
    texts: dict[Path, str] = {}
    student_of: dict[Path, str] = {}
    for student, items in list(by_student.items()):
        try:
            mine = {
                feedback_dir / feedback_name(student): render_feedback_markdown(
                    student, items, banks
                ),
                feedback_dir / feedback_html_name(student): render_feedback_html(
                    student=student, graded=items, banks=banks
                ),
            }
        except Exception as error:  # noqa: BLE001 - their files are reported, the rest written
            del by_student[student]
            report.inputs += [_fault(i.submission.source, "writing feedback", error) for i in items]
            continue
        texts |= mine
        student_of |= dict.fromkeys(mine, student)
    failed = write_texts(texts)
    for path, write_error in failed.items():
        for item in by_student.pop(student_of[path], []):
            report.inputs.append(_fault(item.submission.source, "writing feedback", write_error))
    kept = [item for items in by_student.values() for item in items]
    write_gradebook(out / "gradebook.csv", kept, banks)
    # The folder is ours: nothing from an older run, nor half of a failed student's pair, may
    # pass for this run's feedback.
    current = {path for path, student in student_of.items() if student in by_student}
    for stale in set(feedback_dir.glob("*.md")) | set(feedback_dir.glob("*.html")):
        if stale not in current and (stale.is_file() or stale.is_symlink()):
            stale.unlink()
    return kept
