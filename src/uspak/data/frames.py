"""Turn a checked table into the pandas DataFrame a lesson works with.

The dtypes follow the Table Schema, so lessons never convert: dates become datetimes, integers
and years stay integers (nullable ``Int64`` only where a cell is missing), numbers become floats,
booleans booleans, and a string field with an ``enum`` becomes a categorical whose categories are
the enum in its declared order (so charts and groupings list them that way).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from uspak.data.package import read_resource
from uspak.data.tableschema import Table


def load_table(name: str, root: Path | None = None) -> pd.DataFrame:
    """The table ``name`` of the data package, validated; raises CourseFileError if invalid."""
    table, resource = read_resource(name, root)
    return to_frame(table, resource["schema"]["fields"])


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
