"""Read one CSV file against its Frictionless Table Schema, collecting every problem.

Only the subset of Table Schema the course uses is supported: field types string, integer,
number, boolean, date and year; constraints required, unique, minimum, maximum, enum and pattern;
``primaryKey`` and ``missingValues``. Foreign keys span tables, so ``uspak.data.package`` checks
them with :func:`find_dangling_keys`. Nothing here knows about any particular table: all table
knowledge lives in ``data/datapackage.json``.

Why not the ``frictionless`` library: every ``load_table`` in every lesson validates, and a lesson
must start in well under a second; this module is the size of the subset we use.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from uspak.problems import Problem

# ASCII digits only: \d would also accept other scripts' digits, which int() and float() read.
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YEAR = re.compile(r"[0-9]{4}")
_DEFAULT_TRUE = ("true", "True", "TRUE", "1")
_DEFAULT_FALSE = ("false", "False", "FALSE", "0")


class CastError(ValueError):
    """A cell's text is not a value of its field's type; the message says what was expected."""


def _cast_string(text: str, spec: dict) -> str:
    return text


def _cast_integer(text: str, spec: dict) -> int:
    if not _INTEGER.fullmatch(text):
        raise CastError("is not an integer")
    return int(text)


def _cast_number(text: str, spec: dict) -> float:
    if not _NUMBER.fullmatch(text):
        raise CastError("is not a number")
    value = float(text)
    if math.isinf(value):
        raise CastError("is not a finite number")
    return value


def _cast_boolean(text: str, spec: dict) -> bool:
    if text in spec.get("trueValues", _DEFAULT_TRUE):
        return True
    if text in spec.get("falseValues", _DEFAULT_FALSE):
        return False
    allowed = [*spec.get("trueValues", _DEFAULT_TRUE), *spec.get("falseValues", _DEFAULT_FALSE)]
    raise CastError(f"is not a boolean (one of {', '.join(allowed)})")


def _cast_date(text: str, spec: dict) -> date:
    if not _DATE.fullmatch(text):
        raise CastError("is not a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise CastError(f"is not a valid date ({err})") from None


def _cast_year(text: str, spec: dict) -> int:
    if not _YEAR.fullmatch(text):
        raise CastError("is not a four-digit year")
    return int(text)


CASTERS: dict[str, Callable[[str, dict], Any]] = {
    "string": _cast_string,
    "integer": _cast_integer,
    "number": _cast_number,
    "boolean": _cast_boolean,
    "date": _cast_date,
    "year": _cast_year,
}


@dataclass
class Table:
    """A CSV file's cells cast to Python values (``None`` where missing), column by column."""

    label: str  # the file as problems name it, e.g. "data/aid_flows.csv"
    columns: dict[str, list[Any]]
    lines: list[int]  # the file line each row ends on, for messages
    problems: list[Problem] = field(default_factory=list)

    def key_tuples(self, names: list[str]) -> Iterable[tuple[int, tuple]]:
        """(line, values) for every row whose key fields are all present."""
        cols = [self.columns.get(n, []) for n in names]
        for i, line in enumerate(self.lines):
            values = tuple(col[i] if i < len(col) else None for col in cols)
            if None not in values:
                yield line, values


