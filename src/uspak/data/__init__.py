"""The course's data: a Frictionless Data Package in ``data/``, loaded as validated DataFrames.

``load_table`` and ``source_note`` are what lessons call; ``validate_package`` is what
``uspak check`` runs. See ``data/README.md`` for the tables and their caveats.
"""

from __future__ import annotations

from importlib import import_module

# Imported lazily, so that ``uspak check`` validates the CSVs without paying for pandas.
_EXPORTS = {
    "load_table": "uspak.data.frames",
    "list_tables": "uspak.data.package",
    "validate_package": "uspak.data.package",
    "source_note": "uspak.data.source_notes",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'uspak.data' has no attribute {name!r}")
