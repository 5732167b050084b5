"""The page–worker message protocol, from the Python side: the schema the browser test applies to
every message logged in both directions accepts the protocol's shapes and refuses broken ones."""

from __future__ import annotations

import jsonschema
import pytest

from uspak.schema_check import load_schema

SCHEMA = load_schema("pyodide-messages-v1")
GOOD = {
    "init": {"type": "init", "id": 1, "index_url": "/_static/pyodide/",
             "data_url": "/_static/pyodide/data/", "packages": ["pandas"], "total_bytes": 10},
    "run": {"type": "run", "id": 2, "code": "print(1)", "names": ["answer"]},
    "reset": {"type": "reset", "id": 3},
    "progress": {"type": "progress", "stage": "download", "loaded_bytes": 5, "total_bytes": 10,
                 "seconds": 0.5},
    "ready": {"type": "ready", "id": 1, "seconds": 4.2, "cached": True,
              "stages": [{"stage": "core", "seconds": 3.0}]},
    "done-with-stages": {"type": "done", "id": 2, "ok": True, "error": None, "values": {},
                         "seconds": 1.0, "stages": [{"stage": "import pandas", "seconds": 0.9}]},
    "output": {"type": "output", "id": 2, "stream": "stdout", "text": "1\n"},
    "display": {"type": "display", "id": 2, "mime": "image/png", "data": "iVBOR"},
    "done-error": {"type": "done", "id": 2, "ok": False, "values": {}, "seconds": 0.1,
                   "error": {"name": "NameError", "message": "x", "traceback": "..."}},
    "failed": {"type": "failed", "id": 1, "message": "no WebAssembly"},
}  # fmt: skip
BAD = {
    "unknown-type": {"type": "eval", "id": 1, "code": ""},
    "run-without-names": {"type": "run", "id": 2, "code": "x"},
    "name-not-an-identifier": {"type": "run", "id": 2, "code": "x", "names": ["a b"]},
    "display-of-an-unknown-kind": {"type": "display", "id": 2, "mime": "text/js", "data": ""},
    "done-without-error-field": {"type": "done", "id": 2, "ok": True, "values": {}, "seconds": 0},
    "stage-without-seconds": {
        "type": "ready",
        "id": 1,
        "seconds": 1,
        "cached": False,
        "stages": [{"stage": "core"}],
    },
}


@pytest.mark.parametrize("message", GOOD.values(), ids=GOOD.keys())
def test_the_protocols_messages_are_accepted(message):
    """Does the schema accept each kind of message the page and the worker send?"""
    jsonschema.validate(message, SCHEMA)


@pytest.mark.parametrize("message", BAD.values(), ids=BAD.keys())
def test_a_malformed_message_is_refused(message):
    """Does the schema refuse a message the other side could not act on?"""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(message, SCHEMA)
