"""Lighthouse on the lesson pages, beside a stock Jupyter Book 1 page; prints figures only.

    .venv/bin/python bench/bench_lighthouse.py                  # every lesson and the stock page
    .venv/bin/python bench/bench_lighthouse.py --lessons 03-economy --repeat 3

Lighthouse 12.2.3 (pinned in bench/lighthouse/package-lock.json, installed there with ``npm ci``
on first use: the build and the tests do not need it) runs against Debian's Chromium with its
default mobile preset (simulated slow 4G and a 4x slower CPU), on the built site served over
loopback, uncompressed or (``--gzip``) compressed as static hosts serve it. The stock page is
the ``notebooks`` page of ``jupyter-book create``'s sample book, built with the same pinned
Jupyter Book, so both are measured in one run on one machine.

Lighthouse simulates the network, but total blocking time comes from the CPU time it observes:
on a busy machine it and the performance score drop. The load average is printed with the figures.

Target (issue 15): performance at least 0.9 on every lesson page, accessibility kept at 1.0.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from uspak.course import Course
from uspak.lessons import list_lessons

ROOT = Path(__file__).resolve().parents[1]
TOOL = Path(__file__).with_name("lighthouse")
CHROMIUM = "/usr/bin/chromium"
FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)
AUDITS = {
    "FCP": "first-contentful-paint",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "SI": "speed-index",
}
STOCK_BOOK = Path(tempfile.gettempdir()) / "uspak-bench-stock-jupyter-book"


def lighthouse() -> Path:
    """The pinned Lighthouse's command, installed from its lock file when missing."""
    command = TOOL / "node_modules" / ".bin" / "lighthouse"
    if not command.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=TOOL, check=True)
    return command


def stock_page() -> Path:
    """The sample book's built HTML folder (built once, kept in the system temp folder)."""
    html = STOCK_BOOK / "_build" / "html"
    if not (html / "notebooks.html").is_file():
        shutil.rmtree(STOCK_BOOK, ignore_errors=True)
        jupyter_book = Path(sys.executable).with_name("jupyter-book")
        subprocess.run([jupyter_book, "create", str(STOCK_BOOK)], check=True, capture_output=True)
        subprocess.run([jupyter_book, "build", str(STOCK_BOOK)], check=True, capture_output=True)
    return html


@contextlib.contextmanager
def served(folder: Path, *, gzip: bool) -> Iterator[str]:
    handler = functools.partial(GzipHandler if gzip else QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class GzipHandler(QuietHandler):
    """Text compressed as static hosts (GitHub Pages, Netlify, nginx's gzip_static) serve it."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".txt", ".py", ".csv")

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if (
            path.suffix not in self.COMPRESSED
            or not path.is_file()
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def audit(command: Path, url: str, out: Path) -> dict[str, float]:
    """One Lighthouse run: the two scores, the timings in seconds, bytes and requests."""
    subprocess.run(
        [
            str(command),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--only-categories=performance,accessibility",
            f"--chrome-flags={FLAGS}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    figures = {
        name: report["categories"][name]["score"] for name in ("performance", "accessibility")
    }
    figures |= {short: audits[key]["numericValue"] / 1000 for short, key in AUDITS.items()}
    figures["KiB"] = audits["total-byte-weight"]["numericValue"] / 1024
    figures["requests"] = len(audits["network-requests"]["details"]["items"])
    return figures


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "book" / "_build" / "html")
    parser.add_argument("--lessons", nargs="*", help="lesson ids (default: every lesson)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per page; the median is shown")
    parser.add_argument(
        "--gzip", action="store_true", help="compress text as static hosts do (default: off)"
    )
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        print(f"no built site in {args.site}: run `make book` first", file=sys.stderr)
        return 1
    lessons = args.lessons or [lesson.id for lesson in list_lessons(Course(ROOT))]
    command = lighthouse()
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    served_as = "gzip-compressed" if args.gzip else "uncompressed"
    print(f"Lighthouse 12.2.3, mobile preset, {served_as}; median of {args.repeat} run(s) a page")
    header = f"{'page':28} perf  a11y   FCP s   LCP s  TBT s    SI s     KiB  requests"
    print(header)
    pages = [("stock JB1: notebooks", stock_page(), "notebooks.html")]
    pages += [(lesson, args.site, f"lessons/{lesson}.html") for lesson in lessons]
    with tempfile.TemporaryDirectory(prefix="uspak-lighthouse-") as tmp:
        for name, folder, page in pages:
            with served(folder, gzip=args.gzip) as base:
                runs = [
                    audit(command, f"{base}/{page}", Path(tmp) / f"run{n}.json")
                    for n in range(args.repeat)
                ]
            m = median_of(runs)
            scores = f"{m['performance']:4.2f} {m['accessibility']:5.2f}"
            times = f"{m['FCP']:7.1f} {m['LCP']:7.1f} {m['TBT']:6.2f} {m['SI']:7.1f}"
            print(f"{name:28} {scores} {times} {m['KiB']:7.0f} {m['requests']:9.0f}")
    print(f"load average at the end {os.getloadavg()[0]:.1f}; target: performance >= 0.9")
    return 0


if __name__ == "__main__":
    sys.exit(main())
