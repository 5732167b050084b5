"""Running a lesson's code in the page: cold start, bytes downloaded, warm re-runs.

Prints figures; asserts nothing. Targets (issue 16): under 10 s from the first click to the
first chart, cold, in this machine's headless Chromium; under 1 s per cell, warm. Serves the
built site (``uspak build`` first) on 127.0.0.1 with every other host aborted. "gzip" is what
the same downloaded files weigh gzipped (level 6), for a server that compresses; the server here
sends them plain.

    PYTHONPATH=src .venv/bin/python bench/bench_pyodide.py [lesson-id ...]
"""

from __future__ import annotations

import functools
import gzip
import http.server
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "book" / "_build" / "html"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip
TIMEOUT_MS = 180_000
FINISHED = "(i) => ['done', 'error'].includes(document.querySelectorAll('.uspak-run-bar')[i]" \
    ".closest('div.cell').dataset.runState)"  # fmt: skip


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def serve() -> str:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(SITE))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def offline_page(browser, url: str):
    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url) else r.abort())
    page.fetched = []  # type: ignore[attr-defined]
    page.on("requestfinished", lambda request: page.fetched.append(request.url))
    return context, page


def downloaded_bytes(urls: list[str]) -> tuple[int, int]:
    """Plain and gzipped bytes of the Pyodide files a page fetched (from the site folder)."""
    plain = packed = 0
    for url in set(urls):
        path = SITE / urlparse(url).path.lstrip("/")
        if "/_static/pyodide/" in url and path.is_file():
            data = path.read_bytes()
            plain += len(data)
            packed += len(gzip.compress(data, compresslevel=6))
    return plain, packed


def chart_cell(page) -> int:
    return page.evaluate(
        """() => [...document.querySelectorAll('.uspak-run-bar')].findIndex((bar) =>
             /plt\\.|subplots\\(/.test(bar.closest('div.cell').querySelector('textarea').value))"""
    )


def measure(browser, url: str, lesson: str) -> None:
    address = f"{url}/lessons/{lesson}.html"
    context, page = offline_page(browser, address.split("/lessons/")[0])
    page.goto(address)
    page.wait_for_selector(".uspak-run-button")
    start = time.perf_counter()
    page.locator(".uspak-run-button").first.click()
    page.wait_for_function(FINISHED, arg=0, timeout=TIMEOUT_MS)
    first_output = time.perf_counter() - start
    plain, packed = downloaded_bytes(page.fetched)
    context.close()

    context, page = offline_page(browser, url)
    page.goto(address)
    page.wait_for_selector(".uspak-run-button")
    chart = chart_cell(page)
    start = time.perf_counter()
    page.locator(".uspak-run-button").nth(chart).click()
    page.wait_for_selector(".uspak-run-output img", timeout=TIMEOUT_MS)
    first_chart = time.perf_counter() - start
    page.locator(".uspak-run-all").click()
    count = page.locator(".uspak-run-bar").count()
    page.wait_for_function(FINISHED, arg=count - 1, timeout=TIMEOUT_MS)
    warm = []
    for i in range(count):
        page.evaluate(
            "(i) => { document.querySelectorAll('.uspak-run-bar')[i]"
            ".closest('div.cell').dataset.runState = ''; }",
            i,
        )
        start = time.perf_counter()
        page.locator(".uspak-run-button").nth(i).click()
        page.wait_for_function(FINISHED, arg=i, timeout=TIMEOUT_MS)
        warm.append(time.perf_counter() - start)
    context.close()
    print(f"{lesson}: cold click -> first output {first_output:.1f} s, -> first chart "
          f"{first_chart:.1f} s; downloaded {plain / 1e6:.1f} MB ({packed / 1e6:.1f} MB gzipped); "
          f"warm re-run per cell: median {statistics.median(warm):.2f} s, "
          f"max {max(warm):.2f} s over {count} cells")  # fmt: skip


def main() -> None:
    from playwright.sync_api import sync_playwright

    if not (SITE / "_static" / "pyodide" / "manifest.json").is_file():
        sys.exit(f"no Pyodide in {SITE}: run uspak build first")
    lessons = sys.argv[1:] or ["03-economy"]
    url = serve()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for lesson in lessons:
            measure(browser, url, lesson)
        browser.close()


if __name__ == "__main__":
    main()
