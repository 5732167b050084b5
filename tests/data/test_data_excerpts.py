"""Primary-source excerpts: each renders with its source line and link; a bad id is named."""

from __future__ import annotations

import pytest

from uspak.data import excerpts_for, load_table
from uspak.data.excerpts import STATUS_NOTES, excerpt_html, find_excerpt

EXCERPTS = load_table("excerpts")
IDS = list(EXCERPTS["excerpt_id"])
MAX_WORDS = 120


@pytest.mark.parametrize("excerpt_id", IDS, ids=IDS)
def test_excerpt_renders_with_a_source_line_and_a_link(excerpt_id):
    """Does the excerpt show its issuer, a link to where its text was read, and its status?"""
    excerpt = find_excerpt(excerpt_id)
    shown = excerpt_html(excerpt)
    assert "<blockquote " in shown
    assert '<p class="uspak-excerpt-source" style="color:#1a1a1a">Source: ' in shown
    assert f'<a href="{excerpt["url"]}"' in shown
    assert STATUS_NOTES[excerpt["status"]].replace("'", "&#x27;") in shown


@pytest.mark.parametrize("excerpt_id", IDS, ids=IDS)
def test_excerpt_is_short(excerpt_id):
    """Is the excerpt a short quotation (at most about 120 words), not a reproduced document?"""
    words = find_excerpt(excerpt_id)["text"].replace("[...]", " ").split()
    assert len(words) <= MAX_WORDS


def test_excerpt_text_is_escaped():
    """Does a document's own '<' or '&' reach the page as text, not as markup?"""
    shown = excerpt_html(
        {
            "excerpt_id": "x99-test",
            "context": "A & B.",
            "text": "first <line>\nsecond line",
            "issuer": "Issuer",
            "title": "Title",
            "url": "https://example.org/a?b=1&c=2",
            "dated": "1 January 2000",
            "status": "us-government-work",
            "note": "",
        }
    )
    assert ">first &lt;line&gt;</p><p" in shown and ">second line</p>" in shown
    assert 'href="https://example.org/a?b=1&amp;c=2"' in shown
    assert "A &amp; B." in shown


def test_unknown_excerpt_is_named():
    """Does a misspelt excerpt id get an error naming the id and the file, not a KeyError?"""
    with pytest.raises(ValueError, match=r"x03-klb-ceilng.*data/excerpts\.csv"):
        find_excerpt("x03-klb-ceilng")


def test_excerpts_for_keeps_a_lessons_own_rows():
    """Does excerpts_for give only the lesson's own excerpts, in file order?"""
    mine = excerpts_for("08-controversies")
    assert list(mine["excerpt_id"]) == ["x08-obama-abbottabad", "x08-mofa-abbottabad"]
