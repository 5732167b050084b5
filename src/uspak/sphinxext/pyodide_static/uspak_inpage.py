"""``uspak`` as the lessons see it inside the page's Pyodide: the data calls, nothing else.

The worker installs this file as the module ``uspak``. It is pure Python over pandas and reads
the very CSV files the site ships (``_static/pyodide/data/``), cast as ``uspak.data`` casts them,
so a lesson's code gives the same frames in the page as on the desktop; the site's data were
checked by ``uspak check`` at build time, so this reader does not check them again.
``show_exercise``, ``show_hand_in``, ``show_map`` and ``show_excerpt`` do nothing here: the page
already shows the exercises, the maps (drawn at build time from the Natural Earth outlines) and
the primary-source excerpts.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd

_TRUE = ("true", "True", "TRUE", "1")
_DATE_FORMATS = {"day": "%d %b %Y", "month": "%b %Y", "year": "%Y"}

# How a data file's text is read, by its name ("aid_flows.csv"); the worker sets it to a
# synchronous request to the site, a desktop test to a read from data/.
read_text: Callable[[str], str] = lambda name: open(name, encoding="utf-8").read()  # noqa: E731, SIM115
_package: dict[str, Any] = {}


def _resource(name: str) -> dict[str, Any]:
    if not _package:
        _package.update(json.loads(read_text("datapackage.json")))
    for resource in _package["resources"]:
        if resource["name"] == name:
            return resource
    names = ", ".join(r["name"] for r in _package["resources"])
    raise KeyError(f"no table {name!r} in data/datapackage.json (tables: {names})")


def _cast(text: str, spec: dict[str, Any]) -> Any:
    kind = spec["type"]
    if kind in ("integer", "year"):
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return text in spec.get("trueValues", _TRUE)
    if kind == "date":
        return date.fromisoformat(text)
    return text


def _column(values: list[Any], spec: dict[str, Any]) -> pd.Series:
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


def load_table(name: str) -> pd.DataFrame:
    """The table ``name`` of the data package, with the dtypes its Table Schema declares."""
    resource = _resource(name)
    schema = resource["schema"]
    missing = set(schema.get("missingValues", [""]))
    reader = csv.reader(io.StringIO(read_text(resource["path"]).lstrip("\ufeff")))
    header = next(reader)
    rows = [row for row in reader if row]
    columns = {}
    for spec in schema["fields"]:
        i = header.index(spec["name"])
        values = [None if row[i] in missing else _cast(row[i], spec) for row in rows]
        columns[spec["name"]] = _column(values, spec)
    return pd.DataFrame(columns)


def source_note(frame: pd.DataFrame) -> str:
    """'Source: <author>, <title>, <year>.' for the sources a frame's rows cite, in order."""
    if "source_id" not in frame.columns:
        raise ValueError("source_note needs a source_id column: keep it when selecting columns")
    ids = list(dict.fromkeys(str(i) for i in frame["source_id"].dropna()))
    if not ids:
        raise ValueError("source_note got a frame with no source ids: is it empty?")
    sources = load_table("sources")
    cited = {
        str(row.source_id): f"{row.author}, {row.title}, {row.year}" for row in sources.itertuples()
    }
    unknown = [i for i in ids if i not in cited]
    if unknown:
        raise ValueError(f"source ids not in data/sources.csv: {', '.join(unknown)}")
    return "Source: " + "; ".join(cited[i] for i in ids) + "."


def timeline_for(lesson: str) -> pd.DataFrame:
    """The events tagged for ``lesson``, oldest first, with a ``when`` label at their precision."""
    timeline = load_table("timeline")
    tags = timeline["lessons"].str.split(";")
    events = timeline[tags.apply(lambda ids: lesson in ids)].sort_values(["date", "event_id"])
    if events.empty:
        raise ValueError(f"no timeline event is tagged for lesson {lesson!r} (data/timeline.csv)")
    when = [
        day.strftime(_DATE_FORMATS[str(precision)])
        for day, precision in zip(events["date"], events["precision"], strict=True)
    ]
    return events.assign(when=when).reset_index(drop=True)


def claims_for(lesson: str) -> pd.DataFrame:
    """The article's claims examined in ``lesson``, as ``uspak.data.claims`` gives them."""
    claims = load_table("article_claims")
    mine = claims[claims["lesson"] == lesson]
    if mine.empty:
        raise ValueError(f"no article claim belongs to lesson {lesson!r} (data/article_claims.csv)")
    return mine[["claim_id", "claim", "finding", "evidence"]].reset_index(drop=True)


def show_excerpt(excerpt_id: str) -> None:
    """Nothing to do in the page: the excerpt is already shown there."""


def show_map(map_id: str) -> None:
    """Nothing to do in the page: the map is already shown there."""


def show_exercise(exercise_id: str) -> None:
    """Nothing to do in the page: the exercise is already shown there."""


def show_exercises(lesson: str) -> None:
    """Nothing to do in the page: the exercises are already shown there."""


def show_hand_in(lesson: str) -> None:
    """Nothing to do in the page: its hand-in panel is already shown there."""
