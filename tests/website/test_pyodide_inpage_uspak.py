"""The page's ``uspak``, run here under CPython, gives the desktop frames, table by table."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from uspak.data import claims_for, load_table, source_note, timeline_for
from uspak.sphinxext.pyodide_runner import INPAGE_USPAK

ROOT = Path(__file__).resolve().parents[2]
TABLES = [
    r["name"] for r in json.loads((ROOT / "data" / "datapackage.json").read_text())["resources"]
]


@pytest.fixture(scope="module")
def inpage():
    spec = importlib.util.spec_from_file_location("uspak_inpage", INPAGE_USPAK)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.read_text = lambda name: (ROOT / "data" / name).read_text(encoding="utf-8")
    return module


@pytest.mark.parametrize("table", TABLES)
def test_the_page_loads_the_same_rows_and_dtypes_as_the_desktop(inpage, table):
    """Does the in-page load_table return the desktop frame for this table, dtypes included?"""
    pd.testing.assert_frame_equal(inpage.load_table(table), load_table(table))


def test_the_page_cites_the_same_sources(inpage):
    """Is the in-page source note for a table word for word the desktop one?"""
    assert inpage.source_note(inpage.load_table("aid_flows")) == source_note(
        load_table("aid_flows")
    )


@pytest.mark.parametrize("lesson", ["01-history", "04-nuclear"])
def test_the_page_shows_the_same_timeline(inpage, lesson):
    """Does the in-page timeline_for give the desktop's events and labels?"""
    pd.testing.assert_frame_equal(inpage.timeline_for(lesson), timeline_for(lesson))


def test_an_unknown_table_is_named(inpage):
    """Does asking for a table the package lacks name it and list the real ones?"""
    with pytest.raises(KeyError, match="no table 'aid' .*aid_flows"):
        inpage.load_table("aid")


@pytest.mark.parametrize("lesson", ["03-economy", "09-since-2021"])
def test_the_page_shows_the_same_claims(inpage, lesson):
    """Does the in-page claims_for give the desktop's claims?"""
    pd.testing.assert_frame_equal(inpage.claims_for(lesson), claims_for(lesson))


_IMPORT = re.compile(r"^from uspak import (?P<names>.+)$", re.M)


@pytest.mark.parametrize("lesson", sorted(p.stem for p in (ROOT / "lessons").glob("0*.md")))
def test_every_name_a_lesson_imports_exists_in_the_page(inpage, lesson):
    """Does the in-page uspak define every name the lesson imports from uspak?"""
    text = (ROOT / "lessons" / f"{lesson}.md").read_text(encoding="utf-8")
    names = {n.strip() for m in _IMPORT.finditer(text) for n in m["names"].split(",")}
    assert names and sorted(n for n in names if not hasattr(inpage, n)) == []
