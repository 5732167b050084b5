"""The order a student sees an exercise's options, items and matches in: shuffled per student.

Authoring order gives answers away (a bank's first options are often the right ones), so every
host shows lists in an order seeded by the student and the exercise, stable across reloads and
devices, and the same in Python (the notebook) and JavaScript (``arrange`` in exercise.js; a
table of cases holds both to it). Responses still name option and item ids, so the grader never
needs the order. A choice marked ``fixed`` keeps its authored place ("None of the above" last).

The order is a sort by a 32-bit hash of "seed \\n exercise \\n id" (FNV-1a over the UTF-8 bytes,
then MurmurHash3's finaliser, without which ids differing in their last byte barely move): not
cryptographic (nothing here is secret), but exact and short in both languages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

LISTS = ("options", "items", "right")  # the lists a host shows in arranged order
_FNV_OFFSET, _FNV_PRIME = 0x811C9DC5, 0x01000193


def order_hash(text: str) -> int:
    value = _FNV_OFFSET
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * _FNV_PRIME) & 0xFFFFFFFF
    value ^= value >> 16
    value = (value * 0x85EBCA6B) & 0xFFFFFFFF
    value ^= value >> 13
    value = (value * 0xC2B2AE35) & 0xFFFFFFFF
    return value ^ (value >> 16)


def arrange(seed: str, exercise_id: str, choices: Sequence[dict[str, Any]]) -> list[str]:
    """The ids of ``choices`` (compiled: id, optional fixed) in the order this student sees."""
    free = sorted(
        (c["id"] for c in choices if not c.get("fixed")),
        key=lambda i: (order_hash(f"{seed}\n{exercise_id}\n{i}"), i),
    )
    order = []
    for choice in choices:
        order.append(choice["id"] if choice.get("fixed") else free.pop(0))
    return order


def display_order(seed: str, exercise: dict[str, Any]) -> dict[str, list[str]]:
    """Each shown list of a compiled exercise, arranged for this student."""
    return {
        name: arrange(seed, exercise["id"], exercise[name]) for name in LISTS if name in exercise
    }


def start_order(order: list[str], is_right: Any) -> list[str]:
    """An ordering exercise's first arrangement, never the right one: rotated by one if it is.

    ``is_right(order)`` asks the key; without a key (an assessment page) the arranged order
    stands, and is right for one student in n! (n items).
    """
    return order[1:] + order[:1] if len(order) > 1 and is_right(order) else order
