"""The ``uspak`` command: a thin click layer over the keyword-only Python API.

Every command prints one line per problem (file, item, message) and exits non-zero on any, so that
a maintainer never has to read a traceback to learn what to fix.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from uspak.course import CourseNotFoundError
from uspak.grading.sandbox import Limits
from uspak.ids import printable
from uspak.problems import CourseFileError


def _report_and_exit(err: CourseFileError, *, prefix: str = "", code: int = 1) -> None:
    """One line per problem on stderr, the count, and the exit code: every verb reports so."""
    for problem in err.problems:
        click.echo(printable(f"error: {prefix}{problem}"), err=True)
    click.echo(f"{len(err.problems)} problem(s) found.", err=True)
    sys.exit(code)


@click.group()
@click.version_option(package_name="uspak")
def main() -> None:
    """US-Pakistan relations, taught with data: build, check and grade the course."""


EDITION = click.option(
    "--edition",
    type=click.Choice(["practice", "assessment"]),
    default="practice",
    show_default=True,
    help="practice: exercises check themselves; assessment: no answer key of any kind, "
    "answers are only recorded for uspak grade.",
)


@main.command()
@click.option("--clean", is_flag=True, help="Rebuild every page and re-execute every lesson.")
@EDITION
def build(clean: bool, edition: str) -> None:
    """Build the website into book/_build/html (or html-assessment); warnings are errors."""
    from uspak.website.builder import BuildFailed, build_book

    try:
        html = build_book(clean=clean, edition=edition)
    except BuildFailed as err:
        if err.site:
            click.echo(f"The last good site in {err.site} was left as it was.", err=True)
        _report_and_exit(err)
    except CourseNotFoundError as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"Built the course website into {html} (preview: make serve)")


@main.command()
def check() -> None:
    """Validate data, exercise banks, lessons and the table of contents, without building."""
    from uspak.checks import check_course

    try:
        problems = check_course()
    except CourseNotFoundError as err:
        raise click.ClickException(str(err)) from None
    if problems:
        _report_and_exit(CourseFileError(problems))
    click.echo(
        "The course is consistent: data, banks, lessons, table of contents and bibliography."
    )


@main.command("notebooks")
@click.argument("out", type=click.Path(path_type=Path))
@click.option(
    "--no-colab", is_flag=True, help="Leave out the first cell that installs the course in Colab."
)
def notebooks(out: Path, no_colab: bool) -> None:
    """Write every lesson into OUT as a notebook for readers (no MyST syntax left)."""
    from uspak.publish.reader_notebook import ReaderNotebookError, write_reader_notebooks

    try:
        written = write_reader_notebooks(out, colab=not no_colab)
    except (CourseNotFoundError, ReaderNotebookError) as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"Wrote {len(written)} reader notebooks to {out}.")


@main.command("student-copy")
@click.argument("out", type=click.Path(path_type=Path))
@EDITION
def student_copy(out: Path, edition: str) -> None:
    """Write the course without its plain answer keys (lessons, notebooks, data, compiled banks)."""
    from uspak.publish.student_copy import write_student_copy

    try:
        write_student_copy(out, edition=edition)
    except (FileExistsError, CourseNotFoundError) as err:
        raise click.ClickException(str(err)) from None
    except CourseFileError as err:
        _report_and_exit(err)
    if edition == "assessment":
        click.echo(f"Wrote the assessment copy to {out}: no answer key of any kind is in it.")
    else:
        click.echo(f"Wrote the student copy to {out}: no plain answer key is in it.")


@main.command("handouts")
@click.argument("out", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--site",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The built website to print from (default: book/_build/html; run uspak build first).",
)
@click.option(
    "--chromium",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The Chromium to print with (default: USPAK_CHROMIUM, then chromium on PATH).",
)
@click.option("--keep-html", is_flag=True, help="Keep the pages printed, in OUT/html/.")
def handouts(out: Path, site: Path | None, chromium: Path | None, keep_html: bool) -> None:
    """Write a PDF worksheet per lesson, and teacher-notes.pdf, into OUT (needs Chromium).

    Exercises are printed as questions with their options and room to write; no answer key of
    any kind is printed."""
    from uspak.publish.handouts import HandoutError, write_handouts

    try:
        written = write_handouts(out, site=site, chromium=chromium, keep_html=keep_html)
    except (HandoutError, CourseNotFoundError) as err:
        raise click.ClickException(str(err)) from None
    except CourseFileError as err:
        _report_and_exit(err)
    click.echo(f"Wrote {len(written)} PDFs to {out}.")


@main.command("grade")
@click.argument(
    "submissions", nargs=-1, required=True, type=click.Path(path_type=Path, exists=False)
)
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for gradebook.csv, canvas.csv, moodle.csv, responses.csv, attempts.csv, "
    "feedback/ and report.txt (created if missing).",
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
    default=Limits.cpu_seconds,
    show_default=True,
    help="CPU seconds per code exercise (wall-clock: twice that, plus 5 s).",
)
@click.option(
    "--memory-limit",
    type=click.IntRange(min=64),
    default=Limits.memory_mb,
    show_default=True,
    help="MB of memory per code exercise.",
)
@click.option(
    "--unsafe-run-code",
    is_flag=True,
    help="Where no sandbox can be made (no bubblewrap), run students' code WITHOUT isolation.",
)
@click.option(
    "--canvas-exercises",
    is_flag=True,
    help="Add one canvas.csv column per exercise (default: one per lesson).",
)
def grade(
    submissions: tuple[Path, ...],
    out: Path,
    quiet: bool,
    jobs: int | None,
    time_limit: float,
    memory_limit: int,
    unsafe_run_code: bool,
    canvas_exercises: bool,
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
    from uspak.grading.run import grade as grade_inputs
    from uspak.ids import printable

    limits = Limits.for_cpu(time_limit, memory_mb=memory_limit)
    try:
        report = grade_inputs(
            list(submissions),
            out=out,
            quiet=quiet,
            jobs=jobs,
            limits=limits,
            unsafe_run_code=unsafe_run_code,
            canvas_exercises=canvas_exercises,
        )
    except CourseFileError as error:
        _report_and_exit(error, prefix="the course is broken: ", code=EXIT_GRADER_FAULT)
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


@main.command("verify-submission")
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
