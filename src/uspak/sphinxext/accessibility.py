"""Sphinx extension: correct pieces of generated markup that axe-core reports as serious.

- The theme (pydata-sphinx-theme) puts a bare chevron in each ``<summary>`` of the sidebar's table
  of contents, so a screen reader announces an unnamed control (``summary-name``, on every page).
- Docutils marks the bibliography as ``role="list"`` holding ``role="doc-biblioentry"`` entries, a
  role ARIA 1.2 deprecated; axe-core then finds a list without list items
  (``aria-required-children``, critical).
- myst-nb's folded code cells (``hide-input``) label their ``<summary>`` "Toggle hidden content"
  while showing "Show code cell source"; a spoken label that differs from the visible one breaks
  voice control (``label-content-name-mismatch``). Without the label, the visible text names it.

All are rendered in Python (the theme's toctree code, the docutils HTML writer, myst-nb), not in
templates we could override, so the written pages are corrected when the build finishes.
Idempotent: pages an incremental build did not rewrite are already corrected and stay as they are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

REPLACEMENTS = [
    (
        '<summary><span class="toctree-toggle" role="presentation">',
        '<summary aria-label="Show or hide this section\'s pages">'
        '<span class="toctree-toggle" role="presentation">',
    ),
    ('class="citation" id=', 'class="citation" role="listitem" id='),
    (' role="doc-biblioentry"', ""),
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
]


def corrected(html: str) -> str:
    for old, new in REPLACEMENTS:
        html = html.replace(old, new)
    return html


def _fix_pages(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        fixed = corrected(html)
        if fixed != html:
            page.write_text(fixed, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _fix_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
