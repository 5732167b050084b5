"""The book's table of contents, checked before Sphinx sees it.

Sphinx reports a missing toc entry deep in a long log; this names the entry and the line.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from uspak.problems import Problem

_SUFFIXES = (".md", ".ipynb", ".rst")


def toc_files(book: Path) -> list[tuple[str, int]]:
    """Every ``file:`` entry in ``_toc.yml`` (and ``root``), with its line number."""
    toc_path = book / "_toc.yml"
    node = yaml.compose(toc_path.read_text(encoding="utf-8"))
    found: list[tuple[str, int]] = []

    def walk(n: yaml.Node) -> None:
        if isinstance(n, yaml.MappingNode):
            for key, value in n.value:
                if key.value in ("file", "root") and isinstance(value, yaml.ScalarNode):
                    found.append((value.value, value.start_mark.line + 1))
                else:
                    walk(value)
        elif isinstance(n, yaml.SequenceNode):
            for item in n.value:
                walk(item)

    if node is not None:
        walk(node)
    return found


def check_toc(book: Path) -> list[Problem]:
    toc_path = book / "_toc.yml"
    if not toc_path.is_file():
        return [Problem(str(toc_path), "the book has no table of contents")]
    try:
        entries = toc_files(book)
    except yaml.YAMLError as err:
        return [Problem("book/_toc.yml", f"is not valid YAML: {err}")]
    problems = []
    for entry, line in entries:
        base = book / entry
        candidates = (
            [base]
            if base.suffix in _SUFFIXES
            else [base.with_name(base.name + s) for s in _SUFFIXES]
        )
        if not any(c.is_file() for c in candidates):
            problems.append(Problem("book/_toc.yml", f"entry {entry!r} has no file", line))
    return problems
