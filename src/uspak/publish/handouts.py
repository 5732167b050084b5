"""Handouts: each lesson of the built website as a PDF worksheet, and one PDF of the teacher notes.

Teachers print lessons for classes without devices. A printed exercise widget is useless (a
select hides its options, a Check button does nothing), so each exercise is replaced by a
worksheet question: its prompt, its options listed, and a line or box to write on. The question
is compiled in the assessment edition (``uspak.exercises.edition``), which has no key material of
any kind, so no hash, explanation, feedback or solution can reach the paper.

The PDFs are printed by Chromium's own command line (``chromium --headless --print-to-pdf``)
rather than through Playwright: Playwright is only a test dependency, and a teacher's machine
needs nothing but a Chromium. Every script is taken out of the page printed (the HTML written
here and nothing else), so the PDF does not depend on timing or on the network. (Chromium's
``--blink-settings=scriptEnabled=false`` would be the obvious switch, but with it Chromium 156
writes no PDF at all.)
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from uspak.course import Course, located
from uspak.exercises.bank import load_bank
from uspak.exercises.compile import compile_exercise
from uspak.lessons import list_lessons

ENVIRONMENT = "USPAK_CHROMIUM"
# Looked up on PATH, in this order, then the usual absolute places.
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CANDIDATES: tuple[Path, ...] = (
    Path("/usr/bin/chromium"),
    Path("/usr/bin/chromium-browser"),
    Path("/snap/bin/chromium"),
    Path("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"),
)
# The page is a local file with no script in it, so Chromium's sandbox adds nothing here,
# and it cannot start at all as root (containers, CI) without --no-sandbox.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
    # Shared memory in /tmp instead: containers often give /dev/shm only 64 MB.
    "--disable-dev-shm-usage",
)
TIMEOUT_SECONDS = 120
TEACHER_NOTES = "teacher-notes"

# The self-contained HTML that uspak.exercises.widget writes for the website: its JSON escapes
# every "<", so [^<]* spans it exactly.
EXERCISE_ROOT = re.compile(
    r'<div class="uspak-exercise-root" data-exercise-id="([^"]+)">'
    r'<script type="application/json">[^<]*</script>(?:<noscript>[^<]*</noscript>)?</div>'
)
HAND_IN_ROOT = re.compile(
    r'<div class="uspak-hand-in-root" data-hand-in-lesson="[^"]*">'
    r'<script type="application/json">[^<]*</script>(?:<noscript>[^<]*</noscript>)?</div>'
)
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)
ARTICLE = re.compile(r'(<article class="bd-article">)(.*?)(</article>)', re.S)
TITLE = re.compile(r"(<h1\b[^>]*>.*?</h1>)", re.S)

WORKSHEET_CSS = """
@page { size: A4; margin: 15mm 14mm; }
.uspak-worksheet { border: 1px solid #767676; border-radius: 6px; padding: 0.6rem 0.9rem;
  margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; color: #1a1a1a; background: #fff; }
.uspak-worksheet h3 { font-size: 1.05rem; margin: 0 0 0.4rem; }
.uspak-worksheet .ws-how { font-style: italic; margin: 0.3rem 0; }
.uspak-worksheet ol.ws-options { list-style: none; padding-left: 0; }
.uspak-worksheet ol.ws-options li { margin: 0.3rem 0; }
.uspak-worksheet .ws-mark { display: inline-block; width: 1.1em; height: 1.1em;
  border: 1px solid #000; vertical-align: -0.2em; margin-right: 0.4em; }
.uspak-worksheet .ws-line { border-bottom: 1px solid #000; height: 1.9rem; margin: 0.2rem 0; }
.uspak-worksheet .ws-box { border: 1px solid #000; min-height: 9rem; margin: 0.4rem 0; }
.uspak-worksheet table.ws-pairs { border-collapse: collapse; width: 100%; }
.uspak-worksheet table.ws-pairs td { border: 0; padding: 0.3rem 0.4rem; vertical-align: bottom; }
.uspak-worksheet table.ws-pairs td.ws-blank { width: 3rem; border-bottom: 1px solid #000; }
.ws-name { display: flex; gap: 2rem; margin: 0.5rem 0 1rem; }
.ws-name span { flex: 1; border-bottom: 1px solid #000; padding-top: 1.2rem; font-size: 0.9rem; }
details.above-input, .cell_input.hide, .headerlink { display: none !important; }
/* The teacher notes: each lesson's notes from a new page, under its own title (the theme hides
   an article's h1 in print, as the page title is printed above it). */
section.ws-notes { break-before: page; }
section.ws-notes h1 { display: block !important; }
"""


class HandoutError(RuntimeError):
    """No handout can be written (no Chromium, no site, Chromium failed): one line says why."""


@dataclass(frozen=True)
class Handout:
    name: str  # the lesson id, or "teacher-notes"
    pdf: Path
    html: Path | None  # the page Chromium printed, when asked to keep it


def find_chromium(explicit: Path | None = None) -> Path:
    """The Chromium to print with: ``explicit``, else ``USPAK_CHROMIUM``, PATH, usual places."""
    named = explicit or (Path(os.environ[ENVIRONMENT]) if os.environ.get(ENVIRONMENT) else None)
    if named is not None:
        if not named.is_file():
            raise HandoutError(f"no Chromium at {named}")
        return named
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    for candidate in CANDIDATES:
        if candidate.is_file():
            return candidate
    raise HandoutError(
        "no Chromium found, so no PDF can be printed: install Chromium "
        f"(for example apt-get install chromium) or set {ENVIRONMENT} to its path"
    )


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def _lines(count: int) -> str:
    return '<div class="ws-line"></div>' * count


def worksheet_html(exercise: dict, *, number: int) -> str:
    """One exercise as a printed question, from its assessment-edition compiled form (which has
    no key: this function never sees one)."""
    kind = exercise["type"]
    title = f"Question {number}"
    if exercise.get("title"):
        title += f": {exercise['title']}"
    points = exercise.get("points", 1)
    parts = [
        f'<div class="uspak-worksheet" data-worksheet-id="{html.escape(exercise["id"])}">',
        f"<h3>{title} <small>({points} point{'s' if points != 1 else ''})</small></h3>",
        exercise["prompt"],
    ]
    if kind in ("single_choice", "multiple_select"):
        how = "Tick one." if kind == "single_choice" else "Tick every answer that applies."
        options = "".join(
            f'<li><span class="ws-mark"></span>{_letter(i)}. {o["text"]}</li>'
            for i, o in enumerate(exercise["options"])
        )
        parts += [f'<p class="ws-how">{how}</p>', f'<ol class="ws-options">{options}</ol>']
    elif kind == "numeric":
        unit = f" ({html.escape(exercise['unit'])})" if exercise.get("unit") else ""
        parts += [f'<p class="ws-how">Write your answer{unit} on the line.</p>', _lines(1)]
    elif kind == "short_text":
        parts += ['<p class="ws-how">Write your answer on the line.</p>', _lines(1)]
    elif kind == "ordering":
        items = "".join(
            f'<li><span class="ws-mark"></span>{i["text"]}</li>' for i in exercise["items"]
        )
        parts += [
            '<p class="ws-how">Number the boxes in order, starting from 1.</p>',
            f'<ol class="ws-options">{items}</ol>',
        ]
    elif kind == "matching":
        pairs = "".join(
            f'<tr><td class="ws-blank"></td><td>{left["text"]}</td></tr>'
            for left in exercise["left"]
        )
        rights = "".join(
            f"<li>{_letter(i)}. {right['text']}</li>" for i, right in enumerate(exercise["right"])
        )
        parts += [
            '<p class="ws-how">Write the letter of the matching item on each line.</p>',
            f'<table class="ws-pairs">{pairs}</table>',
            f'<ol class="ws-options">{rights}</ol>',
        ]
    elif kind == "code":
        name = html.escape(exercise.get("result_name", "answer"))
        parts += [
            f'<p class="ws-how">Write the code, and the value <code>{name}</code> ends up '
            "holding.</p>",
            '<div class="ws-box"></div>',
            _lines(1),
        ]
    else:  # a type added later still prints as a question with room for the answer
        parts += [
            '<p class="ws-how">Write your answer in the box.</p>',
            '<div class="ws-box"></div>',
        ]
    parts.append("</div>")
    return "\n".join(parts)


def _printable(page: str, *, base: Path) -> str:
    """A built page ready to print: no scripts, relative links resolved against the site."""
    page = SCRIPT.sub("", page)
    head = f'<base href="{base.as_uri()}"><style>{WORKSHEET_CSS}</style>'
    return page.replace("<head>", f"<head>{head}", 1)


def lesson_handout_html(page: str, *, lesson: str, base: Path, course: Course) -> str:
    """The lesson page ``page`` (the built site's HTML) with every exercise a worksheet question."""
    compiled = {
        spec.id: compile_exercise(spec, edition="assessment") for spec in load_bank(lesson, course)
    }
    numbers: dict[str, int] = {}

    def question(match: re.Match) -> str:
        exercise_id = match.group(1)
        if exercise_id not in compiled:
            raise HandoutError(f"lessons/{lesson}: the page shows {exercise_id}, not in its bank")
        numbers.setdefault(exercise_id, len(numbers) + 1)
        return worksheet_html(compiled[exercise_id], number=numbers[exercise_id])

    page = EXERCISE_ROOT.sub(question, page)
    page = HAND_IN_ROOT.sub(
        '<p class="ws-how">On paper: write your name above and give this sheet to your '
        "teacher.</p>",
        page,
    )
    name = '<div class="ws-name"><span>Name</span><span>Class</span><span>Date</span></div>'
    page = TITLE.sub(lambda m: m.group(1) + name, page, count=1)
    return _printable(page, base=base)


def teacher_notes_html(pages: list[tuple[str, Path]]) -> str:
    """Every lesson's teacher notes in one page: the first page, holding every page's article."""
    first, base = pages[0]
    articles = []
    for page, _ in pages:
        found = ARTICLE.search(page)
        if found:
            articles.append(f'<section class="ws-notes">{found.group(2)}</section>')
    joined = ARTICLE.sub(lambda m: m.group(1) + "".join(articles) + m.group(3), first, count=1)
    return _printable(joined, base=base)


def print_pdf(*, chromium: Path, page: Path, pdf: Path) -> None:
    """Print the HTML file ``page`` to ``pdf`` with a headless Chromium."""
    with tempfile.TemporaryDirectory(prefix="uspak-chromium-") as profile:
        command = [
            str(chromium),
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            raise HandoutError(
                f"{chromium} did not print {page.name} in {TIMEOUT_SECONDS} s"
            ) from None
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise HandoutError(f"{chromium} could not print {page.name}: {last}")


def write_handouts(
    out: Path,
    *,
    course: Course | None = None,
    site: Path | None = None,
    chromium: Path | None = None,
    keep_html: bool = False,
) -> list[Handout]:
    """Write ``<lesson>.pdf`` for every lesson and ``teacher-notes.pdf`` into ``out``, printed
    from the built website ``site`` (default: the course's ``book/_build/html``)."""
    course = located(course)
    browser = find_chromium(chromium)  # before anything is written: no Chromium, no folder
    if site is None:
        from uspak.website.builder import site_dir

        site = site_dir(course.book)
    if not (site / "lessons").is_dir():
        raise HandoutError(f"no built website at {site}: run `uspak build` first")
    out.mkdir(parents=True, exist_ok=True)
    pages_dir = out / "html" if keep_html else Path(tempfile.mkdtemp(prefix="uspak-handouts-"))
    pages_dir.mkdir(exist_ok=True)
    try:
        written = []
        for lesson in list_lessons(course):
            built = site / "lessons" / f"{lesson.id}.html"
            if not built.is_file():
                raise HandoutError(f"{built} is missing: run `uspak build` first")
            text = lesson_handout_html(
                built.read_text(encoding="utf-8"), lesson=lesson.id, base=built, course=course
            )
            written.append(_print(lesson.id, text, browser, out, pages_dir, keep_html))
        notes = sorted((site / "teacher").glob("[0-9][0-9]-*.html"))
        if notes:
            text = teacher_notes_html([(p.read_text(encoding="utf-8"), p) for p in notes])
            written.append(_print(TEACHER_NOTES, text, browser, out, pages_dir, keep_html))
        return written
    finally:
        if not keep_html:
            shutil.rmtree(pages_dir, ignore_errors=True)


def _print(
    name: str, text: str, browser: Path, out: Path, pages_dir: Path, keep_html: bool
) -> Handout:
    page = pages_dir / f"{name}.html"
    page.write_text(text, encoding="utf-8")
    pdf = out / f"{name}.pdf"
    print_pdf(chromium=browser, page=page, pdf=pdf)
    return Handout(name, pdf, page if keep_html else None)
