"""Zip archives among the hand-ins (finding 10 of issue 12): members streamed, never all held;
caps per archive and per run, each refusal with its reason, honest members graded in full."""

from __future__ import annotations

import io
import json
import tracemalloc
import zipfile

import pytest
from grading_inputs_class import (
    FULL_MARKS,
    HONEST_COUNT,
    assert_honest_full_marks,
    gradebook_rows,
    honest_answers,
    run_grade,
)
from test_grading_fixtures import LESSON, course  # noqa: F401 - fixtures

from uspak.grading import inputs, run
from uspak.grading.inputs import collect


def zip_bytes(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def honest_bytes(course, index: int, padding: int = 0) -> bytes:  # noqa: F811
    """hNN's hand-in; ``padding`` spaces make it bigger (still valid JSON)."""
    document = {
        "format": "uspak-submission",
        "format_version": 1,
        "lesson": LESSON,
        "student": f"h{index:02d}",
        "created": "2026-11-28T10:00:00Z",
        "origin": "website",
        "responses": honest_answers(course),
    }
    return (json.dumps(document) + " " * padding).encode("utf-8")


NEAR_CAP = inputs.MAX_SUBMISSION_BYTES - 10_000  # 1.99 MB, within the limit for one file


def test_members_are_not_all_held_in_memory(course, tmp_path):  # noqa: F811
    """Does grading a 1 MB zip of 100 members of 1.99 MB each stay far below their 199 MB?"""
    junk = {f"{i:03d}-junk.json": b" " * NEAR_CAP for i in range(100)}
    archive = tmp_path / "junk.zip"
    archive.write_bytes(zip_bytes(junk))
    assert archive.stat().st_size < 1_000_000
    tracemalloc.start()
    try:
        report = run_grade([archive], tmp_path / "out", course)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.counts["rejected"] == 100
    assert peak < 30_000_000


def test_answers_held_are_capped_per_run(course, tmp_path, monkeypatch):  # noqa: F811
    """Past the run's cap on answers held, is each further file refused, saying so?"""
    monkeypatch.setattr(run, "MAX_RUN_HELD_BYTES", 3 * 1_100_000)
    for n in range(3):  # three archives of two padded (but valid) hand-ins each
        members = {f"{k}.json": honest_bytes(course, 2 * n + k, 1_000_000) for k in range(2)}
        (tmp_path / f"class-{n}.zip").write_bytes(zip_bytes(members))
    report = run_grade(sorted(tmp_path.glob("*.zip")), tmp_path / "out", course)
    outcomes = [item.outcome for item in report.inputs]
    assert outcomes.count("graded") == 3 and outcomes.count("rejected") == 3
    refused = [item for item in report.inputs if item.outcome == "rejected"]
    assert all("already holds" in item.detail for item in refused)


def rows(course):  # noqa: F811
    """(id, zip bytes, label suffix of the refused entry, words, patch of the limits)."""
    return {
        "bomb-member": (
            {"bomb.json": bytes(50_000_000)},
            "!bomb.json",
            "zip bomb",
            {},
        ),
        "archive-total": (
            {f"{i}.json": b" " * 1_000 for i in range(5)},
            "!4.json",
            "in all (zip bomb?)",
            {"MAX_ZIP_TOTAL_BYTES": 3_500},
        ),
        "too-many-members": (
            {f"{i}.json": b"" for i in range(30)},
            "",
            "zip archive has 30 files (limit 20)",
            {"MAX_ZIP_MEMBERS": 20},
        ),
        "file-list-too-big": (
            {f"{'n' * 200}{i}.json": b"" for i in range(30)},
            "",
            "file list is",
            {"MAX_ZIP_DIRECTORY_BYTES": 5_000},
        ),
        "nested-too-deep": (
            {"a.zip": zip_bytes({"b.zip": zip_bytes({"c.json": b"{}"})})},
            "!a.zip!b.zip",
            "nested more than 2 deep",
            {},
        ),
        "empty-archive": ({}, "", "empty zip archive", {}),
    }


ROW_IDS = ["bomb-member", "archive-total", "too-many-members", "file-list-too-big"]
ROW_IDS += ["nested-too-deep", "empty-archive"]


@pytest.mark.parametrize("row", ROW_IDS)
def test_archive_limits_refuse_with_a_reason(course, tmp_path, monkeypatch, row):  # noqa: F811
    """Is each hostile archive refused at its limit, the reason in the report, neighbours kept?"""
    members, suffix, words, limits = rows(course)[row]
    for name, value in limits.items():
        monkeypatch.setattr(inputs, name, value)
    honest = {f"{i:02d}-honest.json": honest_bytes(course, i) for i in range(HONEST_COUNT)}
    (tmp_path / "a-honest.zip").write_bytes(zip_bytes(dict(list(honest.items())[:10])))
    (tmp_path / "b-hostile.zip").write_bytes(zip_bytes(members))
    (tmp_path / "c-honest.zip").write_bytes(zip_bytes(dict(list(honest.items())[10:])))
    report = run_grade(sorted(tmp_path.glob("*.zip")), tmp_path / "out", course)
    label = f"{tmp_path / 'b-hostile.zip'}{suffix}"
    [item] = [i for i in report.inputs if i.label == label]
    assert item.outcome == "rejected" and words in item.detail
    assert f"  {label}: " in report.report_file.read_text(encoding="utf-8")
    assert_honest_full_marks(report)


def test_inflated_bytes_are_capped_per_run(tmp_path, monkeypatch):
    """Does the run stop inflating once all its archives together pass the run's limit?"""
    monkeypatch.setattr(inputs, "MAX_RUN_ZIP_BYTES", 2_500)
    for n in range(3):
        (tmp_path / f"{n}.zip").write_bytes(zip_bytes({"s.json": b" " * 1_000}))
    found = list(collect(sorted(tmp_path.glob("*.zip"))))
    assert [type(item).__name__ for item in found] == ["Candidate", "Candidate", "Rejected"]
    assert "the run's archives expand past 2,500 bytes" in found[2].reason


def test_honest_member_beside_a_bomb_in_one_archive_is_graded(course, tmp_path):  # noqa: F811
    """Is an honest hand-in in the same zip as a bomb still graded in full?"""
    archive = tmp_path / "mixed.zip"
    members = {"a.json": honest_bytes(course, 0), "b.json": bytes(30_000_000)}
    archive.write_bytes(zip_bytes({**members, "c.json": honest_bytes(course, 1)}))
    report = run_grade([archive], tmp_path / "out", course)
    assert {s: r[f"{LESSON} total"] for s, r in gradebook_rows(report).items()} == {
        "h00": FULL_MARKS,
        "h01": FULL_MARKS,
    }
