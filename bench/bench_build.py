"""Benchmark the course website's build and pages; prints figures, asserts nothing.

    .venv/bin/python bench/bench_build.py            # everything (a few minutes)
    .venv/bin/python bench/bench_build.py --no-exec  # skip the per-lesson execution timings
    .venv/bin/python bench/bench_build.py --site book/_build/html  # first view of a built site only

Works on a copy of the course in a temporary folder, so the working tree's build is untouched:

- cold build: ``uspak build --clean`` (lessons executed in parallel into jupyter-cache first);
- warm rebuilds after editing one Markdown page (three edits: median and range), one lesson's
  prose, and one lesson's code;
- each lesson executed alone from a fresh kernel (nbclient), serially, ``--repeat`` times
  (median and range: a single run on this 2-core machine varies by half a second);
- each lesson page's own weight: its HTML, its images and the exercise assets, without the theme's
  shared assets (listed apart), and how many times the page loads the exercise script;
- each lesson page's first view in headless Chromium at 390 x 844, served over loopback with an
  empty cache: every request and the bytes of every response body (uncompressed), the theme's
  fonts and scripts included.

Targets (issue 7): cold build < 30 s, page-edit rebuild < 3 s, each lesson < 3 s to execute,
each lesson page's own weight < 300 KB, the exercise script loaded once per page.
Issue 15: a lesson's first view under 1 MB uncompressed (moonshot 600 KB) and under 25 requests.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from uspak.course import Course
from uspak.lessons import list_lessons

ROOT = Path(__file__).resolve().parents[1]
FLOOR_NOTEBOOK = Path(__file__).with_name("floor") / "floor-notebook.md"
COPIED = ["book", "lessons", "data", "exercises"]
EXERCISE_SCRIPT = "exercise.bundle.js"  # the engine as one classic script (check.js inside)
OWN_ASSETS = ("exercise.bundle.js", "exercise.css")


def copy_course(target: Path) -> Path:
    for name in COPIED:
        source = ROOT / name
        ignore = shutil.ignore_patterns("_build", "*.ipynb", ".ipynb_checkpoints")
        shutil.copytree(source, target / name, symlinks=True, ignore=ignore)
    return target


def timed_build(root: Path, *, clean: bool = False) -> float:
    from uspak.website import build_book

    start = time.perf_counter()
    build_book(course=Course(root), clean=clean)
    return time.perf_counter() - start


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


class Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag in ("script", "img") and attr.get("src"):
            self.urls.append(attr["src"])
        elif tag == "link" and "stylesheet" in (attr.get("rel") or ""):
            self.urls.append(attr["href"] or "")


def page_weight(page: Path) -> tuple[int, int, int]:
    """(own bytes, shared theme bytes, times the exercise script is loaded) for one page."""
    parser = Assets()
    parser.feed(page.read_text(encoding="utf-8"))
    own, shared = page.stat().st_size, 0
    seen: set[Path] = set()
    for url in parser.urls:
        path = urlsplit(url).path
        if not path or urlsplit(url).scheme:
            continue
        asset = (page.parent / path).resolve()
        if asset in seen or not asset.is_file():
            continue
        seen.add(asset)
        size = asset.stat().st_size
        is_own = asset.suffix in (".png", ".svg", ".jpg") or asset.name in OWN_ASSETS
        if is_own:
            own += size
        else:
            shared += size
    loads = sum(1 for url in parser.urls if urlsplit(url).path.endswith(EXERCISE_SCRIPT))
    return own, shared, loads


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def first_views(site: Path, lesson_ids: list[str]) -> dict[str, tuple[int, int]]:
    """Each lesson page's first view at phone size: (requests, bytes of all response bodies)."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    args += ["--disable-component-update", "--disable-sync"]
    views = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for lesson_id in lesson_ids:
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            responses = []
            page.on("response", lambda response, seen=responses: seen.append(response))
            page.goto(f"{base}/lessons/{lesson_id}.html", wait_until="networkidle")
            size = 0
            for response in responses:
                with contextlib.suppress(Exception):  # a redirect has no body
                    size += len(response.body())
            views[lesson_id] = (len(responses), size)
            context.close()
        browser.close()
    server.shutdown()
    return views


