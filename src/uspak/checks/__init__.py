"""``uspak check``: every static check of the course, without building the book."""

from __future__ import annotations

import yaml

from uspak.checks.bibliography import check_bibliography
from uspak.checks.toc import check_toc
from uspak.course import Course, located
from uspak.data.package import (
    read_descriptor,
    read_resource,
    resources_by_name,
    validate_package,
)
from uspak.exercises.bank import load_all_banks, validate_banks
from uspak.lessons import check_lessons, list_lessons
from uspak.problems import CourseFileError, Problem
from uspak.yaml_safe import load_yaml


def check_course(course: Course | None = None) -> list[Problem]:
    """Data, exercise banks, lessons, the table of contents and the bibliography; all problems,
    in that order."""
    course = located(course)
    problems = validate_package(course)
    excerpts = None if problems else _excerpt_lessons(course)
    if not problems:
        problems += _lesson_tag_problems(course)
    problems += validate_banks(course)
    problems += check_lessons(
        course,
        exercise_ids=_exercise_ids(course),
        table_names=_tables(course),
        excerpt_lessons=excerpts,
    )
    problems += _exercise_excerpt_problems(course, excerpts)
    problems += check_toc(course.book)
    problems += check_bibliography(course.book)
    return problems


def _exercise_ids(course: Course) -> set[str] | None:
    """Every exercise id the banks declare; None if a bank is too broken to say (validate_banks
    reports it, and the lessons that call its exercises should not be blamed as well)."""
    ids: set[str] = set()
    for path in sorted(course.exercises.glob("*.yml")):
        try:
            bank = load_yaml(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return None
        exercises = bank.get("exercises") if isinstance(bank, dict) else None
        if not isinstance(exercises, list):
            return None
        for exercise in exercises:
            if isinstance(exercise, dict) and isinstance(exercise.get("id"), str):
                ids.add(exercise["id"])
    return ids


def _tables(course: Course) -> set[str] | None:
    """The data tables' names; None if the descriptor is too broken to say (reported already)."""
    try:
        descriptor = read_descriptor(course)
    except CourseFileError:
        return None
    return (
        set(resources_by_name(descriptor))
        if isinstance(descriptor.get("resources"), list)
        else None
    )


def _excerpt_lessons(course: Course) -> dict[str, str] | None:
    """Each excerpt's id and the lesson that shows it; None if the table cannot be read."""
    try:
        table, _ = read_resource("excerpts", course)
    except (CourseFileError, LookupError):
        return None
    return dict(zip(table.columns["excerpt_id"], table.columns["lesson"], strict=True))


def _exercise_excerpt_problems(course: Course, excerpts: dict[str, str] | None) -> list[Problem]:
    """An exercise's ``excerpt`` names an excerpt of its own lesson (banks already validated)."""
    if excerpts is None:
        return []
    try:
        banks = load_all_banks(course)
    except CourseFileError:
        return []  # validate_banks has reported it
    problems = []
    for lesson, specs in banks.items():
        for spec in specs:
            if spec.excerpt is None or excerpts.get(spec.excerpt) == lesson:
                continue
            owner = excerpts.get(spec.excerpt)
            message = (
                f"reads excerpt {spec.excerpt!r}, which is not in data/excerpts.csv"
                if owner is None
                else f"reads excerpt {spec.excerpt!r}, which lesson {owner!r} shows, not {lesson!r}"
            )
            problems.append(Problem(f"exercises/{lesson}.yml", message, spec.line, spec.id))
    return problems


def _lesson_tag_problems(course: Course) -> list[Problem]:
    """A data table's ``lessons`` column (the timeline's) names only lessons the course has."""
    lessons = {lesson.id for lesson in list_lessons(course)}
    problems = []
    for name, resource in resources_by_name(read_descriptor(course)).items():
        if not any(f.get("name") == "lessons" for f in resource["schema"]["fields"]):
            continue
        table, _ = read_resource(name, course)
        for line, tags in zip(table.lines, table.columns["lessons"], strict=True):
            for tag in sorted(set((tags or "").split(";")) - lessons - {""}):
                message = f"names a lesson {tag!r} that the course does not have"
                problems.append(Problem(table.label, message, line, "lessons"))
    return problems
