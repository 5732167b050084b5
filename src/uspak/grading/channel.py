"""Length-framed messages over a file descriptor: an 8-byte big-endian length, then the bytes.

A sandbox answers with exactly one frame on a channel made for it alone, and the grader reads
exactly one: whatever else the code writes is never read, so it cannot add or forge a reply.
"""

from __future__ import annotations

import os
import select
import struct
import time

HEADER = struct.Struct("!Q")


class FrameError(RuntimeError):
    """The other end closed, sent too much, or took too long."""


def write_frame(fd: int, payload: bytes) -> None:
    data = HEADER.pack(len(payload)) + payload
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def read_frame(fd: int, limit: int, timeout: float | None = None) -> bytes:
    """One frame of at most ``limit`` bytes; FrameError if it is cut short, too big or late."""
    deadline = None if timeout is None else time.monotonic() + timeout
    (size,) = HEADER.unpack(_read_exactly(fd, HEADER.size, deadline))
    if size > limit:
        raise FrameError(f"a reply of {size:,} bytes, over the {limit:,} allowed")
    return _read_exactly(fd, size, deadline)


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes:
    chunks, left = [], size
    while left:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise FrameError("no reply in time")
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise FrameError("the channel closed before a whole reply")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
