"""Drawing a declared map with matplotlib, from data/ only.

Outlines, places and routes come through ``load_table``, so a map uses exactly the rows the Data
Package declares and validates, and never the network. A disputed boundary is the shared edge of
two Natural Earth units, found from their common vertices, so it lies exactly on the outlines.
The figure is sized for a phone: 6.4 inches wide with 11-point labels.
"""

from __future__ import annotations

import base64
import html
import io
import math
from typing import TYPE_CHECKING

from uspak.course import Course
from uspak.maps.definitions import LABEL, DisputedBoundary, MapDefinition, read_definitions
from uspak.problems import CourseFileError, Problem

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

Point = tuple[float, float]
WIDTH_INCHES = 6.4
LABEL_POINTS = 11
DISPUTED_COLOUR = "#D55E00"  # Okabe-Ito vermilion, dashed: see DASHES
DASHES = [
    (0, (4, 2)),
    (0, (1, 1.5)),
    (0, (6, 2, 1, 2)),
    (0, (8, 3)),
]  # one pattern per boundary on a map
OFFSETS = {
    "right": ((4, 3), "left"),
    "left": ((-4, 3), "right"),
    "below": ((4, -12), "left"),
    "above": ((4, 8), "left"),
}
ROUTE_COLOURS = ["#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]


def map_definition(map_id: str, /) -> MapDefinition:
    """The declared map ``map_id``, or CourseFileError listing the maps there are."""
    maps = read_definitions()
    if map_id not in maps:
        raise CourseFileError(
            [Problem(LABEL, f"no map {map_id!r}; maps: {', '.join(maps)}", item="maps")]
        )
    return maps[map_id]


def build_map(map_id: str, /, *, course: Course | None = None) -> Figure:
    """The matplotlib figure of map ``map_id``, drawn from the course's data tables."""
    import matplotlib.pyplot as plt

    from uspak.data import load_table

    definition = map_definition(map_id)
    outlines = load_table("country_outlines", course)
    places = load_table("places", course).set_index("place_id")
    routes = load_table("routes", course)
    _check_references(definition, places, routes)

    lon_min, lon_max, lat_min, lat_max = definition.extent
    aspect = 1 / math.cos(math.radians((lat_min + lat_max) / 2))
    height = WIDTH_INCHES * (lat_max - lat_min) * aspect / (lon_max - lon_min)
    fig, ax = plt.subplots(figsize=(WIDTH_INCHES, height + 1.4))
    rings = _rings(outlines)
    for (_country, _part), ring in rings.items():
        xs, ys = zip(*ring, strict=True)
        ax.fill(xs, ys, facecolor="#F2F2F2", edgecolor="#777777", linewidth=0.6)
    for dashes, boundary in zip(DASHES, definition.boundaries, strict=False):
        for i, run in enumerate(shared_edge(boundary, rings)):
            xs, ys = zip(*run, strict=True)
            ax.plot(
                xs,
                ys,
                color=DISPUTED_COLOUR,
                linewidth=2.2,
                linestyle=dashes,
                label=boundary.label if i == 0 else None,
            )
    for colour, route_id in zip(ROUTE_COLOURS * 4, definition.routes, strict=False):
        stops = routes[routes["route_id"] == route_id].sort_values("point_order")
        points = places.loc[stops["place_id"]]
        ax.plot(
            points["lon"], points["lat"], color=colour, linewidth=2.4, label=stops["name"].iloc[0]
        )
    for place_id in definition.places:
        place = places.loc[place_id]
        marker = "o" if place["kind"] != "region" else ""
        if marker:
            ax.plot(place["lon"], place["lat"], marker="o", markersize=5, color="#222222")
        offset, align = (
            OFFSETS[definition.label_positions.get(place_id, "right")]
            if marker
            else ((0, 0), "center")
        )
        ax.annotate(
            place["name"] + (" (approx.)" if place["approximate"] and marker else ""),
            (place["lon"], place["lat"]),
            xytext=offset,
            textcoords="offset points",
            fontsize=LABEL_POINTS if marker else LABEL_POINTS - 1,
            style="normal" if marker else "italic",
            ha=align,
        )
    ax.set_xlim(lon_min, lon_max)
    ax.set_ylim(lat_min, lat_max)
    ax.set_aspect(aspect)
    ax.set_facecolor("#DCEBF5")
    ax.set_title(definition.title, fontsize=LABEL_POINTS + 2)
    ax.tick_params(labelsize=LABEL_POINTS - 2)
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.06),
        fontsize=LABEL_POINTS - 2,
        frameon=False,
        ncol=1,
    )
    fig.tight_layout()
    return fig


def show_map(map_id: str, /, *, course: Course | None = None) -> None:
    """Show map ``map_id`` with its alt text and caption, in a notebook and on the website alike."""
    import matplotlib.pyplot as plt
    from IPython.display import HTML, display

    definition = map_definition(map_id)
    fig = build_map(map_id, course=course)
    display(HTML(figure_html(definition=definition, png=_png(fig))))
    plt.close(fig)


def figure_html(*, definition: MapDefinition, png: bytes) -> str:
    """An HTML figure: the image with its alt text, and the caption under it."""
    encoded = base64.b64encode(png).decode("ascii")
    return (
        # The map is drawn on white; the caption shares that card in light and dark mode alike
        # (the theme's dark-mode text on the output's white would fail contrast).
        f'<figure class="uspak-map" id="map-{html.escape(definition.map_id)}" '
        'style="background:#fff;padding:0.5em;margin:0">'
        f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(definition.alt)}" '
        'style="max-width:100%;height:auto">'
        '<figcaption style="color:#1a1a1a">'
        f"{html.escape(definition.caption)}</figcaption></figure>"
    )


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return buffer.getvalue()


def _rings(outlines: pd.DataFrame) -> dict[tuple[str, int], list[Point]]:
    rings: dict[tuple[str, int], list[Point]] = {}
    for (country, part), rows in outlines.sort_values("point_order").groupby(
        ["country", "part"], sort=False
    ):
        rings[(str(country), int(part))] = list(zip(rows["lon"], rows["lat"], strict=True))
    return rings


def shared_edge(
    boundary: DisputedBoundary, rings: dict[tuple[str, int], list[Point]]
) -> list[list[Point]]:
    """The runs of consecutive vertices the two units share (north of lat_min, if given)."""
    first, second = boundary.between
    other = {p for (country, _), ring in rings.items() if country == second for p in ring}
    runs: list[list[Point]] = []
    for (country, _), ring in rings.items():
        if country != first:
            continue
        on = [p in other and (boundary.lat_min is None or p[1] >= boundary.lat_min) for p in ring]
        if all(on):
            runs.append([*ring, ring[0]])
            continue
        start = on.index(False)  # begin outside the edge, so no run is split at the ring's seam
        run: list[Point] = []
        for k in range(len(ring) + 1):
            i = (start + k) % len(ring)
            if on[i]:
                run.append(ring[i])
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
    return [run for run in runs if len(run) > 1]


def _check_references(
    definition: MapDefinition, places: pd.DataFrame, routes: pd.DataFrame
) -> None:
    where = f"maps.{definition.map_id}"
    problems = [
        Problem(LABEL, f"no place {p!r} in data/places.csv", item=f"{where}.places")
        for p in definition.places
        if p not in places.index
    ] + [
        Problem(LABEL, f"no route {r!r} in data/routes.csv", item=f"{where}.routes")
        for r in definition.routes
        if r not in set(routes["route_id"])
    ]
    if problems:
        raise CourseFileError(problems)
