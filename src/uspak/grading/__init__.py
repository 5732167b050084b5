"""Teacher-side grading: re-check hand-ins against the plain keys, run code in a sandbox.

``grade`` makes the gradebook, feedback and report; ``verify_submission`` lets a student check a
file before handing it in. Modules, in the order a run uses them: ``inputs`` (files, folders,
zips), ``notebook`` (.ipynb), ``selection`` (latest per student and lesson), ``sandbox``,
``sandbox_view``, ``worker``, ``channel`` and ``linux`` (running code, a fresh sandbox per code
exercise), ``recheck`` (verdicts), ``gradebook``, ``feedback``, ``report``.
"""

from __future__ import annotations

from uspak.lazy import lazy_exports

_EXPORTS = {
    "grade": "uspak.grading.run",
    "GradeReport": "uspak.grading.report",
    "Limits": "uspak.grading.sandbox",
    "verify_submission": "uspak.grading.verify",
}

__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
