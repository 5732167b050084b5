"""A lesson's charts do not answer its exercises: no accepted answer in a chart title or caption.

"Strikes peaked in 2010" as the title of the chart an exercise asks students to read for the
peak year is the answer printed above the question.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from uspak.course import Course
from uspak.exercises.bank import load_all_banks
from uspak.exercises.code_result import reference_value
from uspak.exercises.types import Code, Numeric, ShortText, SingleChoice
from uspak.lessons import list_lessons

ROOT = Path(__file__).resolve().parents[2]
BANKS = load_all_banks(Course(ROOT))
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(?:---\n(.*?)\n---\n)?(.*?)^```", re.S | re.M)
CAPTION = re.compile(r"^:caption:\s*(.+)$", re.M)
TITLE_CALLS = {"set_title", "suptitle", "title"}
NUMBER_WORDS = dict(enumerate("zero one two three four five six seven eight nine ten".split()))


def chart_titles(text: str) -> list[str]:
    """Every string given to a title call in the lesson's code, and every figure caption."""
    titles = [c for c in CAPTION.findall(text)]
    for options, cell in CODE_CELL.findall(text):
        titles += captions(yaml.safe_load(options) if options else None)
        try:
            tree = ast.parse(cell)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in TITLE_CALLS:
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        titles.append(arg.value)
                    elif isinstance(arg, ast.JoinedStr):
                        titles.append(ast.unparse(arg))
    return titles


def captions(options: object) -> list[str]:
    """Every ``caption`` in a code cell's options (myst-nb's ``mystnb: figure: caption:``)."""
    if isinstance(options, dict):
        found = [v for k, v in options.items() if k == "caption" and isinstance(v, str)]
        return found + [c for v in options.values() for c in captions(v)]
    return []


def answer_forms(spec) -> list[str]:
    """What a right answer would look like written in a title."""
    if isinstance(spec, Numeric | Code):
        if isinstance(spec, Code):
            if spec.check.kind != "number":
                return []
            value = float(reference_value(spec.solution, spec.result_name, spec.check))
        else:
            value = float(spec.answer)
        forms = [f"{value:g}", f"{value:,.0f}", f"{value:.0f}"] if abs(value) >= 100 else []
        if value == int(value) and int(value) in NUMBER_WORDS:
            forms.append(NUMBER_WORDS[int(value)])
        return forms
    if isinstance(spec, ShortText):
        return [a for a in spec.accept if len(a) >= 4]
    if isinstance(spec, SingleChoice):
        text = next(o.text for o in spec.options if o.id == spec.answer)
        return [text] if len(text) <= 30 else []
    return []


@pytest.mark.parametrize("lesson", [lesson.id for lesson in list_lessons(Course(ROOT))])
def test_no_chart_title_states_an_answer(lesson):
    """Does no chart title or caption of the lesson contain an answer its exercises accept?"""
    titles = chart_titles((ROOT / "lessons" / f"{lesson}.md").read_text(encoding="utf-8"))
    found = [
        f"{spec.id}: {form!r} in {title!r}"
        for spec in BANKS.get(lesson, [])
        for form in answer_forms(spec)
        for title in titles
        if re.search(rf"(?<![\w.,]){re.escape(form.lower())}(?![\w]|[.,]\d)", title.lower())
    ]
    assert found == []
