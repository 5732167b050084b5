"""Run an expression against the exercise engine's JavaScript modules under node.

Several tests hold the Python side to its JavaScript twin; this is the one way they call it:
``check``, ``exercise`` and ``progress`` are the modules, ``data`` arrives as JSON on stdin.
``prelude`` runs first (a test's stand-in for the browser's localStorage, say).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "src" / "uspak" / "exercises" / "static"


def evaluate(expression: str, data: object = None, *, prelude: str = "") -> object:
    """The JSON value of ``expression``, with ``check``, ``exercise``, ``progress`` and ``data``
    in scope."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the exercise engine's JavaScript", pytrace=False)
    script = (
        f"{prelude}\n"
        f"const check = await import({json.dumps((STATIC / 'check.js').as_uri())});"
        f"const exercise = await import({json.dumps((STATIC / 'exercise.js').as_uri())});"
        f"const progress = await import({json.dumps((STATIC / 'progress.js').as_uri())});"
        "const chunks = []; for await (const c of process.stdin) chunks.push(c);"
        "const data = JSON.parse(Buffer.concat(chunks).toString('utf8'));"
        f"console.log(JSON.stringify({expression}));"
    )
    result = subprocess.run(
        [node, "--no-warnings", "--input-type=module", "-e", script],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)
