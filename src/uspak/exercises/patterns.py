"""Which regular expressions mean the same in Python and in the browser.

A short-text exercise's patterns are searched by Python's ``re`` (grader, notebook) and by
JavaScript's ``RegExp`` with the ``u`` flag (website). Most syntax agrees; what does not is refused
by ``uspak check`` with the reason, rather than left to give a student two verdicts:

- ``\\d``, ``\\w``, ``\\s``, ``\\b`` and their negations: Unicode classes in Python (``\\d`` takes
  Arabic-Indic digits), ASCII in JavaScript;
- inline flags such as ``(?i)``, ``\\A``, ``\\Z``, ``(?P<name>...)``, ``(?P=name)``, ``(?#...)``,
  atomic groups and possessive quantifiers: not JavaScript, or not the same there;
- ``(?<name>...)``: JavaScript's named group, a syntax error in Python.

Answers are normalised before matching (lower case, punctuation dropped), so patterns need no
flags: write ``[0-9]`` for a digit and ``[a-z]`` for a letter.
"""

from __future__ import annotations

_CLASS_ESCAPES = {
    "d": "\\d means any Unicode digit in Python but only 0-9 in the browser: write [0-9]",
    "D": "\\D differs between Python and the browser: write [^0-9]",
    "w": "\\w takes every Unicode letter in Python but only a-z, 0-9 and _ in the browser",
    "W": "\\W differs between Python and the browser",
    "s": "\\s differs between Python and the browser: answers are normalised, write a space",
    "S": "\\S differs between Python and the browser",
    "b": "\\b differs between Python and the browser (word characters)",
    "B": "\\B differs between Python and the browser (word characters)",
    "A": "\\A is not JavaScript: write ^",
    "Z": "\\Z is not JavaScript: write $",
}
_GROUPS = {
    "(?P<": "(?P<name>...) is not JavaScript",
    "(?P=": "(?P=name) is not JavaScript",
    "(?#": "(?#...) comments are not JavaScript",
    "(?>": "atomic groups are not JavaScript",
}


def portability_problems(pattern: str) -> list[str]:
    """Why ``pattern`` could get a different verdict in Python and the browser; empty if none."""
    found: list[str] = []

    def note(reason: str) -> None:
        if reason not in found:
            found.append(reason)

    in_class = False
    i = 0
    while i < len(pattern):
        ch, rest = pattern[i], pattern[i:]
        if ch == "\\" and i + 1 < len(pattern):
            if pattern[i + 1] in _CLASS_ESCAPES:
                note(_CLASS_ESCAPES[pattern[i + 1]])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            i += 2 if rest.startswith(("[]", "[^]")) else 1  # a leading ] is literal
            continue
        elif rest.startswith("(?"):
            for start, reason in _GROUPS.items():
                if rest.startswith(start):
                    note(reason)
            if rest.startswith("(?<") and not rest.startswith(("(?<=", "(?<!")):
                note("(?<name>...) is a syntax error in Python")
            elif rest[2:3] and rest[2] in "aiLmsux-":
                note("inline flags such as (?i) are not JavaScript")
        elif ch in "*+?}" and rest[1:2] == "+":
            note("possessive quantifiers (a++) are not JavaScript")
        i += 1
    return found
