"""Maps of the region drawn from the course's data (see maps.yml for what each map shows)."""

from __future__ import annotations

from uspak.maps.draw import build_map, show_map

__all__ = ["build_map", "show_map"]
