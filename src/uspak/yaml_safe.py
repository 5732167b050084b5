"""Read YAML that a person wrote: libyaml's safe loader, with alias expansion bounded.

A bank of a few kilobytes can name an anchor that names an anchor, nine deep, and expand to
hundreds of millions of items (the "billion laughs"). The composed node graph stays small, so its
expanded size is counted on the graph, with each shared node counted once per use, before any
Python object is built.
"""

from __future__ import annotations

from typing import Any

import yaml

# A whole course's banks expand to about 6,000 nodes; this leaves room for any honest bank.
MAX_EXPANDED_NODES = 200_000
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: about 10x faster


class YAMLTooLargeError(yaml.YAMLError):
    """The document's aliases expand beyond ``MAX_EXPANDED_NODES``, or refer to themselves."""


def parse_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data, from one parse."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_expanded_size(node)
        return node, loader.construct_document(node)
    finally:
        loader.dispose()


def load_yaml(text: str) -> Any:
    """The data only (see :func:`parse_yaml`)."""
    return parse_yaml(text)[1]


def _check_expanded_size(root: yaml.Node) -> None:
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            raise YAMLTooLargeError("an alias refers to the node that contains it")
        in_progress.add(key)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_EXPANDED_NODES:
                raise YAMLTooLargeError(
                    f"its aliases expand to more than {MAX_EXPANDED_NODES:,} items"
                )
        in_progress.discard(key)
        sizes[key] = total
        return total

    size(root)


def yaml_error_message(error: yaml.YAMLError) -> tuple[str, int | None]:
    """PyYAML's several-line message as one line, and the 1-based line it points at."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    parts = [getattr(error, "context", None), getattr(error, "problem", None)]
    text = "; ".join(str(p) for p in parts if p) or " ".join(str(error).split())
    return text, None if mark is None else mark.line + 1
