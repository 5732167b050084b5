"""Shared fixtures: the built website, a headless Chromium page, and a notebook runner.

The site is built once per test session (incrementally, so a `make book` beforehand makes it quick).
Browser tests need Debian's Chromium; on a laptop without it they skip with a message saying so,
but in CI (``CI`` set) a missing browser is a failure, never a silent skip.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"

# The front matter every lesson starts with: a MyST Markdown notebook for jupytext and myst-nb.
MYST_HEADER = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


@pytest.fixture(scope="session")
def course_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The website, built with warnings as errors; the HTML folder."""
    from uspak.course import Course
    from uspak.problems import CourseFileError
    from uspak.website import build_book

    try:
        with _one_worker_at_a_time(ROOT / "book" / "_build" / "tests-building.lock"):
            return build_book(course=Course(ROOT))
    except CourseFileError as err:
        pytest.fail(f"the book does not build:\n{err}", pytrace=False)


@contextlib.contextmanager
def _one_worker_at_a_time(lock: Path) -> Iterator[None]:
    """Under pytest-xdist each worker builds the site; the first builds it, the next finds it
    up to date (Sphinx and jupyter-cache are not safe to run twice at once on one folder)."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on a free loopback port, as a student's browser would load it."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"{message}: browser tests must run in CI", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_page(browser):
    """A fresh page (own context, so no localStorage leaks between tests); records requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requested_urls = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requested_urls.append(request.url))
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def run_notebook() -> Callable[[Path], object]:
    """Execute a MyST lesson (or .ipynb) from a fresh kernel; return the executed notebook."""
    import jupytext
    from nbclient import NotebookClient

    def run(path: Path, cwd: Path | None = None):
        notebook = jupytext.read(path)
        client = NotebookClient(
            notebook,
            timeout=120,
            kernel_name="python3",
            resources={"metadata": {"path": str(cwd or path.parent)}},
        )
        client.execute()
        return notebook

    return run


def stderr_outputs(notebook) -> list[str]:
    """Every stderr stream a notebook printed (warnings land there)."""
    return [
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream" and output.get("name") == "stderr"
    ]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden files under tests/*/golden/ from this run's output.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether golden-file tests should rewrite their expected files instead of comparing."""
    return bool(request.config.getoption("--update-golden"))
