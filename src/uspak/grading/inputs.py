"""Turn what a teacher points the grader at (files, folders, zip archives) into candidate files.

Nothing is extracted to disk and nothing is trusted: every file and every zip member is read with a
size cap, archives are opened with limits on members, directory size, total size and nesting (a
zip bomb stops at the cap), and anything unusable becomes a :class:`Rejected` with the reason, so
that every path given appears in the report once. Candidates are yielded one at a time: a caller
that handles each before asking for the next holds one member in memory, not a whole archive.

Only regular files are opened, and with ``O_NONBLOCK``, so a named pipe never blocks the run; a
symbolic link is followed to a file, never to a folder (a link can lead anywhere, or in a loop).
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from uspak.submission import MAX_SUBMISSION_BYTES

# A notebook with plots can be a few MB; the cap still refuses a 50 MB upload without reading it.
MAX_NOTEBOOK_BYTES = 20_000_000
MAX_ZIP_MEMBERS = 20_000
# The directory is read whole when an archive opens: 20,000 entries of real names need ~2 MB.
MAX_ZIP_DIRECTORY_BYTES = 20_000_000
MAX_ZIP_TOTAL_BYTES = 1_000_000_000  # uncompressed, summed over an archive and its nested archives
# Uncompressed, summed over every archive of the run. Members are not kept, so this bounds the
# time spent inflating (a few seconds a GB), not memory; run.py bounds what is kept.
MAX_RUN_ZIP_BYTES = 4_000_000_000
MAX_NESTED_ZIP_BYTES = 100_000_000  # a zip inside a zip is read into memory: keep that bounded
MAX_ZIP_DEPTH = 2  # a course-platform download of zips is one level; a bomb nests deeper
ZIP_MAGIC = b"PK\x03\x04"
HIDDEN = "hidden file or folder (.DS_Store, .ipynb_checkpoints, __MACOSX): not a hand-in"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
# O_NONBLOCK: opening a named pipe returns at once instead of waiting for a writer.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
OPEN_FLAGS |= getattr(os, "O_BINARY", 0)

_ZIP: Any = zipfile  # its private end-record helpers, untyped


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
    fault: bool = False  # the grader itself failed on it: a bug to report, not the student's doing


@dataclass
class _Run:
    """What one ``collect`` call has seen: files by identity (read once), bytes inflated."""

    skip: Path | None
    seen: dict[tuple[int, int], str] = field(default_factory=dict)
    zip_left: int = field(default_factory=lambda: MAX_RUN_ZIP_BYTES)


def collect(paths: list[Path], skip: Path | None = None) -> Iterator[Candidate | Rejected]:
    """Every candidate file under ``paths``, in a stable order (folders sorted by name).

    Files under ``skip`` (the grader's own output folder, if it lies among the hand-ins) are
    listed as ignored; a file reached twice (given twice, or through a link) is read once.
    """
    run = _Run(skip.resolve() if skip else None)
    for path in paths:
        yield from _guarded(str(path), partial(_top, Path(path), run))


def _guarded(label: str, make: Callable[[], Iterator[Candidate | Rejected]]):
    """Whatever goes wrong in the grader while reading one input is that input's rejection."""
    try:
        yield from make()
    except Exception as error:  # noqa: BLE001 - one input must never stop the others
        yield Rejected(label, f"grader fault while reading it: {_error_text(error)}", fault=True)


def _top(path: Path, run: _Run) -> Iterator[Candidate | Rejected]:
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        yield Rejected(str(path), "no such file or folder")
        return
    except OSError as error:
        yield Rejected(str(path), f"cannot look at it: {error.strerror}")
        return
    if stat.S_ISLNK(mode):
        target = _target_mode(path)
        if target is None:
            yield Rejected(str(path), f"broken symbolic link (to {os.readlink(path)})")
            return
        mode = target  # the teacher named the link: follow it, to a folder too
    if stat.S_ISDIR(mode):
        real = path.resolve()
        skip = run.skip if run.skip and run.skip.is_relative_to(real) else None
        found = yield from _folder(path, path, run, (real, skip))
        if not found:
            yield Rejected(str(path), "an empty folder: no files in it to grade")
    elif stat.S_ISREG(mode):
        yield from _file(path, run)
    else:
        yield Rejected(str(path), f"{_kind(mode)}, not a file: not read")


Skip = tuple[Path, Path | None]  # the real path of the top folder, the output folder inside it


def _folder(
    top: Path, folder: Path, run: _Run, skip: Skip
) -> Generator[Candidate | Rejected, None, int]:
    """Yield what lies under ``folder``; return how many entries were reported."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as error:
        yield Rejected(str(folder), f"cannot list the folder: {error.strerror}")
        return 1
    count = 0
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            count += yield from _folder(top, path, run, skip)
            continue
        count += 1
        yield from _guarded(str(path), partial(_entry, top, path, run, skip))
    return count


def _entry(top: Path, path: Path, run: _Run, skip: Skip) -> Iterator[Candidate | Rejected]:
    label = str(path)
    relative = path.relative_to(top)
    real_top, output = skip
    if output and (real_top / relative).is_relative_to(output):
        yield Rejected(label, "the grader's own output folder", ignored=True)
        return
    if any(part.startswith(".") for part in relative.parts):
        yield Rejected(label, HIDDEN, ignored=True)  # .DS_Store, .ipynb_checkpoints/ copies
        return
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        target = _target_mode(path)
        if target is None:
            yield Rejected(label, f"broken symbolic link (to {os.readlink(path)})")
        elif stat.S_ISDIR(target):
            reason = "symbolic link to a folder: not followed (name the folder itself to grade it)"
            yield Rejected(label, reason)
        elif stat.S_ISREG(target):
            yield from _file(path, run)
        else:
            yield Rejected(label, f"symbolic link to {_kind(target)}: not read")
    elif stat.S_ISREG(mode):
        yield from _file(path, run)
    else:
        yield Rejected(label, f"{_kind(mode)}, not a file: not read")


def _target_mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode
    except OSError:  # missing target, or a loop of links
        return None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _file(path: Path, run: _Run) -> Iterator[Candidate | Rejected]:
    label = str(path)
    try:
        handle = os.fdopen(os.open(path, OPEN_FLAGS), "rb")
    except OSError as error:
        yield Rejected(label, f"cannot read: {error.strerror}")
        return
    with handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):  # swapped for a pipe or device since we looked
            yield Rejected(label, f"{_kind(info.st_mode)}, not a file: not read")
            return
        first = run.seen.get((info.st_dev, info.st_ino))
        if first is not None:
            yield Rejected(label, f"the same file as {first}, read once", ignored=True)
            return
        run.seen[(info.st_dev, info.st_ino)] = label
        try:
            head = handle.read(4)
            if head in (ZIP_MAGIC, EMPTY_ZIP_MAGIC) or label.lower().endswith(".zip"):
                handle.seek(0)
                yield from _archive(handle, label, depth=1, budget=_Budget(run))
                return
            cap = _cap(label)
            if info.st_size > cap:  # refused by its size, never read
                yield Rejected(label, _too_big(info.st_size, cap))
                return
            raw = head + handle.read(cap)
        except OSError as error:
            yield Rejected(label, f"cannot read: {error.strerror}")
            return
    if len(raw) > cap:  # it grew while we read it
        yield Rejected(label, _too_big(len(raw), cap))
        return
    yield Candidate(label, raw, _mtime(info.st_mtime))


def _mtime(seconds: float) -> datetime | None:
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):  # a date past year 9999 or before year 1
        return None


class _Budget:
    """Uncompressed bytes still allowed for one top-level archive (nested ones included) and for
    the run."""

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.left = MAX_ZIP_TOTAL_BYTES

    @property
    def cap(self) -> int:
        return min(self.left, self.run.zip_left)

    def spend(self, size: int) -> None:
        self.left -= size
        self.run.zip_left -= size

    def reason(self) -> str:
        if self.run.zip_left <= self.left:
            return f"the run's archives expand past {MAX_RUN_ZIP_BYTES:,} bytes in all"
        return f"the archive expands past {MAX_ZIP_TOTAL_BYTES:,} bytes in all (zip bomb?)"


def _archive(handle, label: str, depth: int, budget: _Budget) -> Iterator[Candidate | Rejected]:
    try:
        # The archive's own count, before its directory is read (zipfile's private helpers).
        declared = _ZIP._EndRecData(handle)
        if declared and declared[_ZIP._ECD_ENTRIES_TOTAL] > MAX_ZIP_MEMBERS:
            count = declared[_ZIP._ECD_ENTRIES_TOTAL]
            yield Rejected(label, f"zip archive has {count:,} files (limit {MAX_ZIP_MEMBERS:,})")
            return
        if declared and declared[_ZIP._ECD_SIZE] > MAX_ZIP_DIRECTORY_BYTES:
            size = declared[_ZIP._ECD_SIZE]
            limit = MAX_ZIP_DIRECTORY_BYTES
            yield Rejected(label, f"zip archive's file list is {size:,} bytes (limit {limit:,})")
            return
        archive = zipfile.ZipFile(handle)
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        yield Rejected(label, f"corrupt zip archive: {error}")
        return
    if len(members) > MAX_ZIP_MEMBERS:
        yield Rejected(label, f"zip archive has {len(members):,} files (limit {MAX_ZIP_MEMBERS:,})")
        return
    if not members:
        yield Rejected(label, "an empty zip archive: no files in it to grade")
        return
    with archive:
        for member in members:
            member_label = f"{label}!{member.filename}"
            member_reader = partial(_member, archive, member, member_label, depth, budget)
            yield from _guarded(member_label, member_reader)


def _member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, label: str, depth: int, budget: _Budget
) -> Iterator[Candidate | Rejected]:
    name = member.filename.rsplit("/", 1)[-1]
    if name.startswith(".") or "__MACOSX/" in member.filename:
        yield Rejected(label, HIDDEN, ignored=True)
        return
    nested = name.lower().endswith(".zip")
    member_cap = MAX_NESTED_ZIP_BYTES if nested else _cap(name)
    cap = min(member_cap, budget.cap)
    try:
        with archive.open(member) as stream:
            raw = stream.read(cap + 1)  # the header's size can lie: count what actually comes out
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, ValueError) as error:
        yield Rejected(label, f"cannot read from the zip archive: {error}")
        return
    if len(raw) > cap:
        if cap < member_cap:
            reason = budget.reason()
        else:
            reason = f"expands past the limit of {cap:,} bytes for one file (zip bomb?)"
        yield Rejected(label, reason)
        return
    budget.spend(len(raw))
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


def _error_text(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"
