"""Running a lesson's code in the page: cold start, bytes downloaded, warm re-runs.

Prints figures; asserts nothing. Targets (issue 16): under 10 s from the first click to the
first chart, cold, in this machine's headless Chromium; under 1 s per cell, warm. Serves the
built site (``uspak build`` first) on 127.0.0.1 with every other host aborted. "gzip" is what
the same downloaded files weigh gzipped (level 6), for a server that compresses; the server here
sends them plain. "browser CPU" is the CPU time Chromium's processes used meanwhile: on a shared
machine it varies less than the wall clock, so the load average is printed too.

Then where the cold time went, stage by stage, as the worker reports it (``stages`` in its
``ready`` and ``done`` messages), and a second visit: a new page in the same browser profile,
which starts from Cache Storage and the HTTP cache.

    PYTHONPATH=src .venv/bin/python bench/bench_pyodide.py [lesson-id ...]
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
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


SERVED = {"bytes": 0}  # what the server sent: a second visit's cache hits send nothing


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        data = source.read()
        SERVED["bytes"] += len(data)
        outputfile.write(data)


def serve() -> str:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(SITE))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def browser_cpu_seconds() -> float:
    """CPU seconds used so far by this process's descendants still running (the browser)."""
    parents: dict[int, tuple[int, int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    mine = {os.getpid()}
    grew = True
    while grew:
        grew = False
        for pid, (ppid, _) in parents.items():
            if ppid in mine and pid not in mine:
                mine.add(pid)
                grew = True
    ticks = sum(parents[p][1] for p in mine if p != os.getpid() and p in parents)
    return ticks / os.sysconf("SC_CLK_TCK")


def stages(page, *, cells: int = 1) -> str:
    """The worker's stages up to the end of the first ``cells`` cells, as 'name s; ...' (a
    stage met in several cells is summed; "run" is the cells' own code)."""
    totals: dict[str, float] = {}
    for entry in page.evaluate("window.__uspakPyodideMessages"):
        message = entry["message"]
        if message["type"] in ("ready", "done"):
            for stage in message.get("stages", []):
                totals[stage["stage"]] = totals.get(stage["stage"], 0) + stage["seconds"]
        if message["type"] == "done":
            cells -= 1
            if cells == 0:
                break
    return "; ".join(f"{name} {seconds:.1f}" for name, seconds in totals.items())


def first_click(page, address: str) -> tuple[float, float]:
    """Wall and browser CPU seconds from a click on the first Run to that cell's end."""
    page.goto(address)
    page.wait_for_selector(".uspak-run-button")
    start, cpu = time.perf_counter(), browser_cpu_seconds()
    page.locator(".uspak-run-button").first.click()
    page.wait_for_function(FINISHED, arg=0, timeout=TIMEOUT_MS)
    return time.perf_counter() - start, browser_cpu_seconds() - cpu


def offline_page(browser, url: str, context=None):
    context = context or browser.new_context()
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
    load = os.getloadavg()[0]
    context, page = offline_page(browser, address.split("/lessons/")[0])
    first_output, cpu = first_click(page, address)
    plain, packed = downloaded_bytes(page.fetched)
    breakdown = stages(page)
    context.close()
    # Playwright's routing turns the HTTP cache off, so the second visit is measured in a
    # profile without it (the site still asks no other host: counted below), after a first.
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    context.on("request", lambda r: None if r.url.startswith(url) else outside.append(r.url))
    first_click(page, address)
    page.close()
    page = context.new_page()
    served = SERVED["bytes"]
    second, second_cpu = first_click(page, address)
    second_plain = SERVED["bytes"] - served
    second_breakdown = stages(page)
    context.close()

    context, page = offline_page(browser, url)
    page.goto(address)
    page.wait_for_selector(".uspak-run-button")
    chart = chart_cell(page)
    start = time.perf_counter()
    page.locator(".uspak-run-button").nth(chart).click()
    page.wait_for_selector(".uspak-run-output img", timeout=TIMEOUT_MS)
    first_chart = time.perf_counter() - start
    chart_breakdown = stages(page, cells=chart + 1)
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
    print(
        f"{lesson} (load average {load:.2f}): cold click -> first output {first_output:.1f} s "
        f"(browser CPU {cpu:.1f} s), -> first chart {first_chart:.1f} s; downloaded "
        f"{plain / 1e6:.1f} MB ({packed / 1e6:.1f} MB gzipped); warm re-run per cell: median "
        f"{statistics.median(warm):.2f} s, max {max(warm):.2f} s over {count} cells"
    )
    print(f"  cold stages, first output: {breakdown}")
    print(f"  cold stages, first chart (cells 1-{chart + 1}): {chart_breakdown}")
    print(
        f"  second visit: click -> first output {second:.1f} s (browser CPU {second_cpu:.1f} s), "
        f"{second_plain / 1e6:.1f} MB sent by the server, {len(outside)} requests to other hosts"
    )
    print(f"  second-visit stages: {second_breakdown}")  # fmt: skip


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
