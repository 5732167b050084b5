"""One lesson's share of the source article's claims, so students test a numbered list, not a text.

The course may not reproduce the article, so ``data/article_claims.csv`` paraphrases each claim
with the lesson's finding; a lesson shows ``claims_for(<its id>)`` in "What the article claims",
and exercises and teacher notes refer to claims by number ("claim 03.2").
"""

from __future__ import annotations

import pandas as pd

from uspak.course import Course
from uspak.data.frames import load_table

_SHOWN = ["claim_id", "claim", "finding", "evidence"]


def claims_for(lesson: str, *, course: Course | None = None) -> pd.DataFrame:
    """The claims examined in ``lesson``, in claim order, with finding and evidence.

    Raises ValueError when no claim belongs to the lesson: a misspelt id would otherwise show an
    empty table without complaint.
    """
    claims = load_table("article_claims", course)
    mine = claims[claims["lesson"] == lesson]
    if mine.empty:
        raise ValueError(f"no article claim belongs to lesson {lesson!r} (data/article_claims.csv)")
    return mine[_SHOWN].reset_index(drop=True)
