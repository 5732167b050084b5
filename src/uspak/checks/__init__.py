"""``uspak check``: every static check of the course, without building the book."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from uspak.checks.toc import check_toc
from uspak.lessons import check_lessons
from uspak.paths import course_root
from uspak.problems import Problem


def check_course(root: Path | None = None) -> list[Problem]:
    """Data, exercise banks, lessons and the table of contents; all problems, in that order."""
    from uspak.data import validate_package
    from uspak.exercises.bank import validate_banks

    root = root or course_root()
    problems = validate_package(root)
    problems += validate_banks(root)
    problems += check_lessons(root, exercise_ids=_exercise_ids(root), table_names=_tables(root))
    problems += check_toc(root / "book")
    return problems


def _exercise_ids(root: Path) -> set[str]:
    # Read leniently: a malformed bank is reported by validate_banks, not again here.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: about 10x faster
    ids: set[str] = set()
    for path in sorted((root / "exercises").glob("*.yml")):
        try:
            bank = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
        except yaml.YAMLError:
            continue
        for exercise in bank.get("exercises") or []:
            if isinstance(exercise, dict) and isinstance(exercise.get("id"), str):
                ids.add(exercise["id"])
    return ids


def _tables(root: Path) -> set[str]:
    try:
        package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {r.get("name") for r in package.get("resources", []) if isinstance(r, dict)}
