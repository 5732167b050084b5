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
    for asset in ("exercise.js", "check.js", "exercise.css", "exercise.bundle.js"):
        assert (out / "_static" / asset).is_file(), asset
    page = (out / "index.html").read_text("utf-8")
    scripts = re.findall(r"<script[^>]*_static/exercise[.\w]*\.js[^>]*>", page)
    assert len(scripts) == 1 and "exercise.bundle.js" in scripts[0], scripts
    assert "defer" in scripts[0] and 'type="module"' not in scripts[0]  # works on file://
    assert page.count('href="_static/exercise.css') == 1
    assert "widget-state+json" not in page


def test_an_edit_to_the_engine_alone_marks_a_page_outdated(tmp_path, monkeypatch):
    """When only exercise.js or exercise.css changed, does the next build still copy them?"""
    from types import SimpleNamespace

    from uspak.sphinxext import exercises

    (tmp_path / "exercise.css").write_text("a {}", encoding="utf-8")
    monkeypatch.setattr(exercises, "STATIC", tmp_path)
    app = SimpleNamespace(config=SimpleNamespace(root_doc="intro"))
    env = SimpleNamespace()
    hook = exercises._rebuild_when_the_engine_changes
    assert hook(app, env, set(), set(), set()) == ["intro"]  # first build: nothing recorded
    assert hook(app, env, set(), set(), set()) == []
    (tmp_path / "exercise.css").write_text("a { color: red }", encoding="utf-8")
    assert hook(app, env, set(), set(), set()) == ["intro"]
