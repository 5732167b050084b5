"""Grading memory on hostile zips: prints peak RSS, asserts nothing (issue 12, finding 10).

Three zips of about 1 MB, each of 490 members of 1.99 MB (just under the 2 MB a submission may
have), graded by ``uspak grade`` in a fresh process; peak resident memory is read from
``getrusage`` of that process. Two kinds of member:

- ``junk``: 1.99 MB of spaces, refused as empty; only holding the bytes costs memory.
- ``answers``: valid submissions whose 199 responses hold 10,000 characters each, which a grader
  keeps until it has chosen the latest hand-in per student.

    .venv/bin/python bench/bench_grading_memory.py [--archives 3] [--members 490]
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

SIZE = 1_990_000


def member(kind: str, n: int) -> bytes:
    if kind == "junk":
        return b" " * SIZE
    document = {
        "format": "uspak-submission",
        "format_version": 1,
        "lesson": "00-overview",
        "student": f"s{n:05d}",
        "created": "2026-11-28T10:00:00Z",
        "origin": "website",
        "responses": {f"l00-pad{i}": {"response": "x" * 9_950} for i in range(199)},
    }
    return json.dumps(document).encode("utf-8")


def write_zip(path: Path, kind: str, members: int, first: int) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for n in range(first, first + members):
            archive.writestr(f"{n:05d}.json", member(kind, n))
    path.write_bytes(buffer.getvalue())


# A fresh parent per measurement: RUSAGE_CHILDREN reports the largest child a process has had.
MEASURE = (
    "import resource, subprocess, sys\n"
    "result = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "summary = (result.stdout.splitlines() or [result.stderr.strip()[-200:]])[0]\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(peak, f'exit {result.returncode}: {summary}')\n"
)


def peak_rss_mb(zips: list[Path], out: Path) -> tuple[float, str]:
    command = [sys.executable, "-m", "uspak", "grade", *map(str, zips), "--out", str(out)]
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *command, "--quiet"], capture_output=True, text=True
    )
    peak, summary = result.stdout.split(" ", 1)
    return int(peak) / 1024, summary.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archives", type=int, default=3)
    parser.add_argument("--members", type=int, default=490)
    parser.add_argument("--kinds", default="junk,answers")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="uspak-bench-memory-"))
    try:
        for kind in args.kinds.split(","):
            zips = []
            for a in range(args.archives):
                path = work / f"{kind}-{a}.zip"
                write_zip(path, kind, args.members, a * args.members)
                zips.append(path)
            size = sum(p.stat().st_size for p in zips) / 1e6
            for count in (1, len(zips)):
                peak, summary = peak_rss_mb(zips[:count], work / f"out-{kind}-{count}")
                print(
                    f"{kind:8s} {count} zip(s), {size / len(zips) * count:.1f} MB zipped, "
                    f"{count * args.members} members of {SIZE / 1e6:.2f} MB: "
                    f"peak RSS {peak:,.0f} MB  ({summary})"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
