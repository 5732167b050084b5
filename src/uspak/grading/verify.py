"""``verify_submission``: let a student check a file before handing it in.

It answers "will the grader accept this?" (the format, a student id, a lesson and exercise ids the
course knows) and never "is it right?": no answer is checked here.
"""

from __future__ import annotations

from pathlib import Path

from uspak.exercises.bank import load_all_banks
from uspak.grading.inputs import Rejected, collect
from uspak.grading.notebook import parse_notebook
from uspak.problems import Problem
from uspak.submission import NOTHING_TO_GRADE, Submission, SubmissionError, parse_submission


def verify_submission(path: Path) -> list[Problem]:
    """Every problem that would stop this file being graded, or make part of it not count."""
    path = Path(path)
    found = list(collect([path]))
    if len(found) != 1:
        return [Problem(str(path), "hand in one submission file, not a folder or an archive")]
    item = found[0]
    if isinstance(item, Rejected):
        return [Problem(item.label, item.reason)]
    try:
        if item.is_notebook:
            submission = parse_notebook(item.raw, item.label, item.modified).submission
        else:
            submission = parse_submission(item.raw, name=item.label)
    except SubmissionError as error:
        return error.problems
    except Exception as error:  # noqa: BLE001 - say so in one line, never a traceback
        return [Problem(item.label, f"grader fault: {type(error).__name__}: {error}")]
    return _against_course(submission, item.is_notebook)


def _against_course(submission: Submission, is_notebook: bool) -> list[Problem]:
    banks = load_all_banks()
    file = submission.source
    bank = banks.get(submission.lesson)
    if bank is None:
        known = ", ".join(sorted(banks))
        message = f"unknown lesson {submission.lesson!r} (the course has {known})"
        return [Problem(file, message, item="lesson")]
    ids = {spec.id for spec in bank}
    problems = [
        Problem(file, f"not an exercise of lesson {submission.lesson}", item=f"responses.{ex}")
        for ex in submission.responses
        if ex not in ids
    ]
    problems += [
        Problem(file, f"{entry.misshapen}: it would score 0", item=f"responses.{ex}.response")
        for ex, entry in submission.responses.items()
        if entry.misshapen is not None
    ]
    if not submission.responses:
        if is_notebook:
            message = "nothing to grade: no code cell starts with '# Exercise <id>'"
        else:
            message = NOTHING_TO_GRADE
        problems.append(Problem(file, message))
    return problems
