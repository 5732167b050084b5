"""Sphinx extension: number figures (and tables, code blocks) within each page.

Sphinx numbers them within numbered sections of the table of contents; the course's table of
contents is not numbered, so the counter ran across the whole book and lesson 03's only chart was
"Fig. 5". A student reads one lesson at a time: its first figure is Fig. 1. A reference to a
figure on another page shows that page's own number (the link says where it goes).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def renumber_per_page(fignumbers: dict[str, dict[str, dict[str, tuple[int, ...]]]]) -> None:
    """Renumber each page's items of each kind 1, 2, ... in their book-wide order, in place."""
    for kinds in fignumbers.values():
        for kind, numbers in kinds.items():
            order = sorted(numbers, key=numbers.__getitem__)
            kinds[kind] = {item: (index,) for index, item in enumerate(order, start=1)}


def _renumber(app: Sphinx, env: BuildEnvironment) -> list[str]:
    renumber_per_page(env.toc_fignumbers)
    return []


def setup(app: Sphinx) -> dict[str, Any]:
    # After Sphinx's own numbering, which also runs on env-get-updated (priority 500).
    app.connect("env-get-updated", _renumber, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
