"""``book/references.bib`` read as the book's bibliography extension reads it (pybtex), so that a
lost brace is one line from ``uspak check`` rather than a Sphinx traceback, and an entry that
swallowed the next one (pybtex then reads both as one) is named."""

from __future__ import annotations

import re
from pathlib import Path

from pybtex.database import parse_string
from pybtex.scanner import PybtexError

from uspak.problems import Problem

LABEL = "book/references.bib"
_DECLARED = re.compile(r"^@\w+\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)


def check_bibliography(book: Path) -> list[Problem]:
    """Every problem in the bibliography: a syntax error, or entries that do not parse apart."""
    path = book / "references.bib"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [Problem(LABEL, f"cannot be read as UTF-8 text: {error}")]
    try:
        parsed = set(parse_string(text, "bibtex").entries)
    except PybtexError as error:
        line = getattr(error, "lineno", None)
        message = str(error).split(": ", 1)[-1] if line else str(error)
        return [Problem(LABEL, f"cannot be read: {message}", line)]
    problems = []
    for match in _DECLARED.finditer(text):
        if match[1] not in parsed:
            line = text.count("\n", 0, match.start()) + 1
            message = "this entry is read as part of the one before it: is a closing } missing?"
            problems.append(Problem(LABEL, message, line, match[1]))
    return problems
