"""The site's icons without the theme's 1.49 MB fontawesome.js or its icon fonts: every icon the
site shows as an SVG mask from the same Font Awesome release (declared in icons.yml)."""

from __future__ import annotations

import importlib.resources
import re
import urllib.parse
from pathlib import Path

import pytest

from uspak.sphinxext.icons import (
    STYLES,
    declared_icons,
    find_icon,
    icons_css,
    pack,
    pack_icons,
    theme_scripts,
)

SCRIPTS = theme_scripts()
SCRIPT = (SCRIPTS / "fontawesome.js").read_text("utf-8")
DECLARED = declared_icons()
CLASS_ICONS = [(style, name) for style, names in DECLARED["classes"].items() for name in names]
BOOK_THEME = (
    Path(str(importlib.resources.files("sphinx_book_theme"))) / "theme" / "sphinx_book_theme"
)
THEME_CSS = "".join(
    sheet.read_text("utf-8").lower()
    for sheet in (
        SCRIPTS.parent / "styles" / "pydata-sphinx-theme.css",
        BOOK_THEME / "static" / "styles" / "sphinx-book-theme.css",
    )
)


@pytest.fixture(scope="module")
def css() -> str:
    return icons_css(scripts=SCRIPTS)


@pytest.mark.parametrize(("style", "name"), CLASS_ICONS, ids=[n for _, n in CLASS_ICONS])
def test_each_class_icon_is_drawn_from_its_pack_in_the_themes_release(
    css: str, style: str, name: str
) -> None:
    """Does icons.css draw <i class="fa-STYLE fa-NAME"> with the path of that pack's icon?"""
    icon = find_icon(name=name, script=pack(style=STYLES[style], script=SCRIPT))
    rule = re.search(
        rf"\.{STYLES[style]}\.fa-{re.escape(name)}::before,[^{{]*\{{--uspak-icon:([^;]+);", css
    )
    assert rule is not None, f"no rule for fa-{name}"
    assert urllib.parse.quote(icon.path, safe=" /=:'.,-") in rule.group(1)


@pytest.mark.parametrize("drawn", DECLARED["drawn"], ids=lambda d: d["selector"].split(",")[0])
def test_each_drawn_icon_stands_for_the_glyph_the_theme_draws(drawn: dict) -> None:
    """Is each CSS-drawn icon the release's icon for the code point the theme's CSS names?"""
    solid = pack(style="fas", script=SCRIPT)
    assert find_icon(name=drawn["icon"], script=solid).glyph == drawn["glyph"]
    assert f'"\\{drawn["glyph"]}"' in THEME_CSS


def test_no_icon_is_left_to_the_font(css: str) -> None:
    """Do the icons' elements and pseudo-elements take the text's font, not Font Awesome's?"""
    assert css.count("font-family:inherit") == 4
    assert "Font Awesome" not in css.split("*/", 1)[1]


def test_icons_css_keeps_the_font_awesome_licence_notice(css: str) -> None:
    """Does icons.css start with the licence notice of the Font Awesome release it copies from?"""
    notice = (SCRIPTS / "fontawesome.js.LICENSE.txt").read_text("utf-8").strip()
    assert css.startswith(notice) and "Icons: CC BY 4.0" in notice


def test_an_icon_is_found_by_its_alias() -> None:
    """Is an icon found under an older name the release keeps as an alias (search)?"""
    solid = pack_icons(pack=pack(style="fas", script=SCRIPT))
    assert solid["search"] == solid["magnifying-glass"]


def test_an_icon_the_release_lacks_is_named() -> None:
    """Asked for an icon that fontawesome.js does not hold, is the icon's name in the error?"""
    with pytest.raises(LookupError, match="no-such-icon"):
        find_icon(name="no-such-icon", script='x={github:[496,512,[],"f09b","M0 0"]}')
