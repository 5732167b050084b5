"""The site's icons without the theme's 1.49 MB fontawesome.js: brand icons as SVG from the same
Font Awesome release, the solid ones from the theme's web font."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from uspak.sphinxext.icons import BRAND_ICONS, icon_svg, icons_css, theme_scripts

SCRIPTS = theme_scripts()


@pytest.mark.parametrize("name", BRAND_ICONS)
def test_icons_css_draws_each_brand_icon_from_the_themes_release(name: str) -> None:
    """Does icons.css draw the brand icon with the SVG path the theme's fontawesome.js holds?"""
    css = icons_css(scripts=SCRIPTS)
    script = (SCRIPTS / "fontawesome.js").read_text("utf-8")
    path = re.search(r'<path d="([^"]+)"', icon_svg(name=name, script=script))
    assert path is not None and f".fab.fa-{name}::before" in css
    assert urllib.parse.quote(path.group(1)) in css


def test_icons_css_keeps_the_font_awesome_licence_notice() -> None:
    """Does icons.css start with the licence notice of the Font Awesome release it copies from?"""
    notice = (SCRIPTS / "fontawesome.js.LICENSE.txt").read_text("utf-8").strip()
    assert icons_css(scripts=SCRIPTS).startswith(notice) and "Font Awesome Free 6" in notice


def test_an_icon_the_release_lacks_is_named() -> None:
    """Asked for an icon that fontawesome.js does not hold, is the icon's name in the error?"""
    with pytest.raises(LookupError, match="no-such-icon"):
        icon_svg(name="no-such-icon", script='x={github:[496,512,[],"f09b","M0 0"]}')
