"""The lessons as files: which exist, what kind each is, and whether what they call exists.

A lesson that names a missing exercise or table would fail only when the book executes it;
checking the calls statically lets ``uspak check`` name the lesson and line in a second.

Most lesson files teach (a reading, the article's claims, a timeline); an assessment page (the
final assessment) is handed in and graded like a lesson but teaches nothing new. Its front matter
says so (``uspak: {lesson: ..., kind: assessment}``), so that what is required of a taught lesson
is decided from the file, not from a list of ids kept elsewhere.

The front matter also declares which official voices a taught lesson must present where the topic
concerns their governments (``uspak: {lesson: ..., voices: [afghan-official, chinese-official]}``,
values from the ``perspective`` vocabulary of book/references.bib); tests/lessons holds each
lesson to its declaration, so no lesson must quote Kabul or Beijing on topics they had no part in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from uspak.course import Course, located
from uspak.ids import LESSON_ID
from uspak.problems import Problem

LESSON_FILE = re.compile(f"^{LESSON_ID}\\.md$")
_HEADER = re.compile(r"\A---\n.*?format_name: myst.*?kernelspec:.*?\n---\n", re.S)
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_VOICE = re.compile(r"[a-z]+(-[a-z]+)*")  # a perspective name, as in book/references.bib
TAUGHT = "taught"
ASSESSMENT = "assessment"
KINDS = (TAUGHT, ASSESSMENT)
_CODE_CELL = re.compile(r"^```\{code-cell\}", re.M)
_CALL = re.compile(
    r"""\b(show_exercise|load_table|show_hand_in|timeline_for|show_excerpt)\(\s*["']([^"']+)["']"""
)


@dataclass(frozen=True)
class Lesson:
    id: str  # "03-economy"
    path: Path
    kind: str = TAUGHT  # front matter ``uspak.kind``: "taught" (the default) or "assessment"
    voices: tuple[str, ...] = ()  # front matter ``uspak.voices``: official voices it must cite

    @property
    def number(self) -> int:
        return int(self.id[:2])

    @property
    def is_assessment(self) -> bool:
        return self.kind == ASSESSMENT


def list_lessons(course: Course | None = None) -> list[Lesson]:
    return lessons_in(located(course).lessons)


def lessons_in(folder: Path) -> list[Lesson]:
    """The lessons in ``folder``, by the path given (the book reaches them through book/lessons,
    and its execution cache and page dependencies must name them that way)."""
    lessons = []
    for path in sorted(folder.glob("*.md")):
        if LESSON_FILE.match(path.name):
            meta = _uspak_front_matter(path)
            lessons.append(Lesson(path.stem, path, _kind(meta), _voices(meta)))
    return lessons


def taught_lessons(course: Course | None = None) -> list[Lesson]:
    """The lessons that teach (not the assessment pages): what has claims, a timeline, a reading."""
    return [lesson for lesson in list_lessons(course) if not lesson.is_assessment]


def _uspak_front_matter(path: Path) -> dict:
    """The front matter's ``uspak`` mapping ({} when absent or unreadable)."""
    try:
        match = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        meta = yaml.safe_load(match[1]) if match else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    uspak = meta.get("uspak") if isinstance(meta, dict) else None
    return uspak if isinstance(uspak, dict) else {}


def _kind(meta: dict) -> str:
    """``uspak.kind`` as written (``taught`` when absent; ``check_lessons`` names a value that
    is not one of ``KINDS``)."""
    kind = meta.get("kind", TAUGHT)
    return kind if isinstance(kind, str) else repr(kind)


def _voices(meta: dict) -> tuple[str, ...]:
    """``uspak.voices``, the official voices the lesson must cite (none when absent); a value
    that is not a list of names is kept as its repr, which ``check_lessons`` names."""
    voices = meta.get("voices", [])
    if not isinstance(voices, list):
        return (repr(voices),)
    return tuple(v if isinstance(v, str) else repr(v) for v in voices)


def check_lessons(
    course: Course | None = None,
    *,
    exercise_ids: set[str] | None,
    table_names: set[str] | None,
    excerpt_lessons: dict[str, str] | None = None,
) -> list[Problem]:
    """Every lesson is a MyST notebook and calls only exercises and tables that exist.

    ``excerpt_lessons`` maps each excerpt id to the lesson that may show it.
    ``None`` for the ids, the tables or the excerpts means they are not known (a bank or the data
    descriptor is malformed and reported as such): the lessons' calls are then not blamed for it.

    The notebook test is structural (header and code cells), not a full jupytext parse: it keeps
    ``uspak check`` well under a second, and the build reports anything subtler.
    """
    course = located(course)
    problems: list[Problem] = []
    for lesson in list_lessons(course):
        rel = str(lesson.path.relative_to(course.root))
        try:
            text = lesson.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(rel, f"cannot be read as UTF-8 text: {error}"))
            continue
        if not _HEADER.match(text):
            problems.append(
                Problem(rel, "has no jupytext header (format_name: myst, kernelspec)", 1)
            )
        elif not _CODE_CELL.search(text):
            problems.append(Problem(rel, "has no code cells (```{code-cell} ipython3)"))
        if lesson.kind not in KINDS:
            message = f"kind {lesson.kind!r} is not one of {', '.join(KINDS)}"
            problems.append(Problem(rel, message, item="uspak.kind"))
        if not all(_VOICE.fullmatch(voice) for voice in lesson.voices):
            message = f"voices {', '.join(lesson.voices)} is not a list of perspective names"
            problems.append(
                Problem(rel, f"{message} (e.g. [chinese-official])", item="uspak.voices")
            )
        for lineno, line in enumerate(text.splitlines(), 1):
            for func, arg in _CALL.findall(line):
                if func == "show_exercise" and exercise_ids is not None and arg not in exercise_ids:
                    problems.append(Problem(rel, f"no exercise with id {arg!r}", lineno, func))
                elif func == "load_table" and table_names is not None and arg not in table_names:
                    problems.append(Problem(rel, f"no data table named {arg!r}", lineno, func))
                elif func == "show_hand_in" and arg != lesson.id:
                    problems.append(
                        Problem(rel, f"hands in {arg!r}, expected {lesson.id!r}", lineno, func)
                    )
                elif func == "show_excerpt" and excerpt_lessons is not None:
                    owner = excerpt_lessons.get(arg)
                    if owner != lesson.id:
                        message = (
                            f"no excerpt with id {arg!r} in data/excerpts.csv"
                            if owner is None
                            else f"shows excerpt {arg!r}, which belongs to lesson {owner!r}"
                        )
                        problems.append(Problem(rel, message, lineno, func))
                elif func == "timeline_for" and arg != lesson.id:
                    problems.append(
                        Problem(rel, f"shows the timeline of {arg!r}, not its own", lineno, func)
                    )
    return problems


def exercise_numbers(lesson: str, course: Course | None = None) -> dict[str, int]:
    """Exercise id -> its place (1, 2, ...) among the exercises the lesson shows, in page order."""
    path = located(course).lessons / f"{lesson}.md"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    shown = [arg for func, arg in _CALL.findall(text) if func == "show_exercise"]
    return {exercise_id: n for n, exercise_id in enumerate(dict.fromkeys(shown), 1)}
