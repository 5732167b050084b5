"""Each page's scripts and style sheets: Thebe's and sphinx-design's only where used, the
theme's helper scripts deferred."""

from __future__ import annotations

import pytest
from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript

from uspak.sphinxext.page_assets import page_scripts, page_styles

SCRIPTS = [
    _JavaScript("documentation_options.js"),
    _JavaScript("copybutton.js"),
    _JavaScript("sphinx-thebe.js", **{"async": "async"}),
    _JavaScript(None, body='const THEBE_JS_URL = "https://unpkg.com/thebe"'),
    _JavaScript("design-tabs.js"),
]
STYLES = [
    _CascadingStyleSheet("sphinx-thebe.css"),
    _CascadingStyleSheet("sphinx-design.min.css"),
    _CascadingStyleSheet("exercise.css"),
]


def names(assets: list) -> list[str]:
    return [str(a.filename) for a in assets]


@pytest.mark.parametrize(
    ("thebe", "design", "expected"),
    [
        pytest.param(False, False, ["documentation_options.js", "copybutton.js"], id="neither"),
        pytest.param(
            True,
            False,
            ["documentation_options.js", "copybutton.js", "sphinx-thebe.js", "None"],
            id="thebe-on",
        ),
        pytest.param(
            False,
            True,
            ["documentation_options.js", "copybutton.js", "design-tabs.js"],
            id="a-page-with-sphinx-design",
        ),
    ],
)
def test_a_page_keeps_the_scripts_it_uses(thebe: bool, design: bool, expected: list) -> None:
    """Are Thebe's scripts kept only with Thebe on, and the tab script only on a page using it?"""
    assert names(page_scripts(SCRIPTS, thebe=thebe, design=design)) == expected


def test_a_page_keeps_the_style_sheets_it_uses() -> None:
    """Without Thebe and sphinx-design, is only the page's own style sheet left?"""
    assert names(page_styles(STYLES, thebe=False, design=False)) == ["exercise.css"]


def test_the_themes_helper_scripts_are_deferred_but_the_options_are_not() -> None:
    """Is copybutton.js deferred, while documentation_options.js (set by inline scripts) blocks?"""
    kept = {str(s.filename): s for s in page_scripts(SCRIPTS, thebe=False, design=False)}
    assert kept["copybutton.js"].attributes.get("defer") == "defer"
    assert "defer" not in kept["documentation_options.js"].attributes
    assert "defer" not in SCRIPTS[1].attributes  # Sphinx's own object, shared by every page


@pytest.mark.parametrize(
    ("scripts", "search_page"),
    [
        pytest.param([_JavaScript("doctools.js")], True, id="the-search-page"),
        pytest.param(
            [_JavaScript("doctools.js"), _JavaScript("searchtools.js")], False, id="searchtools"
        ),
    ],
)
def test_the_search_page_keeps_its_scripts_blocking(scripts: list, search_page: bool) -> None:
    """On the search page (searchtools.js calls doctools at once), is nothing deferred?"""
    kept = page_scripts(scripts, thebe=False, design=False, search_page=search_page)
    assert all("defer" not in s.attributes for s in kept)
