"""A real install: the wheel carries the course's data, banks and lessons, found from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course's wheel, built as pip builds it, unpacked where an install would put it."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
        + ["-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = out.glob("uspak-*.whl")
    site = out / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def run_installed(site: Path, code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Python with the unpacked wheel first on its path, away from the checkout."""
    env = {k: v for k, v in os.environ.items() if k != "USPAK_ROOT"}
    env["PYTHONPATH"] = str(site)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=env
    )


@pytest.mark.slow
def test_an_installed_course_loads_its_tables_from_any_folder(unpacked_wheel, tmp_path):
    """From a folder that is no course, does the installed package find its own data?"""
    code = (
        "import uspak, uspak.course as c; from uspak import load_table;"
        "print(uspak.__file__); print(c.locate().root); print(len(load_table('aid_flows')))"
    )
    result = run_installed(unpacked_wheel, code, tmp_path)
    assert result.returncode == 0, result.stderr
    module, root, rows = result.stdout.split()
    assert module.startswith(str(unpacked_wheel))
    assert Path(root) == unpacked_wheel / "uspak" / "_course"
    assert int(rows) > 50


@pytest.mark.slow
def test_an_installed_course_finds_its_exercises(unpacked_wheel, tmp_path):
    """Does the installed package find an exercise bank, as a lesson's show_exercise needs?"""
    code = (
        "from uspak.exercises.bank import find_exercise; print(find_exercise('l03-klb-years').id)"
    )
    result = run_installed(unpacked_wheel, code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "l03-klb-years"
