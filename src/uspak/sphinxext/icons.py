"""Sphinx extension: the brand icons the site shows, as SVG from the theme's own Font Awesome.

The site's template override (book/_templates/static/webpack-macros.html) drops the theme's
1.49 MB fontawesome.js; the theme's CSS still draws the solid icons with its web font. Brand icons
(only GitHub's, in the header) would pull the 118 kB brands font for one glyph, so this writes
``icons.css``, which draws each icon in ``BRAND_ICONS`` as a CSS mask of its SVG path, read at
build time from the theme's fontawesome.js: the same Font Awesome release the theme pins, with
its licence notice kept at the top of the file.
"""

from __future__ import annotations

import importlib.resources
import re
import urllib.parse
from pathlib import Path

BRAND_ICONS = ("github",)  # every <i class="fab fa-..."> the site shows
ICONS_CSS = "icons.css"


def theme_scripts() -> Path:
    package = Path(str(importlib.resources.files("pydata_sphinx_theme")))
    return package / "theme" / "pydata_sphinx_theme" / "static" / "scripts"


def icon_svg(*, name: str, script: str) -> str:
    """The icon's SVG, from its entry ``name:[width,height,[aliases],"code","path"]``."""
    entry = re.search(
        r'(?:^|[,{])"?' + re.escape(name) + r'"?:\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","([^"]+)"\]',
        script,
    )
    if entry is None:
        raise LookupError(f"fontawesome.js has no icon named {name!r}")
    width, height, path = entry.groups()
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">'
    return svg + f'<path d="{path}"/></svg>'


def icons_css(*, scripts: Path) -> str:
    script = (scripts / "fontawesome.js").read_text("utf-8")
    notice = (scripts / "fontawesome.js.LICENSE.txt").read_text("utf-8").strip()
    rules = [notice]
    for name in BRAND_ICONS:
        svg = urllib.parse.quote(icon_svg(name=name, script=script))
        rules.append(
            f".fab.fa-{name},.fa-brands.fa-{name}{{font-family:inherit}}"
            f'.fab.fa-{name}::before,.fa-brands.fa-{name}::before{{content:"";display:inline-block;'
            f"width:1em;height:1em;vertical-align:-.125em;background-color:currentColor;"
            f'-webkit-mask:url("data:image/svg+xml,{svg}") center/contain no-repeat;'
            f'mask:url("data:image/svg+xml,{svg}") center/contain no-repeat}}'
        )
    return "\n".join(rules) + "\n"


def _write_icons(app, config) -> None:
    folder = Path(app.outdir).parent / "uspak-icons"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ICONS_CSS
    text = icons_css(scripts=theme_scripts())
    if not target.is_file() or target.read_text("utf-8") != text:
        target.write_text(text, "utf-8")
    config.html_static_path.append(str(folder))


def setup(app) -> dict:
    app.connect("config-inited", _write_icons)
    app.add_css_file(ICONS_CSS)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
