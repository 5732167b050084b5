"""The course's maps: drawn from data/ only, described for readers who cannot see them, sourced."""

from __future__ import annotations

import hashlib
import json
import socket
from collections.abc import Iterator

import matplotlib
import pytest

from uspak.course import locate
from uspak.data import load_table
from uspak.maps.definitions import read_definitions
from uspak.maps.draw import build_map, figure_html, shared_edge
from uspak.problems import CourseFileError

matplotlib.use("Agg")
MAPS = read_definitions()
MAP_IDS = sorted(MAPS)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a map tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield


@pytest.mark.parametrize("map_id", MAP_IDS)
@pytest.mark.usefixtures("no_network")
def test_map_builds_from_data_only(map_id: str) -> None:
    """Does every map draw with the network blocked, showing each disputed line it names?"""
    fig = build_map(map_id)
    labels = {line.get_label() for line in fig.axes[0].get_lines()}
    assert {b.label for b in MAPS[map_id].boundaries} <= labels


@pytest.mark.parametrize("map_id", MAP_IDS)
def test_map_has_alt_text_and_sourced_caption(map_id: str) -> None:
    """Does every map carry alt text and a caption naming Natural Earth and the disputes?"""
    definition = MAPS[map_id]
    html = figure_html(definition=definition, png=b"png")
    assert len(definition.alt) > 80
    assert f'alt="{definition.alt}"' in html
    assert "Natural Earth" in definition.caption and "disput" in definition.caption
    assert "<figcaption" in html


@pytest.mark.parametrize(
    "boundary_id", ["durand-line", "line-of-control", "line-of-actual-control"]
)
def test_disputed_boundary_is_found_on_the_outlines(boundary_id: str) -> None:
    """Does each disputed line the brief names lie on the shared edge of two Natural Earth units?"""
    outlines = load_table("country_outlines")
    rings = {
        (str(c), int(p)): list(zip(rows["lon"], rows["lat"], strict=True))
        for (c, p), rows in outlines.sort_values("point_order").groupby(["country", "part"])
    }
    boundary = next(b for m in MAPS.values() for b in m.boundaries if b.boundary_id == boundary_id)
    runs = shared_edge(boundary, rings)
    assert sum(len(run) for run in runs) >= 20
    assert "disput" in boundary.label


def test_every_place_on_a_map_has_a_source() -> None:
    """Does every place a map names exist in places.csv with a cited page and a source row?"""
    places = load_table("places").set_index("place_id")
    sources = set(load_table("sources")["source_id"])
    named = {p for m in MAPS.values() for p in m.places}
    routed = set(load_table("routes")["place_id"])
    for place_id in sorted(named | routed):
        assert place_id in places.index, place_id
        assert places.loc[place_id, "url"].startswith("https://"), place_id
        assert places.loc[place_id, "source_id"] in sources, place_id


def test_geometry_file_matches_its_declared_hash_and_size() -> None:
    """Is data/country_outlines.csv the file the Data Package declares (bytes and sha256)?"""
    data = locate().data
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "country_outlines")
    content = (data / resource["path"]).read_bytes()
    assert resource["bytes"] == len(content)
    assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
    assert resource["licenses"][0]["name"] == "public-domain"


GOOD = """
disputed_boundaries:
  durand-line: {between: [Afghanistan, Pakistan], label: "Durand Line (disputed)"}
maps:
  demo:
    title: Demo
    extent: [60, 75, 24, 38]
    boundaries: [durand-line]
    places: []
    routes: []
    alt: A demo map.
    caption: Boundaries from Natural Earth; disputed lines dashed.
"""
BAD_DEFINITIONS = {
    "missing-caption": (
        GOOD.replace("    caption: Boundaries from Natural Earth; disputed lines dashed.\n", ""),
        "maps.demo.caption",
    ),
    "caption-without-source": (
        GOOD.replace("from Natural Earth", "from somewhere"),
        "maps.demo.caption",
    ),
    "extent-outside-outlines": (
        GOOD.replace("[60, 75, 24, 38]", "[40, 75, 24, 38]"),
        "maps.demo.extent",
    ),
    "unknown-boundary": (
        GOOD.replace("boundaries: [durand-line]", "boundaries: [durand]"),
        "maps.demo.boundaries",
    ),
    "unknown-field": (
        GOOD.replace("    title: Demo\n", "    title: Demo\n    colour: red\n"),
        "maps.demo.colour",
    ),
    "label-not-disputed": (GOOD.replace("(disputed)", ""), "disputed_boundaries.durand-line.label"),
    "bad-label-position": (
        GOOD.replace("    routes: []\n", "    routes: []\n    label_positions: {x: up}\n"),
        "maps.demo.label_positions",
    ),
}


def test_good_definition_reads() -> None:
    """Does the minimal definition the error cases start from read without a problem?"""
    assert list(read_definitions(text=GOOD, label="maps.yml")) == ["demo"]


@pytest.mark.parametrize(
    ("text", "field"), list(BAD_DEFINITIONS.values()), ids=list(BAD_DEFINITIONS)
)
def test_bad_definition_names_the_map_and_field(text: str, field: str) -> None:
    """Is a wrong map definition refused with an error naming the file, map and field?"""
    with pytest.raises(CourseFileError) as refused:
        read_definitions(text=text, label="maps.yml")
    assert any(p.file == "maps.yml" and p.item == field for p in refused.value.problems), str(
        refused.value
    )


def test_unknown_map_lists_the_maps() -> None:
    """Does asking for a map that does not exist say which maps there are?"""
    with pytest.raises(CourseFileError, match="kashmir"):
        build_map("atlantis")
