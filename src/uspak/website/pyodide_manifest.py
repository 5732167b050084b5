"""``manifest.json``: what the page's worker may load, package by package, with every file's hash.

The worker (``pyodide-worker.js``) reads it to load only the packages a cell imports: each
package's wheel, its prebuilt bytecode (``pyodide_prebuild``) and any file it needs written into
``site-packages``, plus what it depends on. ``build`` names this exact set of files, so the
browser's Cache Storage copy of an older build is dropped. Shape: schemas/pyodide-manifest-v1.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from uspak.website import pyodide_dist

# Not in the lock's dependencies but needed by lesson code: ``DataFrame.style`` imports Jinja2.
EXTRA_DEPENDS = {"pandas": ("jinja2",), "jinja2": ("markupsafe",)}
# The page's own modules and the packages they import (uspak_inpage.py imports pandas).
PAGE_MODULES = {"uspak": ("pandas",)}


def build_manifest(*, site_dir: Path, lock: dict, prebuilt: dict | None) -> dict:
    """The manifest of ``site_dir`` (``_static/pyodide/``), as the worker reads it."""
    table = lock["packages"]
    bytecode = (prebuilt or {}).get("bytecode", {})
    packages: dict[str, dict[str, Any]] = {}
    for entry in pyodide_dist.needed_wheels(lock=lock):
        info = table[entry.package]
        packages[entry.package] = {
            "wheel": entry.file_name,
            "load": "name",
            "imports": list(info.get("imports", [])),
            "depends": sorted({*info.get("depends", []), *EXTRA_DEPENDS.get(entry.package, ())}),
            "site_files": {},
        }
    for extra in pyodide_dist.PYPI_EXTRAS:
        name = extra.requirement.split("==")[0]
        depends = list(EXTRA_DEPENDS.get(name, ()))
        package: dict[str, Any] = {"imports": [name], "depends": depends, "site_files": {}}
        if extra.members:
            package["load"] = "files"
            for member in extra.members:
                relative = f"{Path(member).parent.name}/{Path(member).name}"
                package["site_files"][relative] = f"pure/{relative}"
        else:
            package.update(wheel=extra.file_name, load="url")
        packages[name] = package
    for name, package in packages.items():
        if name in bytecode:
            package["bytecode"] = bytecode[name]
    fontlist = (prebuilt or {}).get("fontlist")
    if fontlist and "matplotlib" in packages:
        packages["matplotlib"]["site_files"]["matplotlib/fontlist.json"] = fontlist
    stdlib = (prebuilt or {}).get("stdlib") or "python_stdlib.zip"
    core = ["pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", pyodide_dist.LOCK_FILE, stdlib]
    files: dict[str, dict[str, Any]] = {}
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(site_dir).as_posix()
        if relative != "manifest.json" and not relative.startswith("data/"):
            files[relative] = {"bytes": path.stat().st_size, "sha256": pyodide_dist.sha256_of(path)}
    build = hashlib.sha256("".join(f"{n}{f['sha256']}" for n, f in files.items()).encode())
    total = sum(files[n]["bytes"] for n in files if n != pyodide_dist.LOCK_FILE)
    return {
        "pyodide": pyodide_dist.PYODIDE_VERSION,
        "build": build.hexdigest()[:16],
        "core": core,
        "stdlib": stdlib,
        "packages": packages,
        "page_modules": {name: list(needs) for name, needs in PAGE_MODULES.items()},
        "files": files,
        "total_bytes": total,
    }
