"""Sphinx extension: the page "The article, claim by claim", read from ``data/article_claims.csv``.

The course may not reproduce the source article, so students work from its claims in the course's
own words. The page lists them by lesson, each with the lesson's finding, the evidence and a link to
the section that shows it; lessons show the same rows through ``uspak.claims_for``, so the two
never disagree.

    ```{article-claims} ../data/article_claims.csv
    ```
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from uspak.sphinxext.doctables import simple_table


def read_claims(path: Path) -> list[dict[str, str]]:
    """The claims table's rows, in file order."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def claim_link(row: dict[str, str]) -> str:
    """Where a claim is examined, relative to the page: the lesson page and its section anchor."""
    return f"lessons/{row['lesson']}.html#{row['anchor']}"


class ArticleClaimsDirective(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        path = (Path(self.env.srcdir) / self.arguments[0]).resolve()
        self.env.note_dependency(str(path))
        self.env.note_dependency(__file__)
        sections: list[nodes.Node] = []
        rows = read_claims(path)
        for lesson in dict.fromkeys(row["lesson"] for row in rows):
            mine = [row for row in rows if row["lesson"] == lesson]
            section = nodes.section(ids=[f"claims-{lesson}"])
            section += nodes.title(text=f"Lesson {lesson}: {mine[0]['article_section']}")
            cells = [
                [
                    nodes.strong(text=row["claim_id"]),
                    nodes.Text(row["claim"]),
                    nodes.emphasis(text=row["finding"]),
                    nodes.Text(row["evidence"]),
                    nodes.reference("", "where", refuri=claim_link(row)),
                ]
                for row in mine
            ]
            section += simple_table(
                ["Claim", "What the article claims", "Finding", "Evidence", "Lesson"],
                cells,
                [1, 4, 1, 4, 1],
                ["uspak-claims"],
            )
            sections.append(section)
        return sections


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("article-claims", ArticleClaimsDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
