"""Exercise banks: read ``exercises/<lesson>.yml``, validate it, and hand out typed exercises.

Validation runs in two layers that report the same way (``uspak.problems.Problem``, naming the
file, the line and the exercise id with the field): the JSON Schema shipped in the package, then
the checks a schema cannot express (an answer that names an option that does not exist, ids
repeated across the course, a tolerance finer than the precision).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from uspak.course import Course, located
from uspak.exercises.check import readable
from uspak.exercises.model import ExerciseSpec, GradingPolicy, WrongAnswer
from uspak.exercises.types import REGISTRY
from uspak.problems import CourseFileError, Problem
from uspak.schema_check import schema_errors
from uspak.yaml_safe import parse_yaml, yaml_error_message

SCHEMA_VERSION = 1
SCHEMA = "bank-v1"


def load_bank(lesson: str, course: Course | None = None) -> list[ExerciseSpec]:
    """The exercises of one lesson, in bank order; raises CourseFileError listing every problem."""
    path = _folder(course) / f"{lesson}.yml"
    if not path.is_file():
        raise CourseFileError([Problem(str(path), f"no exercise bank for lesson {lesson!r}")])
    return read_bank_file(path)


def read_bank_file(path: Path) -> list[ExerciseSpec]:
    """One bank file wherever it is (tests keep a fixture bank outside exercises/)."""
    specs, problems = _read_bank(Path(path))
    if problems:
        raise CourseFileError(problems)
    return specs


def _folder(course: Course | None) -> Path:
    return located(course).exercises


def load_all_banks(course: Course | None = None) -> dict[str, list[ExerciseSpec]]:
    """Every bank, keyed by lesson id; raises CourseFileError if any bank has a problem."""
    banks, problems = _read_all(_folder(course))
    if problems:
        raise CourseFileError(problems)
    return banks


def find_exercise(exercise_id: str, course: Course | None = None) -> ExerciseSpec:
    """The exercise with this id, whichever lesson's bank holds it (ids are unique course-wide)."""
    match = re.match(r"^l(\d\d)-", exercise_id)
    folder = _folder(course)
    if match:  # read only the lesson's own bank when the id says which lesson it is
        for path in sorted(folder.glob(f"{match.group(1)}-*.yml")):
            specs, problems = _read_bank(path)
            if problems:
                raise CourseFileError(problems)
            for spec in specs:
                if spec.id == exercise_id:
                    return spec
    for specs in load_all_banks(course).values():
        for spec in specs:
            if spec.id == exercise_id:
                return spec
    raise KeyError(f"no exercise with id {exercise_id!r} in {folder}")


def validate_banks(course: Course | None = None) -> list[Problem]:
    """Every problem in every bank of ``course`` (default: this course)."""
    return _read_all(_folder(course))[1]


def _read_all(folder: Path) -> tuple[dict[str, list[ExerciseSpec]], list[Problem]]:
    banks: dict[str, list[ExerciseSpec]] = {}
    problems: list[Problem] = []
    seen: dict[str, ExerciseSpec] = {}
    for path in sorted(folder.glob("*.yml")):
        specs, found = _read_bank(path)
        problems += found
        for spec in specs:
            if spec.id in seen:
                first = seen[spec.id]
                problems.append(
                    Problem(
                        spec.file,
                        f"exercise id repeated: first used in {first.file}:{first.line}",
                        spec.line,
                        spec.id,
                    )
                )
            seen.setdefault(spec.id, spec)
        if specs:
            banks[specs[0].lesson] = specs
    return banks, problems


def _read_bank(path: Path) -> tuple[list[ExerciseSpec], list[Problem]]:
    """Read and validate one bank; remembered until the file changes (lessons call this often)."""
    try:
        stat = path.stat()
    except OSError as error:
        return [], [Problem(str(path), f"cannot read the bank: {error}")]
    specs, problems = _read_bank_version(str(path), stat.st_mtime_ns, stat.st_size)
    return list(specs), list(problems)


@lru_cache(maxsize=64)
def _read_bank_version(
    name: str, _mtime_ns: int, _size: int
) -> tuple[tuple[ExerciseSpec, ...], tuple[Problem, ...]]:
    specs, problems = _parse_bank(Path(name))
    return tuple(specs), tuple(problems)


