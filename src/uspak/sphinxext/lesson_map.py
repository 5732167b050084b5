"""Sphinx extension: the map of the lessons, read from the lessons themselves.

Every lesson opens the same way (see CONTRIBUTING.md): a ``# NN. Title`` heading, a
``**Learning objectives.**`` numbered list and a ``**Time.**`` line. The home page's map and the
teacher guide's syllabus are built from those, so a lesson writer changes a title or an objective
in one place. A lesson that lacks one of them is a build warning (an error under ``uspak build``)
naming the file.

    ```{lesson-map}
    ```                    a table: lesson, what it takes

    ```{lesson-map}
    :objectives:
    ```                    the same, with each lesson's objectives as a numbered list
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from uspak.lessons import lessons_in
from uspak.sphinxext.doctables import simple_table

logger = logging.getLogger(__name__)

_TITLE = re.compile(r"^# (?P<title>.+)$")
_TIME = re.compile(r"^\*\*Time\.\*\*\s*(?P<time>.*)$")
_OBJECTIVES = "**Learning objectives.**"
_ITEM = re.compile(r"^\d+\.\s+(?P<text>.*)$")
_CITATION = re.compile(r"\s*\{cite(?::\w+)?\}`[^`]*`")
_ROLE = re.compile(r"\{[\w:]+\}`(?P<text>[^`<]*?)(?:\s*<[^>]*>)?`")
_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class LessonOutline:
    id: str
    title: str
    time: str
    objectives: list[str]


def read_outline(path: Path) -> tuple[LessonOutline, list[str]]:
    """The lesson's title, time and objectives, and what is missing from them (if anything)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    title = time = ""
    objectives: list[str] = []
    for index, line in enumerate(lines):
        if not title and (match := _TITLE.match(line)):
            title = match["title"].strip()
        elif not time and (match := _TIME.match(line)):
            time = plain_text(_paragraph(match["time"], lines[index + 1 :]))
        elif not objectives and line.startswith(_OBJECTIVES):
            objectives = _numbered_list(lines[index + 1 :])
    missing = [
        what
        for what, value in (
            ("a '# NN. Title' heading", title),
            ("a '**Time.**' line", time),
            ("a numbered '**Learning objectives.**' list", objectives),
        )
        if not value
    ]
    return LessonOutline(path.stem, title or path.stem, time, objectives), missing


def _paragraph(first: str, rest: list[str]) -> str:
    words = [first.strip()]
    for line in rest:
        if not line.strip():
            break
        words.append(line.strip())
    return " ".join(w for w in words if w)


def _numbered_list(lines: list[str]) -> list[str]:
    items: list[str] = []
    for line in lines:
        if match := _ITEM.match(line):
            items.append(match["text"].strip())
        elif items and line[:1] in (" ", "\t") and line.strip():
            items[-1] += " " + line.strip()
        elif not items and not line.strip():
            continue  # blank lines between the marker and the list
        else:
            break
    return [plain_text(item) for item in items]


def plain_text(markdown: str) -> str:
    """Inline MyST reduced to what it reads as: roles and links keep their text, emphasis goes."""
    text = _CITATION.sub("", markdown)
    text = _ROLE.sub(lambda m: m["text"], text)
    text = _LINK.sub(lambda m: m["text"], text)
    return text.replace("**", "").replace("`", "").strip()


class LessonMapDirective(SphinxDirective):
    has_content = False
    option_spec = {"objectives": directives.flag}

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(__file__)  # so that a change here re-renders the page
        outlines = []
        for lesson in lessons_in(Path(self.env.srcdir) / "lessons"):
            self.env.note_dependency(str(lesson.path))
            outline, missing = read_outline(lesson.path)
            for what in missing:
                logger.warning(
                    "the lesson map needs %s in %s",
                    what,
                    f"lessons/{lesson.path.name}",
                    location=(self.env.docname, self.lineno),
                    type="uspak",
                    subtype="lesson_map",
                )
            outlines.append(outline)
        if "objectives" in self.options:
            return [self._objectives(outline) for outline in outlines]
        return [self._table(outlines)]

    def _link(self, outline: LessonOutline) -> addnodes.pending_xref:
        return addnodes.pending_xref(
            "",
            nodes.inline(text=outline.title),
            refdomain="std",
            reftype="doc",
            reftarget=f"/lessons/{outline.id}",
            refexplicit=True,
            refdoc=self.env.docname,
        )

    def _table(self, outlines: list[LessonOutline]) -> nodes.table:
        rows = [[self._link(o), nodes.Text(o.time)] for o in outlines]
        return simple_table(["Lesson", "Time"], rows, [3, 2], ["uspak-lesson-map"])

    def _objectives(self, outline: LessonOutline) -> nodes.container:
        box = nodes.container(classes=["uspak-lesson-objectives"])
        heading = nodes.paragraph()
        heading += nodes.strong("", "", self._link(outline))
        if outline.time:
            heading += nodes.Text(f" ({outline.time})")
        box += heading
        items = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
        for text in outline.objectives:
            items += nodes.list_item("", nodes.paragraph(text=text))
        box += items
        return box


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("lesson-map", LessonMapDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
