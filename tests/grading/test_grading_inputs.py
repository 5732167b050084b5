"""Collecting hand-ins: files, folders and zip archives, with every unusable input accounted for."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from uspak.grading import inputs
from uspak.grading.inputs import Candidate, Rejected, collect


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def outcomes(paths: list[Path]) -> dict[str, str]:
    """label -> 'candidate' or the reason it was rejected."""
    return {
        item.label: "candidate" if isinstance(item, Candidate) else item.reason
        for item in collect(paths)
    }


def test_folder_is_walked_recursively_in_name_order(tmp_path):
    """Are files in nested folders all collected, sorted by path?"""
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.json").write_text("{}")
    (tmp_path / "a.json").write_text("{}")
    labels = [item.label for item in collect([tmp_path])]
    assert labels == [str(tmp_path / "a.json"), str(tmp_path / "b" / "two.json")]


def test_hidden_files_are_ignored_but_listed(tmp_path):
    """Are .ipynb_checkpoints copies and .DS_Store listed as ignored, not graded?"""
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "s1__03-economy-checkpoint.ipynb").write_text("{}")
    (tmp_path / ".DS_Store").write_bytes(b"\0\0")
    found = list(collect([tmp_path]))
    assert len(found) == 2
    assert all(isinstance(item, Rejected) and item.ignored for item in found)


def test_missing_path_is_rejected(tmp_path):
    """Is a path that does not exist reported rather than raising?"""
    assert outcomes([tmp_path / "nope"]) == {str(tmp_path / "nope"): "no such file or folder"}


def test_zip_members_become_candidates_named_after_the_archive(tmp_path):
    """Is each file in a zip a candidate labelled archive!member, with its bytes?"""
    archive = tmp_path / "class.zip"
    archive.write_bytes(zip_bytes({"s1.json": b"one", "sub/s2.json": b"two"}))
    found = list(collect([archive]))
    assert [(c.label, c.raw) for c in found] == [
        (f"{archive}!s1.json", b"one"),
        (f"{archive}!sub/s2.json", b"two"),
    ]


def test_zip_inside_zip_is_opened(tmp_path):
    """Is a zip of per-student zips (a course platform's bulk download) read through?"""
    archive = tmp_path / "all.zip"
    archive.write_bytes(zip_bytes({"s1.zip": zip_bytes({"s1.json": b"x"})}))
    assert [c.label for c in collect([archive])] == [f"{archive}!s1.zip!s1.json"]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        pytest.param(b"PK\x03\x04 this is not really a zip", "corrupt zip", id="bad-header"),
        pytest.param(zip_bytes({"a.json": os.urandom(5000)})[:2000], "corrupt zip", id="truncated"),
    ],
)
def test_corrupt_zip_is_rejected(tmp_path, data, words):
    """Is a damaged archive reported as corrupt instead of stopping the run?"""
    archive = tmp_path / "broken.zip"
    archive.write_bytes(data)
    [(label, reason)] = outcomes([archive]).items()
    assert label == str(archive) and words in reason


def test_zip_bomb_member_stops_at_the_size_cap(tmp_path):
    """Does a small zip that expands to 50 MB stop at the per-file cap without expanding it all?"""
    archive = tmp_path / "bomb.zip"
    archive.write_bytes(zip_bytes({"s1.json": bytes(50_000_000)}))
    assert archive.stat().st_size < 200_000
    [reason] = outcomes([archive]).values()
    assert "zip bomb" in reason


def test_zip_total_expansion_is_capped(tmp_path, monkeypatch):
    """Do many small members stop once the archive's total expanded size passes the limit?"""
    monkeypatch.setattr(inputs, "MAX_ZIP_TOTAL_BYTES", 2_500)
    archive = tmp_path / "many.zip"
    archive.write_bytes(zip_bytes({f"s{i}.json": bytes(1_000) for i in range(5)}))
    reasons = list(outcomes([archive]).values())
    assert reasons[:2] == ["candidate", "candidate"]
    assert all("in all (zip bomb?)" in r for r in reasons[3:])


def test_zips_nested_too_deep_are_rejected(tmp_path):
    """Is a zip three levels deep refused (bombs nest; real hand-ins do not)?"""
    deep = zip_bytes({"a.zip": zip_bytes({"b.zip": zip_bytes({"s.json": b"x"})})})
    archive = tmp_path / "deep.zip"
    archive.write_bytes(deep)
    [reason] = outcomes([archive]).values()
    assert "nested more than" in reason


def test_file_over_the_cap_is_refused_unread(tmp_path):
    """Is a 50 MB file rejected by its size (a sparse file: never read)?"""
    big = tmp_path / "huge.json"
    with big.open("wb") as handle:
        handle.truncate(50_000_000)
    [reason] = outcomes([big]).values()
    assert "too big" in reason


def test_notebook_gets_a_larger_cap_than_json(tmp_path):
    """Is a 5 MB notebook (plots) accepted where a 5 MB JSON submission is not?"""
    for name in ("s1__03-economy.ipynb", "s1.json"):
        (tmp_path / name).write_bytes(b" " * 5_000_000)
    result = outcomes([tmp_path])
    assert result[str(tmp_path / "s1__03-economy.ipynb")] == "candidate"
    assert "too big" in result[str(tmp_path / "s1.json")]


def test_output_folder_among_the_hand_ins_is_ignored(tmp_path):
    """When --out lies inside a folder being graded, are its files listed as ignored?"""
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "gradebook.csv").write_text("Student\n")
    (tmp_path / "s1.json").write_text("{}")
    found = {item.label: item for item in collect([tmp_path], skip=tmp_path / "out")}
    assert isinstance(found[str(tmp_path / "s1.json")], Candidate)
    assert found[str(tmp_path / "out" / "gradebook.csv")].ignored


def test_damaged_member_of_a_sound_zip_is_rejected_alone(tmp_path):
    """Does a member whose data fails its checksum get rejected, and its neighbours still read?"""
    data = bytearray(zip_bytes({"bad.json": b"A" * 64, "good.json": b"B" * 64}))
    index = data.index(b"bad.json") + len("bad.json")  # first member's data follows its name
    data[index + 2] ^= 0xFF
    archive = tmp_path / "class.zip"
    archive.write_bytes(bytes(data))
    result = outcomes([archive])
    assert "cannot read from the zip archive" in result[f"{archive}!bad.json"]
    assert result[f"{archive}!good.json"] == "candidate"
