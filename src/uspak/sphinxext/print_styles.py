"""Sphinx extension: a print stylesheet, because teachers print lessons as handouts.

Printed, a lesson keeps each exercise box on one page, wraps code instead of clipping it, shows
where each outside link goes, and leaves out the navigation, sidebars and buttons. The sheet is
linked with ``media="print"``: the browser fetches it without holding up the page's first paint.
"""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parent / "static"
PRINT_CSS = "print.css"


def _add_static_path(app, config) -> None:
    config.html_static_path.append(str(STATIC))


def setup(app) -> dict:
    app.connect("config-inited", _add_static_path)
    app.add_css_file(PRINT_CSS, media="print")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
