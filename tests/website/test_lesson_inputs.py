"""Does an incremental build notice every change that alters what a lesson shows?"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from uspak.course import Course
from uspak.website import lesson_inputs

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_architecture import import_graph  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def course(tmp_path) -> Course:
    for name in ("data", "exercises", "lessons"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return Course(tmp_path)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda c: append(c.data / "aid_flows.csv", ""), id="nothing"),
        pytest.param(lambda c: append(c.lessons / "03-economy.md", "\nMore prose.\n"), id="prose"),
    ],
)
def test_an_edit_lessons_do_not_read_keeps_the_fingerprint(course, edit):
    """Is the fingerprint unchanged by edits that leave every lesson's output as it was?
    (A lesson's own code is jupyter-cache's to watch.)"""
    before = lesson_inputs.fingerprint(course)
    edit(course)
    assert lesson_inputs.fingerprint(course) == before


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda c: append(c.data / "aid_flows.csv", "\n"), id="data-table"),
        pytest.param(lambda c: append(c.data / "datapackage.json", " "), id="descriptor"),
        pytest.param(lambda c: append(c.exercises / "03-economy.yml", "\n# x\n"), id="bank"),
    ],
)
def test_an_edit_to_what_lessons_read_changes_the_fingerprint(course, edit):
    """Does a change to the data or to a bank change the fingerprint, so the build starts over?"""
    before = lesson_inputs.fingerprint(course)
    edit(course)
    assert lesson_inputs.fingerprint(course) != before


def test_the_package_source_is_part_of_the_fingerprint():
    """Are the modules lessons import (load_table's among them) hashed?"""
    hashed = {
        p.relative_to(lesson_inputs.PACKAGE).as_posix() for p in lesson_inputs.package_files()
    }
    assert {"data/frames.py", "exercises/widget.py", "maps/draw.py"} <= hashed
    assert not any(name.startswith("grading/") for name in hashed)


def test_what_is_left_out_is_never_imported_by_lessons_or_the_book():
    """Does nothing a lesson's kernel (``import uspak``) or a Sphinx extension imports, directly
    or not, come from the parts left out, so that leaving them out cannot hide a change?"""
    graph = import_graph()
    reached: set[str] = set()
    todo = ["uspak", *(m for m in graph if m.startswith("uspak.sphinxext."))]
    while todo:
        module = todo.pop()
        if module not in reached:
            reached.add(module)
            todo += graph.get(module, ())
    left_out = tuple(
        f"uspak.{name.removesuffix('.py')}" for name in lesson_inputs.NOT_READ_BY_LESSONS
    )
    assert sorted(m for m in reached if m.startswith(left_out)) == []


@pytest.mark.parametrize("stamped", [None, "another"], ids=["no-stamp", "other-stamp"])
def test_a_missing_or_different_stamp_means_changed(tmp_path, stamped):
    """Is a build folder without this fingerprint's stamp treated as changed?"""
    if stamped:
        lesson_inputs.stamp(tmp_path, stamped)
    assert lesson_inputs.has_changed(tmp_path, "current")


def test_the_same_stamp_means_unchanged(tmp_path):
    """Does the stamp of the last good build say nothing changed?"""
    lesson_inputs.stamp(tmp_path, "current")
    assert not lesson_inputs.has_changed(tmp_path, "current")
