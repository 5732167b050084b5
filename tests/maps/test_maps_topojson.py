"""The TopoJSON converter that made data/country_outlines.csv from world-atlas."""

from __future__ import annotations

import pytest

from uspak.maps.topojson import clip_ring, decode_arcs, outline_rows, ring_from

TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [60, 30]},
    "arcs": [[[0, 0], [4, 0], [0, 4]], [[4, 4], [-4, 0], [0, -4]]],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [{"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "Square"}}],
        }
    },
}


def test_arcs_are_dequantised_and_delta_decoded() -> None:
    """Are quantised, delta-encoded arcs turned back into longitude and latitude?"""
    assert decode_arcs(topology=TOPOLOGY)[0] == [(60.0, 30.0), (62.0, 30.0), (62.0, 32.0)]


def test_negative_arc_index_reverses_the_arc() -> None:
    """Does ~i (a negative index) join arc i backwards, as the TopoJSON specification says?"""
    arcs = [[(0.0, 0.0), (1.0, 0.0)], [(1.0, 0.0), (1.0, 1.0)]]
    assert ring_from(indices=[~1, ~0], arcs=arcs) == [(1.0, 1.0), (1.0, 0.0), (0.0, 0.0)]


@pytest.mark.parametrize(
    ("ring", "inside"),
    [
        pytest.param([(50.0, 30.0), (60.0, 30.0), (60.0, 35.0)], True, id="crosses-west-edge"),
        pytest.param([(10.0, 10.0), (11.0, 10.0), (11.0, 11.0)], False, id="wholly-outside"),
    ],
)
def test_clipping_keeps_only_the_region(ring: list[tuple[float, float]], inside: bool) -> None:
    """Does clipping keep only points inside lon 55-85, lat 20-42?"""
    clipped = clip_ring(ring=ring)
    assert bool(clipped) is inside
    assert all(55 <= x <= 85 and 20 <= y <= 42 for x, y in clipped)


def test_rows_carry_country_order_and_source() -> None:
    """Does each written row name its country, part, vertex order and source?"""
    rows = list(outline_rows(topology=TOPOLOGY))
    assert [r["point_order"] for r in rows] == [1, 2, 3, 4, 5]  # a closed ring: last vertex = first
    assert (rows[0]["lon"], rows[0]["lat"]) == (rows[-1]["lon"], rows[-1]["lat"])
    assert {r["country"] for r in rows} == {"Square"} and rows[0]["source_id"].startswith(
        "natural-earth"
    )
