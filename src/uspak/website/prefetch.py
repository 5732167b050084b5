"""Execute the stale lessons in parallel into jupyter-cache, before Sphinx reads them.

Jupyter Book executes notebooks one after another while it reads them, so a clean build costs the
sum of every lesson's run time. myst-nb's ``cache`` mode looks a lesson up in jupyter-cache by the
hash of its code cells (and kernelspec) before executing it; filling that cache first, with
jupyter-cache's ``local-parallel`` executor (``uspak.website.executor``), spreads the runs over the
machine's cores. A lesson
whose code has not changed is not run at all; one that fails here is simply left uncached, so that
Sphinx executes it again and reports the failure the usual way, naming the lesson.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from uspak.lessons import lessons_in

# myst-nb's own reader for MyST notebooks, registered with jupyter-cache: the cache then hashes the
# same notebook that myst-nb will look up.
MYST_READER = {"name": "myst_nb_md", "type": "plugin"}


@dataclass(frozen=True)
class PrefetchResult:
    executed: list[str]  # lesson ids run now and cached
    failed: list[str]  # lesson ids that raised (Sphinx re-runs and reports them)
    cached: list[str]  # lesson ids whose code had not changed
    seconds: float


def prefetch_lessons(book: Path, cache_path: Path, *, timeout: int = 60) -> PrefetchResult:
    """Execute every lesson of the book that has no cached run, in parallel; report which."""
    from jupyter_cache import get_cache

    from uspak.website.executor import ParallelExecutor

    start = time.perf_counter()
    cache = get_cache(str(cache_path))
    by_uri = {}
    for lesson in lessons_in(book / "lessons"):
        record = cache.add_nb_to_project(str(lesson.path), read_data=MYST_READER)
        by_uri[record.uri] = lesson.id
    stale = {r.uri for r in cache.list_unexecuted(filter_uris=list(by_uri))}
    executed: list[str] = []
    failed: list[str] = []
    if stale:
        quiet = logging.getLogger("uspak.website.prefetch")
        quiet.setLevel(logging.ERROR)
        executor = ParallelExecutor(cache=cache, logger=quiet)
        result = executor.run_and_cache(filter_uris=sorted(stale), timeout=timeout)
        executed = sorted(by_uri[uri] for uri in result.succeeded)
        failed = sorted(by_uri[uri] for uri in result.excepted + result.errored)
    cached = sorted(lesson for uri, lesson in by_uri.items() if uri not in stale)
    return PrefetchResult(executed, failed, cached, time.perf_counter() - start)


STAMP = "uspak-prefetch.json"


# A MyST code cell, from its opening fence (with any options) to the matching closing fence.
_CODE_CELL = re.compile(r"^(`{3,})\{code-cell\}[^\n]*\n.*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_FRONT_MATTER = re.compile(r"\A---\n.*?^---[ \t]*$", re.MULTILINE | re.DOTALL)


def fingerprint(book: Path, timeout: int) -> str:
    """A hash of what execution depends on: every lesson's front matter (its kernelspec), its code
    cells with their options, and the timeout. A prose edit leaves it unchanged.

    Read with two regular expressions rather than jupytext, which costs about 0.4 s to parse
    nine lessons: this runs on every build, including the one after a one-word page edit.
    """
    digest = hashlib.sha256(f"timeout={timeout}".encode())
    for lesson in lessons_in(book / "lessons"):
        text = lesson.path.read_text(encoding="utf-8")
        front = _FRONT_MATTER.match(text)
        cells = [cell.group(0) for cell in _CODE_CELL.finditer(text)]
        parts = [lesson.id, front.group(0) if front else "", *cells]
        digest.update(json.dumps(parts).encode())
    return digest.hexdigest()


def is_current(book: Path, cache_path: Path, timeout: int) -> bool:
    """Did the last prefetch into this cache see exactly these lessons, and run them all?

    Saves the prefetch's start-up (about two seconds) on a build after a page or prose edit; if
    the guess is ever wrong, Sphinx executes the changed lesson itself, so the site is still right.
    """
    try:
        stamp = json.loads((cache_path / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stamp.get("fingerprint") == fingerprint(book, timeout)


def main(argv: list[str]) -> int:
    """``python -m uspak.website.prefetch BOOK CACHE TIMEOUT``: run apart from ``uspak build``,
    so that kernels' start-up chatter lands in the build log rather than on the terminal."""
    book, cache_path, timeout = Path(argv[0]), Path(argv[1]), int(argv[2])
    before = fingerprint(book, timeout)
    result = prefetch_lessons(book, cache_path, timeout=timeout)
    print(json.dumps(dataclasses.asdict(result)))
    if not result.failed:
        stamp = json.dumps({"fingerprint": before})
        (cache_path / STAMP).write_text(stamp, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
