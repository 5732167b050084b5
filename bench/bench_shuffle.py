"""How often a student sees the right option where the author put it, over the course's banks.

    .venv/bin/python bench/bench_shuffle.py [--students 50]

For every exercise of every lesson and 50 student ids, with the order each host shows
(``display_order``, and ``start_order`` for an ordering exercise):

- single choice and multiple select: the right options whose displayed place equals their
  authoring place;
- matching: for each left row, whether its match is shown at the match's authoring place, and
  whether it is shown on the row's own line (the "first row, first option" pattern);
- ordering: the items that start in their right place, the starting orders that are entirely
  right (never, by design), and those equal to the authoring order.

Each line gives the count, the share and what chance would give (1 in the number of options,
or of items). Options pinned with ``fixed`` keep their place by design; they are counted too.
"""

from __future__ import annotations

import argparse

from uspak.exercises.arrangement import display_order, start_order
from uspak.exercises.bank import load_all_banks
from uspak.exercises.compile import compile_exercise
from uspak.exercises.types import Matching, MultipleSelect, Ordering, SingleChoice


class Tally:
    def __init__(self) -> None:
        self.hits = self.total = 0
        self.chance = 0.0

    def add(self, hit: bool, places: int) -> None:
        self.hits += hit
        self.total += 1
        self.chance += 1 / places

    def line(self, label: str) -> str:
        if not self.total:
            return f"{label}: none"
        return (
            f"{label}: {self.hits} of {self.total} ({self.hits / self.total:.1%};"
            f" chance {self.chance / self.total:.1%})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=50)
    students = [f"s{n:03d}" for n in range(parser.parse_args().students)]
    choice, match_place, match_row, item_place = Tally(), Tally(), Tally(), Tally()
    starts = right_starts = authored_starts = 0
    banks = load_all_banks()
    for bank in banks.values():
        for spec in bank:
            compiled = compile_exercise(spec)
            for student in students:
                shown = display_order(student, compiled)
                if isinstance(spec, SingleChoice | MultipleSelect):
                    authored = [o.id for o in spec.options]
                    right = [spec.answer] if isinstance(spec, SingleChoice) else spec.answer
                    for option in right:
                        hit = shown["options"].index(option) == authored.index(option)
                        choice.add(hit, len(authored))
                elif isinstance(spec, Matching):
                    authored = [c.id for c in spec.right]
                    for row, left in enumerate(spec.left):
                        match = spec.answer[left.id]
                        place = shown["right"].index(match)
                        match_place.add(place == authored.index(match), len(authored))
                        match_row.add(place == row, len(authored))
                elif isinstance(spec, Ordering):
                    answer = list(spec.answer)
                    first = start_order(shown["items"], lambda items, a=answer: items == a)
                    for place, item in enumerate(first):
                        item_place.add(answer[place] == item, len(first))
                    starts += 1
                    right_starts += first == answer
                    authored_starts += first == [i.id for i in spec.items]
    print(f"{len(banks)} lessons, {len(students)} student ids")
    print(choice.line("choice: right options shown in their authoring place"))
    print(match_place.line("matching: a row's match shown in its authoring place"))
    print(match_row.line("matching: a row's match shown on the row's own line"))
    print(item_place.line("ordering: items starting in their right place"))
    print(f"ordering: starting orders entirely right: {right_starts} of {starts}")
    print(f"ordering: starting orders equal to the authoring order: {authored_starts} of {starts}")


if __name__ == "__main__":
    main()
