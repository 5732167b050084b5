"""The two build corrections on their own: each script written once, figures numbered per page."""

from __future__ import annotations

from sphinx.builders.html._assets import _JavaScript

from uspak.sphinxext.figure_numbers import renumber_per_page
from uspak.sphinxext.inline_scripts import unique_scripts


def test_an_inline_script_added_twice_is_written_once():
    """Is sphinx-thebe's configuration script, which reaches the builder as None and again as '',
    kept once, while different scripts and the order stay as they were?"""
    body = 'const THEBE_JS_URL = "x"'
    scripts = [
        _JavaScript("_static/doctools.js"),
        _JavaScript(None, body=body),  # type: ignore[arg-type]
        _JavaScript("_static/sphinx-thebe.js", **{"async": "async"}),
        _JavaScript("", body=body),
        _JavaScript("", body="const other = 1"),
    ]
    assert [(s.filename, s.attributes.get("body")) for s in unique_scripts(scripts)] == [
        ("_static/doctools.js", None),
        (None, body),
        ("_static/sphinx-thebe.js", None),
        ("", "const other = 1"),
    ]


def test_figures_are_renumbered_from_one_on_each_page():
    """Do book-wide numbers (lesson 03's chart was Fig. 5) become 1, 2, ... per page and kind,
    in the order they had?"""
    numbers = {
        "lessons/02-security": {"figure": {"b": (4,), "a": (3,)}, "table": {"t": (2,)}},
        "lessons/03-economy": {"figure": {"chart": (5,)}},
    }
    renumber_per_page(numbers)
    assert numbers == {
        "lessons/02-security": {"figure": {"a": (1,), "b": (2,)}, "table": {"t": (1,)}},
        "lessons/03-economy": {"figure": {"chart": (1,)}},
    }
