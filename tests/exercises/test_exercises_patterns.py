"""Short-text patterns: accepted only where Python and the browser give the same verdict."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from uspak.course import Course
from uspak.exercises.patterns import portability_problems

# pattern -> texts to search (already normalised, as the checkers search them)
PORTABLE = {
    "anchored-words": ("^(the )?pressler( amendment)?$", ["pressler", "the pressler amendment"]),
    "alternation": (
        "enhanced partnership (with|for) pakistan",
        ["enhanced partnership for pakistan"],
    ),
    "class": ("gwad[au]r", ["gwadar port", "gwadur", "gawdar"]),
    "digits-written-out": ("^[0-9]{4}$", ["1954", "١٩٥٤", "195"]),
    "optional-any": ("^china.?pakistan$", ["china-pakistan", "chinapakistan", "china pakistan"]),
    "lookahead": ("^(?=.*cpec).*$", ["the cpec", "corridor"]),
    "lookbehind": ("(?<=the )cpec", ["the cpec", "cpec"]),
    "literal-plus-in-class": ("[++]", ["a+b", "ab"]),
    "escaped-dot": ("^a\\.b$", ["a.b", "axb"]),
}

REFUSED = {
    "unicode-digit-class": ("^\\d{4}$", "\\d means any Unicode digit"),
    "word-class": ("\\w+", "\\w takes every Unicode letter"),
    "word-boundary": ("\\bcpec\\b", "\\b differs"),
    "inline-flag": ("(?i)cpec", "inline flags"),
    "end-of-string": ("cpec\\Z", "\\Z is not JavaScript"),
    "python-named-group": ("(?P<x>cpec)", "(?P<name>...) is not JavaScript"),
    "javascript-named-group": ("(?<x>cpec)", "a syntax error in Python"),
    "possessive": ("a++", "possessive quantifiers"),
    "atomic": ("(?>a)", "atomic groups"),
}


@pytest.mark.parametrize(("pattern", "texts"), PORTABLE.values(), ids=list(PORTABLE))
def test_a_portable_pattern_gets_the_same_verdict_in_both(pattern, texts):
    """Is the pattern accepted, and does the browser's RegExp agree with Python on every text?"""
    assert portability_problems(pattern) == []
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the browser's regular expressions", pytrace=False)
    script = (
        "const [p, texts] = JSON.parse(process.argv[1]);"
        "console.log(JSON.stringify(texts.map(t => new RegExp(p, 'u').test(t))));"
    )
    result = subprocess.run(
        [node, "-e", script, json.dumps([pattern, texts])],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == [re.search(pattern, t) is not None for t in texts]


@pytest.mark.parametrize(("pattern", "reason"), REFUSED.values(), ids=list(REFUSED))
def test_a_pattern_that_differs_is_refused_with_the_reason(pattern, reason):
    """Is a construct that Python and the browser read differently refused, saying why?"""
    assert any(reason in problem for problem in portability_problems(pattern))


def test_uspak_check_names_the_exercise_of_a_non_portable_pattern(tmp_path):
    """Does the bank check name the exercise and the pattern, with the reason?"""
    from pathlib import Path

    import yaml

    from uspak.exercises.bank import validate_banks

    fixture = Path(__file__).parent / "cases" / "99-fixture.yml"
    bank = yaml.safe_load(fixture.read_text("utf-8"))
    text = next(e for e in bank["exercises"] if e["type"] == "short_text")
    text["patterns"] = ["^\\d{4}$"]
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "99-fixture.yml").write_text(yaml.safe_dump(bank), "utf-8")
    problems = [str(p) for p in validate_banks(Course(tmp_path))]
    assert any(f"{text['id']}.patterns" in p and "[0-9]" in p for p in problems), problems
