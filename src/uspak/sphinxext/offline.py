"""Sphinx extension: fail the build when a page would load a script or style sheet from elsewhere.

The website must work in a classroom with no internet and must not report students' visits to
anyone. Themes and extensions add CDN assets quietly (MathJax on a page with math, require.js for
widgets), so every page's assets are checked as it is written; ``uspak build`` turns the warning
into an error that names the page. Links the reader chooses to follow are not requests and are
not checked here.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

_REMOTE = ("http://", "https://", "//")


def remote_assets(context: dict[str, Any]) -> list[str]:
    """The URLs of the page's scripts and style sheets that are not served by the site itself."""
    found = []
    for key in ("script_files", "css_files"):
        for asset in context.get(key) or []:
            url = getattr(asset, "filename", asset)
            if isinstance(url, str) and url.startswith(_REMOTE):
                found.append(url)
    return found


def _check_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    for url in remote_assets(context):
        logger.warning(
            "the page loads %s from another site; pages must work offline (vendor it in _static)",
            url,
            location=pagename,
            type="uspak",
            subtype="offline",
        )


def setup(app: Sphinx) -> dict[str, Any]:
    # After every theme and extension has added its assets to the page.
    app.connect("html-page-context", _check_page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
