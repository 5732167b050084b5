"""Lazy package exports: a name is imported on first use, not when its package is.

``import uspak`` is paid by every lesson and every CLI call; importing pandas, ipywidgets or the
grader only when a lesson or command uses them keeps both quick.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``name`` from ``exports[name]`` when first asked."""

    def __getattr__(name: str) -> Any:
        if name in exports:
            return getattr(import_module(exports[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
