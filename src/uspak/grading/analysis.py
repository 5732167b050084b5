"""How the class did: per lesson, per exercise (item analysis), per objective, per student.

Pure functions over the graded results, no I/O, so the HTML report, its golden JSON and the tests
all read the same numbers. Wrong answers are grouped by the checker's own canonical token (the
type's ``read`` over the plain key), so "1,954" and "1954 " count as one answer, exactly as the
checker saw them. Discrimination is the point-biserial (Pearson) correlation of the item's score
with the rest of the lesson's score, the item excluded, so an item does not correlate with itself.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from uspak.exercises.check import plain_key
from uspak.exercises.model import ExerciseSpec
from uspak.exercises.normalize import ResponseError
from uspak.grading.recheck import GradedSubmission
from uspak.grading.report import InputOutcome

TOO_EASY = 0.9  # share right above which an item tells the teacher little
TOO_HARD = 0.3  # share right below which an item needs a look
LOW_SCORE = 0.5  # share of a lesson's points below which a student needs follow-up
HISTOGRAM_BINS = 10  # tenths of the lesson's points
WRONG = ("incorrect", "partial", "invalid")
CHECK_KEY = "check the key or the prompt"

Banks = dict[str, list[ExerciseSpec]]


@dataclass(frozen=True)
class LessonSummary:
    lesson: str
    graded: int
    possible: float
    median: float  # points
    q1: float
    q3: float
    histogram: tuple[int, ...]  # students per tenth of the points, the last tenth closed

    @property
    def iqr(self) -> float:
        return self.q3 - self.q1


@dataclass(frozen=True)
class ItemStats:
    exercise: str
    lesson: str
    objective: int
    prompt: str
    graded: int
    right: float  # shares of the graded hand-ins
    partial: float
    unanswered: float
    mean_attempts: float | None  # None: no response carried a progress record
    revealed: float | None  # share answered after the explanation was shown; None as above
    discrimination: float | None  # None: fewer than 3 hand-ins, or no spread to correlate
    flags: tuple[str, ...]


@dataclass(frozen=True)
class WrongAnswer:
    exercise: str
    objective: int
    prompt: str
    answer: str  # the checker's canonical form
    count: int


@dataclass(frozen=True)
class ObjectiveMastery:
    lesson: str
    objective: int
    mastery: float  # points earned over points possible, the whole class
    exercises: tuple[str, ...]


@dataclass(frozen=True)
class FollowUp:
    who: str  # a student id, or a file for inputs that were refused
    reason: str


@dataclass(frozen=True)
class ClassAnalysis:
    lessons: tuple[LessonSummary, ...]
    items: tuple[ItemStats, ...]
    wrong_answers: tuple[WrongAnswer, ...]
    objectives: tuple[ObjectiveMastery, ...]
    follow_up: tuple[FollowUp, ...]
    course: dict[str, dict[str, float]]  # student -> lesson -> share of points (several lessons)


def analyse(
    *,
    graded: Sequence[GradedSubmission],
    banks: Banks,
    inputs: Sequence[InputOutcome] = (),
    top_wrong: int = 5,
) -> ClassAnalysis:
    """The whole class, every lesson someone handed in, in course order."""
    by_lesson: dict[str, list[GradedSubmission]] = defaultdict(list)
    for item in graded:
        by_lesson[item.submission.lesson].append(item)
    lessons = sorted(by_lesson)
    summaries, items, wrong, objectives = [], [], [], []
    for lesson in lessons:
        subs = by_lesson[lesson]
        summaries.append(lesson_summary(lesson=lesson, graded=subs))
        for spec in banks[lesson]:
            items.append(item_stats(spec=spec, graded=subs))
            wrong += common_wrong_answers(spec=spec, graded=subs)[:top_wrong]
        objectives += objective_mastery(lesson=lesson, graded=subs, bank=banks[lesson])
    course: dict[str, dict[str, float]] = {}
    if len(lessons) > 1:
        for item in graded:
            share = item.earned / item.possible if item.possible else 0.0
            course.setdefault(item.submission.student, {})[item.submission.lesson] = share
    return ClassAnalysis(
        tuple(summaries),
        tuple(items),
        tuple(wrong),
        tuple(objectives),
        tuple(follow_up(graded=graded, inputs=inputs)),
        {student: course[student] for student in sorted(course)},
    )


def lesson_summary(*, lesson: str, graded: Sequence[GradedSubmission]) -> LessonSummary:
    scores = sorted(g.earned for g in graded)
    possible = max((g.possible for g in graded), default=0.0)
    bins = [0] * HISTOGRAM_BINS
    for score in scores:
        tenth = int(score / possible * HISTOGRAM_BINS) if possible else 0
        bins[min(tenth, HISTOGRAM_BINS - 1)] += 1
    q1, median, q3 = _quartiles(scores)
    return LessonSummary(lesson, len(scores), possible, median, q1, q3, tuple(bins))


def item_stats(*, spec: ExerciseSpec, graded: Sequence[GradedSubmission]) -> ItemStats:
    """Item analysis of one exercise over the hand-ins of its lesson."""
    pairs = [(r, g) for g in graded for r in g.results if r.exercise == spec.id]
    n = len(pairs)
    statuses = Counter(r.status for r, _ in pairs)
    recorded = [r for r, _ in pairs if r.attempts is not None]
    right = statuses["correct"] / n if n else 0.0
    scores = [r.earned / r.points if r.points else 0.0 for r, _ in pairs]
    rest = [g.earned - r.earned for r, g in pairs]
    discrimination = _pearson(scores, rest) if n >= 3 else None
    flags = []
    if n and right > TOO_EASY:
        flags.append("too easy")
    if n and right < TOO_HARD:
        flags.append("too hard")
    if discrimination is not None and discrimination < 0:
        flags.append(f"negative discrimination: {CHECK_KEY}")
    return ItemStats(
        spec.id,
        spec.lesson,
        spec.objective,
        spec.prompt.strip(),
        n,
        right,
        statuses["partial"] / n if n else 0.0,
        statuses["unanswered"] / n if n else 0.0,
        statistics.fmean(r.attempts or 0 for r in recorded) if recorded else None,
        sum(r.revealed for r in recorded) / len(recorded) if recorded else None,
        discrimination,
        tuple(flags),
    )


def common_wrong_answers(
    *, spec: ExerciseSpec, graded: Sequence[GradedSubmission]
) -> list[WrongAnswer]:
    """Wrong and partly right answers, grouped as the checker reads them, most frequent first."""
    counted: Counter[str] = Counter()
    for g in graded:
        for r in g.results:
            if r.exercise == spec.id and r.status in WRONG:
                counted[canonical(spec=spec, response=r.response)] += 1
    ranked = sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))
    prompt = spec.prompt.strip()
    return [WrongAnswer(spec.id, spec.objective, prompt, answer, n) for answer, n in ranked]


def canonical(*, spec: ExerciseSpec, response: object) -> str:
    """The response as the checker's canonical token; unreadable ones keep their text."""
    if isinstance(response, dict) and set(response) == {"code"}:
        return "(code that did not run)"
    try:
        return spec.read(plain_key(spec), response)[1]
    except (ResponseError, TypeError, ValueError, KeyError, AttributeError):
        return f"unreadable: {response!r}"[:200]


