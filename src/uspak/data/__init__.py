"""The course's data: a Frictionless Data Package in ``data/``, loaded as validated DataFrames.

``load_table`` and ``source_note`` are what lessons call; ``validate_package`` is what
``uspak check`` runs; ``preload_tables`` is the grader's hook for serving tables from memory.
See ``data/README.md`` for the tables and their caveats.
"""

from __future__ import annotations

from uspak.lazy import lazy_exports

# Imported lazily, so that ``uspak check`` validates the CSVs without paying for pandas.
_EXPORTS = {
    "load_table": "uspak.data.frames",
    "preload_tables": "uspak.data.frames",
    "list_tables": "uspak.data.package",
    "validate_package": "uspak.data.package",
    "source_note": "uspak.data.source_notes",
    "timeline_for": "uspak.data.timeline",
    "claims_for": "uspak.data.claims",
    "excerpts_for": "uspak.data.excerpts",
    "show_excerpt": "uspak.data.excerpts",
}

__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
