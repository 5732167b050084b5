"""The answers file a notebook keeps beside itself: ``.uspak-answers/<lesson>.json``.

Every checked response is recorded at once, so that a restarted kernel (or a crashed browser tab)
loses nothing, and ``export_submission`` can write the submission from this file alone.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ANSWERS_DIR = ".uspak-answers"


def answers_path(lesson: str, folder: Path | None = None) -> Path:
    return (folder or Path.cwd() / ANSWERS_DIR) / f"{lesson}.json"


def load_answers(lesson: str, folder: Path | None = None) -> dict[str, dict[str, Any]]:
    """Exercise id → {response, attempts, updated, verdict}; empty if nothing is recorded yet."""
    path = answers_path(lesson, folder)
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        # A damaged file must not stop the lesson: start afresh but keep the old file aside.
        path.replace(path.with_suffix(".damaged.json"))
        return {}
    return data.get("responses", {}) if isinstance(data, dict) else {}


def record_answer(
    lesson: str,
    exercise_id: str,
    response: Any,
    attempts: int,
    verdict: dict,
    folder: Path | None = None,
    hints_shown: int = 0,
) -> None:
    """Store the latest response to one exercise, written atomically (an empty verdict: the
    response was changed after its last check)."""
    responses = load_answers(lesson, folder)
    responses[exercise_id] = {
        "response": response,
        "attempts": attempts,
        "updated": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verdict": verdict,
        "hints_shown": hints_shown,
    }
    path = answers_path(lesson, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"lesson": lesson, "responses": responses}, handle, ensure_ascii=False, indent=1)
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