def objective_mastery(
    *, lesson: str, graded: Sequence[GradedSubmission], bank: Sequence[ExerciseSpec]
) -> list[ObjectiveMastery]:
    objective_of = {spec.id: spec.objective for spec in bank}
    earned: dict[int, float] = defaultdict(float)
    possible: dict[int, float] = defaultdict(float)
    for g in graded:
        for r in g.results:
            objective = objective_of.get(r.exercise)
            if objective is not None:
                earned[objective] += r.earned
                possible[objective] += r.points
    return [
        ObjectiveMastery(
            lesson,
            objective,
            earned[objective] / possible[objective] if possible[objective] else 0.0,
            tuple(s.id for s in bank if s.objective == objective),
        )
        for objective in sorted(possible)
    ]


def follow_up(
    *, graded: Sequence[GradedSubmission], inputs: Sequence[InputOutcome] = ()
) -> list[FollowUp]:
    """Who to chase: missing hand-ins, low scores, and files that were refused or superseded."""
    done: dict[str, set[str]] = defaultdict(set)
    found = []
    for g in sorted(graded, key=lambda g: (g.submission.student, g.submission.lesson)):
        done[g.submission.student].add(g.submission.lesson)
        if g.possible and g.earned / g.possible < LOW_SCORE:
            found.append(
                FollowUp(
                    g.submission.student,
                    f"low score in {g.submission.lesson}: {g.earned:g} of {g.possible:g}",
                )
            )
    lessons = set().union(*done.values()) if done else set()
    for student in sorted(done):
        missing = sorted(lessons - done[student])
        if missing:
            found.append(FollowUp(student, f"no hand-in for {', '.join(missing)}"))
    for i in inputs:
        if i.outcome in ("rejected", "superseded"):
            found.append(FollowUp(i.label, f"{i.outcome}: {i.detail}"))
    return found


def _quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """Q1, median, Q3 by the inclusive method (the median of a single value is that value)."""
    if not values:
        return 0.0, 0.0, 0.0
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, median, q3


def _pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    try:
        return statistics.correlation(xs, ys)
    except statistics.StatisticsError:  # no spread in one of them: nothing to correlate
        return None


def as_data(analysis: ClassAnalysis) -> dict:
    """The analysis as JSON-ready data, shares rounded to 4 places (the golden file's form)."""
    return _rounded(dataclasses.asdict(analysis))


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value
