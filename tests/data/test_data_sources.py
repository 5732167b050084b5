"""The sources table: URLs well formed and listed once; no row cites a superseded copy."""

from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd
import pytest

from uspak.data import list_tables, load_table

SOURCES = load_table("sources")


def _cited_ids() -> pd.DataFrame:
    """(table, source_id) for every data row of every table that has a source_id column."""
    frames = []
    for name in list_tables():
        table = load_table(name)
        if name != "sources" and "source_id" in table.columns:
            frames.append(pd.DataFrame({"table": name, "source_id": table["source_id"]}))
    return pd.concat(frames, ignore_index=True)


@pytest.mark.parametrize("source_id", list(SOURCES["source_id"]))
def test_source_url_is_well_formed(source_id):
    """Is each source URL an absolute http(s) address with a dotted host and no spaces?"""
    url = SOURCES.set_index("source_id").loc[source_id, "url"]
    parts = urlsplit(url)
    assert parts.scheme in {"http", "https"}
    assert "." in parts.hostname and " " not in url


def test_source_urls_are_unique():
    """Is every publication listed once, so two ids never stand for the same page?"""
    duplicated = SOURCES[SOURCES["url"].duplicated(keep=False)]
    assert duplicated.empty, duplicated[["source_id", "url"]].to_string()


def test_no_data_row_cites_a_superseded_source():
    """Does every row of every table cite a current source, never one marked superseded?"""
    superseded = set(SOURCES.loc[SOURCES["status"] == "superseded", "source_id"])
    cited = _cited_ids()
    bad = cited[cited["source_id"].isin(superseded)]
    assert bad.empty, bad.drop_duplicates().to_string()


def test_superseded_sources_name_a_current_replacement():
    """Does each superseded source name, in superseded_by, a current source (and only those)?"""
    status = SOURCES.set_index("source_id")["status"]
    superseded = SOURCES[SOURCES["status"] == "superseded"]
    assert superseded["superseded_by"].map(status.get).eq("current").all()
    assert SOURCES.loc[SOURCES["status"] == "current", "superseded_by"].isna().all()
