"""The Sphinx extension: the engine's JS and CSS ship once per site and are linked once per page."""

from __future__ import annotations

import io
import re
from pathlib import Path

from sphinx.application import Sphinx

# A stand-in for myst-nb, which adds the saved ipywidgets state to a notebook's page.
CONF = """
extensions = ["uspak.sphinxext.exercises"]


def setup(app):
    def add_state(app, *args):
        app.add_js_file(None, type="application/vnd.jupyter.widget-state+json", body="{}")

    app.connect("html-page-context", add_state)
"""


def test_engine_assets_are_copied_and_linked_once(tmp_path: Path) -> None:
    """Does a site built with the extension hold the assets in _static and link them once?"""
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text(CONF, "utf-8")
    (source / "index.rst").write_text("Lesson\n======\n\nText.\n", "utf-8")
    out = tmp_path / "html"
    app = Sphinx(
        str(source), str(source), str(out), str(tmp_path / "doctrees"), "html",
        status=io.StringIO(), warning=io.StringIO(), freshenv=True,
    )  # fmt: skip
    app.build()
    for asset in ("exercise.js", "check.js", "exercise.css"):
        assert (out / "_static" / asset).is_file(), asset
    page = (out / "index.html").read_text("utf-8")
    scripts = re.findall(r"<script[^>]*_static/exercise\.js[^>]*>", page)
    assert len(scripts) == 1 and 'type="module"' in scripts[0]
    assert page.count('href="_static/exercise.css') == 1
    assert "widget-state+json" not in page
