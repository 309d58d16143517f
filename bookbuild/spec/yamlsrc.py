"""YAML that remembers where each key came from, so errors can name the line."""

from __future__ import annotations

from typing import Any

import yaml


class LineDict(dict):
    """A mapping from YAML; ``lines[key]`` is the 1-based line of that key."""

    lines: dict[Any, int]


class LineList(list):
    """A sequence from YAML; ``lines[i]`` is the 1-based line of item i."""

    lines: list[int]


# libyaml's parser when PyYAML has it (3-5x faster on many small page files).
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        self.flatten_mapping(node)
        mapping = LineDict()
        mapping.lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in mapping:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.lines[key] = key_node.start_mark.line + 1
        return mapping

    def construct_sequence(self, node, deep=False):  # type: ignore[override]
        seq = LineList(self.construct_object(child, deep=True) for child in node.value)
        seq.lines = [child.start_mark.line + 1 for child in node.value]
        return seq


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _Loader.construct_sequence)


class YamlProblem(ValueError):
    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


def load(text: str, line_offset: int = 0) -> Any:
    """Parse YAML; syntax errors become YamlProblem with the line and a plain message."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        raise YamlProblem(f"invalid YAML: {exc.problem or exc.context}", line) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {exc}", None) from None
    if line_offset and isinstance(data, (LineDict, LineList)):
        _shift(data, line_offset)
    return data


def _shift(node: Any, offset: int) -> None:
    if isinstance(node, LineDict):
        node.lines = {k: v + offset for k, v in node.lines.items()}
        for value in node.values():
            _shift(value, offset)
    elif isinstance(node, LineList):
        node.lines = [v + offset for v in node.lines]
        for value in node:
            _shift(value, offset)


def line_of(mapping: Any, key: Any) -> int | None:
    return getattr(mapping, "lines", {}).get(key) if isinstance(mapping, dict) else None
