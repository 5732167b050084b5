"""Sphinx extension: load the exercise engine once per page, not once per exercise.

Each exercise's HTML carries only its root element and compiled JSON; this extension copies
static/exercise.js, static/check.js and static/exercise.css into ``_static`` and links the JS (as
an ES module, which then imports check.js beside it) and the CSS from every page.

It also drops the ipywidgets state that myst-nb embeds in pages of executed notebooks: the
website shows the exercises' HTML, never the widget views, and the saved state repeats the
engine's source for every widget (about 195 kB for lesson 00's eight exercises).
"""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parents[1] / "exercises" / "static"  # shared with the notebook widget
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _add_static_path(app, config) -> None:
    config.html_static_path.append(str(STATIC))


def _drop_widget_state(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        scripts[:] = [
            s for s in scripts if getattr(s, "attributes", {}).get("type") != WIDGET_STATE
        ]


def setup(app) -> dict:
    app.connect("config-inited", _add_static_path)
    app.connect("html-page-context", _drop_widget_state, priority=900)  # after myst-nb adds it
    app.add_js_file("exercise.js", type="module")
    app.add_css_file("exercise.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
