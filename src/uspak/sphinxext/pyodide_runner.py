"""Sphinx extension: "Run" on the lessons' code cells, in a Pyodide the site serves itself.

It links ``pyodide-runner.js`` (a classic script: it adds the buttons and downloads nothing until
one is pressed) and its style sheet, and, once the HTML is written, puts the Pyodide distribution
(``uspak.website.pyodide_dist``), the in-page ``uspak`` and a copy of ``data/`` in
``_static/pyodide/``, with the bytecode made at build time (``uspak.website.pyodide_prebuild``) and
a ``manifest.json`` (``uspak.website.pyodide_manifest``) of what each package needs.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

STATIC = Path(__file__).parent / "pyodide_static"
INPAGE_USPAK = STATIC / "uspak_inpage.py"
SITE_FOLDER = ("_static", "pyodide")


def _add_static_path(app: Any, config: Any) -> None:
    config.html_static_path.append(str(STATIC))


def publish_runtime(*, root: Path, outdir: Path) -> Path:
    """Write ``_static/pyodide/`` (distribution, prebuilt bytecode, in-page uspak, data, the
    manifest); return the folder."""
    from uspak.website import pyodide_dist, pyodide_manifest, pyodide_prebuild

    into = outdir.joinpath(*SITE_FOLDER)
    core = pyodide_dist.core_dir(root=root)
    pyodide_dist.assemble(core=core, into=into)
    shutil.copyfile(INPAGE_USPAK, into / "uspak_inpage.py")
    # Sphinx copies static files only when some page changed; an edit to the runner alone
    # must still reach the site.
    for script in STATIC.iterdir():
        if script.suffix in (".js", ".css"):
            shutil.copyfile(script, outdir / "_static" / script.name)
    data = into / "data"
    data.mkdir(exist_ok=True)
    for source in sorted((root / "data").iterdir()):
        if source.suffix in (".csv", ".json"):
            shutil.copyfile(source, data / source.name)
    lock = pyodide_dist.read_lock(core / pyodide_dist.LOCK_FILE)
    markupsafe = into / "pure" / "markupsafe"
    pure = {"markupsafe": {p.name: p.read_text("utf-8") for p in markupsafe.iterdir()}}
    wheels = [e.file_name for e in pyodide_dist.PYPI_EXTRAS if not e.members]
    folder = pyodide_prebuild.prebuild(
        dist=into, packages=list(pyodide_dist.LESSON_PACKAGES), wheel_urls=wheels, pure=pure
    )
    prebuilt = None
    if folder is not None:
        prebuilt = pyodide_prebuild.read_index(folder)
        for source in folder.rglob("*"):
            if source.is_file() and source.name != pyodide_prebuild.INDEX:
                target = into / source.relative_to(folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    manifest = pyodide_manifest.build_manifest(site_dir=into, lock=lock, prebuilt=prebuilt)
    (into / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return into


def _publish(app: Any, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        publish_runtime(root=Path(app.srcdir).parent, outdir=Path(app.outdir))


def setup(app: Any) -> dict[str, Any]:
    app.connect("config-inited", _add_static_path)
    app.connect("build-finished", _publish)
    app.add_js_file("pyodide-runner.js", defer="defer")
    app.add_css_file("pyodide-runner.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
