"""The exercise model: what every exercise has, and what each type must say about itself.

One exercise type is one module in ``uspak.exercises.types`` (a frozen subclass of
``ExerciseSpec`` with only its own fields) and one entry in the JavaScript registry of
``static/check.js`` and ``static/exercise.js``. The bank reader builds these from YAML; the
checker, the compiler, the widget and the grader only read them.

Reading and scoring a response work on the exercise's *public* fields (what the compiled bank
gives the browser) and a ``Key`` that answers "is this canonical token right?", so that the plain
key (grader, notebook) and the salted hashes (browser, student copy) share one set of rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, ClassVar, Protocol

# A response read into the (slot, token) pairs to look up, and the whole response as one token.
Tokens = tuple[list[tuple[str, str]], str]
Text = Callable[[str], str]  # renders or encodes one text for the compiled bank

CORRECT = "✓ Correct."
NOT_QUITE = "✗ Not quite."


@dataclass(frozen=True)
class Choice:
    """An option, an item to order, or one side of a matching pair."""

    id: str
    text: str
    feedback: str | None = None
    fixed: bool = False  # keeps its authored place when the list is shuffled ("None of these")


@dataclass(frozen=True)
class WrongAnswer:
    response: Any
    feedback: str


@dataclass(frozen=True)
class CodeCheck:
    kind: str  # number | text | series | frame
    precision: int = 6


@dataclass(frozen=True)
class GradingPolicy:
    """How the grader turns a right or wrong response into points, from what the hand-in recorded.

    The course default is below; a bank's ``grading:`` changes it for the lesson and an exercise's
    ``grading:`` for that exercise (``exercises/README.md``, "Grading policy").
    """

    after_reveal: float = (
        0.0  # share of the points for a right answer checked after the explanation showed
    )
    wrong_attempt_penalty: float = 0.0  # share of the points taken off per wrong check before it
    unchecked: str = "count"  # "count": a response never checked is graded; "ignore": it scores 0

    def merged(self, raw: dict[str, Any] | None) -> GradingPolicy:
        return replace(self, **(raw or {}))


@dataclass(frozen=True)
class Verdict:
    status: str  # correct | incorrect | partial | invalid | recorded (assessment edition)
    score: float  # 0..1, share of the exercise's points earned
    message: str
    feedback: tuple[str, ...] = ()  # per option, per wrong answer: shown under the message

    def to_dict(self) -> dict:
        return {**asdict(self), "feedback": list(self.feedback)}


class Key(Protocol):
    """What reading and scoring may ask of an answer key, plain or hashed."""

    public: dict[str, Any]  # the exercise's compiled fields (type, options, precision, ...)

    def accepts(self, slot: str, token: str) -> bool: ...

    def secret(self, text: str) -> str:
        """A field the compiled bank encodes (feedback, patterns), as plain text."""
        ...


@dataclass(frozen=True, kw_only=True)
class ExerciseSpec:
    """The fields every exercise has. A type's own fields live in its subclass."""

    type: ClassVar[str] = ""

    id: str
    lesson: str
    objective: int
    prompt: str
    title: str | None = None  # a few words shown after "Exercise N"
    skill: str | None = None  # "reasoning" or "close-reading": what it asks beyond recall
    excerpt: str | None = None  # the primary-source excerpt (data/excerpts.csv) it asks about
    points: float = 1
    hints: tuple[str, ...] = ()
    explanation: str | None = None
    reveal_after: int = 3
    sources: tuple[str, ...] = ()
    wrong_answers: tuple[WrongAnswer, ...] = ()
    grading: GradingPolicy = GradingPolicy()
    file: str = field(default="", compare=False)
    line: int | None = field(default=None, compare=False)

    # ---- what each type defines ---------------------------------------------------------------

    @classmethod
    def own_fields(cls, raw: dict[str, Any]) -> dict[str, Any]:
        """The type's own fields from an exercise's YAML mapping (already schema-checked)."""
        raise NotImplementedError

    def semantic_problems(self) -> list[tuple[str, str]]:
        """(field, message) for what the schema cannot see; empty when the exercise is usable."""
        return []

    def right_tokens(self) -> list[tuple[str, str]]:
        """The (slot, token) pairs a right response is made of: what the compiler hashes."""
        raise NotImplementedError

    def public_fields(self, *, text: Text, secret: Text) -> dict[str, Any]:
        """The type's compiled fields; ``text`` renders Markdown, ``secret`` encodes a secret."""
        return {}

    def labelled(self) -> tuple[Choice, ...]:
        """Everything with a label the student sees (for showing a response in words)."""
        return ()

    def authored(self, response: Any) -> Any:
        """A response as an author wrote it in ``wrong_answers``, as a student would send it."""
        return response

    @staticmethod
    def read(key: Key, response: Any) -> Tokens:
        """The response as canonical tokens, or a ResponseError the student is shown."""
        raise NotImplementedError

    @staticmethod
    def score(key: Key, hits: list[bool], whole: str) -> Verdict:
        """The verdict from which tokens the key accepted; all or nothing unless overridden."""
        return Verdict("correct", 1, CORRECT) if all(hits) else Verdict("incorrect", 0, NOT_QUITE)

    @staticmethod
    def feedback(key: Key, tokens: list[tuple[str, str]]) -> list[str]:
        """Feedback attached to the parts of the response (a chosen option's, say)."""
        return []

    # ---- derived ------------------------------------------------------------------------------

    @classmethod
    def yaml_fields(cls) -> frozenset[str]:
        """The YAML keys this type takes: the common ones and its own."""
        return frozenset(f.name for f in fields(cls)) - {"lesson", "file", "line"} | {"type"}


def choices(raw: list[dict[str, Any]] | None) -> tuple[Choice, ...]:
    return tuple(
        Choice(c["id"], c["text"], c.get("feedback"), c.get("fixed", False)) for c in raw or ()
    )


def compiled_choice(choice: Choice, text: Text, secret: Text | None = None) -> dict[str, Any]:
    """A choice as the browser gets it; its feedback (encoded) only where ``secret`` is given."""
    compiled: dict[str, Any] = {"id": choice.id, "text": text(choice.text)}
    if choice.fixed:
        compiled["fixed"] = True
    if secret is not None and choice.feedback:
        compiled["feedback"] = secret(choice.feedback)
    return compiled


def repeated_ids(name: str, items: tuple[Choice, ...]) -> list[tuple[str, str]]:
    ids = [c.id for c in items]
    return [(name, "ids must be unique within the list")] if len(set(ids)) != len(ids) else []


def public_ids(key: Key, name: str) -> list[str]:
    return [c["id"] for c in key.public.get(name, ())]
