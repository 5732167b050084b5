"""The course's data: a Frictionless Data Package in ``data/``, loaded as validated DataFrames.

``load_table`` and ``source_note`` are what lessons call; ``validate_package`` is what
``uspak check`` runs. See ``data/README.md`` for the tables and their caveats.
"""

from __future__ import annotations

from uspak.data.frames import load_table
from uspak.data.package import list_tables, validate_package
from uspak.data.source_notes import source_note

__all__ = ["list_tables", "load_table", "source_note", "validate_package"]
