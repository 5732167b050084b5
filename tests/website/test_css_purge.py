"""Trimming the theme's style sheets: a rule goes only when no page or script can use it."""

from __future__ import annotations

from pathlib import Path

import pytest

from uspak.website.css_purge import Purge, purge_site, purged_css, used_classes

PURGE = Purge(used=frozenset({"used", "also-used"}), safelist_prefixes=("bs-",))


@pytest.mark.parametrize(
    ("css", "kept"),
    [
        pytest.param(".used{color:red}", True, id="a-used-class"),
        pytest.param(".unused{color:red}", False, id="an-unused-class"),
        pytest.param(".unused,.used{color:red}", True, id="one-selector-of-a-list-used"),
        pytest.param(".used .unused{color:red}", False, id="a-descendant-never-there"),
        pytest.param("p{color:red}", True, id="no-class-at-all"),
        pytest.param(".used:not(.unused){color:red}", True, id="unused-class-inside-not"),
        pytest.param('a[href$=".unused"]{color:red}', True, id="a-dot-in-an-attribute-test"),
        pytest.param(".bs-tooltip-top{color:red}", True, id="a-safelisted-prefix"),
        pytest.param(r".sm\:unused{color:red}", True, id="an-escaped-name-is-kept"),
    ],
)
def test_a_rule_is_kept_when_it_may_match(css: str, kept: bool) -> None:
    """Is a rule kept exactly when one of its selectors can match a page of the site?"""
    assert (purged_css(css, purge=PURGE) == css) is kept


def test_media_blocks_are_trimmed_inside_and_dropped_when_empty() -> None:
    """Are the rules inside @media trimmed, and an @media left empty dropped altogether?"""
    css = "@media (min-width:1px){.used{a:b}.unused{a:b}}@media print{.unused{a:b}}"
    assert purged_css(css, purge=PURGE) == "@media (min-width:1px){.used{a:b}}"


@pytest.mark.parametrize(
    "css",
    [
        pytest.param("@font-face{font-family:X;src:url(x.woff2)}", id="font-face"),
        pytest.param("@keyframes spin{0%{a:b}to{a:c}}", id="keyframes"),
        pytest.param('@import "x.css";', id="import"),
        pytest.param("/*! licence */", id="a-licence-comment"),
        pytest.param('.used::before{content:"}{"}', id="braces-in-a-string"),
    ],
)
def test_at_rules_comments_and_strings_pass_through(css: str) -> None:
    """Do @font-face, @keyframes, @import, comments and braces inside strings come out unchanged?"""
    assert purged_css(css, purge=PURGE) == css


def test_the_site_counts_classes_of_pages_and_words_of_scripts(tmp_path: Path) -> None:
    """Does a class count as used when a page has it or a script names it, not an ignored one?"""
    (tmp_path / "_static" / "scripts").mkdir(parents=True)
    (tmp_path / "page.html").write_text('<p class="in-page other">x</p>', "utf-8")
    (tmp_path / "_static" / "theme.js").write_text('el.classList.add("added-later")', "utf-8")
    (tmp_path / "_static" / "scripts" / "icons.js").write_text('"fa-unused"', "utf-8")
    used = used_classes(site=tmp_path, ignored_scripts=["_static/scripts/icons.js"])
    assert {"in-page", "other", "added-later"} <= used and "fa-unused" not in used


def test_purge_site_trims_the_listed_sheet_in_place(tmp_path: Path) -> None:
    """Does purge_site rewrite a listed sheet without its unused rules and report both sizes?"""
    (tmp_path / "_static").mkdir()
    (tmp_path / "page.html").write_text('<p class="kept">x</p>', "utf-8")
    sheet = tmp_path / "_static" / "theme.css"
    sheet.write_text(".kept{a:b}.gone{a:b}\n/*# sourceMappingURL=theme.css.map */", "utf-8")
    settings = tmp_path / "purge.yml"
    settings.write_text(
        "sheets: [_static/theme.css]\nignored_scripts: []\nsafelist_prefixes: []\n", "utf-8"
    )
    sizes = purge_site(tmp_path, settings=settings)
    assert sheet.read_text("utf-8") == ".kept{a:b}"
    assert sizes["_static/theme.css"][1] == len(".kept{a:b}")
