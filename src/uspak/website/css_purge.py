"""Trim the theme's style sheets of the rules no page of the built site can match.

pydata-sphinx-theme.css (397 KB) carries all of Bootstrap and of Font Awesome's icon classes; a
lesson uses a small part of it, yet a phone must download it and match every rule before the first
paint. After each build, ``purge_site`` rewrites the sheets listed in ``css_purge.yml`` in the
staging site, keeping every rule that could match (see the file for the exact rule and the
safelist). The trimmed sheet is a subset of the original in the original order, so whatever it
still draws it draws the same; ``bench/screenshot_diff.py`` compares pages before and after.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

SETTINGS = Path(__file__).with_name("css_purge.yml")
_CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_SELECTOR_CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")
_KEPT_AT_RULES = ("@font-face", "@keyframes", "@-webkit-keyframes", "@page", "@property")
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/\s*$")


@dataclass(frozen=True)
class Purge:
    """What the site uses: the class names its pages and scripts spell, and the safelist."""

    used: frozenset[str]
    safelist_prefixes: tuple[str, ...]

    def may_match(self, selector: str) -> bool:
        """False only when the selector names a class the site never uses."""
        for name in _SELECTOR_CLASS.findall(_outside_functions(selector)):
            if name not in self.used and not name.startswith(self.safelist_prefixes):
                return False
        return True

    def keeps(self, selectors: str) -> bool:
        if "\\" in selectors:
            return True  # an escaped class name: not worth parsing, kept
        return any(self.may_match(s) for s in _split_top(selectors, ","))


def used_classes(*, site: Path, ignored_scripts: list[str]) -> frozenset[str]:
    """Every class in a page's class attributes, and every word of the site's own scripts."""
    used: set[str] = set()
    for page in site.rglob("*.html"):
        for value in _CLASS_ATTRIBUTE.findall(page.read_text("utf-8", errors="replace")):
            used.update(value.split())
    for script in (site / "_static").rglob("*.js"):
        relative = script.relative_to(site).as_posix()
        if not relative.startswith(tuple(ignored_scripts)):
            used.update(_WORD.findall(script.read_text("utf-8", errors="replace")))
    return frozenset(used)


def purged_css(css: str, *, purge: Purge) -> str:
    """The style sheet without the rules that cannot match; at-rules kept, empty blocks dropped."""
    out: list[str] = []
    for prelude, body in _blocks(_SOURCE_MAP.sub("", css)):
        if body is None:
            out.append(prelude)  # @import, @charset, a comment, ...
        elif prelude.lstrip().startswith("@"):
            if prelude.lstrip().startswith(_KEPT_AT_RULES):
                out.append(f"{prelude}{{{body}}}")
            else:  # @media, @supports, @container, @layer: trim inside
                inner = purged_css(body, purge=purge)
                if inner.strip():
                    out.append(f"{prelude}{{{inner}}}")
        elif purge.keeps(prelude):
            out.append(f"{prelude}{{{body}}}")
    return "".join(out)


def purge_site(site: Path, *, settings: Path = SETTINGS) -> dict[str, tuple[int, int]]:
    """Trim the listed sheets of ``site`` in place; return each one's size before and after."""
    config = yaml.safe_load(settings.read_text("utf-8"))
    purge = Purge(
        used=used_classes(site=site, ignored_scripts=config["ignored_scripts"]),
        safelist_prefixes=tuple(config["safelist_prefixes"]),
    )
    sizes = {}
    for relative in config["sheets"]:
        sheet = site / relative
        if not sheet.is_file():
            continue
        css = sheet.read_text("utf-8")
        trimmed = purged_css(css, purge=purge)
        if trimmed != css:  # beside it, then renamed: a reader never gets half a sheet
            partial = sheet.with_name(f".{sheet.name}.partial")
            partial.write_text(trimmed, "utf-8")
            os.replace(partial, sheet)
        sizes[relative] = (len(css.encode()), len(trimmed.encode()))
    return sizes


def _blocks(css: str) -> Iterator[tuple[str, str | None]]:
    """Top-level (prelude, body) pairs; a statement or comment comes as (text, None)."""
    i, n, start = 0, len(css), 0
    while i < n:
        c = css[i]
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            end = n if end < 0 else end + 2
            if not css[start:i].strip():
                yield css[i:end], None  # a comment between rules (the licence notices)
                start = end
            i = end
        elif c in "\"'":
            i = _string_end(css, i)
        elif c == ";" and css[start:i].lstrip().startswith("@"):
            yield css[start : i + 1], None
            i = start = i + 1
        elif c == "{":
            close = _matching_brace(css, i)
            yield css[start:i], css[i + 1 : close]
            i = start = close + 1
        else:
            i += 1
    if css[start:].strip():
        yield css[start:], None


def _string_end(css: str, i: int) -> int:
    quote, i = css[i], i + 1
    while i < len(css) and css[i] != quote:
        i += 2 if css[i] == "\\" else 1
    return i + 1


def _matching_brace(css: str, i: int) -> int:
    depth = 0
    while i < len(css):
        c = css[i]
        if c in "\"'":
            i = _string_end(css, i)
            continue
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            i = len(css) if end < 0 else end + 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unbalanced braces in a style sheet")


def _split_top(text: str, sep: str) -> list[str]:
    """Split at ``sep`` outside parentheses and brackets (a selector list into selectors)."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _outside_functions(selector: str) -> str:
    """The selector without attribute tests and the arguments of :not(), :is(), :has() ..."""
    out, depth = [], 0
    for c in selector:
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif depth == 0:
            out.append(c)
    return "".join(out)
