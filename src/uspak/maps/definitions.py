"""The course's maps as declared in ``maps.yml``, checked before anything is drawn.

A lesson asks for a map by id; a definition that is wrong (an unknown place, an extent outside the
outlines, a missing caption) is refused with an error that names the map and the field, so that a
teacher editing the file gets one readable line rather than a traceback from matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from uspak.problems import CourseFileError, Problem
from uspak.yaml_safe import load_yaml

DEFINITIONS = Path(__file__).with_name("maps.yml")
LABEL = "src/uspak/maps/maps.yml"
OUTLINE_EXTENT = (
    55.0,
    85.0,
    20.0,
    42.0,
)  # lon_min, lon_max, lat_min, lat_max of data/country_outlines.csv
MAP_FIELDS = {"title", "extent", "boundaries", "places", "routes", "alt", "caption"}
OPTIONAL_MAP_FIELDS = {"label_positions"}
LABEL_POSITIONS = {"left", "below", "above"}
BOUNDARY_FIELDS = {"between", "label", "lat_min"}


@dataclass(frozen=True)
class DisputedBoundary:
    boundary_id: str
    between: tuple[str, str]
    label: str
    lat_min: float | None


@dataclass(frozen=True)
class MapDefinition:
    map_id: str
    title: str
    extent: tuple[float, float, float, float]
    boundaries: tuple[DisputedBoundary, ...]
    places: tuple[str, ...]
    routes: tuple[str, ...]
    label_positions: dict[str, str]
    alt: str
    caption: str


def read_definitions(*, text: str | None = None, label: str = LABEL) -> dict[str, MapDefinition]:
    """Every map in ``maps.yml`` (or in ``text``), or CourseFileError naming each bad field."""
    document = load_yaml(DEFINITIONS.read_text(encoding="utf-8") if text is None else text)
    problems: list[Problem] = []
    if not isinstance(document, dict):
        raise CourseFileError(
            [Problem(label, "must be a mapping with disputed_boundaries and maps")]
        )
    boundaries = _boundaries(document.get("disputed_boundaries"), label, problems)
    raw_maps = document.get("maps")
    if not isinstance(raw_maps, dict) or not raw_maps:
        problems.append(
            Problem(label, "must be a non-empty mapping of map id to definition", item="maps")
        )
        raw_maps = {}
    maps = {}
    for map_id, raw in raw_maps.items():
        definition = _map(str(map_id), raw, boundaries, label, problems)
        if definition is not None:
            maps[definition.map_id] = definition
    if problems:
        raise CourseFileError(problems)
    return maps


def _boundaries(raw: Any, label: str, problems: list[Problem]) -> dict[str, DisputedBoundary]:
    if not isinstance(raw, dict):
        problems.append(
            Problem(
                label, "must be a mapping of boundary id to definition", item="disputed_boundaries"
            )
        )
        return {}
    found = {}
    for boundary_id, spec in raw.items():
        where = f"disputed_boundaries.{boundary_id}"
        if not isinstance(spec, dict):
            problems.append(Problem(label, "must be a mapping", item=where))
            continue
        for extra in sorted(set(spec) - BOUNDARY_FIELDS):
            problems.append(
                Problem(label, "is not a field of a disputed boundary", item=f"{where}.{extra}")
            )
        between = spec.get("between")
        if not (
            isinstance(between, list)
            and len(between) == 2
            and all(isinstance(n, str) for n in between)
        ):
            problems.append(
                Problem(label, "must name two Natural Earth units", item=f"{where}.between")
            )
            continue
        if (
            not isinstance(spec.get("label"), str)
            or "disput" not in spec["label"]
            and "claimed" not in spec["label"]
        ):
            problems.append(
                Problem(label, "must be text that says the line is disputed", item=f"{where}.label")
            )
            continue
        lat_min = spec.get("lat_min")
        if lat_min is not None and not isinstance(lat_min, int | float):
            problems.append(
                Problem(label, "must be a number of degrees north", item=f"{where}.lat_min")
            )
            continue
        found[str(boundary_id)] = DisputedBoundary(
            str(boundary_id),
            (between[0], between[1]),
            spec["label"],
            None if lat_min is None else float(lat_min),
        )
    return found


def _map(
    map_id: str,
    raw: Any,
    boundaries: dict[str, DisputedBoundary],
    label: str,
    problems: list[Problem],
) -> MapDefinition | None:
    where = f"maps.{map_id}"
    if not isinstance(raw, dict):
        problems.append(Problem(label, "must be a mapping", item=where))
        return None
    before = len(problems)
    for missing in sorted(MAP_FIELDS - set(raw)):
        problems.append(Problem(label, "is required", item=f"{where}.{missing}"))
    for extra in sorted(set(raw) - MAP_FIELDS - OPTIONAL_MAP_FIELDS):
        problems.append(Problem(label, "is not a field of a map", item=f"{where}.{extra}"))
    for text_field in ("title", "alt", "caption"):
        if text_field in raw and not (isinstance(raw[text_field], str) and raw[text_field].strip()):
            problems.append(Problem(label, "must be non-empty text", item=f"{where}.{text_field}"))
    if isinstance(raw.get("caption"), str) and "Natural Earth" not in raw["caption"]:
        problems.append(
            Problem(
                label,
                "must name where the boundaries come from (Natural Earth)",
                item=f"{where}.caption",
            )
        )
    extent = raw.get("extent")
    if "extent" in raw and not _valid_extent(extent):
        problems.append(
            Problem(
                label,
                "must be [lon_min, lon_max, lat_min, lat_max] inside lon 55-85, lat 20-42",
                item=f"{where}.extent",
            )
        )
    for list_field in ("boundaries", "places", "routes"):
        value = raw.get(list_field, [])
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            problems.append(Problem(label, "must be a list of ids", item=f"{where}.{list_field}"))
    for unknown in [
        b for b in raw.get("boundaries") or [] if isinstance(b, str) and b not in boundaries
    ]:
        problems.append(
            Problem(label, f"no disputed boundary {unknown!r}", item=f"{where}.boundaries")
        )
    positions = raw.get("label_positions", {})
    if not (isinstance(positions, dict) and set(positions.values()) <= LABEL_POSITIONS):
        problems.append(
            Problem(
                label, "must map place ids to left, below or above", item=f"{where}.label_positions"
            )
        )
    if len(problems) > before:
        return None
    lon_min, lon_max, lat_min, lat_max = (
        float(v) for v in raw["extent"]
    )  # _valid_extent checked it
    return MapDefinition(
        map_id=map_id,
        title=raw["title"],
        extent=(lon_min, lon_max, lat_min, lat_max),
        boundaries=tuple(boundaries[b] for b in raw["boundaries"]),
        places=tuple(raw["places"]),
        routes=tuple(raw["routes"]),
        label_positions={str(k): str(v) for k, v in positions.items()},
        alt=" ".join(raw["alt"].split()),
        caption=" ".join(raw["caption"].split()),
    )


def _valid_extent(extent: Any) -> bool:
    if not (
        isinstance(extent, list)
        and len(extent) == 4
        and all(isinstance(v, int | float) for v in extent)
    ):
        return False
    lon_min, lon_max, lat_min, lat_max = extent
    lo_lon, hi_lon, lo_lat, hi_lat = OUTLINE_EXTENT
    return lo_lon <= lon_min < lon_max <= hi_lon and lo_lat <= lat_min < lat_max <= hi_lat
