"""What the build generates from declared content, tested without building the book.

Launch links come from the repository setting, the lesson map from the lessons' own openings, the
data appendix's coverage line from the CSVs.
"""

from __future__ import annotations

import pytest
from conftest import MYST_HEADER

from uspak.sphinxext.accessibility import corrected
from uspak.sphinxext.datapackage_page import cited_sources, coverage
from uspak.sphinxext.launch import LaunchSettings, launch_links, lesson_id
from uspak.sphinxext.lesson_map import plain_text, read_outline
from uspak.sphinxext.offline import remote_assets
from uspak.website.prefetch import fingerprint

SETTINGS = LaunchSettings(
    repository_url="https://github.com/uspak-course/uspak",
    branch="main",
    notebooks_branch="notebooks",
    binderhub_url="https://mybinder.org",
    jupyterhub_url="https://hub.example.edu/",
    colab_url="https://colab.research.google.com",
)


@pytest.mark.parametrize(
    ("service", "expected"),
    [
        pytest.param(
            "Binder",
            "https://mybinder.org/v2/gh/uspak-course/uspak/main"
            "?urlpath=lab/tree/lessons/03-economy.ipynb",
            id="binder-opens-the-postbuild-notebook",
        ),
        pytest.param(
            "JupyterHub",
            "https://hub.example.edu/hub/user-redirect/git-pull"
            "?repo=https%3A//github.com/uspak-course/uspak&branch=notebooks"
            "&urlpath=lab/tree/uspak/lessons/03-economy.ipynb",
            id="jupyterhub-pulls-the-notebooks-branch",
        ),
        pytest.param(
            "Colab",
            "https://colab.research.google.com/github/uspak-course/uspak/blob/notebooks/"
            "lessons/03-economy.ipynb",
            id="colab-opens-the-notebooks-branch",
        ),
    ],
)
def test_launch_link_for_each_service(service, expected):
    """Which URL does each service's button open for a lesson?"""
    assert dict(launch_links(SETTINGS, "03-economy"))[service] == expected


def test_an_empty_service_url_means_no_button():
    """Is a service with an empty URL (the JupyterHub default) left out of the buttons?"""
    settings = LaunchSettings(
        repository_url="https://github.com/me/fork",
        branch="spring",
        notebooks_branch="notebooks",
        binderhub_url="https://mybinder.org",
    )
    links = launch_links(settings, "00-overview")
    assert [service for service, _ in links] == ["Binder"]
    assert links[0][1].startswith("https://mybinder.org/v2/gh/me/fork/spring?")


@pytest.mark.parametrize(
    ("pagename", "expected"),
    [
        pytest.param("lessons/03-economy", "03-economy", id="lesson"),
        pytest.param("teacher/03-economy", None, id="teacher-notes"),
        pytest.param("lessons/README", None, id="not-a-lesson-file"),
        pytest.param("intro", None, id="front-page"),
    ],
)
def test_which_pages_are_lessons(pagename, expected):
    """Which pages get lesson launch buttons?"""
    assert lesson_id(pagename) == expected


LESSON = """\
---
jupytext: {}
---

# 03. Money and its strings

**Learning objectives.** By the end of this lesson you can:

1. Read the {term}`Obligation` series
   in [the aid table](00-overview.md).
2. Weigh a claim {cite:p}`kux2001`.

**Time.** About 90 minutes: two
45-minute periods.

## First section
"""


def test_lesson_outline_reads_title_time_and_objectives(tmp_path):
    """Does the lesson map read the title, the time line and the objectives, as plain text?"""
    path = tmp_path / "03-economy.md"
    path.write_text(LESSON, encoding="utf-8")
    outline, missing = read_outline(path)
    assert missing == []
    assert outline.title == "03. Money and its strings"
    assert outline.time == "About 90 minutes: two 45-minute periods."
    assert outline.objectives == [
        "Read the Obligation series in the aid table.",
        "Weigh a claim.",
    ]


@pytest.mark.parametrize(
    ("remove", "reported"),
    [
        pytest.param("# 03. Money and its strings\n", "a '# NN. Title' heading", id="no-title"),
        pytest.param("**Time.** About 90 minutes: two\n45-minute periods.\n", "a '**Time.**' line",
                     id="no-time"),
        pytest.param("**Learning objectives.**", "a numbered '**Learning objectives.**' list",
                     id="no-objectives"),
    ],
)  # fmt: skip
def test_lesson_outline_names_what_is_missing(tmp_path, remove, reported):
    """Is a lesson without a title, time or objectives reported, naming what is missing?"""
    path = tmp_path / "03-economy.md"
    path.write_text(LESSON.replace(remove, ""), encoding="utf-8")
    _, missing = read_outline(path)
    assert missing == [reported]


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        pytest.param("{term}`Fiscal year`", "Fiscal year", id="term-role"),
        pytest.param("{term}`years <Fiscal year>`", "years", id="term-role-with-target"),
        pytest.param("as argued {cite:p}`kux2001,haqqani2013`.", "as argued.", id="citation"),
        pytest.param("see [Lesson 01](01-history.md)", "see Lesson 01", id="link"),
        pytest.param("**two** `aid_flows` tables", "two aid_flows tables", id="emphasis-code"),
    ],
)
def test_plain_text_of_inline_markdown(markdown, plain):
    """What does inline MyST read as in the lesson map?"""
    assert plain_text(markdown) == plain


