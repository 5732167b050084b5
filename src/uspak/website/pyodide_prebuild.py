"""Work a cold page would redo on every visit, done once at build time on the site's own Pyodide.

Measured in the page (bench/bench_pyodide.py): Pyodide's wheels ship ``.py`` files only, so a cold
``import pandas`` compiles some 300 modules, about half its time; and matplotlib 3.8.4 rebuilds
its font list on first import, because the list inside Pyodide's wheel carries another version's
number. This module runs the distribution's Python in Node (``pyodide_prebuild.js``, which runs
``pyodide_prebuild_inside.py``) on a warm-up that imports what lessons import, and publishes the
bytecode and font list it made beside the wheels (listed in ``prebuilt.json``). The wheels
themselves stay byte-identical to the official lock's; the derived files are recorded with their
sha256 in ``manifest.json`` like every other file. Kept in the cache, keyed by everything that
goes in, so a rebuild does not rerun Node. Without Node the site still works, only slower.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from uspak.problems import Problem
from uspak.website.pyodide_dist import DistributionError, default_cache

HERE = Path(__file__).parent
SCRIPTS = (HERE / "pyodide_prebuild.js", HERE / "pyodide_prebuild_inside.py")
INDEX = "prebuilt.json"
# What a lesson's first cells import and draw: the modules this touches get bytecode.
WARM_UP = """
import base64, csv, io, json, traceback
from datetime import date
from pyodide.code import eval_code, find_imports
import numpy, pandas, matplotlib
import matplotlib.pyplot as plt
days = pandas.to_datetime(["2020-01-01"] * 2)
frame = pandas.DataFrame({"a": [1, 2], "b": ["x", "y"], "c": days})
frame["b"] = frame["b"].astype("category")
frame.groupby("b", observed=True)["a"].sum()
frame._repr_html_()
frame.style.hide(axis="index").to_html()
figure, axes = plt.subplots()
axes.plot([1, 2], [3, 4]); axes.bar(["a"], [1]); axes.set_title("t"); axes.legend(["x"])
figure.savefig(io.BytesIO(), format="png", bbox_inches="tight")
"""


def prebuild(
    *, dist: Path, packages: list[str], wheel_urls: list[str], pure: dict[str, dict[str, str]],
    cache: Path | None = None,
) -> Path | None:  # fmt: skip
    """The folder of prebuilt files for ``dist`` (made once, then from the cache); None without
    Node. ``packages`` are lock names to load, ``wheel_urls`` wheels in ``dist`` loaded by file
    name, ``pure`` module folders written as they are (name -> file -> text)."""
    node = shutil.which("node")
    if node is None:
        return None
    request = {"packages": packages, "wheel_urls": wheel_urls, "pure": pure, "warm_up": WARM_UP}
    digest = hashlib.sha256(json.dumps(request, sort_keys=True).encode())
    for script in SCRIPTS:
        digest.update(script.read_bytes())
    digest.update((dist / "pyodide-lock.json").read_bytes())
    for name in wheel_urls:
        digest.update((dist / name).read_bytes())
    folder = (cache or default_cache()) / "prebuilt" / digest.hexdigest()[:20]
    if (folder / INDEX).is_file():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent) as scratch:
        request_file = Path(scratch) / "request.json"
        request_file.write_text(json.dumps(request), encoding="utf-8")
        out = Path(scratch) / "out"
        command = [node, str(SCRIPTS[0]), str(dist.resolve()), str(out), str(request_file)]
        proc = subprocess.run(command, capture_output=True, text=True)
        if proc.returncode != 0 or not (out / INDEX).is_file():
            message = f"node {SCRIPTS[0].name} failed: {(proc.stderr or proc.stdout)[-400:]}"
            raise DistributionError([Problem(SCRIPTS[0].name, message.strip())])
        out.replace(folder)
    return folder


def read_index(folder: Path) -> dict:
    """``prebuilt.json``: {"bytecode": {package: file}, "stdlib": file, "fontlist": file|None}."""
    return json.loads((folder / INDEX).read_text(encoding="utf-8"))
