"""Reader notebooks: the lessons as Jupyter, Colab and Binder show them, with no MyST left."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from uspak.publish.reader_notebook import (
    COLAB_CELL_TAG,
    ReaderNotebookError,
    glossary_anchor,
    read_links,
    reader_notebook,
    render_markdown,
)

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
LESSONS = sorted(ROOT.glob("lessons/[0-9][0-9]-*.md"))
RAW_ROLE = re.compile(r"\{[a-z-]+(:[a-z-]+)?\}`")
RAW_DIRECTIVE = re.compile(r"^\s*(```+\{|:::)", re.MULTILINE)


@pytest.fixture(scope="module")
def links():
    return read_links(BOOK)


def _markdown(notebook) -> str:
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_no_role_is_left_in_a_reader_notebook(lesson, links):
    """Does any {role}` survive in the Markdown of a lesson's reader notebook?"""
    assert RAW_ROLE.findall(_markdown(reader_notebook(lesson, book=BOOK, links=links))) == []


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_no_directive_fence_is_left_in_a_reader_notebook(lesson, links):
    """Does any ```{directive} or ::: fence survive in a lesson's reader notebook?"""
    assert RAW_DIRECTIVE.findall(_markdown(reader_notebook(lesson, book=BOOK, links=links))) == []


@pytest.mark.parametrize(
    ("myst", "expected"),
    [
        (
            "{cite:p}`kux2001`",
            "[(Kux 2001)](https://uspak-course.github.io/uspak/bibliography.html)",
        ),
        (
            "{cite:t}`kux2001`",
            "[Kux (2001)](https://uspak-course.github.io/uspak/bibliography.html)",
        ),
        (
            "{cite:p}`kux2001,haqqani2013`",
            "[(Kux 2001; Haqqani 2013)](https://uspak-course.github.io/uspak/bibliography.html)",
        ),
        (
            "{term}`Kerry-Lugar-Berman Act`",
            "[Kerry-Lugar-Berman Act](https://uspak-course.github.io/uspak/glossary.html#term-Kerry-Lugar-Berman-Act)",
        ),
        (
            "{term}`aid <Foreign aid>`",
            "[aid](https://uspak-course.github.io/uspak/glossary.html#term-Foreign-aid)",
        ),
        ("{ref}`the chart <aid-chart>`", "the chart"),
        ("[Lesson 00](00-overview.md)", "[Lesson 00](00-overview.ipynb)"),
    ],
    ids=["cite-p", "cite-t", "two-keys", "term", "term-labelled", "ref", "lesson-link"],
)
def test_myst_becomes_readable_markdown(myst, expected, links):
    """What does each MyST construct become in a reader's Markdown?"""
    assert render_markdown(myst, links=links) == expected


def test_an_admonition_becomes_a_blockquote_with_a_bold_title(links):
    """Does a ```{note} directive become a blockquote Jupyter renders?"""
    myst = "```{admonition} Careful\n:class: warning\nRead {cite:t}`kux2001`.\n```"
    assert render_markdown(myst, links=links) == (
        "> **Careful**\n>\n> Read [Kux (2001)](https://uspak-course.github.io/uspak/bibliography.html)."
    )


def test_an_unknown_citation_key_is_named(links):
    """Does citing a key missing from references.bib name the key and the place?"""
    with pytest.raises(ReaderNotebookError, match=r"03-economy.md cell 4: cites 'nobody1999'"):
        render_markdown("{cite:p}`nobody1999`", links=links, where="03-economy.md cell 4")


def _colab_cell(lesson: Path) -> str:
    first = reader_notebook(lesson, book=BOOK, colab=True).cells[0]
    assert first.metadata["tags"] == [COLAB_CELL_TAG]
    return first.source


def test_the_colab_cell_does_nothing_outside_colab(tmp_path):
    """Run outside Colab, does the install cell print nothing and install nothing?"""
    script = tmp_path / "cell.py"
    script.write_text(_colab_cell(LESSONS[0]), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    assert (done.stdout, done.stderr) == ("", "")


def test_the_colab_cell_installs_from_the_overridden_source_in_colab(tmp_path):
    """In Colab, does the cell print one progress line and pip-install USPAK_INSTALL_SOURCE?"""
    fake = tmp_path / "fake"
    (fake / "google" / "colab").mkdir(parents=True)
    (fake / "google" / "__init__.py").write_text("", encoding="utf-8")
    (fake / "google" / "colab" / "__init__.py").write_text("", encoding="utf-8")
    script = tmp_path / "cell.py"
    # pip itself is replaced by a stand-in that records its arguments.
    script.write_text(
        "import sys, subprocess\nimport google.colab\n"
        "subprocess.run = lambda args, check: print('RAN', args[3:])\n" + _colab_cell(LESSONS[0]),
        encoding="utf-8",
    )
    env = {"PYTHONPATH": str(fake), "USPAK_INSTALL_SOURCE": "/tmp/course-clone", "PATH": "/usr/bin"}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, check=True
    )
    progress, ran = done.stdout.splitlines()
    assert progress.startswith("Installing the course in Colab")
    assert ran == "RAN ['install', '-q', '/tmp/course-clone']"


