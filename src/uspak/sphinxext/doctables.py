"""Docutils table nodes for the pages the build generates (data appendix, lesson map).

Hand-built docutils tables take a dozen lines of nesting each; one helper keeps the generators
about their content.
"""

from __future__ import annotations

from docutils import nodes


def simple_table(
    headers: list[str], rows: list[list[nodes.Node]], widths: list[int], classes: list[str]
) -> nodes.table:
    """A table with a header row; each cell holds one inline node (text, literal, link)."""
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row([nodes.Text(h) for h in headers])
    group += head
    body = nodes.tbody()
    for cells in rows:
        body += _row(cells)
    group += body
    return table


def _row(cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += nodes.paragraph("", "", cell)
        row += entry
    return row
