"""``grade``: from a pile of hand-ins to a gradebook, feedback per student and a report.

The run never stops on a bad input: each file is read, checked and graded on its own, and each
ends up in the report with what happened to it. Only a broken course (an exercise bank that does
not load) stops it, because then nothing could be graded fairly.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from uspak.exercises.bank import ExerciseSpec, load_all_banks
from uspak.grading.feedback import write_feedback
from uspak.grading.gradebook import format_points, write_gradebook
from uspak.grading.inputs import Candidate, Rejected, collect
from uspak.grading.notebook import parse_notebook
from uspak.grading.progress import Progress
from uspak.grading.recheck import GradedSubmission, code_tasks, recheck
from uspak.grading.report import GradeReport, InputOutcome, write_report
from uspak.grading.sandbox import Limits, SandboxPool, sandbox_kind
from uspak.grading.selection import keep_latest
from uspak.problems import Problem
from uspak.submission import Submission, SubmissionError, parse_submission


def grade(
    inputs: list[Path],
    *,
    out: Path,
    quiet: bool = False,
    jobs: int | None = None,
    limits: Limits | None = None,
) -> GradeReport:
    """Grade every submission found in ``inputs`` (files, folders, zips) into ``out``.

    Writes ``out/gradebook.csv``, ``out/feedback/<student>.md`` and ``out/report.txt``.
    ``jobs`` sandboxed workers run code exercises in parallel (default: one per core).
    """
    started = time.monotonic()
    banks = load_all_banks()
    out = Path(out)
    report = GradeReport(out=out)
    progress = Progress("Grading", quiet=quiet)

    parsed: list[tuple[Submission, tuple[str, ...]]] = []
    for item in collect([Path(p) for p in inputs], skip=out):
        if isinstance(item, Rejected):
            outcome = "ignored" if item.ignored else "rejected"
            report.inputs.append(InputOutcome(item.label, outcome, item.reason))
            continue
        try:
            parsed.append(read_candidate(item, banks))
        except SubmissionError as error:
            report.inputs.append(InputOutcome(item.label, "rejected", _reasons(error.problems)))

    notes = {id(sub): sub_notes for sub, sub_notes in parsed}
    kept, superseded = keep_latest(sub for sub, _ in parsed)
    for loser in superseded:
        report.inputs.append(InputOutcome(loser.submission.source, "superseded", loser.reason))

    progress.start("Grading", len(kept))
    graded = _grade_all(kept, banks, notes, jobs, limits or Limits(), progress, report)
    progress.finish()
    for item in graded:
        sub = item.submission
        detail = (
            f"student {sub.student}, lesson {sub.lesson}: "
            f"{format_points(item.earned)} of {format_points(item.possible)} points"
        )
        report.inputs.append(InputOutcome(sub.source, "graded", detail, item.notes))

    _write_outputs(out, graded, banks)
    report.students = len({g.submission.student for g in graded})
    report.seconds = time.monotonic() - started
    write_report(report)
    return report


def read_candidate(
    candidate: Candidate, banks: dict[str, list[ExerciseSpec]]
) -> tuple[Submission, tuple[str, ...]]:
    """The submission in one file, with notes; SubmissionError if it cannot be graded at all."""
    if candidate.is_notebook:
        notebook = parse_notebook(candidate.raw, candidate.label, candidate.modified)
        submission, notes = notebook.submission, notebook.notes
    else:
        submission, notes = parse_submission(candidate.raw, name=candidate.label), ()
    if submission.lesson not in banks:
        known = ", ".join(sorted(banks))
        raise SubmissionError(
            [
                Problem(
                    candidate.label,
                    f"unknown lesson {submission.lesson!r} (this course has {known})",
                    item="lesson",
                )
            ]
        )
    return submission, notes


def _reasons(problems: list[Problem]) -> str:
    return "; ".join(f"{p.item}: {p.message}" if p.item else p.message for p in problems)


def _grade_all(
    kept: list[Submission],
    banks: dict[str, list[ExerciseSpec]],
    notes: dict[int, tuple[str, ...]],
    jobs: int | None,
    limits: Limits,
    progress: Progress,
    report: GradeReport,
) -> list[GradedSubmission]:
    """Recheck every kept submission; code runs in the sandbox pool, several at a time."""
    graded: dict[int, GradedSubmission] = {}
    with_code = []
    for sub in kept:
        tasks = code_tasks(sub, banks[sub.lesson])
        if tasks:
            with_code.append((sub, tasks))
        else:
            graded[id(sub)] = recheck(sub, banks[sub.lesson], None, notes[id(sub)])
            progress.advance()
    if with_code:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(with_code)))
        report.sandbox = sandbox_kind()
        with (
            SandboxPool(workers, limits, report.sandbox) as pool,
            ThreadPoolExecutor(workers) as threads,
        ):
            futures = {threads.submit(pool.run, tasks): sub for sub, tasks in with_code}
            for future in as_completed(futures):
                sub = futures[future]
                outcomes = future.result()
                report.code_runs += len(outcomes)
                graded[id(sub)] = recheck(sub, banks[sub.lesson], outcomes, notes[id(sub)])
                progress.advance()
    return [graded[id(sub)] for sub in kept]


def _write_outputs(
    out: Path, graded: list[GradedSubmission], banks: dict[str, list[ExerciseSpec]]
) -> None:
    feedback_dir = out / "feedback"
    feedback_dir.mkdir(parents=True, exist_ok=True)
    for stale in feedback_dir.glob("*.md"):  # the folder is ours: no feedback from an older run
        stale.unlink()
    write_gradebook(out / "gradebook.csv", graded, banks)
    by_student: dict[str, list[GradedSubmission]] = defaultdict(list)
    for item in graded:
        by_student[item.submission.student].append(item)
    for student, items in by_student.items():
        write_feedback(feedback_dir, student, items, banks)
