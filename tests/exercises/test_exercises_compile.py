"""Compiled banks: what students' browsers and notebooks receive holds no plain answer key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from uspak.course import Course
from uspak.exercises.bank import read_bank_file
from uspak.exercises.compile import compile_bank, script_json, write_compiled_banks

FIXTURE = Path(__file__).parent / "cases" / "99-fixture.yml"
BANK = read_bank_file(FIXTURE)

# Texts that give an answer away; none may appear in the compiled JSON.
KEYS = [
    "1234.5",
    "Enhanced Partnership with Pakistan Act",
    "enhanced partnership (with|for)",
    "Islamabad",
    "sum(amounts)",
    "signed in 1954",
    "Later than the right answer",
    "The unit is millions",
    '"answer":',
    '"accept":',
    '"solution": "amounts',
]


@pytest.mark.parametrize("key", KEYS)
def test_compiled_bank_holds_no_plain_key(key: str) -> None:
    """Is each answer, explanation, feedback and solution absent from the compiled JSON?"""
    assert key not in json.dumps(compile_bank(BANK), ensure_ascii=False)


def test_each_compile_draws_a_new_salt() -> None:
    """Do two compiles of one exercise use different salts, so hashes cannot be looked up?"""
    first, second = compile_bank(BANK), compile_bank(BANK)
    assert first["exercises"][0]["salt"] != second["exercises"][0]["salt"]
    assert first["exercises"][0]["key"] != second["exercises"][0]["key"]


def test_prompt_markdown_is_rendered_and_raw_html_escaped() -> None:
    """Is the prompt shipped as HTML rendered from Markdown, with no raw HTML passed through?"""
    spec = BANK[0]
    spec = type(spec)(**{**spec.__dict__, "prompt": "Which **year**? <script>x()</script>"})
    prompt = compile_bank([spec])["exercises"][0]["prompt"]
    assert "<strong>year</strong>" in prompt and "<script>" not in prompt


def test_script_json_cannot_close_its_script_element() -> None:
    """Can embedded JSON never contain "</script>", whatever the bank's text says?"""
    text = script_json({"prompt": "</script><script>alert(1)</script>"})
    assert "<" not in text and json.loads(text)["prompt"].startswith("</script>")


def test_write_compiled_banks_writes_one_file_per_lesson(tmp_path: Path) -> None:
    """Does the build's hook write <lesson>.json for every bank of a course?"""
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / FIXTURE.name).write_text(FIXTURE.read_text("utf-8"), "utf-8")
    written = write_compiled_banks(tmp_path / "out", course=Course(tmp_path))
    assert [p.name for p in written] == ["99-fixture.json"]
    assert json.loads(written[0].read_text("utf-8"))["lesson"] == "99-fixture"
