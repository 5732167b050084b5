"""Binder: a fresh environment built from exactly what Binder installs runs a lesson."""

from __future__ import annotations

import shutil
import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UNCOPIED = shutil.ignore_patterns(".venv", "_build", ".git", "node_modules", "test-artifacts")

EXECUTE = """
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=120, kernel_name="python3").execute()
errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
print("executed", len(nb.cells), "cells,", len(errors), "errors")
"""


def test_binder_installs_from_the_lock():
    """Does Binder's requirements file point at the one lock file, for Python 3.11?"""
    assert (ROOT / "binder/requirements.txt").read_text().count("-r ../requirements/lock.txt") == 1
    assert (ROOT / "binder/runtime.txt").read_text().strip() == "python-3.11"


@pytest.mark.slow
def test_a_fresh_binder_environment_runs_a_lesson_as_a_notebook(tmp_path):
    """Built only from binder/ (requirements + postBuild), does the env open and run a lesson?"""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, symlinks=True, ignore=UNCOPIED)
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt"],
        cwd=repo,
        check=True,
    )
    env = {"PATH": f"{env_dir / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run(["bash", "binder/postBuild"], cwd=repo, check=True, env=env)
    notebook = repo / "lessons" / "00-overview.ipynb"
    assert notebook.is_file(), "postBuild did not turn the lessons into notebooks"
    result = subprocess.run(
        [python, "-c", EXECUTE, str(notebook)],
        cwd=repo / "lessons",
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert ", 0 errors" in result.stdout
