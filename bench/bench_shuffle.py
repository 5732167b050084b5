"""How often a student sees the right option where the author put it, over the course's banks.

    .venv/bin/python bench/bench_shuffle.py

For every single-choice and multiple-select exercise and 50 student ids, it counts the right
options whose displayed place equals their authoring place, and the ordering exercises whose
starting order is their authoring order. Chance is 1 in the number of options.
"""

from __future__ import annotations

from uspak.exercises.arrangement import display_order
from uspak.exercises.bank import load_all_banks
from uspak.exercises.compile import compile_exercise

STUDENTS = [f"s{n:03d}" for n in range(50)]


def main() -> None:
    same = total = chance = 0.0
    orderings_unmoved = orderings = 0
    for bank in load_all_banks().values():
        for spec in bank:
            compiled = compile_exercise(spec)
            if spec.type in ("single_choice", "multiple_select"):
                authored = [o.id for o in spec.options]
                right = [spec.answer] if spec.type == "single_choice" else list(spec.answer)
                for student in STUDENTS:
                    shown = display_order(student, compiled)["options"]
                    for option in right:
                        same += shown.index(option) == authored.index(option)
                        total += 1
                        chance += 1 / len(authored)
            elif spec.type == "ordering":
                authored = [i.id for i in spec.items]
                for student in STUDENTS:
                    orderings += 1
                    orderings_unmoved += display_order(student, compiled)["items"] == authored
    print(
        f"right options shown in their authoring place: {same:.0f} of {total:.0f}"
        f" ({same / total:.1%}; chance {chance / total:.1%})"
    )
    print(f"ordering exercises starting in authoring order: {orderings_unmoved} of {orderings}")


if __name__ == "__main__":
    main()
