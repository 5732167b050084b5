"""Sphinx extension: the data appendix, generated from ``data/datapackage.json`` at build time.

The data package is the single description of the course's tables, so the appendix is rendered
from it rather than written by hand: a section per resource with its description, coverage (rows
and years, counted from the CSV), the sources its rows cite, a column table with units, and a
download link to the CSV itself. Usage in a MyST page::

    ```{datapackage} ../data/datapackage.json
    ```
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from uspak.problems import CourseFileError, Problem
from uspak.sphinxext.doctables import simple_table

# Field types whose first and last values describe what period a table covers (as ISO text,
# they sort in time order).
_PERIOD_TYPES = {"year", "date"}


def read_package(path: Path) -> dict[str, Any]:
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise CourseFileError([Problem(str(path), f"cannot be read as JSON: {err}")]) from err
    if not isinstance(package.get("resources"), list):
        raise CourseFileError([Problem(str(path), "has no list of resources")])
    return package


def read_rows(csv_path: Path) -> list[dict[str, str]]:
    with csv_path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def coverage(resource: dict[str, Any], rows: list[dict[str, str]]) -> str:
    """'75 rows; year 1948–2022': the row count and the span of each year or date column."""
    parts = [f"{len(rows)} rows"]
    for field in resource["schema"]["fields"]:
        if field.get("type") in _PERIOD_TYPES:
            values = sorted(r[field["name"]] for r in rows if r.get(field["name"]))
            if values:
                parts.append(f"{field['name']} {values[0]}–{values[-1]}")
    return "; ".join(parts)


def cited_sources(rows: list[dict[str, str]]) -> list[str]:
    """The source ids a table's rows cite, in first-cited order."""
    return list(dict.fromkeys(r["source_id"] for r in rows if r.get("source_id")))


class DataPackageDirective(SphinxDirective):
    """Render every resource of a data package as a section of the current page."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        relative, absolute = self.env.relfn2path(self.arguments[0], self.env.docname)
        package_path = Path(absolute)
        self.env.note_dependency(str(package_path))
        self.env.note_dependency(__file__)  # so that a change here re-renders the page
        try:
            package = read_package(package_path)
        except CourseFileError as err:
            raise self.error(str(err.problems[0])) from err
        tables = {}
        for resource in package["resources"]:
            csv_path = package_path.parent / resource["path"]
            self.env.note_dependency(str(csv_path))
            if not csv_path.is_file():
                raise self.error(
                    f"{relative}: resource {resource['name']!r} has no file {csv_path}"
                )
            tables[resource["name"]] = read_rows(csv_path)
        sources = {r["source_id"]: r for r in tables.get("sources", [])}
        folder = str(Path(self.arguments[0]).parent)
        return [
            self._resource_section(resource, tables[resource["name"]], sources, folder)
            for resource in package["resources"]
        ]

    def _resource_section(
        self,
        resource: dict[str, Any],
        rows: list[dict[str, str]],
        sources: dict[str, dict[str, str]],
        folder: str,
    ) -> nodes.section:
        section = nodes.section(ids=[f"table-{resource['name']}"])
        section += nodes.title(text=resource.get("title") or resource["name"])
        name_line = nodes.paragraph()
        name_line += nodes.Text("Table ")
        name_line += nodes.literal(text=resource["name"])
        name_line += nodes.Text(" (")
        name_line += nodes.literal(text=f'load_table("{resource["name"]}")')
        name_line += nodes.Text("); coverage: ")
        name_line += nodes.Text(coverage(resource, rows) + ".")
        section += name_line
        section += nodes.paragraph(text=resource.get("description", ""))
        if resource["name"] != "sources":  # the sources table's rows are the list itself
            section += _sources_list(cited_sources(rows), sources)
        download = nodes.paragraph()
        download += addnodes.download_reference(
            "",
            "",
            nodes.literal(text=f"Download {resource['path']}"),
            reftarget=f"{folder}/{resource['path']}",
            refdoc=self.env.docname,
            refexplicit=True,
        )
        download += nodes.Text(f" (CSV, {len(rows)} rows).")
        section += download
        section += _columns_table(resource["schema"]["fields"])
        return section


def _sources_list(cited: list[str], sources: dict[str, dict[str, str]]) -> list[nodes.Node]:
    """'Sources:' and a bullet list of the publications a table's rows cite, linked."""
    if not cited:
        return []
    items = nodes.bullet_list()
    for source_id in cited:
        source = sources.get(source_id)
        para = nodes.paragraph()
        if source is None:
            para += nodes.literal(text=source_id)
        else:
            label = f"{source['author']}, {source['title']} ({source['year']})"
            para += nodes.reference(text=label, refuri=source["url"])
        items += nodes.list_item("", para)
    return [nodes.paragraph(text=f"Sources ({len(cited)}):"), items]


def _columns_table(fields: list[dict[str, Any]]) -> nodes.table:
    rows = [
        [
            nodes.literal(text=field["name"]),
            nodes.Text(field.get("type", "string")),
            nodes.Text(field.get("unit", "")),
            nodes.Text(field.get("description", "")),
        ]
        for field in fields
    ]
    return simple_table(
        ["Column", "Type", "Unit", "Description"], rows, [2, 1, 1, 5], ["uspak-columns"]
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("datapackage", DataPackageDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
