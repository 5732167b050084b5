"""The manifest the page's worker loads packages by: each package's files and what it needs."""

from __future__ import annotations

import json

import jsonschema
import pytest

from uspak.schema_check import load_schema
from uspak.website import pyodide_dist
from uspak.website.pyodide_manifest import build_manifest

LOCK = {
    "info": {"version": pyodide_dist.PYODIDE_VERSION},
    "packages": {
        "numpy": {"file_name": "numpy-2.whl", "sha256": "0", "imports": ["numpy"], "depends": []},
        "pandas": {"file_name": "pandas-2.whl", "sha256": "0", "imports": ["pandas"],
                   "depends": ["numpy"]},
        "matplotlib": {"file_name": "matplotlib-3.whl", "sha256": "0",
                       "imports": ["matplotlib", "pylab"], "depends": ["numpy"]},
    },
}  # fmt: skip
PREBUILT = {
    "bytecode": {"pandas": "bytecode/pandas.zip"},
    "stdlib": "python_stdlib_pyc.zip",
    "fontlist": "matplotlib-fontlist.json",
}


@pytest.fixture
def manifest(tmp_path):
    for name in ("numpy-2.whl", "pandas-2.whl", "bytecode/pandas.zip", "python_stdlib_pyc.zip"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(name.encode())
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "aid.csv").write_text("year\n")
    return build_manifest(site_dir=tmp_path, lock=LOCK, prebuilt=PREBUILT)


def test_the_manifest_follows_its_schema(manifest):
    """Is the manifest the build writes one the page's schema accepts?"""
    jsonschema.validate(json.loads(json.dumps(manifest)), load_schema("pyodide-manifest-v1"))


def test_a_package_lists_its_wheel_bytecode_and_what_it_needs(manifest):
    """Does pandas name its wheel, its prebuilt bytecode, the lock's dependencies and Jinja2
    (which DataFrame.style imports), so a pandas cell loads exactly that?"""
    pandas = manifest["packages"]["pandas"]
    assert (pandas["wheel"], pandas["bytecode"]) == ("pandas-2.whl", "bytecode/pandas.zip")
    assert pandas["depends"] == ["jinja2", "numpy"]
    assert manifest["packages"]["matplotlib"]["site_files"] == {
        "matplotlib/fontlist.json": "matplotlib-fontlist.json"
    }
    assert manifest["page_modules"] == {"uspak": ["pandas"]}


def test_every_file_is_listed_with_its_sha256_and_data_is_not(manifest, tmp_path):
    """Does the manifest give each file's sha256 (the worker checks downloads against it),
    leaving out the data files, which lessons read as they change?"""
    files = manifest["files"]
    assert files["bytecode/pandas.zip"]["sha256"] == pyodide_dist.sha256_of(
        tmp_path / "bytecode" / "pandas.zip"
    )
    assert not [name for name in files if name.startswith("data/")]
    assert manifest["stdlib"] == "python_stdlib_pyc.zip" == manifest["core"][-1]


def test_a_changed_file_gives_another_build_name(tmp_path, manifest):
    """Does changing one file change ``build``, so the browser drops its cached copy?"""
    (tmp_path / "pandas-2.whl").write_bytes(b"other")
    again = build_manifest(site_dir=tmp_path, lock=LOCK, prebuilt=PREBUILT)
    assert again["build"] != manifest["build"]