def _parse_bank(path: Path) -> tuple[list[ExerciseSpec], list[Problem]]:
    name = str(path)
    try:
        node, data = parse_yaml(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return [], [Problem(name, f"cannot be read as UTF-8 text: {error}")]
    except yaml.YAMLError as error:
        message, line = yaml_error_message(error)
        return [], [Problem(name, f"cannot read YAML: {message}", line)]
    lines = _line_map(node)
    problems = _schema_problems(data, name, lines)
    if problems:
        return [], problems
    if data["lesson"] != path.stem:
        problems.append(Problem(name, f"lesson {data['lesson']!r} differs from file name", 1))
    specs = []
    for index, raw in enumerate(data["exercises"]):
        policy = GradingPolicy().merged(data.get("grading"))
        spec = _spec_from_yaml(raw, data["lesson"], name, lines.get(("exercises", index)), policy)
        found = [
            Problem(name, message, _line_of(lines, ("exercises", index, *_path(key))), item)
            for key, item, message in semantic_problems(spec, raw)
        ]
        problems += found
        specs.append(spec)
    return specs, problems


def _line_map(node: yaml.Node | None, path: tuple = ()) -> dict[tuple, int]:
    """1-based line of every mapping value and sequence item, keyed by its path in the data."""
    lines: dict[tuple, int] = {}
    if node is None:
        return lines
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines.update(_line_map(value, (*path, key.value)))
            lines[(*path, key.value)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            lines.update(_line_map(value, (*path, index)))
    return lines


def _schema_problems(data: Any, name: str, lines: dict[tuple, int]) -> list[Problem]:
    problems = []
    for error in schema_errors(SCHEMA, data):
        path = tuple(error.absolute_path)
        item = None
        if len(path) >= 2 and path[0] == "exercises" and isinstance(data, dict):
            exercise = data["exercises"][path[1]]
            ident = exercise.get("id") if isinstance(exercise, dict) else None
            if not isinstance(ident, str):
                ident = f"exercise #{int(path[1]) + 1}"
            field_path = ".".join(str(p) for p in path[2:])
            item = f"{ident}.{field_path}" if field_path else str(ident)
        elif path:
            item = ".".join(str(p) for p in path)
        problems.append(Problem(name, _schema_message(error), _line_of(lines, path), item))
    return problems


def _line_of(lines: dict[tuple, int], path: tuple) -> int | None:
    """The line of the deepest part of ``path`` the YAML has (a missing field: its parent)."""
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path)


def _path(dotted: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in dotted.split("."))


def _schema_message(error) -> str:
    if error.validator == "additionalProperties":
        return f"unknown field(s): {error.message.split('(')[-1].rstrip(')')}"
    if error.validator == "not":
        return "this type takes no 'answer' field (see exercises/README.md)"
    return error.message


def _spec_from_yaml(
    raw: dict, lesson: str, file: str, line: int | None, policy: GradingPolicy
) -> ExerciseSpec:
    kind = REGISTRY[raw["type"]]
    return kind(
        id=raw["id"],
        lesson=lesson,
        objective=raw["objective"],
        prompt=raw["prompt"],
        title=raw.get("title"),
        skill=raw.get("skill"),
        excerpt=raw.get("excerpt"),
        points=raw.get("points", 1),
        hints=tuple(raw.get("hints", ())),
        explanation=raw.get("explanation"),
        reveal_after=raw.get("reveal_after", 3),
        sources=tuple(raw.get("sources", ())),
        wrong_answers=tuple(
            WrongAnswer(w["response"], w["feedback"]) for w in raw.get("wrong_answers", ())
        ),
        grading=policy.merged(raw.get("grading")),
        file=file,
        line=line,
        **kind.own_fields(raw),
    )


def semantic_problems(spec: ExerciseSpec, raw: dict) -> list[tuple[str, str, str]]:
    """(field, item, message) for what the schema cannot see; empty when the exercise is usable."""
    found = [
        (key, message)
        for key in sorted(set(raw) - spec.yaml_fields())
        for message in [f"does not apply to a {spec.type} exercise"]
    ]
    found += spec.semantic_problems()
    for index, wrong in enumerate(spec.wrong_answers):
        reason = readable(spec, wrong.response)
        if reason:
            message = f"{wrong.response!r} cannot be read: {reason}"
            found.append((f"wrong_answers.{index}.response", message))
    return [(key, f"{spec.id}.{key}", message) for key, message in found]
