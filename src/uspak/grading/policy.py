"""The bank's grading policy applied to one re-checked response, from what the hand-in recorded.

The grader re-checks every response itself; the policy then weighs the verdict by how the student
got there: how many times they checked (``attempts``), whether the response handed in was
checked, and so whether the explanation (shown after ``reveal_after`` checks that were not right)
was on the screen before the right answer was checked. These counts come from the student's
browser or notebook: they are honest for honest students, and a student who edits their file can
lower them, as the grading guide says.
"""

from __future__ import annotations

from dataclasses import dataclass

from uspak.exercises.model import ExerciseSpec


@dataclass(frozen=True)
class Weighed:
    score: float  # 0..1 after the policy
    revealed: bool  # the explanation was shown before this response was (or would be) checked
    note: str = ""  # why the policy changed the score, for the feedback and the report


def weigh(
    spec: ExerciseSpec,
    score: float,
    attempts: int | None,
    checked: bool | None,
    shown: bool | None = None,
    *,
    edition: str | None = None,
) -> Weighed:
    """``score`` (the verdict's share, 0..1) under the exercise's grading policy. ``shown`` is
    the hand-in's ``revealed``: False when the host never showed the explanation, which no count
    of checks can then overrule. In the assessment ``edition`` a Check only records (no verdict,
    no explanation), so no check counts as wrong and nothing as revealed."""
    policy = spec.grading
    if attempts is None:  # an old or hand-made file: nothing recorded to weigh
        return Weighed(score, False)
    if checked is False and policy.unchecked == "ignore":
        return Weighed(0.0, False, "handed in without being checked: not counted in this lesson")
    if edition == "assessment":
        return Weighed(score, False)
    wrong_checks = attempts - 1 if checked is not False and attempts > 0 else attempts
    revealed = wrong_checks >= spec.reveal_after and shown is not False
    if score <= 0:
        return Weighed(0.0, revealed)
    notes = []
    if revealed and policy.after_reveal < 1:
        score *= policy.after_reveal
        notes.append(
            f"answered after the explanation was shown: {policy.after_reveal:.0%} of the points"
        )
    if policy.wrong_attempt_penalty and wrong_checks:
        taken = policy.wrong_attempt_penalty * wrong_checks
        score = max(0.0, score - taken)
        notes.append(f"{wrong_checks} wrong check(s) before: {taken:.0%} of the points taken off")
    return Weighed(round(score, 6), revealed, "; ".join(notes))
