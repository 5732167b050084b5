"""``uspak grade`` and ``uspak verify-submission``: thin click commands over the Python API.

Imported whenever ``uspak`` starts, so the grading machinery is imported inside the commands.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("grade")
@click.argument(
    "submissions", nargs=-1, required=True, type=click.Path(path_type=Path, exists=False)
)
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for gradebook.csv, feedback/ and report.txt (created if missing).",
)
@click.option(
    "--quiet", is_flag=True, help="Print only the summary (also the default when CI is set)."
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Parallel code workers (default: one per core).",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="CPU seconds per code exercise.",
)
@click.option(
    "--memory-limit",
    type=click.IntRange(min=64),
    default=1024,
    show_default=True,
    help="MB of memory per code exercise.",
)
@click.option(
    "--unsafe-run-code",
    is_flag=True,
    help="Where no sandbox can be made (no bubblewrap), run students' code WITHOUT isolation.",
)
def grade_command(
    submissions: tuple[Path, ...],
    out: Path,
    quiet: bool,
    jobs: int | None,
    time_limit: float,
    memory_limit: int,
    unsafe_run_code: bool,
) -> None:
    """Grade SUBMISSIONS (files, folders, .zip archives, .ipynb notebooks) into --out.

    \b
    Exit status:
      0  every input was graded (superseded and hidden files count as handled)
      3  some inputs were refused: report.txt says which and why; the rest were graded
      4  grader fault: the course does not load (nothing graded), or the grader failed
         on some inputs (the rest were graded; report.txt names them)
    """
    from uspak.grading.report import EXIT_GRADER_FAULT
    from uspak.grading.run import grade
    from uspak.grading.sandbox import Limits
    from uspak.ids import printable
    from uspak.problems import CourseFileError

    limits = Limits(cpu_seconds=time_limit, wall_seconds=2 * time_limit + 5, memory_mb=memory_limit)
    try:
        report = grade(
            list(submissions),
            out=out,
            quiet=quiet,
            jobs=jobs,
            limits=limits,
            unsafe_run_code=unsafe_run_code,
        )
    except CourseFileError as error:
        for problem in error.problems:
            click.echo(f"error: the course is broken: {problem}", err=True)
        sys.exit(EXIT_GRADER_FAULT)
    for alert in report.alerts:
        click.echo(alert, err=True)
    click.echo(report.summary())
    if not quiet:
        for item in report.problems:
            detail = "; ".join(item.notes) if item.outcome == "graded" else item.detail
            # Names come from students' zips: no escape sequence reaches the terminal.
            click.echo(printable(f"  {item.outcome}: {item.label}: {detail}"))
    click.echo(f"Gradebook: {report.gradebook}")
    click.echo(f"Feedback: {report.feedback_dir}")
    click.echo(f"Report: {report.report_file}")
    sys.exit(report.exit_code)


@click.command("verify-submission")
@click.argument("file", type=click.Path(path_type=Path))
def verify_submission_command(file: Path) -> None:
    """Check FILE is a submission the grader will accept. Says nothing about right or wrong."""
    from uspak.grading.verify import verify_submission
    from uspak.ids import printable

    problems = verify_submission(file)
    for problem in problems:
        click.echo(printable(f"error: {problem}"), err=True)
    if problems:
        sys.exit(1)
    click.echo(f"{file}: ready to hand in.")
