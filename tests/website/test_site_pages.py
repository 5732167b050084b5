"""The built website's HTML, read as files: links, assets, notebooks and generated pages.

These need the book built (the ``built_site`` fixture builds it once, with warnings as errors) but
no browser.
"""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from uspak.course import Course
from uspak.lessons import list_lessons
from uspak.website.builder import staging_dir

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
LESSON_IDS = [lesson.id for lesson in list_lessons(Course(ROOT))]
# Sphinx's own pages and myst-nb's execution reports are not course pages.
NOT_COURSE_PAGES = {"genindex.html", "search.html"}


class PageParser(HTMLParser):
    """Collects what a page links to, what it loads, its anchors and its images."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.assets: list[str] = []
        self.ids: set[str] = set()
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if attr.get("id"):
            self.ids.add(attr["id"])
        if attr.get("name") and tag == "a":
            self.ids.add(attr["name"])
        if tag == "a" and attr.get("href"):
            self.links.append(attr["href"])
        elif tag == "link" and attr.get("href"):
            rel = (attr.get("rel") or "").split()
            (self.assets if {"stylesheet", "icon", "preload"} & set(rel) else self.links).append(
                attr["href"]
            )
        elif tag in ("script", "img", "source", "iframe") and attr.get("src"):
            self.assets.append(attr["src"])
        if tag == "img":
            self.images.append(attr)


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def course_pages(site: Path) -> list[Path]:
    return sorted(
        p
        for p in site.rglob("*.html")
        if p.name not in NOT_COURSE_PAGES
        and p.relative_to(site).parts[0] not in {"reports", "_static"}
    )


def is_external(url: str) -> bool:
    return urlsplit(url).scheme in {"http", "https"} or url.startswith("//")


def broken_internal_link(
    site: Path, page: Path, href: str, ids: dict[Path, set[str]]
) -> str | None:
    """Why ``href`` on ``page`` does not resolve inside the site, or None when it does."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return None
    target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return f"{href}: no file {target}"
    if site.resolve() not in target.resolve().parents and target.resolve() != site.resolve():
        return f"{href}: points outside the site"
    if parts.fragment and target.suffix == ".html":
        if target not in ids:
            ids[target] = parse(target).ids
        if unquote(parts.fragment) not in ids[target]:
            return f"{href}: no anchor #{parts.fragment} in {target.name}"
    return None


def test_every_internal_link_and_anchor_resolves(built_site):
    """Does every href and src in the built HTML lead to a file, and to an anchor that exists?"""
    site = built_site.resolve()
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in course_pages(site):
        parsed = parse(page)
        ids[page.resolve()] = parsed.ids
        for href in parsed.links + parsed.assets:
            if href.startswith(("mailto:", "javascript:", "data:")):
                continue
            problem = broken_internal_link(site, page.resolve(), href, ids)
            if problem:
                broken.append(f"{page.relative_to(site)}: {problem}")
    assert not broken, "\n".join(broken)


def test_no_page_loads_an_asset_from_another_site(built_site):
    """Is every script, style sheet, image and frame a page loads served by the site itself?"""
    remote = [
        f"{page.relative_to(built_site)}: {url}"
        for page in course_pages(built_site)
        for url in parse(page).assets
        if is_external(url)
    ]
    assert not remote, "\n".join(remote)


@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_every_chart_on_a_lesson_page_has_alt_text(built_site, lesson):
    """Does every image on the lesson page carry a non-empty alt text?"""
    images = parse(built_site / "lessons" / f"{lesson}.html").images
    missing = [img.get("src") for img in images if not (img.get("alt") or "").strip()]
    assert not missing, f"images without alt text: {missing}"


@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_each_lesson_is_offered_as_a_notebook_without_outputs(built_site, lesson):
    """Is notebooks/<id>.ipynb in the site, a notebook with code cells and no outputs?"""
    notebook = json.loads((built_site / "notebooks" / f"{lesson}.ipynb").read_text("utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code, "the notebook has no code cells"
    assert all(cell["outputs"] == [] for cell in code)


@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_launch_links_open_the_lesson_notebook(built_site, lesson):
    """Do the page's launch and download links open lessons/<id>.ipynb, never the .md source?"""
    links = parse(built_site / "lessons" / f"{lesson}.html").links
    launch = [href for href in links if "mybinder.org" in href or "colab.research" in href]
    assert launch, "no launch links on the lesson page"
    assert all(href.endswith(f"lessons/{lesson}.ipynb") for href in launch), launch
    assert f"../notebooks/{lesson}.ipynb" in links


def test_data_appendix_describes_every_table_with_a_download(built_site):
    """Does the data appendix have a section and a working CSV link for every resource?"""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    page = built_site / "data.html"
    parsed = parse(page)
    for resource in package["resources"]:
        assert f"table-{resource['name']}" in parsed.ids, resource["name"]
        downloads = [h for h in parsed.links if h.endswith("/" + resource["path"])]
        assert downloads, f"no download link for {resource['path']}"
        assert (page.parent / downloads[0]).is_file()


def test_data_appendix_links_every_source_a_table_cites(built_site):
    """Does each table's section link every publication its rows cite (and no other)?"""
    from uspak.sphinxext.datapackage_page import cited_sources, read_rows

    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    sources = {r["source_id"]: r["url"] for r in read_rows(ROOT / "data" / "sources.csv")}
    html = (built_site / "data.html").read_text(encoding="utf-8")
    sections = re.split(r'<section id="table-', html)[1:]
    for resource, section in zip(package["resources"], sections, strict=True):
        if resource["name"] == "sources":
            continue
        cited = cited_sources(read_rows(ROOT / "data" / resource["path"]))
        linked = re.findall(r'<li><p><a class="reference external" href="([^"]+)"', section)
        assert [unescape(url) for url in linked] == [sources[s] for s in cited], resource["name"]


@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_exercise_script_is_loaded_once_per_lesson_page(built_site, lesson):
    """Does the lesson page load the exercise engine once, however many exercises it shows?"""
    assets = parse(built_site / "lessons" / f"{lesson}.html").assets
    loads = [url for url in assets if urlsplit(url).path.endswith("/exercise.bundle.js")]
    assert len(loads) == 1, loads


def test_build_log_has_no_python_warnings(built_site):
    """Does the build run without Python warnings (which -W does not catch outside Sphinx)?"""
    log = (built_site.parent / "build.log").read_text(encoding="utf-8")
    warnings = [ln for ln in log.splitlines() if re.search(r"\b\w*Warning: ", ln)]
    assert warnings == []


def test_build_keeps_the_themes_compiled_templates(built_site):
    """Are the theme's compiled Jinja templates kept for the next build to reuse?"""
    cache = staging_dir(built_site.parents[1]) / ".doctrees" / "jinja-bytecode"
    assert len(list(cache.glob("*.cache"))) >= 20
