"""The grammar of the course's ids, written once.

Lesson ids (``03-economy``) name a lesson file, its bank and its hand-ins; exercise ids
(``l03-aid-peak``) are unique across the course and never renamed once published, because
submissions refer to them. The JSON Schemas in ``uspak/schemas/`` repeat these patterns (a schema
cannot import Python); a test holds them to this module.
"""

from __future__ import annotations

import re
import unicodedata

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


# Student ids are typed by students, so unlike the ids above they are not a grammar but a cleaning:
# Unicode NFKC first (fullwidth "ｓ０１" is "s01", a no-break space is a space), so two ids that
# only look alike in different encodings are one student and the usual latest-wins rule, which the
# report shows, decides between their files. What NFKC cannot make visible is refused.
MAX_STUDENT_ID_CHARS = 64  # a teacher-issued id (an email, a matriculation number) fits in 64
# Cc: controls (tab, line feed, U+0085); Cf: format (zero-width, right-to-left override, BOM);
# Zl, Zp: U+2028, U+2029; Co, Cs, Cn: private use, lone surrogates, unassigned.
_INVISIBLE = {"Cc": "a control character", "Cf": "an invisible format character"}
_INVISIBLE |= {"Zl": "a line separator", "Zp": "a paragraph separator"}
_INVISIBLE |= {"Co": "a private-use character", "Cs": "a lone surrogate"}
_INVISIBLE |= {"Cn": "an unassigned character"}


def clean_student_id(text: str) -> str:
    """The id as the grader keys it: NFKC, outer spaces stripped; ValueError says what is wrong."""
    cleaned = unicodedata.normalize("NFKC", text).strip(" ")
    if not cleaned:
        raise ValueError("the student id is blank")
    for char in cleaned:
        kind = _INVISIBLE.get(unicodedata.category(char))
        if kind:
            raise ValueError(f"the student id contains {kind} (U+{ord(char):04X})")
    if len(cleaned) > MAX_STUDENT_ID_CHARS:
        raise ValueError(
            f"the student id is {len(cleaned):,} characters long (limit {MAX_STUDENT_ID_CHARS})"
        )
    return cleaned


def printable(text: str) -> str:
    """``text`` with every character that could break or hide a line escaped (``\\u2028``).

    For strings from students' files (zip member names, error messages) copied into a report:
    escaped rather than refused, so the teacher still sees what the file said.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )
