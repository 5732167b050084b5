"""One rule for every CSV the grader writes: no cell a spreadsheet would run as a formula.

Student ids and answers come from students' files. A cell starting with ``= + - @`` (or a tab or
carriage return) is a formula to Excel, LibreOffice and Google Sheets (CSV injection), so it is
prefixed with an apostrophe, which those programs show as text. Numbers written by the grader
itself never pass through here, so a negative score would stay a number.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet evaluates."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