def test_coverage_counts_rows_and_spans_year_columns():
    """Does the appendix's coverage line give the row count and each year column's span?"""
    resource = {
        "schema": {
            "fields": [
                {"name": "year", "type": "year"},
                {"name": "amount_musd", "type": "number"},
            ]
        }
    }
    rows = [{"year": "1962", "amount_musd": "5"}, {"year": "1948", "amount_musd": "7"}]
    assert coverage(resource, rows) == "2 rows; year 1948–1962"


def test_cited_sources_in_first_cited_order():
    """Are a table's source ids listed once each, in the order its rows first cite them?"""
    rows = [{"source_id": "b"}, {"source_id": "a"}, {"source_id": "b"}, {"source_id": ""}]
    assert cited_sources(rows) == ["b", "a"]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param(
            '<summary><span class="toctree-toggle" role="presentation"><i></i></span></summary>',
            '<summary aria-label="Show or hide this section\'s pages">'
            '<span class="toctree-toggle" role="presentation"><i></i></span></summary>',
            id="sidebar-toggle-gets-a-name",
        ),
        pytest.param(
            '<div class="citation" id="id7" role="doc-biblioentry">',
            '<div class="citation" role="listitem" id="id7">',
            id="bibliography-entry-is-a-list-item",
        ),
        pytest.param(
            '<summary aria-label="Toggle hidden content">\n<p class="collapsed">Show code</p>',
            '<summary>\n<p class="collapsed">Show code</p>',
            id="folded-code-named-by-its-visible-text",
        ),
    ],
)
def test_markup_corrected_for_assistive_technology(html, expected):
    """Are toggles and bibliography entries given names that assistive technology reads, once?"""
    assert corrected(html) == expected
    assert corrected(expected) == expected


def test_coverage_spans_date_columns_too():
    """Does a table of dated events get the span of its date column?"""
    resource = {"schema": {"fields": [{"name": "date", "type": "date"}]}}
    rows = [{"date": "2011-05-02"}, {"date": "1947-08-15"}, {"date": ""}]
    assert coverage(resource, rows) == "3 rows; date 1947-08-15–2011-05-02"


def test_remote_assets_are_named_and_local_ones_pass():
    """Does the offline check name a CDN script or style sheet, and let the site's own through?"""
    context = {
        "script_files": ["_static/exercise.js", "https://cdn.example.org/mathjax.js"],
        "css_files": ["//fonts.example.org/font.css", "_static/exercise.css"],
    }
    assert remote_assets(context) == [
        "https://cdn.example.org/mathjax.js",
        "//fonts.example.org/font.css",
    ]


TITLE, CELL = "# 00. Title\n", "```{code-cell} ipython3\n"


@pytest.mark.parametrize(
    ("old", "new", "changes"),
    [
        pytest.param(TITLE, TITLE + "\nNew prose.\n", False, id="prose-keeps-cache"),
        pytest.param(TITLE, TITLE + "\n```python\ny = 1\n```\n", False, id="plain-block-is-prose"),
        pytest.param("x = 1\n", "x = 2\n", True, id="code-edit-reruns"),
        pytest.param(CELL, CELL + ":tags: [hide-input]\n", True, id="cell-option-edit-reruns"),
        pytest.param("name: python3", "name: python2", True, id="kernel-edit-reruns"),
    ],
)
def test_prefetch_fingerprint_follows_code_not_prose(tmp_path, old, new, changes):
    """Does only a change to a lesson's code, cell options or kernel run the lessons again?"""
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    lesson = lessons / "00-overview.md"
    lesson.write_text(NOTEBOOK, encoding="utf-8")
    before = fingerprint(tmp_path, 60)
    assert old in NOTEBOOK
    lesson.write_text(NOTEBOOK.replace(old, new), encoding="utf-8")
    assert (fingerprint(tmp_path, 60) != before) is changes


NOTEBOOK = (
    MYST_HEADER
    + """
# 00. Title

```{code-cell} ipython3
x = 1
```
"""
)
