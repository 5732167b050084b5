"""The grammar of the course's ids, written once.

Lesson ids (``03-economy``) name a lesson file, its bank and its hand-ins; exercise ids
(``l03-aid-peak``) are unique across the course and never renamed once published, because
submissions refer to them. The JSON Schemas in ``uspak/schemas/`` repeat these patterns (a schema
cannot import Python); a test holds them to this module.
"""

from __future__ import annotations

import re

LESSON_ID = r"[0-9]{2}-[a-z0-9]+(?:-[a-z0-9]+)*"
EXERCISE_ID = r"l[0-9]{2}-[a-z0-9]+(?:-[a-z0-9]+)*"

LESSON_ID_PATTERN = f"^{LESSON_ID}$"
EXERCISE_ID_PATTERN = f"^{EXERCISE_ID}$"
# The timeline's `lessons` column: one or more lesson ids separated by semicolons.
LESSON_LIST_PATTERN = f"^{LESSON_ID}(?:;{LESSON_ID})*$"

# fullmatch, not the patterns above: Python's "$" also matches before a final newline.
_LESSON = re.compile(LESSON_ID)
_EXERCISE = re.compile(EXERCISE_ID)


def is_lesson_id(text: str) -> bool:
    return bool(_LESSON.fullmatch(text))


def is_exercise_id(text: str) -> bool:
    return bool(_EXERCISE.fullmatch(text))


def lesson_number(identifier: str) -> str:
    """The two digits a lesson id or an exercise id starts with: ``l03-aid-peak`` -> ``03``."""
    return identifier.removeprefix("l")[:2]
