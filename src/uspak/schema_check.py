"""Validate a document against one of the package's JSON Schemas: fast when valid, full when not.

Every lesson loads its exercise bank and a grading run reads hundreds of submissions, nearly all
valid. fastjsonschema (generated Python, imported in milliseconds) accepts those; a refused document
is validated again by jsonschema, which has the final word and names every problem. jsonschema is
imported only then: where its format extras are installed (JupyterLab brings rfc3987-syntax), its
import alone takes over two seconds, which a lesson must not pay.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema

SCHEMAS = Path(__file__).parent / "schemas"


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema ``schemas/<name>.schema.json`` (for example ``bank-v1``)."""
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))


@cache
def _fast(name: str):
    import fastjsonschema

    # fastjsonschema knows draft 7, which has every keyword these schemas use.
    # A deep copy: fastjsonschema rewrites the $refs of the document it is given in place, which
    # would change what load_schema returns to every later reader.
    return fastjsonschema.compile(
        {**copy.deepcopy(load_schema(name)), "$schema": "http://json-schema.org/draft-07/schema#"}
    )


def fast_accepts(name: str, document: Any) -> bool:
    try:
        _fast(name)(document)
    except Exception:  # noqa: BLE001 - any refusal: let jsonschema look and explain
        return False
    return True


def schema_errors(name: str, document: Any) -> list[jsonschema.ValidationError]:
    """Every way ``document`` breaks schema ``name``, in path order; empty when it is valid."""
    if fast_accepts(name, document):
        return []
    import jsonschema

    validator = jsonschema.Draft202012Validator(load_schema(name))
    return sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
