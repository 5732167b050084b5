"""One lesson's share of the course timeline, so every tagged event is shown where it is tagged.

The ``lessons`` column of ``timeline`` promises each event to one or more lessons; a lesson keeps
that promise by showing ``timeline_for(<its id>)``. Dates are written only as precisely as the
source gives them ("Sep 1965", "1955"), so a reader is never shown a day nobody recorded.
"""

from __future__ import annotations

import pandas as pd

from uspak.course import Course
from uspak.data.frames import load_table

_DATE_FORMATS = {"day": "%d %b %Y", "month": "%b %Y", "year": "%Y"}


def timeline_for(lesson: str, *, course: Course | None = None) -> pd.DataFrame:
    """The events tagged for ``lesson``, oldest first, with a ``when`` label at their precision.

    Keeps every column of ``timeline`` (so ``source_note`` works on the result) and adds ``when``.
    Raises ValueError when no event is tagged for the lesson: a misspelt id would otherwise show
    an empty table without complaint.
    """
    timeline = load_table("timeline", course)
    tags = timeline["lessons"].str.split(";")
    events = timeline[tags.apply(lambda ids: lesson in ids)].sort_values(["date", "event_id"])
    if events.empty:
        raise ValueError(f"no timeline event is tagged for lesson {lesson!r} (data/timeline.csv)")
    when = [
        day.strftime(_DATE_FORMATS[str(precision)])
        for day, precision in zip(events["date"], events["precision"], strict=True)
    ]
    return events.assign(when=when).reset_index(drop=True)
