"""``uspak build``: the course website, with every warning treated as an error.

Jupyter Book's own output is long; a maintainer needs one line per problem that names the file.
The full log is kept in ``book/_build/build.log``.

After the copy, the theme's style sheets in the published site are trimmed of the rules no page
can match (``uspak.website.css_purge``).

Sphinx builds into a staging folder (``book/_build/.staging``, kept between builds so that they
stay incremental). Only a build without a problem is copied over the published site,
``book/_build/html``: a teacher serving that folder never serves a half-built or broken page.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from uspak.checks import check_course
from uspak.course import Course, located
from uspak.exercises.edition import EDITIONS, ENVIRONMENT
from uspak.problems import CourseFileError, Problem
from uspak.website import css_purge, lesson_inputs, prefetch, sphinx_runner
from uspak.website.site_copy import update_site

_WARNING = re.compile(
    r"^(?:(?P<file>[^\s:][^:]*?)(?::(?P<line>\d+))?: )?(?:WARNING|ERROR|CRITICAL): (?P<msg>.*)$"
)
_TRACEBACK_LOG = re.compile(r"Notebook exception traceback saved in: (?P<log>\S+)")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class BuildFailed(CourseFileError):
    """The build found problems; ``site`` is the published site, left as it was (if any)."""

    def __init__(self, problems: list[Problem], site: Path | None):
        super().__init__(problems)
        self.site = site


def staging_dir(book: Path, edition: str = "practice") -> Path:
    """Where Sphinx builds (``jupyter-book --path-output``): its html, doctrees and caches.

    Each edition has its own, so that its executed lessons (whose exercises differ) are cached
    apart."""
    suffix = "" if edition == "practice" else f"-{edition}"
    return book / "_build" / f".staging{suffix}" / "_build"


def site_dir(book: Path, edition: str = "practice") -> Path:
    """The published site: ``book/_build/html``, or ``book/_build/html-assessment``."""
    return book / "_build" / ("html" if edition == "practice" else f"html-{edition}")


def build_book(
    *, course: Course | None = None, clean: bool = False, edition: str = "practice"
) -> Path:
    """Build the website incrementally (``clean`` rebuilds from scratch); return the HTML folder.

    ``edition`` is "practice" (pages check themselves) or "assessment" (no key material on any
    page; see ``uspak.exercises.edition``). Raises BuildFailed listing every problem: the static
    checks first (so a missing data file or toc entry is named before Sphinx starts), then every
    warning or error of the build. Then the published site is not touched.
    """
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}: the editions are {', '.join(EDITIONS)}")
    course = located(course)
    root, book = course.root, course.book
    site = site_dir(book, edition)
    staging = staging_dir(book, edition)
    env = {**os.environ, ENVIRONMENT: edition}  # the lessons' kernels inherit it
    child = sphinx_runner.start(root, env)  # imports Sphinx while the checks run
    try:
        problems = check_course(course)
        if problems:
            raise BuildFailed(problems, site if site.is_dir() else None)
        inputs = lesson_inputs.fingerprint(course)
        clean = clean or lesson_inputs.has_changed(staging, inputs)
        if clean and staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True, exist_ok=True)
        prefetch_log = _prefetch_lessons(book, staging, env)
        args = [str(book), "--path-output", str(staging.parent), "--warningiserror", "--keep-going"]
        returncode, log = sphinx_runner.build(child, [*args, *(["--all"] if clean else [])])
    except BaseException:
        sphinx_runner.cancel(child)
        raise
    log_file = book / "_build" / site.name.replace("html", "build", 1)
    log_file.with_suffix(".log").write_text(prefetch_log + log, encoding="utf-8")
    problems = build_problems(log, root)
    if returncode != 0 and not problems:
        message = f"jupyter-book build failed; see {log_file.with_suffix('.log').relative_to(root)}"
        problems = [Problem("book", message)]
    if problems:
        raise BuildFailed(problems, site if site.is_dir() else None)
    update_site(staging / "html", site)
    # On the published copy: the staging site keeps the theme's sheets whole, so that the next
    # (incremental) build trims them again from the whole sheet for the pages it then has.
    css_purge.purge_site(site)
    lesson_inputs.stamp(staging, inputs)
    return site


def _prefetch_lessons(book: Path, build_dir: Path, env: dict[str, str]) -> str:
    """Run the stale lessons in parallel into the cache myst-nb reads; return the run's log.

    A lesson that fails here is left to Sphinx, which runs it again and reports it.
    """
    execute = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8")).get("execute", {})
    if execute.get("execute_notebooks") != "cache":
        return ""
    cache, timeout = build_dir / ".jupyter_cache", int(execute.get("timeout", 60))
    if prefetch.is_current(book, cache, timeout):
        return "prefetch: no lesson changed since every lesson was cached\n"
    cmd = [sys.executable, "-m", "uspak.website.prefetch", str(book), str(cache), str(timeout)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=book.parent, env=env)
    return f"$ python {' '.join(cmd[1:])}\n{proc.stdout}{proc.stderr}\n"


def build_problems(log: str, root: Path) -> list[Problem]:
    """One Problem per warning in a Sphinx log, a failed notebook reduced to its exception line."""
    problems: list[Problem] = []
    seen: set[str] = set()
    lines = log.splitlines()
    for index, text in enumerate(lines):
        match = _WARNING.match(_ANSI.sub("", text).strip())
        if not match:
            continue
        message = match["msg"]
        if message.startswith("Notebook exception traceback saved in"):
            continue
        file = _relative(match["file"], root) if match["file"] else "book"
        if "Executing notebook failed" in message:
            following = "\n".join(lines[index + 1 : index + 4])
            message = f"the notebook raised {_exception_line(following)}"
        problem = Problem(file, message, int(match["line"]) if match["line"] else None)
        if str(problem) not in seen:
            seen.add(str(problem))
            problems.append(problem)
    return problems


def _exception_line(log: str) -> str:
    """The exception named in the traceback log that myst-nb saved for a failed notebook."""
    for match in _TRACEBACK_LOG.finditer(log):
        path = Path(match["log"])
        if path.is_file():
            text = _ANSI.sub("", path.read_text(encoding="utf-8"))
            tail = [ln for ln in text.splitlines() if ln.strip()]
            for ln in reversed(tail):
                if re.match(r"^\w+(\.\w+)*(Error|Exception|Interrupt|Warning)\b", ln.strip()):
                    return ln.strip()
            return tail[-1].strip() if tail else "an exception"
    return "an exception"


def _relative(file: str, root: Path) -> str:
    path = Path(file)
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except (ValueError, OSError):
        return file
