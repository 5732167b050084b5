"""Sphinx extension: launch buttons and .ipynb downloads that open the lesson notebooks.

Lessons live in git as MyST Markdown (``lessons/NN-slug.md``); students should get notebooks.
The theme's own launch links point at ``book/lessons/NN-slug.md``, so this extension replaces them:

- Binder opens ``lessons/NN-slug.ipynb`` on the repository's branch: binder/postBuild generates it.
- JupyterHub (an nbgitpuller link) and Colab open ``lessons/NN-slug.ipynb`` on the *notebooks
  branch* (``uspak_notebooks_branch``), a copy of the course with the generated notebooks
  committed (book/teacher/assigning.md says how to publish it), because neither service runs
  postBuild and Colab reads only GitHub.
- The download menu offers ``notebooks/NN-slug.ipynb``: every lesson as a notebook without outputs,
  written into the built site when the build finishes.

Everything is derived from ``repository.url`` / ``repository.branch`` and the ``launch_buttons``
URLs in ``book/_config.yml``; an empty URL means no button for that service.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from sphinx.application import Sphinx
from sphinx.util import logging

from uspak.lessons import LESSON_FILE
from uspak.publish.reader_notebook import read_links, write_reader_notebook

logger = logging.getLogger(__name__)

NOTEBOOKS_DIR = "notebooks"
_INTERFACES = {"classic": "tree", "jupyterlab": "lab/tree"}


@dataclass(frozen=True)
class LaunchSettings:
    """What the launch links are built from: one repository and the services' base URLs."""

    repository_url: str  # https://github.com/org/repo
    branch: str
    notebooks_branch: str
    binderhub_url: str = ""
    jupyterhub_url: str = ""
    colab_url: str = ""
    interface: str = "jupyterlab"

    @property
    def org_repo(self) -> tuple[str, str]:
        parts = self.repository_url.rstrip("/").removesuffix(".git").split("/")
        return parts[-2], parts[-1]


def launch_links(settings: LaunchSettings, lesson_id: str) -> list[tuple[str, str]]:
    """(service, URL) for every configured service, each opening ``lessons/<id>.ipynb``."""
    org, repo = settings.org_repo
    notebook = f"lessons/{lesson_id}.ipynb"
    ui = _INTERFACES[settings.interface]
    links = []
    if settings.binderhub_url:
        hub = settings.binderhub_url.rstrip("/")
        links.append(
            ("Binder", f"{hub}/v2/gh/{org}/{repo}/{quote(settings.branch)}?urlpath={ui}/{notebook}")
        )
    if settings.jupyterhub_url:
        query = urlencode(
            {
                "repo": settings.repository_url,
                "branch": settings.notebooks_branch,
                "urlpath": f"{ui}/{repo}/{notebook}",
            },
            safe="/",
        )
        hub = settings.jupyterhub_url.rstrip("/")
        links.append(("JupyterHub", f"{hub}/hub/user-redirect/git-pull?{query}"))
    if settings.colab_url:
        colab = settings.colab_url.rstrip("/")
        links.append(
            ("Colab", f"{colab}/github/{org}/{repo}/blob/{settings.notebooks_branch}/{notebook}")
        )
    return links


def settings_from_config(app: Sphinx) -> LaunchSettings | None:
    """The launch settings Jupyter Book passed to the theme; None without a GitHub repository."""
    theme = app.config.html_theme_options or {}
    url = theme.get("repository_url") or ""
    if "github.com/" not in url:
        return None
    buttons = theme.get("launch_buttons") or {}
    interface = buttons.get("notebook_interface") or "jupyterlab"
    if interface not in _INTERFACES:
        logger.warning(
            "launch_buttons.notebook_interface must be one of %s, not %r",
            ", ".join(_INTERFACES),
            interface,
            type="uspak",
            subtype="launch",
        )
        interface = "jupyterlab"
    return LaunchSettings(
        repository_url=url,
        branch=theme.get("repository_branch") or "main",
        notebooks_branch=app.config.uspak_notebooks_branch,
        binderhub_url=buttons.get("binderhub_url") or "",
        jupyterhub_url=buttons.get("jupyterhub_url") or "",
        colab_url=buttons.get("colab_url") or "",
        interface=interface,
    )


def lesson_id(pagename: str) -> str | None:
    """``03-economy`` for the page ``lessons/03-economy``; None for any other page."""
    folder, _, name = pagename.partition("/")
    if folder == "lessons" and LESSON_FILE.match(f"{name}.md"):
        return name
    return None


_ICONS = {
    "Binder": "_static/images/logo_binder.svg",
    "JupyterHub": "_static/images/logo_jupyterhub.svg",
    "Colab": "_static/images/logo_colab.png",
}


def _set_buttons(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    lesson = lesson_id(pagename)
    buttons = context.get("header_buttons")
    if lesson is None or buttons is None:
        return
    settings = settings_from_config(app)
    links = launch_links(settings, lesson) if settings else []
    buttons[:] = [b for b in buttons if b.get("label") != "launch-buttons"]
    if links:
        buttons.append(
            {
                "type": "group",
                "tooltip": "Open this lesson as a notebook",
                "icon": "fas fa-rocket",
                "label": "launch-buttons",
                "buttons": [
                    {
                        "type": "link",
                        "text": service,
                        "tooltip": f"Open on {service}",
                        "icon": _ICONS[service],
                        "url": url,
                    }
                    for service, url in links
                ],
            }
        )
    for group in buttons:
        if group.get("label") == "download-buttons":
            entries = [b for b in group["buttons"] if b.get("label") != "download-notebook-button"]
            notebook_url = context["pathto"](f"{NOTEBOOKS_DIR}/{lesson}.ipynb", 1)
            entries.insert(
                0,
                {
                    "type": "link",
                    "url": notebook_url,
                    "text": ".ipynb",
                    "icon": "fas fa-code",
                    "tooltip": "Download the lesson as a notebook",
                    "label": "download-notebook-button",
                },
            )
            group["buttons"] = entries


def write_notebooks(app: Sphinx, exception: Exception | None) -> None:
    """Write every lesson into the site as ``notebooks/<id>.ipynb`` for readers (no MyST)."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir) / NOTEBOOKS_DIR
    out.mkdir(exist_ok=True)
    book = Path(app.srcdir)
    links = read_links(book)
    for docname in sorted(app.env.found_docs):
        lesson = lesson_id(docname)
        if lesson is None:
            continue
        source, target = Path(app.env.doc2path(docname)), out / f"{lesson}.ipynb"
        if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
            continue  # written by an earlier build from this very source
        write_reader_notebook(source, target, book=book, links=links)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("uspak_notebooks_branch", "notebooks", "html", types=[str])
    # After the theme (priority 501) has built its own buttons.
    app.connect("html-page-context", _set_buttons, priority=600)
    app.connect("build-finished", write_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
