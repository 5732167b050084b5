"""Compiled banks: the student-facing copy of an exercise bank, with no plain answer key.

Each exercise gets a fresh salt; its right responses become SHA-256 hashes of canonical tokens
(``check.right_tokens``), prompts and option texts are rendered from Markdown to HTML here so
the browser needs no Markdown library, and explanation, feedback, patterns and the reference
solution are base64-encoded so that they do not show in view-source or a text search.
"""

from __future__ import annotations

import json
import secrets
from functools import cache
from pathlib import Path

from uspak.course import Course
from uspak.exercises.bank import load_all_banks
from uspak.exercises.check import encode, token_hash, wrong_answer_tokens
from uspak.exercises.edition import without_keys
from uspak.exercises.model import ExerciseSpec

COMPILED_FORMAT = "uspak-compiled-bank"


@cache
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def markdown_html(text: str, inline: bool = False) -> str:
    """Markdown to HTML; raw HTML in the source is escaped, never passed through."""
    md = _markdown()
    return md.renderInline(text) if inline else md.render(text).strip()


def _inline(text: str) -> str:
    return markdown_html(text, inline=True)


def compile_exercise(
    spec: ExerciseSpec, salt: str | None = None, *, edition: str = "practice"
) -> dict:
    """One exercise as the browser (and ``check.check_compiled``) uses it; in the assessment
    edition, with no key material at all (``uspak.exercises.edition``)."""
    salt = salt or secrets.token_hex(8)
    compiled: dict = {
        "id": spec.id,
        "type": spec.type,
        "lesson": spec.lesson,
        "objective": spec.objective,
        "points": spec.points,
        "prompt": markdown_html(spec.prompt),
        "hints": [markdown_html(h, inline=True) for h in spec.hints],
        "reveal_after": spec.reveal_after,
        "sources": list(spec.sources),
        "salt": salt,
        "key": sorted({token_hash(salt, slot, token) for slot, token in spec.right_tokens()}),
    }
    if spec.title:
        compiled["title"] = markdown_html(spec.title, inline=True)
    if spec.explanation:
        compiled["explanation"] = encode(markdown_html(spec.explanation))
    wrong = wrong_answer_tokens(spec)
    if wrong:
        compiled["wrong"] = {token_hash(salt, "wrong", t): encode(f) for t, f in wrong.items()}
    compiled.update(spec.public_fields(text=_inline, secret=encode))
    return without_keys(compiled) if edition == "assessment" else compiled


def compile_bank(bank: list[ExerciseSpec], *, edition: str = "practice") -> dict:
    """A lesson's exercises (as ``load_bank`` returns them) as one student-facing document."""
    lesson = bank[0].lesson if bank else ""
    return {
        "format": COMPILED_FORMAT,
        "schema_version": 1,
        "lesson": lesson,
        "exercises": [compile_exercise(spec, edition=edition) for spec in bank],
    }


def write_compiled_banks(
    out_dir: Path, course: Course | None = None, *, edition: str = "practice"
) -> list[Path]:
    """Write ``<lesson>.json`` for every bank of the course into ``out_dir``; the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for lesson, bank in sorted(load_all_banks(course).items()):
        path = out / f"{lesson}.json"
        document = compile_bank(bank, edition=edition)
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1), "utf-8")
        written.append(path)
    return written


def script_json(data: dict) -> str:
    """JSON safe inside ``<script type="application/json">``: no "<" can close the element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
