"""The pinned versions: one lock file that the Makefile, CI and Binder all install from."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"


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
