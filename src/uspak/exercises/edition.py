"""The course's two editions: practice (pages check themselves) and assessment (no key at all).

In the **practice** edition, the default, every exercise carries its compiled key (hashes and
encoded explanations), so the page or notebook checks answers as students go; a student who wants
the answers can recover them (see the teacher guide). In the **assessment** edition the compiled
exercises carry no key material of any kind: no hashes, no explanation, no feedback, no patterns,
no reference solution. Students answer, see "Recorded", and hand in; only ``uspak grade``, with
the plain keys, says what was right.

The edition is chosen by ``uspak build --edition`` or ``uspak student-copy --edition``, which pass
it to the lessons' kernels as ``USPAK_EDITION``.
"""

from __future__ import annotations

import os

EDITIONS = ("practice", "assessment")
ENVIRONMENT = "USPAK_EDITION"
# What the compiler writes only in the practice edition: every field that could give an answer.
KEY_FIELDS = ("salt", "key", "wrong", "explanation", "patterns", "solution")
RECORDED = "Recorded: your teacher's grader will check it after you hand in."


def current_edition() -> str:
    """The edition this process builds or runs (``USPAK_EDITION``; practice when unset)."""
    edition = os.environ.get(ENVIRONMENT, "") or "practice"
    if edition not in EDITIONS:
        raise ValueError(f"{ENVIRONMENT}={edition!r}: the editions are {', '.join(EDITIONS)}")
    return edition


def without_keys(compiled: dict) -> dict:
    """A compiled exercise as the assessment edition has it: its public shape, no key material."""
    public = {k: v for k, v in compiled.items() if k not in KEY_FIELDS}
    for name in ("options", "items", "left", "right"):
        if name in public:
            public[name] = [{k: v for k, v in c.items() if k != "feedback"} for c in public[name]]
    return {**public, "edition": "assessment"}
