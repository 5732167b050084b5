"""Runs inside Pyodide (in Node, at build time): bytecode and the font list a page would redo.

A cold page spends about half of ``import pandas`` compiling the wheels' ``.py`` files (Pyodide's
wheels ship no bytecode, and the page's file system forgets it), and matplotlib 3.8.4 rebuilds its
font list on every first import (the list in Pyodide's wheel is for another matplotlib version).
So this imports what a lesson imports (``warm_up``), then writes under ``/prebuilt``:

- ``bytecode/<package>.zip``: ``__pycache__`` files (unchecked-hash, PEP 552, so the page does not
  re-read the sources to check them) of the modules imported, one zip per lock package;
- ``python_stdlib_pyc.zip``: the standard library zip with ``.pyc`` beside each imported ``.py``;
- ``matplotlib-fontlist.json``: the font list matplotlib built;
- ``prebuilt.json``: what is where.

Given ``request_json`` (see pyodide_prebuild.js) as a global.
"""

import importlib.metadata
import importlib.util
import json
import marshal
import os
import py_compile
import re
import shutil
import site
import sys
import zipfile

request = json.loads(globals()["request_json"])  # set by pyodide_prebuild.js
OUT = "/prebuilt"
SITE = site.getsitepackages()[0]
STDLIB_ZIP = "/lib/python312.zip"
EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed zip entry times: the same inputs give the same bytes
PYC = py_compile.PycInvalidationMode.UNCHECKED_HASH

for folder, files in request["pure"].items():
    os.makedirs(f"/home/pyodide/{folder}", exist_ok=True)
    for name, text in files.items():
        with open(f"/home/pyodide/{folder}/{name}", "w", encoding="utf-8") as module_file:
            module_file.write(text)
sys.path.insert(0, "/home/pyodide")
os.environ["MPLBACKEND"] = "Agg"
exec(request["warm_up"], {"__name__": "__warm_up__"})  # noqa: S102 - the build's own code


def lock_key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


owners: dict[str, str] = {}
for top, dists in importlib.metadata.packages_distributions().items():
    owners[top] = lock_key(dists[0])

site_modules: dict[str, list[str]] = {}
stdlib_modules: list[str] = []
for module in list(sys.modules.values()):
    path = getattr(module, "__file__", None) or ""
    if path.startswith(SITE + "/") and path.endswith(".py"):
        relative = os.path.relpath(path, SITE)
        top = relative.split("/")[0].removesuffix(".py")
        if top in owners:
            site_modules.setdefault(owners[top], []).append(relative)
    elif path.startswith(STDLIB_ZIP + "/") and path.endswith(".py"):
        stdlib_modules.append(path[len(STDLIB_ZIP) + 1 :])


def entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


index: dict = {"bytecode": {}, "stdlib": None, "fontlist": None}
os.makedirs(f"{OUT}/bytecode", exist_ok=True)
for package, files in sorted(site_modules.items()):
    name = f"bytecode/{package}.zip"
    with zipfile.ZipFile(f"{OUT}/{name}", "w") as bundle:
        for relative in sorted(files):
            module_path = f"{SITE}/{relative}"
            cached = importlib.util.cache_from_source(module_path)
            py_compile.compile(module_path, cfile=cached, invalidation_mode=PYC, doraise=True)
            with open(cached, "rb") as compiled:
                bundle.writestr(entry(os.path.relpath(cached, SITE)), compiled.read())
    index["bytecode"][package] = name

wanted = set(stdlib_modules)
stdlib_out = f"{OUT}/python_stdlib_pyc.zip"
with zipfile.ZipFile(STDLIB_ZIP) as stdlib, zipfile.ZipFile(stdlib_out, "w") as out:
    for info in stdlib.infolist():
        data = stdlib.read(info)
        out.writestr(entry(info.filename), data)
        if info.filename in wanted:
            code = compile(data, f"{STDLIB_ZIP}/{info.filename}", "exec", dont_inherit=True)
            header = importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little")
            pyc = header + importlib.util.source_hash(data) + marshal.dumps(code)
            out.writestr(entry(info.filename + "c"), pyc)
index["stdlib"] = "python_stdlib_pyc.zip"

if "matplotlib.font_manager" in sys.modules:
    import matplotlib

    shutil.copyfile(
        os.path.join(os.path.dirname(matplotlib.__file__), "fontlist.json"),
        f"{OUT}/matplotlib-fontlist.json",
    )
    index["fontlist"] = "matplotlib-fontlist.json"

with open(f"{OUT}/prebuilt.json", "w", encoding="utf-8") as handle:
    json.dump(index, handle, indent=1, sort_keys=True)
