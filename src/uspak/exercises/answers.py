"""The answers file a notebook keeps beside itself: ``.uspak-answers/<lesson>.json``.

Every change is recorded at once (the progress record of ``uspak.exercises.progress``, the same
the website keeps), so that a restarted kernel (or a crashed browser tab) loses nothing, and
``export_submission`` can write the submission from this file alone.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

from uspak.exercises.progress import progress_document, upgrade_record

ANSWERS_DIR = ".uspak-answers"


def answers_path(lesson: str, folder: Path | None = None) -> Path:
    return (folder or Path.cwd() / ANSWERS_DIR) / f"{lesson}.json"


def load_answers(lesson: str, folder: Path | None = None) -> dict[str, dict[str, Any]]:
    """Exercise id -> its progress record (schemas/progress-v1, $defs/record); empty if nothing
    is recorded yet. Files an earlier version wrote are read in this version's terms."""
    path = answers_path(lesson, folder)
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        # A damaged file must not stop the lesson: start afresh but keep the old file aside.
        path.replace(path.with_suffix(".damaged.json"))
        return {}
    responses = data.get("responses", {}) if isinstance(data, dict) else {}
    if not isinstance(responses, dict):
        return {}
    return {
        exercise_id: upgrade_record(entry)
        for exercise_id, entry in responses.items()
        if isinstance(entry, dict)
    }


def record_progress(
    lesson: str, exercise_id: str, record: dict[str, Any], folder: Path | None = None
) -> None:
    """Store one exercise's progress record, validated (progress-v1) and written atomically."""
    responses = load_answers(lesson, folder)
    responses[exercise_id] = record
    document = progress_document(lesson, responses)
    path = answers_path(lesson, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)
    os.replace(tmp, path)


SEED_FILE = "order-seed"


def order_seed(folder: Path | None = None) -> str:
    """A random seed for this answers folder, made on first use and kept: where no JupyterHub user
    names the student (a laptop, Colab, Binder), it still gives each student their own option order,
    stable across kernel restarts. The grader needs no seed: responses are recorded by option id."""
    path = (folder or Path.cwd() / ANSWERS_DIR) / SEED_FILE
    try:
        seed = path.read_text("utf-8").strip()
    except OSError:
        seed = ""
    if seed:
        return seed
    seed = secrets.token_hex(8)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(seed + "\n", "utf-8")
    except OSError:
        pass  # a read-only folder: this session keeps one order, the next may differ
    return seed
