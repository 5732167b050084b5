"""Keep one submission per student and lesson: the latest by its ``created`` time.

Students hand in more than once, and two files can claim the same student (a shared id, a copied
file). The newest one counts; every other is kept in the report with the file that replaced it,
so the teacher can look into it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from uspak.submission import Submission


@dataclass(frozen=True)
class Superseded:
    submission: Submission
    by: Submission

    @property
    def reason(self) -> str:
        mine, theirs = self.submission.created, self.by.created
        when = "an older" if mine < theirs else "the same time as a"
        return (
            f"{when} submission for student {self.submission.student!r}, lesson "
            f"{self.submission.lesson}: {self.by.source} (created {theirs:%Y-%m-%d %H:%M:%S}Z) "
            "was graded instead"
        )


def keep_latest(submissions: Iterable[Submission]) -> tuple[list[Submission], list[Superseded]]:
    """The submissions to grade, in first-seen order, and the ones they replace.

    On a tie in ``created`` the one seen first is kept, so the result does not depend on luck.
    """
    kept: dict[tuple[str, str], Submission] = {}
    superseded: list[Superseded] = []
    for submission in submissions:
        key = (submission.student, submission.lesson)
        current = kept.get(key)
        if current is None:
            kept[key] = submission
        elif submission.created > current.created:
            kept[key] = submission
            superseded.append(Superseded(current, submission))
        else:
            superseded.append(Superseded(submission, current))
    # An early loser may name a submission that was itself replaced later: name the winner.
    final = [Superseded(s.submission, kept[(s.by.student, s.by.lesson)]) for s in superseded]
    return list(kept.values()), final
