"""Write many small files at once: a class's feedback is a file per student, and at 1,000
students opening and closing files costs more than rendering them.

The work is system calls, which release the GIL, so a few threads overlap them on any machine.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

THREADS = 4


def write_texts(texts: dict[Path, str]) -> dict[Path, OSError]:
    """Write each text to its path (UTF-8); return the paths that failed, with the error."""

    def write(item: tuple[Path, str]) -> tuple[Path, OSError | None]:
        path, text = item
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            return path, error
        return path, None

    if len(texts) < 2 * THREADS:
        results = [write(item) for item in texts.items()]
    else:
        with ThreadPoolExecutor(THREADS, thread_name_prefix="uspak-write") as pool:
            results = list(pool.map(write, texts.items()))
    return {path: error for path, error in results if error is not None}