def as_list(value: str | list[str] | None) -> list[str]:
    """Table Schema lets a key be one field name or a list of them."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def read_table(path: Path, schema: dict, label: str) -> Table:
    """Cast and check every cell of ``path``; a file that cannot be read is one problem."""
    try:
        # utf-8-sig: a byte-order mark, as spreadsheet programs write, is not part of the header
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                return Table(label, {}, [], [Problem(label, "the file is empty: no header row")])
            records = [(reader.line_num, row) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        return Table(label, {}, [], [Problem(label, f"cannot be read as UTF-8 CSV: {err}")])
    return _check_records(header, records, schema, label)


def _check_records(
    header: list[str], records: list[tuple[int, list[str]]], schema: dict, label: str
) -> Table:
    fields = schema.get("fields", [])
    names = [f["name"] for f in fields]
    missing_values = set(schema.get("missingValues", [""]))
    primary_key = as_list(schema.get("primaryKey"))
    table = Table(label, {n: [] for n in names}, [line for line, _ in records])
    problems = table.problems

    for name in names:
        if name not in header:
            problems.append(Problem(label, f"missing column {name!r} (declared in the schema)", 1))
    for name in header:
        if name not in names:
            problems.append(Problem(label, f"unexpected column {name!r} (not in the schema)", 1))
    position = {name: header.index(name) for name in names if name in header}
    rules = {spec["name"]: _Rules.of(spec) for spec in fields}

    for line, row in records:
        if not row:
            problems.append(Problem(label, "blank line (delete it)", line))
        elif len(row) != len(header):
            problems.append(
                Problem(label, f"has {len(row)} cells where the header has {len(header)}", line)
            )
        for spec in fields:
            name = spec["name"]
            i = position.get(name)
            text = row[i] if i is not None and i < len(row) else None
            value = None
            if text is not None and text not in missing_values:
                try:
                    value = CASTERS[spec["type"]](text, spec)
                except CastError as err:
                    problems.append(Problem(label, f"value {text!r} {err}", line, name))
                else:
                    for what in _constraint_problems(value, text, rules[name]):
                        problems.append(Problem(label, f"value {text!r} {what}", line, name))
            elif text is not None and _is_required(spec, primary_key):
                problems.append(Problem(label, "missing value in a required column", line, name))
            table.columns[name].append(value)

    problems += _unique_problems(table, fields, primary_key)
    return table


def _is_required(spec: dict, primary_key: list[str]) -> bool:
    return bool(spec.get("constraints", {}).get("required")) or spec["name"] in primary_key


@dataclass(frozen=True)
class _Rules:
    """A field's constraints with their bounds cast once, not once per cell."""

    constraints: dict
    minimum: Any = None
    maximum: Any = None
    allowed: frozenset | None = None

    @classmethod
    def of(cls, spec: dict) -> _Rules:
        constraints = spec.get("constraints", {})
        enum = constraints.get("enum")
        return cls(
            constraints,
            _bound(constraints["minimum"], spec) if "minimum" in constraints else None,
            _bound(constraints["maximum"], spec) if "maximum" in constraints else None,
            frozenset(_bound(v, spec) for v in enum) if enum is not None else None,
        )


def _constraint_problems(value: Any, text: str, rules: _Rules) -> list[str]:
    """What is wrong with one present, well-typed value, worded to follow its quoted text."""
    constraints = rules.constraints
    found: list[str] = []
    if rules.minimum is not None and value < rules.minimum:
        found.append(f"is below the minimum {constraints['minimum']}")
    if rules.maximum is not None and value > rules.maximum:
        found.append(f"is above the maximum {constraints['maximum']}")
    if rules.allowed is not None and value not in rules.allowed:
        allowed = ", ".join(map(str, constraints["enum"]))
        found.append(f"is not one of the allowed values: {allowed}")
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], text):
        found.append(f"does not match the pattern {constraints['pattern']}")
    return found


def _bound(value: Any, spec: dict) -> Any:
    """Constraint values may be written as text in the JSON (dates always are): cast them too."""
    return CASTERS[spec["type"]](value, spec) if isinstance(value, str) else value


def field_constraint_problems(spec: dict) -> list[str]:
    """Constraints that cannot be applied: a pattern that is no regex, a bound not of the type."""
    constraints = spec.get("constraints", {})
    found = []
    if "pattern" in constraints:
        try:
            re.compile(constraints["pattern"])
        except re.error as err:
            found.append(f"pattern {constraints['pattern']!r} is not a regular expression: {err}")
    bounds = [(name, constraints[name]) for name in ("minimum", "maximum") if name in constraints]
    bounds += [("enum", value) for value in constraints.get("enum", [])]
    for name, value in bounds:
        try:
            _bound(value, spec)
        except CastError as err:
            found.append(f"{name} value {value!r} {err}")
    return found


def _unique_problems(table: Table, fields: list[dict], primary_key: list[str]) -> list[Problem]:
    keys = [[f["name"]] for f in fields if f.get("constraints", {}).get("unique")]
    if primary_key and primary_key not in keys:
        keys.append(primary_key)
    problems = []
    for names in keys:
        kind = "primary key" if names == primary_key else "unique column"
        first_seen: dict[tuple, int] = {}
        for line, values in table.key_tuples(names):
            if values in first_seen:
                shown = ", ".join(f"{n}={v}" for n, v in zip(names, values, strict=True))
                message = f"duplicate {kind} ({shown}), first on line {first_seen[values]}"
                problems.append(Problem(table.label, message, line, ", ".join(names)))
            else:
                first_seen[values] = line
    return problems


def find_dangling_keys(
    table: Table, fields: list[str], target_label: str, target_keys: set[tuple]
) -> list[Problem]:
    """Rows whose foreign key has no matching row in the referenced table."""
    problems = []
    for line, values in table.key_tuples(fields):
        if values not in target_keys:
            shown = ", ".join(map(str, values))
            message = f"value {shown!r} has no matching row in {target_label}"
            problems.append(Problem(table.label, message, line, ", ".join(fields)))
    return problems
