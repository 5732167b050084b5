"""Sphinx extension: load the exercise engine once per page, not once per exercise.

Each exercise's HTML carries only its root element and compiled JSON; this extension copies
static/exercise.js, static/check.js and static/exercise.css into ``_static`` (the ES module
sources, which the notebook widget also loads), writes them as one classic script
(``uspak.exercises.bundle``: browsers refuse modules on ``file://``, and teachers hand out zipped
sites) and links that bundle, deferred, and the CSS from every page.

It also drops the ipywidgets state that myst-nb embeds in pages of executed notebooks: the
website shows the exercises' HTML, never the widget views, and the saved state repeats the
engine's source for every widget (about 195 kB for lesson 00's eight exercises).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from uspak.exercises.bundle import BUNDLE_NAME, write_bundle

STATIC = Path(__file__).parents[1] / "exercises" / "static"  # shared with the notebook widget
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _add_static_path(app, config) -> None:
    config.html_static_path.append(str(STATIC))
    bundle = write_bundle(folder=Path(app.outdir).parent / "uspak-bundle")
    config.html_static_path.append(str(bundle.parent))


def static_digest(folder: Path) -> str:
    """One hash of the engine's files, to tell whether they changed since the last build."""
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _rebuild_when_the_engine_changes(app, env, added, changed, removed) -> list[str]:
    """Sphinx writes nothing, and so copies no static file, when no page changed: an edit to
    exercise.js or exercise.css alone would never reach the site. Mark one page outdated then."""
    digest = static_digest(STATIC)
    if getattr(env, "uspak_static_digest", None) == digest:
        return []
    env.uspak_static_digest = digest
    return [app.config.root_doc]


def _drop_widget_state(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        scripts[:] = [
            s for s in scripts if getattr(s, "attributes", {}).get("type") != WIDGET_STATE
        ]


def setup(app) -> dict:
    app.connect("config-inited", _add_static_path)
    app.connect("env-get-outdated", _rebuild_when_the_engine_changes)
    app.connect("html-page-context", _drop_widget_state, priority=900)  # after myst-nb adds it
    app.add_js_file(BUNDLE_NAME, loading_method="defer")
    app.add_css_file("exercise.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
