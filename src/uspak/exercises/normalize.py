"""Turn what a student typed into one canonical string, exactly as ``static/check.js`` does.

Both checkers must reach the same verdict on every response, so the rules here are deliberately
simple and spelled out character by character rather than left to a library: see the
"Normalisation" section of exercises/README.md. Any change here needs the same change in
check.js; the shared table in tests/exercises/cases/ catches a mismatch.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

MAX_TEXT_CHARS = 500
MAX_NUMBER_CHARS = 100
MAX_DIGITS = 30

SCALE_WORDS = {"thousand": 3, "k": 3, "million": 6, "m": 6, "billion": 9, "bn": 9}
UNIT_SCALES = {"thousand": 3, "million": 6, "billion": 9}
DEFAULT_FORMS = ("plain", "thousands")

# Spelled out so that Python and JavaScript agree on what white space is.
_SPACE = re.compile(
    "[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+"
)
_NUMBER = re.compile(r"^([0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)?(?:\.([0-9]+))?$")
_SCALE_SUFFIX = re.compile(r"^(.*?) ?(thousand|million|billion|bn|k|m)$")


class ResponseError(ValueError):
    """A response that cannot be read; the message is shown to the student as is."""


def normalize_text(raw: str) -> str:
    """NFKC, lower-cased, punctuation dropped (dashes become "-"), white space collapsed."""
    text = unicodedata.normalize("NFKC", raw).lower()
    kept = []
    for i, ch in enumerate(text):
        category = unicodedata.category(ch)
        if ch == "." and 0 < i < len(text) - 1 and _is_ascii_digit(text[i - 1]):
            kept.append(ch if _is_ascii_digit(text[i + 1]) else "")
        elif category == "Pd":
            kept.append("-")
        elif category.startswith("P") and ch != "%":
            kept.append("")
        else:
            kept.append(ch)
    return _SPACE.sub(" ", "".join(kept)).strip(" ")


def _is_ascii_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


@dataclass(frozen=True)
class ExactNumber:
    """``digits`` × 10^``exponent``, kept exact so that rounding matches JavaScript's BigInt."""

    negative: bool
    digits: int
    exponent: int

    def at_precision(self, precision: int) -> int:
        """The number in units of 10^-precision, rounded half away from zero."""
        shift = self.exponent + precision
        if shift >= 0:
            units = self.digits * 10**shift
        else:
            divisor = 10**-shift
            units, rest = divmod(self.digits, divisor)
            if 2 * rest >= divisor:
                units += 1
        return -units if self.negative and units else units


def unit_exponent(unit: str | None) -> int:
    """A unit such as "US$ million" means answers are in millions; scale words count from it."""
    words = re.findall(r"[a-z]+", (unit or "").lower())
    return next((UNIT_SCALES[w] for w in words if w in UNIT_SCALES), 0)


def parse_number(raw: str, forms=DEFAULT_FORMS, unit: str | None = None) -> ExactNumber:
    """Read a typed number in the forms an exercise declares, or raise ResponseError saying why."""
    if len(raw) > MAX_NUMBER_CHARS:
        raise ResponseError(f"That answer is too long: type at most {MAX_NUMBER_CHARS} characters.")
    text = _SPACE.sub(" ", unicodedata.normalize("NFKC", raw).lower()).strip(" ")
    if not text:
        raise ResponseError("Type a number.")
    if any(unicodedata.category(ch) == "Nd" and not _is_ascii_digit(ch) for ch in text):
        raise ResponseError("Type the number with the digits 0-9.")
    negative = text[0] in "-\u2212"
    if text[0] in "+-\u2212":
        text = text[1:].lstrip(" ")
    if text.endswith("%"):
        if "percent" not in forms:
            raise ResponseError("Type the number without a % sign.")
        text = text[:-1].rstrip(" ")
    exponent = 0
    scaled = _SCALE_SUFFIX.match(text)
    if scaled:
        if "scale_words" not in forms:
            raise ResponseError("Type the number in full, without words such as million.")
        text = scaled.group(1)
        exponent = SCALE_WORDS[scaled.group(2)] - unit_exponent(unit)
    if "," in text and "thousands" not in forms:
        raise ResponseError("Type the number without commas.")
    match = _NUMBER.match(text)
    if not match or not (match.group(1) or match.group(2)):
        if "," in text and re.fullmatch(r"[0-9,]+(\.[0-9]+)?", text):
            raise ResponseError("Commas must separate groups of three digits, as in 1,234,567.")
        raise ResponseError("That is not a number: type digits, with at most one decimal point.")
    whole = (match.group(1) or "").replace(",", "")
    fraction = match.group(2) or ""
    if len((whole + fraction).lstrip("0")) > MAX_DIGITS:
        raise ResponseError(f"That number has more than {MAX_DIGITS} digits.")
    return ExactNumber(negative, int(whole + fraction or "0"), exponent - len(fraction))


def number_from_key(value: float | int) -> ExactNumber:
    """A key written in YAML (1954, 1.25, -3e3) as an exact number, via its shortest form."""
    text = repr(value) if isinstance(value, float) else str(value)
    mantissa, _, exp = text.lower().partition("e")
    whole, _, fraction = mantissa.lstrip("-").partition(".")
    return ExactNumber(
        mantissa.startswith("-"), int(whole + fraction), int(exp or 0) - len(fraction)
    )


def read_number(
    response: Any, forms: tuple[str, ...] | list[str], unit: str | None, precision: int
) -> int:
    """A typed number (or a JSON number) in units of 10^-precision; ResponseError if not one."""
    if isinstance(response, bool) or not isinstance(response, str | int | float):
        raise ResponseError("Type a number.")
    if not isinstance(response, str):
        if response != response or response in (float("inf"), float("-inf")):
            raise ResponseError("Type a number.")
        return number_from_key(response).at_precision(precision)
    return parse_number(response, tuple(forms), unit).at_precision(precision)


def read_text(response: Any) -> str:
    """A typed answer, normalised; ResponseError if it is not text, empty or too long."""
    if not isinstance(response, str):
        raise ResponseError("Type an answer.")
    if len(response) > MAX_TEXT_CHARS:
        raise ResponseError(f"That answer is too long: type at most {MAX_TEXT_CHARS} characters.")
    text = normalize_text(response)
    if not text:
        raise ResponseError("Type an answer.")
    return text
