"""Each student's own order of options, items and matches: the same in Python and JavaScript."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_js import evaluate

from uspak.course import Course
from uspak.exercises.arrangement import arrange, display_order, order_hash, start_order
from uspak.exercises.bank import load_all_banks, read_bank_file
from uspak.exercises.check import check_response
from uspak.exercises.compile import compile_exercise

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "cases" / "99-fixture.yml"
SPECS = [s for bank in load_all_banks(Course(ROOT)).values() for s in bank] + read_bank_file(
    FIXTURE
)
SHUFFLED = [s for s in SPECS if s.type in ("single_choice", "multiple_select", "ordering")]
SEEDS = ["", "s1", "s2", "Zoë", "学生-07", "s123 "]


def test_both_languages_hash_alike():
    """Does the order hash give the same number in Python and JavaScript, UTF-8 included?"""
    texts = ["", "a", "s1\nl03-aid-peak\nb", "Zoë\n学生"]
    assert evaluate("data.map(exercise.orderHash)", texts) == [order_hash(t) for t in texts]


def test_both_languages_arrange_alike():
    """For every shuffled exercise of the course and several students, is the order the same?"""
    exercises = [compile_exercise(s) for s in SHUFFLED]
    cases = [{"seed": seed, "ex": ex} for seed in SEEDS for ex in exercises]
    js = evaluate("data.map(c => exercise.displayOrder(c.seed, c.ex))", cases)
    assert js == [display_order(c["seed"], c["ex"]) for c in cases]


def test_the_same_student_sees_the_same_order():
    """Is a student's order stable (a reload, another device), and another student's different?"""
    choices = [{"id": i} for i in "abcdef"]
    assert arrange("s1", "l00-x", choices) == arrange("s1", "l00-x", choices)
    orders = {tuple(arrange(f"s{n}", "l00-x", choices)) for n in range(20)}
    assert len(orders) > 10


def test_a_fixed_choice_keeps_its_place():
    """Does an option marked fixed (say "None of these", last) stay where the author put it?"""
    choices = [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "none", "fixed": True}]
    for n in range(20):
        order = arrange(f"s{n}", "l00-x", choices)
        assert order[-1] == "none" and sorted(order[:-1]) == ["a", "b", "c"]


@pytest.mark.parametrize("spec", [s for s in SPECS if s.type == "ordering"], ids=lambda s: s.id)
def test_an_ordering_exercise_never_starts_right(spec):
    """For 50 students, is the starting order of the items never the right answer?"""
    compiled = compile_exercise(spec)
    for n in range(50):
        order = display_order(f"s{n}", compiled)["items"]
        start = start_order(order, lambda o: check_response(spec, o).status == "correct")
        assert check_response(spec, start).status != "correct"
