"""Turn a checked table into the pandas DataFrame a lesson works with.

The dtypes follow the Table Schema, so lessons never convert: dates become datetimes, integers
and years stay integers (nullable ``Int64`` only where a cell is missing), numbers become floats,
booleans booleans, and a string field with an ``enum`` becomes a categorical whose categories are
the enum in its declared order (so charts and groupings list them that way).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from uspak.course import Course
from uspak.data.package import list_tables, read_resource
from uspak.data.tableschema import Table

_preloaded: dict[str, pd.DataFrame] = {}


def load_table(name: str, course: Course | None = None) -> pd.DataFrame:
    """The table ``name`` of the data package, validated; raises CourseFileError if invalid."""
    if course is None and name in _preloaded:
        return _preloaded[name].copy(deep=True)
    table, resource = read_resource(name, course)
    return to_frame(table, resource["schema"]["fields"])


def preload_tables() -> None:
    """Load every table now; later ``load_table(name)`` calls return copies of these.

    The hook for a process that forks many short-lived children, such as the grader's warm
    sandbox: each child gets the tables in a few milliseconds instead of re-reading the CSVs.
    A table that does not load is left out, so that ``load_table`` reports it when called.
    """
    for name in list_tables():
        try:
            _preloaded[name] = load_table(name)
        except Exception:  # noqa: BLE001 - reported by load_table itself, when a lesson asks
            continue


def to_frame(table: Table, fields: list[dict]) -> pd.DataFrame:
    columns = {spec["name"]: _column(table.columns[spec["name"]], spec) for spec in fields}
    return pd.DataFrame(columns)


def _column(values: list[Any], spec: dict) -> pd.Series:
    kind = spec["type"]
    has_missing = None in values
    if kind in ("integer", "year"):
        return pd.Series(values, dtype="Int64" if has_missing else "int64")
    if kind == "number":
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
    if kind == "boolean":
        return pd.Series(values, dtype="boolean" if has_missing else "bool")
    if kind == "date":
        return pd.Series(pd.to_datetime(values))
    enum = spec.get("constraints", {}).get("enum")
    if enum:
        return pd.Series(pd.Categorical(values, categories=enum))
    return pd.Series(values, dtype="str")
