"""Sphinx extension: each page loads only the scripts and style sheets it uses, and none blocks it.

Jupyter Book links every asset of every extension it enables on every page. On a phone over a
slow network each blocking one delays the first paint (Lighthouse's mobile preset counts them),
so, as each page is written:

- the Thebe assets go when ``launch_buttons.thebe`` is off (the course launches Binder, JupyterHub
  and Colab instead): ``sphinx-thebe.js``, its style sheet and its inline ``THEBE_JS_URL`` script;
- sphinx-design's style sheet (53 KiB) and tab script go from a page without an ``sd-`` class
  (no page of the course uses a sphinx-design component today);
- the scripts in ``DEFERRED`` load with ``defer``: each starts its work when the document is
  ready, which a deferred script still sees, so they need not block the page's first paint.
  ``documentation_options.js`` stays blocking, because inline scripts set its fields, and the
  search page keeps its scripts as they are (its template's search script, written after these,
  calls doctools' at once).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

THEBE_ASSETS = ("sphinx-thebe.js", "sphinx-thebe.css")
DESIGN_ASSETS = ("design-tabs.js", "sphinx-design.min.css")
DEFERRED = (
    "doctools.js",
    "sphinx_highlight.js",
    "clipboard.min.js",
    "copybutton.js",
    "scripts/sphinx-book-theme.js",
    "togglebutton.js",
)
SEARCH_SCRIPT = "searchtools.js"


def _name(asset: Any) -> str:
    return str(getattr(asset, "filename", asset) or "")


def _body(asset: Any) -> str:
    return str((getattr(asset, "attributes", None) or {}).get("body", ""))


def page_scripts(
    scripts: list[Any], *, thebe: bool, design: bool, search_page: bool = False
) -> list[Any]:
    """The scripts a page keeps, in order; the deferred ones given ``defer``."""
    kept = []
    searching = search_page or any(_name(s).endswith(SEARCH_SCRIPT) for s in scripts)
    for script in scripts:
        name = _name(script)
        if not thebe and (name.endswith(THEBE_ASSETS) or "THEBE_JS_URL" in _body(script)):
            continue
        if not design and name.endswith(DESIGN_ASSETS):
            continue
        if not searching and name.endswith(DEFERRED) and hasattr(script, "attributes"):
            script = deferred(script)
        kept.append(script)
    return kept


def deferred(script: Any) -> Any:
    """A copy of the script (Sphinx's are immutable and shared by every page) loaded with defer."""
    attributes = {k: v for k, v in script.attributes.items() if k not in ("async", "defer")}
    return type(script)(script.filename, priority=script.priority, defer="defer", **attributes)


def page_styles(styles: list[Any], *, thebe: bool, design: bool) -> list[Any]:
    """The style sheets a page keeps, in order."""
    dropped = (() if thebe else THEBE_ASSETS) + (() if design else DESIGN_ASSETS)
    return [s for s in styles if not (dropped and _name(s).endswith(dropped))]


def _select(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    thebe = bool((app.config.html_theme_options.get("launch_buttons") or {}).get("thebe"))
    design = "sd-" in str(context.get("body", ""))
    if context.get("script_files"):
        context["script_files"] = page_scripts(
            context["script_files"], thebe=thebe, design=design, search_page=pagename == "search"
        )
    if context.get("css_files"):
        context["css_files"] = page_styles(context["css_files"], thebe=thebe, design=design)


def setup(app: Sphinx) -> dict[str, Any]:
    # After every theme and extension has added its assets, and after the duplicate scripts are
    # gone (uspak.sphinxext.inline_scripts, priority 950).
    app.connect("html-page-context", _select, priority=960)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
