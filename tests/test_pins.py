"""The pinned versions: one lock file that the Makefile, CI and Binder all install from, on every
Python version the course supports."""

from __future__ import annotations

import functools
import re
import shlex
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, distributions, metadata, version
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
# Installed by venv or pip themselves, or the course itself: never pinned.
UNPINNED = {"pip", "uspak"}


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _lock(path: Path = LOCK) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, pinned = line.partition("==")
            pins[_name(name)] = pinned.strip()
    return pins


def _declared(*extras: str) -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    optional = project["optional-dependencies"]
    return project["dependencies"] + [r for e in extras or optional for r in optional[e]]


def test_every_lock_line_is_an_exact_pin():
    """Is every line of the lock file `name==version`, so next year's build installs the same?"""
    bad = [
        ln
        for ln in LOCK.read_text().splitlines()
        if ln.strip() and not ln.startswith("#") and not re.fullmatch(r"[A-Za-z0-9_.\-]+==\S+", ln)
    ]
    assert bad == []


@pytest.mark.parametrize("requirement", _declared(), ids=_name)
def test_declared_dependency_is_pinned(requirement):
    """Is each dependency declared in pyproject.toml pinned in the lock file?"""
    assert _name(requirement) in _lock()


@pytest.mark.parametrize("requirement", _declared("test"), ids=_name)
def test_installed_version_matches_the_lock(requirement):
    """Does the environment running the tests hold exactly the locked version?"""
    name = _name(requirement)
    try:
        installed = version(name)
    except PackageNotFoundError:
        pytest.fail(f"{name} is declared but not installed")
    assert installed == _lock()[name]


def test_jupyterlab_environment_shares_the_course_pins():
    """Does `make lab`'s own lock pin every package it shares with the course at the same version
    (the widget and jupytext front-ends must match the kernel side)?"""
    lab, course = _lock(ROOT / "requirements" / "lab-lock.txt"), _lock()
    assert {"jupyterlab", "jupytext", "anywidget", "jupyterlab-widgets"} <= set(lab)
    assert {n: v for n, v in lab.items() if n in course and course[n] != v} == {}


def test_jupyter_book_stays_on_the_offline_1x_line():
    """Is Jupyter Book pinned to 1.x (2.x downloads its theme at build time)?"""
    assert _lock()["jupyter-book"].startswith("1.")


@pytest.mark.parametrize(
    ("installer", "reference"),
    [
        ("Makefile", "-c $(LOCK)"),
        ("binder/requirements.txt", "-r ../requirements/lock.txt"),
        (".github/workflows/book.yml", "bash .ci/run"),
        (".ci/run", "make test"),
    ],
    ids=["makefile", "binder", "workflow", "ci"],
)
def test_every_installer_uses_the_lock(installer, reference):
    """Do the Makefile, Binder and CI all install from the same lock (CI through make test)?"""
    assert reference in (ROOT / installer).read_text()


@functools.cache
def _requires_python() -> SpecifierSet:
    return SpecifierSet(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    )


@functools.cache
def _lowest_admitted() -> dict[str, str]:
    """Each 3.x version that pyproject.toml's requires-python admits, with its lowest admitted
    patch release (3.11.5 for ">=3.11.5")."""
    admitted = {}
    for minor in range(8, 30):
        patches = [f"3.{minor}.{p}" for p in range(30) if f"3.{minor}.{p}" in _requires_python()]
        if patches:
            admitted[f"3.{minor}"] = patches[0]
    return admitted


def _supported() -> list[str]:
    return list(_lowest_admitted())


def _classifier_versions() -> list[str]:
    classifiers = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["classifiers"]
    prefix = "Programming Language :: Python :: "
    return [c.removeprefix(prefix) for c in classifiers if re.fullmatch(rf"{prefix}3\.\d+", c)]


def _makefile_versions() -> list[str]:
    line = re.search(r"^PYTHONS := (.*)$", (ROOT / "Makefile").read_text(), flags=re.M).group(1)
    return [word.removeprefix("python") for word in line.split()]


def _ci_versions() -> list[str]:
    script = (ROOT / ".ci" / "python-versions").read_text()
    return shlex.split(re.search(r"^SUPPORTED=\((.*?)\)", script, flags=re.M).group(1))


@pytest.mark.parametrize(
    "declared",
    [_classifier_versions, _makefile_versions, _ci_versions],
    ids=["classifiers", "makefile", "ci"],
)
def test_supported_pythons_agree_with_requires_python(declared):
    """Do the classifiers, the Pythons make picks from and the ones CI tests name exactly the
    versions that requires-python admits (3.11 to 3.13)?"""
    assert _supported() == ["3.11", "3.12", "3.13"]
    assert declared() == _supported()


def test_every_locked_package_supports_every_supported_python():
    """Does no pinned package's own Requires-Python shut out a Python the course admits (each
    supported version from its lowest admitted release on)?"""
    refusing = {}
    lowest = list(_lowest_admitted().values())
    for name in _lock():
        requires = metadata(name).get("Requires-Python")
        shut_out = [v for v in lowest if requires and v not in SpecifierSet(requires)]
        if shut_out:
            refusing[name] = f"{requires} excludes {shut_out}"
    assert refusing == {}


def test_environment_holds_nothing_the_lock_does_not_pin():
    """Is every installed distribution pinned, at its installed version (so the lock, made on one
    Python, is complete on this one: Python 3.12+ venvs bring no setuptools, yet a dependency
    requires it)?"""
    installed = {_name(d.metadata["Name"]): d.version for d in distributions()}
    lock = _lock()
    stray = {n: v for n, v in installed.items() if n not in UNPINNED and lock.get(n) != v}
    assert stray == {}


def test_ci_finds_the_other_supported_pythons():
    """Does .ci/python-versions list only supported interpreters that run, and leave out the one
    `make test` already covers when asked for the others?"""
    script = ROOT / ".ci" / "python-versions"

    def versions(*args: str) -> list[str]:
        found = subprocess.run(
            ["bash", str(script), *args], capture_output=True, text=True, check=True
        ).stdout.split()
        return [
            subprocess.run(
                [py, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            for py in found
        ]

    this = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert this in versions()
    assert set(versions()) <= set(_supported())
    assert this not in versions("--others", sys.executable)
    assert set(versions("--others", sys.executable)) == set(versions()) - {this}


def test_ci_runs_lessons_and_non_browser_tests_on_the_other_pythons():
    """Does .ci/run hand each other Python to .ci/other-python, which installs from the lock and
    runs the lessons from fresh kernels and the tests that need no browser?"""
    run = (ROOT / ".ci" / "run").read_text()
    other = (ROOT / ".ci" / "other-python").read_text()
    assert "python-versions --others" in run and "other-python" in run
    assert "-c requirements/lock.txt" in other
    assert '-m "not browser and not slow"' in other
    assert "-m slow tests/lessons/test_lessons.py" in other
