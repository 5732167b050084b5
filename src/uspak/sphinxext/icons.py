"""Sphinx extension: every icon the site shows, as SVG from the theme's own Font Awesome release.

The site's template override (book/_templates/static/webpack-macros.html) drops the theme's
1.49 MB fontawesome.js. The theme's CSS would still draw icons with Font Awesome's web fonts (the
solid one is 153 KiB, for some twenty glyphs), so this writes ``icons.css``, which draws each icon
declared in ``icons.yml`` as a CSS mask of its SVG path (coloured by ``currentColor``, as the
glyph was), read at build time from the theme's fontawesome.js: the same release the theme pins,
with its licence notice (icons CC BY 4.0) kept at the top of the file. No page then uses the
fonts, so the browser never downloads them.
"""

from __future__ import annotations

import importlib.resources
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ICONS_CSS = "icons.css"
DECLARED = Path(__file__).with_name("icons.yml")
STYLES = {"solid": "fas", "brands": "fab"}  # icons.yml's names for fontawesome.js's packs
# What every icon's pseudo-element shares; each icon only sets --uspak-icon (its SVG's data URL).
_MASK = (
    "background-color:currentColor;-webkit-mask:var(--uspak-icon) center/contain no-repeat;"
    "mask:var(--uspak-icon) center/contain no-repeat"
)
_INLINE_BOX = "display:inline-block;height:1em;vertical-align:-.125em"


@dataclass(frozen=True)
class Icon:
    """One icon of the release: its box, its code point (the font's glyph) and its SVG path."""

    width: int
    height: int
    glyph: str
    path: str

    def svg(self) -> str:
        box = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {self.width} {self.height}'>"
        return box + f"<path d='{self.path}'/></svg>"

    def data_url(self) -> str:
        """The SVG as a ``url()``, percent-encoding only what a CSS string or URL cannot hold."""
        return f'url("data:image/svg+xml,{urllib.parse.quote(self.svg(), safe=SAFE)}")'


SAFE = " /=:'.,-"  # kept as they are in the data URL, which stays readable and short


def theme_scripts() -> Path:
    package = Path(str(importlib.resources.files("pydata_sphinx_theme")))
    return package / "theme" / "pydata_sphinx_theme" / "static" / "scripts"


def declared_icons(path: Path = DECLARED) -> dict[str, Any]:
    return yaml.safe_load(path.read_text("utf-8"))


def pack(*, style: str, script: str) -> str:
    """The part of fontawesome.js defining one pack ("fas", "fab"): ``var p={...};d("fas",p)``."""
    end = script.find(f'd("{style}",p)')
    start = script.rfind("var p={", 0, end)
    if end < 0 or start < 0:
        raise LookupError(f"fontawesome.js has no {style!r} icon pack")
    return script[start:end]


_ENTRY = re.compile(r'[,{]"?([\w-]+)"?:\[(\d+),(\d+),\[([^\]]*)\],"([0-9a-f]+)","([^"]+)"\]')


def pack_icons(*, pack: str) -> dict[str, Icon]:
    """Every icon of a pack by name and by alias, from ``name:[w,h,[aliases],"code","path"]``."""
    icons: dict[str, Icon] = {}
    for name, width, height, aliases, glyph, path in _ENTRY.findall(pack):
        icon = Icon(int(width), int(height), glyph, path)
        for key in [name, *re.findall(r'"([\w-]+)"', aliases)]:
            icons.setdefault(key, icon)
    return icons


def find_icon(*, name: str, script: str) -> Icon:
    """The icon ``name`` (or alias) in ``script``, a pack of fontawesome.js (or all of it)."""
    icon = pack_icons(pack=script).get(name)
    if icon is None:
        raise LookupError(f"fontawesome.js has no icon named {name!r}")
    return icon


def icon_svg(*, name: str, script: str) -> str:
    return find_icon(name=name, script=script).svg()


def icons_css(*, scripts: Path, declared: dict[str, Any] | None = None) -> str:
    """The style sheet: the release's licence notice, then one mask rule per declared icon."""
    declared = declared or declared_icons()
    script = (scripts / "fontawesome.js").read_text("utf-8")
    notice = (scripts / "fontawesome.js.LICENSE.txt").read_text("utf-8").strip()
    packs = {
        style: pack_icons(pack=pack(style=prefix, script=script))
        for style, prefix in STYLES.items()
    }
    rules, shown = [notice], []
    drawn_inline: list[str] = []
    drawn_block: list[str] = []
    for style, names in declared["classes"].items():
        prefix = STYLES[style]
        for name in names:
            icon = _named(name, packs[style], style)
            selector = f".{prefix}.fa-{name}::before,.fa-{style}.fa-{name}::before"
            shown.append(selector)
            width = f"{icon.width / icon.height:.4g}em"
            rules.append(f"{selector}{{--uspak-icon:{icon.data_url()};width:{width}}}")
    for drawn in declared["drawn"]:
        icon = _named(drawn["icon"], packs["solid"], "solid")
        (drawn_block if drawn.get("block") else drawn_inline).append(drawn["selector"])
        rules.append(f"{drawn['selector']}{{--uspak-icon:{icon.data_url()}}}")
    # An element set in the icon font makes the browser fetch the font for its line box even
    # with no glyph in it, so the icons' elements and pseudo-elements take their parent's font.
    elements = ",".join(selector.replace("::before", "") for selector in shown)
    shared = [
        f"{elements}{{font-family:inherit}}",
        f'{",".join(shown)}{{content:"";font-family:inherit;{_INLINE_BOX};{_MASK}}}',
        f'{",".join(drawn_inline)}{{content:""!important;font-family:inherit;width:1em;'
        f"{_INLINE_BOX};{_MASK}}}",
        f'{",".join(drawn_block)}{{content:""!important;font-family:inherit;{_MASK}}}',
    ]
    rules[1:1] = shared
    return "\n".join(rules) + "\n"


def _named(name: str, icons: dict[str, Icon], style: str) -> Icon:
    if name not in icons:
        raise LookupError(f"fontawesome.js has no {style} icon named {name!r} (see icons.yml)")
    return icons[name]


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
