"""Lesson notebooks made for readers: the MyST source rendered into plain Jupyter Markdown.

Binder, a JupyterHub, Colab and the download button give students ``.ipynb`` files. A plain
jupytext conversion leaves MyST syntax (``{cite:p}`key```, ``{term}`Aid```) that JupyterLab,
Notebook 7 and Colab show raw, so citations become author-year text linking to the website's
bibliography page and glossary terms become links to the glossary page. The lessons use no
directives other than code cells today; a role this module does not know is kept as its text,
so nothing MyST-only ever reaches a reader.

Colab notebooks also get a first cell that installs the course there, and only there.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jupytext
import nbformat
import yaml
from pybtex.database import parse_file

import uspak
from uspak.course import Course, located

ROLE = re.compile(r"\{(?P<role>[a-z-]+(?::[a-z-]+)?)\}`(?P<body>[^`]*)`")
LABELLED = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[a-z-]+)\}(?P<arg>.*)$")
LESSON_LINK = re.compile(r"\]\((?P<lesson>[0-9]{2}-[a-z0-9-]+)\.md")
COLAB_CELL_TAG = "uspak-colab-install"

COLAB_INSTALL = """\
# Runs only in Google Colab: installs the course there. Elsewhere this cell does nothing.
import os, subprocess, sys

if "google.colab" in sys.modules:
    _source = os.environ.get("USPAK_INSTALL_SOURCE", {source!r})
    print("Installing the course in Colab (about a minute)...", flush=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", _source], check=True)
"""


class ReaderNotebookError(ValueError):
    """A lesson cites a key that book/references.bib does not have, or similar."""


@dataclass(frozen=True)
class ReaderLinks:
    """Where a reader's notebook points: the website's bibliography and glossary pages."""

    site_url: str  # ends with "/"
    authors_years: dict[str, tuple[str, str]]  # bib key -> (authors as cited, year)

    @property
    def bibliography(self) -> str:
        return f"{self.site_url}bibliography.html"

    def glossary(self, term: str) -> str:
        return f"{self.site_url}glossary.html#{glossary_anchor(term)}"


def glossary_anchor(term: str) -> str:
    """The HTML id Sphinx gives a glossary term (``sphinx.util.nodes._make_id`` on ``term-<term>``).

    Written out rather than imported: that function is private, and importing Sphinx costs a
    second here. A test checks the result against book/glossary.md's terms."""
    ascii_term = unicodedata.normalize("NFKD", f"term-{term.strip()}").encode("ascii", "ignore")
    anchor = re.sub(r"[^a-zA-Z0-9._]+", "-", " ".join(ascii_term.decode("ascii").split()))
    return re.sub(r"^[-0-9._]+|-+$", "", anchor)


def site_url(book: Path) -> str:
    """The published site: ``html.baseurl`` in book/_config.yml, else the GitHub Pages URL.

    The config names no site URL today; ``https://<org>.github.io/<repo>/`` is where
    .github/workflows/book.yml publishes."""
    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8")) or {}
    base = str((config.get("html") or {}).get("baseurl") or "")
    if not base:
        org, repo = repository_url(book).rstrip("/").removesuffix(".git").split("/")[-2:]
        base = f"https://{org}.github.io/{repo}/"
    return base.rstrip("/") + "/"


def repository_url(book: Path) -> str:
    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8")) or {}
    return str((config.get("repository") or {}).get("url") or "")


def _cited_authors(entry: Any) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(p.last_names) or " ".join(p.first_names) for p in people]
    names = [re.sub(r"[{}]", "", n) for n in names]
    if not names:
        return re.sub(r"[{}]", "", entry.fields.get("title", "Anon."))
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def read_links(book: Path) -> ReaderLinks:
    """Author-year labels for every entry of book/references.bib, and the website's URL."""
    bib = parse_file(str(book / "references.bib"), bib_format="bibtex")
    labels = {
        key: (_cited_authors(entry), str(entry.fields.get("year", "n.d.")))
        for key, entry in bib.entries.items()
    }
    return ReaderLinks(site_url=site_url(book), authors_years=labels)


