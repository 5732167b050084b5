"""Source notes for charts and tables, built from the rows a frame actually shows.

Every row of every table carries a ``source_id``; a note made from the frame being shown (after
filtering) cites exactly the publications its numbers come from, in the order they first appear.
"""

from __future__ import annotations

import pandas as pd

from uspak.course import Course
from uspak.data.package import read_resource


def source_note(frame: pd.DataFrame, course: Course | None = None) -> str:
    """'Source: USAID, U.S. Overseas Loans and Grants (Greenbook), 2022.' for a frame's rows.

    Several sources are joined with '; '. Raises ValueError if the frame has no ``source_id``
    column or cites an id that is not in the sources table.
    """
    if "source_id" not in frame.columns:
        raise ValueError("source_note needs a source_id column: keep it when selecting columns")
    ids = list(dict.fromkeys(str(i) for i in frame["source_id"].dropna()))
    if not ids:
        raise ValueError("source_note got a frame with no source ids: is it empty?")
    sources, _ = read_resource("sources", course)
    cited = {
        source_id: f"{author}, {title}, {year}"
        for source_id, author, title, year in zip(
            sources.columns["source_id"],
            sources.columns["author"],
            sources.columns["title"],
            sources.columns["year"],
            strict=True,
        )
    }
    unknown = [i for i in ids if i not in cited]
    if unknown:
        raise ValueError(f"source ids not in data/sources.csv: {', '.join(unknown)}")
    return "Source: " + "; ".join(cited[i] for i in ids) + "."
