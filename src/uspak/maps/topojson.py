"""Country outlines from world-atlas's TopoJSON, clipped to the course's region, as rows.

Run once by a maintainer (``python -m uspak.maps.topojson SOURCE.json data/country_outlines.csv``)
when the pinned ``world-atlas`` version changes; lessons and tests only ever read the CSV it
writes, so nothing here runs at lesson time and nothing touches the network. The outlines are
kept as a table (one row per vertex) so the course's one data validator checks them too.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

Point = tuple[float, float]
Ring = list[Point]

REGION = (55.0, 20.0, 85.0, 42.0)  # lon_min, lat_min, lon_max, lat_max
DIGITS = 2  # about 1 km: finer than a phone screen shows at this extent
SOURCE_ID = "natural-earth-world-atlas-2-0-2"


def decode_arcs(*, topology: dict) -> list[Ring]:
    """Undo TopoJSON's quantisation and delta encoding, giving each arc in longitude/latitude."""
    transform = topology.get("transform")
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points: Ring = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_from(*, indices: Iterable[int], arcs: list[Ring]) -> Ring:
    """Join a ring's arcs; a negative index ~i means arc i reversed (TopoJSON's convention)."""
    ring: Ring = []
    for index in indices:
        arc = arcs[~index][::-1] if index < 0 else arcs[index]
        ring.extend(arc[1:] if ring else arc)
    return ring


def clip_ring(*, ring: Ring, region: tuple[float, float, float, float] = REGION) -> Ring:
    """Sutherland-Hodgman clipping of one ring to the map's rectangle."""
    lon_min, lat_min, lon_max, lat_max = region
    edges = [
        (lambda p: p[0] >= lon_min, lambda a, b: _at_lon(a, b, lon_min)),
        (lambda p: p[0] <= lon_max, lambda a, b: _at_lon(a, b, lon_max)),
        (lambda p: p[1] >= lat_min, lambda a, b: _at_lat(a, b, lat_min)),
        (lambda p: p[1] <= lat_max, lambda a, b: _at_lat(a, b, lat_max)),
    ]
    points = ring
    for inside, cross in edges:
        if not points:
            break
        kept: Ring = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    kept.append(cross(previous, point))
                kept.append(point)
            elif inside(previous):
                kept.append(cross(previous, point))
            previous = point
        points = kept
    return points


def _at_lon(a: Point, b: Point, lon: float) -> Point:
    t = (lon - a[0]) / (b[0] - a[0])
    return (lon, a[1] + t * (b[1] - a[1]))


def _at_lat(a: Point, b: Point, lat: float) -> Point:
    t = (lat - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), lat)


def outline_rows(
    *, topology: dict, region: tuple[float, float, float, float] = REGION
) -> Iterator[dict]:
    """One row per kept vertex: country, part (outer rings only), order, lon, lat."""
    arcs = decode_arcs(topology=topology)
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = (
            [geometry["arcs"]]
            if kind == "Polygon"
            else geometry.get("arcs", [])
            if kind == "MultiPolygon"
            else []
        )
        part = 0
        for polygon in polygons:
            clipped = clip_ring(ring=ring_from(indices=polygon[0], arcs=arcs), region=region)
            rounded = _dedupe([(round(x, DIGITS), round(y, DIGITS)) for x, y in clipped])
            if len(rounded) < 3:
                continue
            part += 1
            for order, (lon, lat) in enumerate(rounded, start=1):
                yield {
                    "country": geometry["properties"]["name"],
                    "part": part,
                    "point_order": order,
                    "lon": f"{lon:.{DIGITS}f}",
                    "lat": f"{lat:.{DIGITS}f}",
                    "source_id": SOURCE_ID,
                }


def _dedupe(points: Ring) -> Ring:
    kept: Ring = []
    for point in points:
        if not kept or kept[-1] != point:
            kept.append(point)
    return kept


def convert(*, source: Path, target: Path) -> int:
    """Write the clipped outlines of ``source`` (a world-atlas countries file) to ``target``."""
    topology = json.loads(source.read_text(encoding="utf-8"))
    rows = list(outline_rows(topology=topology))
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


if __name__ == "__main__":  # pragma: no cover - a maintainer's one-off step
    print(convert(source=Path(sys.argv[1]), target=Path(sys.argv[2])), "rows")
