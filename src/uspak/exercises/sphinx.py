"""Sphinx extension: load the exercise engine once per page, not once per exercise.

Each exercise's HTML carries only its root element and compiled JSON; this extension copies
static/exercise.js, static/check.js and static/exercise.css into ``_static`` and links the JS (as
an ES module, which then imports check.js beside it) and the CSS from every page.
"""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parent / "static"


def _add_static_path(app, config) -> None:
    config.html_static_path.append(str(STATIC))


def setup(app) -> dict:
    app.connect("config-inited", _add_static_path)
    app.add_js_file("exercise.js", type="module")
    app.add_css_file("exercise.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
