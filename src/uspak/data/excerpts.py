"""Primary documents on the lesson page: a short excerpt, who issued it, when, where it was read.

Excerpts are declared in ``data/excerpts.csv`` (the document's exact words, checked at the url the
row gives), so a lesson shows ``show_excerpt(<id>)`` under "Reading a primary source" and its bank
asks a close-reading question about it. The HTML is built here, not in the lesson, so that every
excerpt carries the same source line and link.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd

from uspak.course import Course
from uspak.data.frames import load_table

_DARK = ' style="color:#1a1a1a"'  # the theme colours p in dark mode directly: set it on each one
STATUS_NOTES = {
    "us-government-work": "A work of the US government, in the public domain.",
    "quoted-for-teaching": (
        "Quoted briefly for teaching (fair use); the words are the issuer's, not the course's."
    ),
}


def excerpts_for(lesson: str, *, course: Course | None = None) -> pd.DataFrame:
    """The excerpts ``lesson`` shows, in file order; an empty frame if it shows none."""
    excerpts = load_table("excerpts", course)
    return excerpts[excerpts["lesson"] == lesson].reset_index(drop=True)


def find_excerpt(excerpt_id: str, *, course: Course | None = None) -> dict[str, str]:
    """One excerpt's row; ValueError naming the id and the file when there is no such excerpt."""
    excerpts = load_table("excerpts", course)
    found = excerpts[excerpts["excerpt_id"] == excerpt_id]
    if found.empty:
        raise ValueError(f"no excerpt {excerpt_id!r} in data/excerpts.csv")
    row = found.iloc[0]
    return {name: "" if pd.isna(row[name]) else str(row[name]) for name in excerpts.columns}


def excerpt_html(excerpt: Mapping[str, str]) -> str:
    """The excerpt as a block quotation, with its context above and its source line below."""
    lines = "".join(f"<p{_DARK}>{html.escape(line)}</p>" for line in excerpt["text"].splitlines())
    note = " ".join(
        part for part in (excerpt.get("note", ""), STATUS_NOTES[excerpt["status"]]) if part
    )
    return (
        # On its own white card with its own dark text and link colour, in light and dark mode
        # alike (cell outputs sit on white; the theme's dark-mode colours would fail contrast).
        f'<div class="uspak-excerpt" id="excerpt-{html.escape(excerpt["excerpt_id"])}" '
        'style="background:#fff;color:#1a1a1a;padding:0.5em 1em">'
        f'<p class="uspak-excerpt-context"{_DARK}>{html.escape(excerpt["context"])}</p>'
        '<blockquote style="color:#1a1a1a;background:#f4f4f4;border-left:4px solid #5f5f5f;'
        f'margin:0.5em 0;padding:0.25em 1em">{lines}</blockquote>'
        f'<p class="uspak-excerpt-source"{_DARK}>Source: {html.escape(excerpt["issuer"])}, '
        f'<a href="{html.escape(excerpt["url"])}" style="color:#0b57d0">'
        f"{html.escape(excerpt['title'])}</a>, "
        f"{html.escape(excerpt['dated'])}. {html.escape(note)}</p></div>"
    )


def show_excerpt(excerpt_id: str, /, *, course: Course | None = None) -> None:
    """Show one excerpt with its source line and link, in a notebook and on the website alike."""
    from IPython.display import HTML, display

    display(HTML(excerpt_html(find_excerpt(excerpt_id, course=course))))
