"""Turn what a teacher points the grader at (files, folders, zip archives) into candidate files.

Nothing is extracted to disk and nothing is trusted: every file and every zip member is read with a
size cap, archives are opened with limits on members, total size and nesting (a zip bomb stops at
the cap), and anything unusable becomes a :class:`Rejected` with the reason, so that every input
appears in the report.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from uspak.submission import MAX_SUBMISSION_BYTES

# A notebook with plots can be a few MB; the cap still refuses a 50 MB upload without reading it.
MAX_NOTEBOOK_BYTES = 20_000_000
MAX_ZIP_MEMBERS = 20_000
MAX_ZIP_TOTAL_BYTES = 1_000_000_000  # uncompressed, summed over an archive and its nested archives
MAX_NESTED_ZIP_BYTES = 100_000_000  # a zip inside a zip is read into memory: keep that bounded
MAX_ZIP_DEPTH = 2  # a course-platform download of zips is one level; a bomb nests deeper
ZIP_MAGIC = b"PK\x03\x04"
HIDDEN = "hidden file or folder (.DS_Store, .ipynb_checkpoints, __MACOSX): not a hand-in"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"


@dataclass(frozen=True)
class Candidate:
    """A file that may be a submission: a name for reports, its bytes, when it last changed."""

    label: str
    raw: bytes
    modified: datetime | None = None

    @property
    def is_notebook(self) -> bool:
        return self.label.lower().endswith(".ipynb")


@dataclass(frozen=True)
class Rejected:
    """An input that could not be used, and why (it goes to the report, never silently away)."""

    label: str
    reason: str
    ignored: bool = False  # skipped on purpose (hidden files), not a broken submission


def collect(paths: list[Path], skip: Path | None = None) -> Iterator[Candidate | Rejected]:
    """Every candidate file under ``paths``, in a stable order (folders sorted by name).

    Files under ``skip`` (the grader's own output folder, if it lies among the hand-ins) are
    listed as ignored.
    """
    for path in paths:
        if path.is_dir():
            yield from _folder(path, skip.resolve() if skip else None)
        elif path.is_file():
            yield from _file(path)
        else:
            yield Rejected(str(path), "no such file or folder")


def _folder(folder: Path, skip: Path | None) -> Iterator[Candidate | Rejected]:
    real_folder = folder.resolve()
    if skip and not skip.is_relative_to(real_folder):
        skip = None  # the output folder is elsewhere: no need to look at every path
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if skip and (real_folder / path.relative_to(folder)).is_relative_to(skip):
            yield Rejected(str(path), "the grader's own output folder", ignored=True)
            continue
        hidden = [part for part in path.relative_to(folder).parts if part.startswith(".")]
        if hidden:  # .DS_Store, .ipynb_checkpoints/ copies: not what the student handed in
            yield Rejected(str(path), HIDDEN, ignored=True)
            continue
        yield from _file(path)


def _file(path: Path) -> Iterator[Candidate | Rejected]:
    label = str(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
            if head in (ZIP_MAGIC, EMPTY_ZIP_MAGIC) or label.lower().endswith(".zip"):
                handle.seek(0)
                yield from _archive(handle, label, depth=1, budget=_Budget())
                return
            size = path.stat().st_size
            if size > _cap(label):  # refused by its size, never read
                yield Rejected(label, _too_big(size, _cap(label)))
                return
            raw = head + handle.read(_cap(label))
            modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError as error:
        yield Rejected(label, f"cannot read: {error.strerror}")
        return
    if len(raw) > _cap(label):  # it grew while we read it
        yield Rejected(label, _too_big(len(raw), _cap(label)))
        return
    yield Candidate(label, raw, modified)


class _Budget:
    """Uncompressed bytes still allowed for one top-level archive, nested ones included."""

    def __init__(self) -> None:
        self.left = MAX_ZIP_TOTAL_BYTES


def _archive(handle, label: str, depth: int, budget: _Budget) -> Iterator[Candidate | Rejected]:
    try:
        archive = zipfile.ZipFile(handle)
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        yield Rejected(label, f"corrupt zip archive: {error}")
        return
    if len(members) > MAX_ZIP_MEMBERS:
        yield Rejected(label, f"zip archive has {len(members):,} files (limit {MAX_ZIP_MEMBERS:,})")
        return
    with archive:
        for member in members:
            yield from _member(archive, member, f"{label}!{member.filename}", depth, budget)


def _member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, label: str, depth: int, budget: _Budget
) -> Iterator[Candidate | Rejected]:
    name = member.filename.rsplit("/", 1)[-1]
    if name.startswith(".") or "__MACOSX/" in member.filename:
        yield Rejected(label, HIDDEN, ignored=True)
        return
    nested = name.lower().endswith(".zip")
    member_cap = MAX_NESTED_ZIP_BYTES if nested else _cap(name)
    cap = min(member_cap, budget.left)
    try:
        with archive.open(member) as stream:
            raw = stream.read(cap + 1)  # the header's size can lie: count what actually comes out
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, ValueError) as error:
        yield Rejected(label, f"cannot read from the zip archive: {error}")
        return
    if len(raw) > cap:
        if cap < member_cap:
            reason = f"the archive expands past {MAX_ZIP_TOTAL_BYTES:,} bytes in all (zip bomb?)"
        else:
            reason = f"expands past the limit of {cap:,} bytes for one file (zip bomb?)"
        yield Rejected(label, reason)
        return
    budget.left -= len(raw)
    if nested or raw[:4] == ZIP_MAGIC:
        if depth >= MAX_ZIP_DEPTH:
            yield Rejected(label, f"zip archives nested more than {MAX_ZIP_DEPTH} deep")
            return
        yield from _archive(io.BytesIO(raw), label, depth + 1, budget)
        return
    modified = datetime(*member.date_time, tzinfo=UTC) if _valid_date(member) else None
    yield Candidate(label, raw, modified)


def _valid_date(member: zipfile.ZipInfo) -> bool:
    try:
        datetime(*member.date_time)
    except ValueError:
        return False
    return True


def _cap(name: str) -> int:
    return MAX_NOTEBOOK_BYTES if name.lower().endswith(".ipynb") else MAX_SUBMISSION_BYTES


def _too_big(size: int, cap: int) -> str:
    return f"{size:,} bytes is too big for a submission (limit {cap:,} bytes)"
