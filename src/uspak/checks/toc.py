"""The book's table of contents, checked before Sphinx sees it.

Sphinx reports a missing toc entry deep in a long log; this names the entry and the line.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from uspak.problems import Problem
from uspak.yaml_safe import parse_yaml, yaml_error_message

_SUFFIXES = (".md", ".ipynb", ".rst")
TOC = "book/_toc.yml"


def toc_files(node: yaml.Node | None) -> list[tuple[str, int]]:
    """Every ``file:`` entry of the parsed ``_toc.yml`` (and ``root``), with its line number."""
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
        node, data = parse_yaml(toc_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        return [Problem(TOC, f"cannot be read as UTF-8 text: {err}")]
    except yaml.YAMLError as err:
        message, line = yaml_error_message(err)
        return [Problem(TOC, f"is not valid YAML: {message}", line)]
    if not isinstance(data, dict) or not isinstance(data.get("root"), str):
        return [
            Problem(TOC, "must be a mapping with a 'root' page (see Jupyter Book's toc format)")
        ]
    problems = []
    for entry, line in toc_files(node):
        base = book / entry
        candidates = (
            [base]
            if base.suffix in _SUFFIXES
            else [base.with_name(base.name + s) for s in _SUFFIXES]
        )
        if not any(c.is_file() for c in candidates):
            problems.append(Problem(TOC, f"entry {entry!r} has no file", line))
    return problems
