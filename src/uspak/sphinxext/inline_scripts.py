"""Sphinx extension: write each script of a page once.

An extension that adds an inline script after the HTML builder has started (sphinx-thebe does, on
``env-before-read-docs``) gets it twice with Sphinx 7.4: ``app.add_js_file(None, body=...)``
hands the builder a script named ``None``, and the builder copies the registry's scripts again,
as ``''``, before writing, so the two compare unequal. Two ``<script>const THEBE_JS_URL = ...``
on every page then throw "Identifier 'THEBE_JS_URL' has already been declared".
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def _key(script: Any) -> tuple:
    filename = getattr(script, "filename", script) or ""
    attributes = getattr(script, "attributes", {}) or {}
    return (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))


def unique_scripts(scripts: list[Any]) -> list[Any]:
    """The scripts in order, each written once (the same file, or the same inline body)."""
    seen: set[tuple] = set()
    kept = []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            kept.append(script)
    return kept


def _dedupe(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if context.get("script_files"):
        context["script_files"] = unique_scripts(context["script_files"])


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _dedupe, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