RUN_CELLS = """\
import json, sys
notebook = json.load(open(sys.argv[1], encoding="utf-8"))
namespace = {"__name__": "__main__"}
for number, cell in enumerate(notebook["cells"], start=1):
    if cell["cell_type"] == "code":
        print(f"cell {number}", flush=True)
        exec(compile("".join(cell["source"]), f"cell {number}", "exec"), namespace)
print("every cell ran")
"""


@pytest.mark.slow
def test_a_colab_notebook_runs_in_a_fresh_python_that_only_colab_marks(tmp_path):
    """In a bare Python 3.12 marked as Colab, does the notebook install the course and run?

    One lesson (03-economy) only: the install from the registry dominates the time. PIP_CONSTRAINT
    holds pip to the lock, as Binder and CI are; Colab itself would take its own versions."""
    if os.environ.get("USPAK_COLAB_SIMULATION") != "1":
        pytest.skip(
            "about 6 minutes of installing from the registry: .ci/run runs it beside the suite"
            " (USPAK_COLAB_SIMULATION=1)"
        )
    pythons = sorted(Path.home().glob(".pyenv/versions/3.12*/bin/python"))
    if not pythons:
        pytest.skip("no Python 3.12 under ~/.pyenv/versions")
    venv, clone, away = tmp_path / "venv", tmp_path / "clone", tmp_path / "somewhere-else"
    subprocess.run([str(pythons[-1]), "-m", "venv", str(venv)], check=True)
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    fake = tmp_path / "fake-colab"
    (fake / "google" / "colab").mkdir(parents=True)
    (fake / "google" / "__init__.py").write_text("", encoding="utf-8")
    (fake / "google" / "colab" / "__init__.py").write_text("", encoding="utf-8")
    away.mkdir()
    notebook = away / "03-economy.ipynb"
    from uspak.publish.reader_notebook import write_reader_notebook

    write_reader_notebook(ROOT / "lessons" / "03-economy.md", notebook, book=BOOK, colab=True)
    (away / "run_cells.py").write_text("import google.colab\n" + RUN_CELLS, encoding="utf-8")
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(Path.home()),
        "PYTHONPATH": str(fake),
        "USPAK_INSTALL_SOURCE": str(clone),
        "PIP_CONSTRAINT": str(ROOT / "requirements" / "lock.txt"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "MPLBACKEND": "Agg",
    }
    done = subprocess.run(
        [str(venv / "bin" / "python"), "run_cells.py", notebook.name],
        cwd=away,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert done.stdout.splitlines()[-1] == "every cell ran"
    assert "Installing the course in Colab" in done.stdout


def _glossary_terms() -> set[str]:
    text = (BOOK / "glossary.md").read_text(encoding="utf-8")
    body = text.split("```{glossary}", 1)[1].split("\n```", 1)[0]
    return {
        line.strip()
        for line in body.splitlines()
        if line and not line[0].isspace() and not line.startswith(":")
    }


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_glossary_link_names_a_term_of_the_glossary(lesson, links):
    """Does each glossary link of a reader notebook point at an anchor the glossary page has?"""
    anchors = {glossary_anchor(term) for term in _glossary_terms()}
    markdown = _markdown(reader_notebook(lesson, book=BOOK, links=links))
    used = set(re.findall(r"glossary\.html#([^)\s]+)\)", markdown))
    assert used - anchors == set()


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_a_reader_notebook_renders_to_html_with_no_raw_role(lesson, links):
    """Rendered as CommonMark (as Jupyter renders Markdown cells), is any raw role or fence left?

    markdown-it-py stands in for nbconvert, which is only in the lab environment's lock."""
    html = MarkdownIt("commonmark").render(
        _markdown(reader_notebook(lesson, book=BOOK, links=links))
    )
    assert (RAW_ROLE.findall(html), "{code-cell}" in html, ":::" in html) == ([], False, False)


def test_a_citation_renders_as_an_author_year_link_to_the_bibliography(links):
    """Does a lesson's citation render as an author-year link to the site's bibliography page?"""
    markdown = _markdown(
        reader_notebook(ROOT / "lessons" / "03-economy.md", book=BOOK, links=links)
    )
    html = MarkdownIt("commonmark").render(markdown)
    cited = re.findall(r'<a href="([^"]+)">\(?([^<]+ (?:\()?\d{4}\)?)\)?</a>', html)
    assert cited, "no author-year citation link in lesson 03"
    assert {href for href, _ in cited} == {"https://uspak-course.github.io/uspak/bibliography.html"}
    assert (BOOK / "bibliography.md").is_file()  # the page the link names is built from this
