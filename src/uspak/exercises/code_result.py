"""Results of code exercises: run a piece of pandas code, and write its result as canonical text.

The canonical text is what a student's result and the reference solution's result are compared
by (through a hash on the website). It is also what a notebook records as the response's
``value``, and what the grader produces after running a submitted ``code`` in its sandbox.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from uspak.exercises.model import CodeCheck
from uspak.exercises.normalize import normalize_text, number_from_key


class CodeResultError(ValueError):
    """The code ran but left no usable result (missing name, wrong kind of value)."""


def solution_namespace() -> dict[str, Any]:
    """What a lesson's code cell can count on: pandas as ``pd`` and ``load_table``."""
    import pandas as pd

    from uspak.data import load_table

    return {"pd": pd, "load_table": load_table}


def run_code(source: str, result_name: str, namespace: dict[str, Any] | None = None) -> Any:
    """Execute ``source`` and return the value it left in ``result_name``."""
    scope = solution_namespace() if namespace is None else namespace
    exec(compile(source, "<exercise code>", "exec"), scope)  # trusted: the course's own bank
    if result_name not in scope:
        raise CodeResultError(f"the code did not define {result_name!r}")
    return scope[result_name]


def canonical_value(value: Any, check: CodeCheck) -> str:
    """The result as text at the declared precision: a number, a phrase, or CSV for tables."""
    import pandas as pd

    if check.kind == "number":
        if isinstance(value, bool) or not _is_real(value):
            raise CodeResultError(f"expected a number, got {type(value).__name__}")
        units = number_from_key(float(value)).at_precision(check.precision)
        return units_to_text(units, check.precision)
    if check.kind == "text":
        return normalize_text(str(value))
    if check.kind == "series" and isinstance(value, pd.Series):
        value = value.to_frame()
    if check.kind in ("series", "frame") and isinstance(value, pd.DataFrame):
        digits = max(check.precision, 0)
        rounded = value.round(check.precision) if check.precision < 0 else value
        text = rounded.to_csv(float_format=f"%.{digits}f", lineterminator="\n")
        return text.strip()
    raise CodeResultError(f"expected a {check.kind}, got {type(value).__name__}")


def _is_real(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def units_to_text(units: int, precision: int) -> str:
    """12345 units at precision 2 → "123.45"; at precision -2 → "1234500"."""
    if precision <= 0:
        return str(units * 10**-precision)
    sign = "-" if units < 0 else ""
    digits = str(abs(units)).rjust(precision + 1, "0")
    return f"{sign}{digits[:-precision]}.{digits[-precision:]}"


@cache  # solutions may read whole tables: run each once per process
def reference_value(solution: str, result_name: str, check: CodeCheck) -> str:
    """The canonical result of a code exercise's reference solution, run against data/."""
    return canonical_value(run_code(solution, result_name), check)
