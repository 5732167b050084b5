"""US-Pakistan relations, taught with data.

Lessons use only the names exported here, so that a lesson cell reads like a sentence:
``load_table("aid_flows")``, ``show_exercise("l03-aid-peak")``.
"""

from __future__ import annotations

from uspak.lazy import lazy_exports

__version__ = "0.1.0"

# Imported lazily: ``import uspak`` must stay cheap for the CLI and for lesson start-up time.
_EXPORTS = {
    "load_table": "uspak.data",
    "source_note": "uspak.data",
    "timeline_for": "uspak.data",
    "claims_for": "uspak.data",
    "show_excerpt": "uspak.data",
    "show_exercise": "uspak.exercises.notebook",
    "show_exercises": "uspak.exercises.notebook",
    "export_submission": "uspak.exercises.notebook",
    "show_hand_in": "uspak.exercises.notebook",
    "show_map": "uspak.maps",
}

__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
