"""How every part of the package finds the course: one ``Course``, located once, passed down."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from uspak.course import Course, locate, located
from uspak.data.package import read_descriptor

ROOT = Path(__file__).resolve().parents[1]


def test_no_course_given_means_the_located_one():
    """Does an API called without a course work on the one the process located?"""
    assert located(None) == locate()


def test_a_folder_in_place_of_a_course_is_refused_clearly():
    """Is a Path given where a Course belongs refused with a message saying what to pass?"""
    with pytest.raises(TypeError, match=r"expected a Course, not .*Path.*Course\(folder\)"):
        located(ROOT)  # type: ignore[arg-type]


def test_the_descriptor_is_parsed_once_per_version(tmp_path, monkeypatch):
    """Is datapackage.json read again after it changes, and not before?"""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    course = Course(tmp_path)
    reads = []
    original = Path.read_text

    def counting(self, *args, **kwargs):
        if self.name == "datapackage.json":
            reads.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counting)
    first = read_descriptor(course)
    read_descriptor(course)
    assert len(reads) == 1
    first["title"] = "changed by a caller"
    path = tmp_path / "data" / "datapackage.json"
    path.write_text(json.dumps({**first, "name": "edited"}), encoding="utf-8")
    assert read_descriptor(course)["name"] == "edited"
    assert len(reads) == 2


def test_a_caller_cannot_change_what_the_next_one_reads():
    """Does each caller get its own copy of the parsed descriptor?"""
    course = Course(ROOT)
    read_descriptor(course)["resources"].clear()
    assert read_descriptor(course)["resources"]
