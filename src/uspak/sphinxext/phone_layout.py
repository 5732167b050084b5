"""Sphinx extension: pages that work on a phone (390 px wide) as well as on a desktop.

On a phone a wide table would push the page sideways, and a chart drawn for a desktop shrinks
until its labels cannot be read. This extension links two small assets on every page:

- ``phone.css`` lets long code and citation labels wrap, so that no page is wider than the screen,
  and draws the cue of a table that scrolls inside its box (a shaded right edge and a hint line);
- ``phone.js`` (a classic, deferred script, so a copy opened from disk runs it too) marks each
  table box that really scrolls, makes it reachable by keyboard, and gives each chart an
  "Enlarge" button that opens the image at its full size in a dialog.

The exercise widget's own phone rules (matching controls) live with the widget, in
``uspak/exercises/static/``, because the notebook shows it too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"
PHONE_CSS = "phone.css"
PHONE_JS = "phone.js"


def _add_static_path(app: Sphinx, config: Any) -> None:
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _add_static_path)
    app.add_css_file(PHONE_CSS)
    app.add_js_file(PHONE_JS, loading_method="defer")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