def print_first_views(site: Path, lesson_ids: list[str]) -> None:
    print("\nlesson first view at 390x844 (target < 25 requests, < 1 MB uncompressed)")
    for lesson_id, (requests, size) in first_views(site, lesson_ids).items():
        print(f"  {lesson_id:20} {requests:3d} requests   {size / 1024:7.0f} KiB")


def spread(seconds: list[float]) -> str:
    """Median and range of repeated timings, as printed in the issue note."""
    if len(seconds) == 1:
        return f"{seconds[0]:5.1f} s"
    median = statistics.median(seconds)
    return f"{median:5.1f} s  (range {min(seconds):.1f}-{max(seconds):.1f}, n={len(seconds)})"


def execution_seconds(
    notebooks: dict[str, Path], repeat: int
) -> dict[str, tuple[list[float], list[float]]]:
    """Each notebook from a fresh kernel: (whole runs, cells only) for every notebook.

    A whole run includes the kernel's start and shutdown, as a build pays them; "cells only" is
    the notebook's own code. The notebooks take turns, so that a burst of load spreads over all.
    """
    import jupytext
    from nbclient import NotebookClient

    times: dict[str, tuple[list[float], list[float]]] = {}
    for _ in range(repeat):
        for name, path in notebooks.items():
            notebook = jupytext.read(path)
            client = NotebookClient(
                notebook, timeout=120, kernel_name="python3", shutdown_kernel="immediate"
            )  # as the build's executor (uspak.website.executor) runs them
            client.resources = {"metadata": {"path": str(path.parent)}}
            start = time.perf_counter()
            with client.setup_kernel():
                ready = time.perf_counter()
                for index, cell in enumerate(notebook.cells):
                    client.execute_cell(cell, index)
                cells = time.perf_counter() - ready
            whole, own = times.setdefault(name, ([], []))
            whole.append(time.perf_counter() - start)
            own.append(cells)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-exec", action="store_true", help="skip per-lesson execution")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each lesson (default 3)")
    parser.add_argument("--site", type=Path, help="only measure the first views of this built site")
    args = parser.parse_args()
    if args.site:
        print_first_views(args.site, [lesson.id for lesson in list_lessons(Course(ROOT))])
        return 0
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="uspak-bench-") as tmp:
        root = copy_course(Path(tmp))
        lessons = list_lessons(Course(root))
        cold = timed_build(root, clean=True)
        print(f"cold build (clean, {len(lessons)} lessons): {cold:6.1f} s   target < 30 s")
        noop = timed_build(root)
        print(f"rebuild, nothing changed:        {noop:6.1f} s")
        page = []
        for n in range(3):
            append(root / "book" / "how-to-use.md", f"\nSentence {n} for the benchmark.\n")
            page.append(timed_build(root))
        print(f"rebuild after a page edit:       {spread(page)}   target < 3 s")
        append(lessons[-1].path, "\nOne more sentence for the benchmark.\n")
        prose = timed_build(root)
        print(f"rebuild after a lesson prose edit: {prose:4.1f} s   (no re-execution)")
        append(lessons[-1].path, "\n```{code-cell} ipython3\nbenchmark_edit = 1\n```\n")
        code = timed_build(root)
        print(f"rebuild after a lesson code edit: {code:5.1f} s   (re-executes that lesson)")

        html = root / "book" / "_build" / "html"
        print("\nlesson page weight (own = HTML + images + exercise assets; target < 300 KB)")
        for lesson in lessons:
            own, shared, loads = page_weight(html / "lessons" / f"{lesson.id}.html")
            print(
                f"  {lesson.id:20} own {own / 1024:6.0f} KB   theme {shared / 1024:6.0f} KB"
                f"   exercise script loaded {loads}x"
            )
        print_first_views(html, [lesson.id for lesson in lessons])

    if not args.no_exec:
        print("\nlesson execution, each alone from a fresh kernel (target < 3 s)")
        notebooks = {lesson.id: lesson.path for lesson in list_lessons(Course(ROOT))}
        notebooks["floor (reference)"] = FLOOR_NOTEBOOK
        for name, (whole, cells) in execution_seconds(notebooks, args.repeat).items():
            print(f"  {name:20} {spread(whole)}   cells only {spread(cells)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