def _cite(role: str, body: str, links: ReaderLinks, where: str) -> str:
    keys = [k.strip() for k in body.split(",") if k.strip()]
    parts = []
    for key in keys:
        if key not in links.authors_years:
            raise ReaderNotebookError(f"{where}: cites {key!r}, which book/references.bib lacks")
        authors, year = links.authors_years[key]
        parts.append((authors, year))
    if role == "cite:t":
        text = "; ".join(f"{a} ({y})" for a, y in parts)
    else:
        text = "(" + "; ".join(f"{a} {y}" for a, y in parts) + ")"
    return f"[{text}]({links.bibliography})"


def render_markdown(text: str, *, links: ReaderLinks, where: str = "lesson") -> str:
    """One Markdown cell's MyST made plain: roles become text and links, directives blockquotes."""

    def role(match: re.Match[str]) -> str:
        name, body = match["role"], match["body"]
        if name.startswith("cite"):
            return _cite(name, body, links, where)
        labelled = LABELLED.match(body)
        shown, target = (labelled["text"], labelled["target"]) if labelled else (body, body)
        if name == "term":
            return f"[{shown}]({links.glossary(target)})"
        return shown

    out: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        opened = DIRECTIVE.match(line.strip())
        if fence is None and opened:
            fence = opened["fence"]
            title = opened["arg"].strip() or opened["name"].capitalize()
            out.append(f"> **{ROLE.sub(role, title)}**")
            out.append(">")
            continue
        if fence is not None:
            if line.strip() == fence:
                fence = None
                continue
            if re.match(r"^\s*:[a-z-]+:", line):
                continue  # a directive option (:class: note)
            out.append(("> " + ROLE.sub(role, line)).rstrip())
            continue
        out.append(ROLE.sub(role, line))
    rendered = LESSON_LINK.sub(r"](\g<lesson>.ipynb", "\n".join(out))
    return rendered + ("\n" if text.endswith("\n") else "")


def colab_install_cell(*, source: str) -> Any:
    """The first cell of a Colab notebook: ``pip install`` the course, only when run in Colab."""
    cell = nbformat.v4.new_code_cell(COLAB_INSTALL.format(source=source))
    cell.metadata["tags"] = [COLAB_CELL_TAG]
    return cell


def default_install_source(book: Path) -> str:
    """``git+<repository>@v<version>``: the course at the version this notebook was made from."""
    return f"git+{repository_url(book).rstrip('/')}.git@v{uspak.__version__}"


def reader_notebook(
    lesson: Path, *, book: Path, colab: bool = False, links: ReaderLinks | None = None
) -> Any:
    """The lesson as a notebook for readers, without outputs; with the Colab cell if asked."""
    links = links or read_links(book)
    notebook = jupytext.read(lesson)
    for index, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "markdown":
            cell.source = render_markdown(
                cell.source, links=links, where=f"{lesson.name} cell {index}"
            )
        elif cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    notebook.metadata.pop("jupytext", None)
    if colab:
        notebook.cells.insert(0, colab_install_cell(source=default_install_source(book)))
    return notebook


def write_reader_notebook(
    lesson: Path, target: Path, *, book: Path, colab: bool = False, links: ReaderLinks | None = None
) -> Path:
    """Write :func:`reader_notebook` to ``target`` (an ``.ipynb``); return it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(reader_notebook(lesson, book=book, colab=colab, links=links), str(target))
    return target


def write_reader_notebooks(
    out: Path, *, course: Course | None = None, colab: bool = True
) -> list[Path]:
    """Every lesson as ``out/<id>.ipynb`` for readers (with the Colab cell by default)."""
    from uspak.lessons import list_lessons

    course = located(course)
    links = read_links(course.book)
    return [
        write_reader_notebook(
            lesson.path,
            Path(out) / f"{lesson.id}.ipynb",
            book=course.book,
            colab=colab,
            links=links,
        )
        for lesson in list_lessons(course)
    ]
