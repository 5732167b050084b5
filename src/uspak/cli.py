"""The ``uspak`` command: a thin click layer over the keyword-only Python API.

Every command prints one line per problem (file, item, message) and exits non-zero on any, so that
a maintainer never has to read a traceback to learn what to fix.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from uspak.course import CourseNotFoundError
from uspak.grading.cli import grade_command, verify_submission_command
from uspak.problems import CourseFileError


def _report_and_exit(err: CourseFileError) -> None:
    for problem in err.problems:
        click.echo(f"error: {problem}", err=True)
    click.echo(f"{len(err.problems)} problem(s) found.", err=True)
    sys.exit(1)


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
    click.echo("The course is consistent: data, exercise banks, lessons and table of contents.")


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


# The grading verbs live in their own subpackage, as otter-grader keeps one per verb.
main.add_command(grade_command, "grade")
main.add_command(verify_submission_command, "verify-submission")
