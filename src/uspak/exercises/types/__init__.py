"""The exercise types, one module each, found through one registry.

Adding a type: a module here (a frozen ``ExerciseSpec`` subclass), its entry in ``REGISTRY``, its
``if``/``then`` entry in ``schemas/bank-v1.schema.json``, its entries in the JavaScript registries
(``TYPES`` in ``static/check.js``, ``CONTROLS`` in ``static/exercise.js``) and rows in
``tests/exercises/cases/check-cases.yml``. A test asserts each of these exists for every type.
"""

from __future__ import annotations

from uspak.exercises.model import ExerciseSpec
from uspak.exercises.types.code import Code
from uspak.exercises.types.matching import Matching
from uspak.exercises.types.multiple_select import MultipleSelect
from uspak.exercises.types.numeric import Numeric
from uspak.exercises.types.ordering import Ordering
from uspak.exercises.types.short_text import ShortText
from uspak.exercises.types.single_choice import SingleChoice

REGISTRY: dict[str, type[ExerciseSpec]] = {
    cls.type: cls
    for cls in (SingleChoice, MultipleSelect, Numeric, Ordering, Matching, ShortText, Code)
}
TYPES = tuple(REGISTRY)

__all__ = [
    "REGISTRY",
    "TYPES",
    "Code",
    "Matching",
    "MultipleSelect",
    "Numeric",
    "Ordering",
    "ShortText",
    "SingleChoice",
]
