"""Compare two built sites pixel by pixel, page type by page type; prints figures, asserts nothing.

    .venv/bin/python bench/screenshot_diff.py BEFORE_HTML AFTER_HTML [--out DIR]

Used to show that a change to the site's assets (the trimmed theme CSS of
``uspak.website.css_purge``, the icons of ``uspak.sphinxext.icons``) changes nothing a reader
sees: each page type (a lesson, a teacher page, the data appendix, the bibliography, a lesson on
a 390 x 844 phone and in dark mode) is captured full-page in headless Chromium from both sites,
and the share of pixels whose colour differs by more than ``--tolerance`` (0-255, per channel) is
printed. With ``--out`` the two captures and a difference image are kept for each page.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from bench_lighthouse import served  # the same quiet loopback server
from PIL import Image, ImageChops

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARGS += ["--disable-component-update", "--disable-sync", "--font-render-hinting=none"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LESSON = "lessons/03-economy.html"
# name: (page, viewport, colour scheme, what is clicked first: the states the theme's scripts draw)
PAGES = {
    "lesson": (LESSON, DESKTOP, "light", None),
    "lesson-09": ("lessons/09-since-2021.html", DESKTOP, "light", None),
    "teacher": ("teacher/03-economy.html", DESKTOP, "light", None),
    "data": ("data.html", DESKTOP, "light", None),
    "bibliography": ("bibliography.html", DESKTOP, "light", None),
    "search": ("search.html?q=aid", DESKTOP, "light", None),
    "lesson-phone": (LESSON, PHONE, "light", None),
    "lesson-dark": (LESSON, DESKTOP, "dark", None),
    "teacher-phone-dark": ("teacher/03-economy.html", PHONE, "dark", None),
    "launch-menu-open": (LESSON, DESKTOP, "light", ".dropdown-launch-buttons button"),
    "download-menu-open": (LESSON, DESKTOP, "light", ".dropdown-download-buttons button"),
    "phone-menu-open": (LESSON, PHONE, "light", ".primary-toggle"),
    "search-box-open": (LESSON, DESKTOP, "dark", ".search-button__button"),
}


def capture(browser, url: str, viewport: dict, scheme: str, click: str | None) -> Image.Image:
    context = browser.new_context(viewport=viewport, color_scheme=scheme, reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        if click:
            page.locator(click).first.click()
        page.wait_for_timeout(500)
        shot = page.screenshot(full_page=click is None, animations="disabled")
        return Image.open(io.BytesIO(shot))
    finally:
        context.close()


def differing_share(a: Image.Image, b: Image.Image, tolerance: int) -> tuple[float, Image.Image]:
    """The share of pixels differing by more than ``tolerance`` in a channel, and the mask."""
    width, height = max(a.width, b.width), max(a.height, b.height)
    canvas = [Image.new("RGB", (width, height), "white") for _ in (a, b)]
    canvas[0].paste(a.convert("RGB"))
    canvas[1].paste(b.convert("RGB"))
    diff = ImageChops.difference(*canvas).convert("L").point(lambda v: 255 if v > tolerance else 0)
    changed = diff.histogram()[255]
    return changed / (width * height), diff


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--tolerance", type=int, default=8)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"{'page type':20} {'size before':>12} {'size after':>12}  pixels differing")
    with (
        served(args.before, gzip=False) as before,
        served(args.after, gzip=False) as after,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, (page, viewport, scheme, click) in PAGES.items():
            a = capture(browser, f"{before}/{page}", viewport, scheme, click)
            b = capture(browser, f"{after}/{page}", viewport, scheme, click)
            share, diff = differing_share(a, b, args.tolerance)
            sizes = f"{a.width}x{a.height:<6} {b.width}x{b.height:<6}"
            print(f"{name:20} {sizes:>25}  {share:8.4%}")
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                a.save(args.out / f"{name}-before.png")
                b.save(args.out / f"{name}-after.png")
                diff.save(args.out / f"{name}-diff.png")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
