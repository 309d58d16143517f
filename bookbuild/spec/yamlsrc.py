"""YAML that remembers where each key came from, so errors can name the line.

Specs come from anyone who can open a pull request, so reading one is bounded: a
document may expand (through aliases and merge keys) to at most MAX_VALUES values
and nest MAX_DEPTH deep, both measured on the parsed node graph in linear time
before anything is built from it; line numbers are set while building, never by
walking the result (which aliases can make exponentially large)."""

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


MAX_VALUES = 20_000  # a whole book.yaml of 40 characters is a few hundred
MAX_DEPTH = 40
MERGE_TAG = "tag:yaml.org,2002:merge"


class _Loader(_Base):  # type: ignore[misc, valid-type]
    line_offset = 0  # lines before the YAML in its file (front matter after ---)

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        own = {id(k) for k, _ in node.value if k.tag != MERGE_TAG}
        self.flatten_mapping(node)
        mapping = LineDict()
        mapping.lines = {}
        merged: set = set()  # keys that came from a merge (<<): the mapping's own key wins
        for key_node, value_node in node.value:  # merged pairs first, then the mapping's own
            key = self.construct_object(key_node, deep=True)
            from_merge = id(key_node) not in own
            if key in mapping:
                if from_merge:
                    continue  # merged twice: the first merge stands
                if key not in merged:
                    raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
                merged.discard(key)
            elif from_merge:
                merged.add(key)
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.lines[key] = key_node.start_mark.line + 1 + self.line_offset
        return mapping

    def construct_sequence(self, node, deep=False):  # type: ignore[override]
        seq = LineList(self.construct_object(child, deep=True) for child in node.value)
        seq.lines = [child.start_mark.line + 1 + self.line_offset for child in node.value]
        return seq


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _Loader.construct_sequence)


class YamlProblem(ValueError):
    def __init__(self, message: str, line: int | None = None, hint: str | None = None):
        super().__init__(message)
        self.line, self.hint = line, hint


def load(text: str, line_offset: int = 0) -> Any:
    """Parse YAML; syntax errors and documents too large or deep become YamlProblem with the line."""
    loader = _Loader(text)
    loader.line_offset = line_offset
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_size(node, line_offset)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        raise YamlProblem(f"invalid YAML: {exc.problem or exc.context}", line) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {exc}", None) from None
    except RecursionError:
        raise YamlProblem(f"the YAML nests too deeply (more than {MAX_DEPTH} levels)", None) from None
    finally:
        loader.dispose()


def load_own(text: str) -> Any:
    """A data file bookbuild ships (prices, the word list, placeholders, story tables):
    trusted and fixed, so parsed plainly, by libyaml when PyYAML has it (10x faster)."""
    return yaml.load(text, Loader=_Base)


def _check_size(root: yaml.Node, line_offset: int) -> None:
    """Count what the document expands to, each node once (memoised): linear in its size."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        if id(node) in size:
            continue
        children = _children(node)
        if not children_done:
            if id(node) in open_nodes:
                raise YamlProblem("a YAML alias refers to the value it is part of", node.start_mark.line + 1 + line_offset)
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in size)
            continue
        open_nodes.discard(id(node))
        size[id(node)] = min(1 + sum(size[id(c)] for c in children), MAX_VALUES + 1)
        depth[id(node)] = 1 + max((depth[id(c)] for c in children), default=0)
        if size[id(node)] > MAX_VALUES:
            raise YamlProblem(f"the YAML expands to more than {MAX_VALUES} values (through aliases like *name)", node.start_mark.line + 1 + line_offset, "write the values out, or use fewer aliases")
        if depth[id(node)] > MAX_DEPTH:
            raise YamlProblem(f"the YAML nests more than {MAX_DEPTH} levels deep", node.start_mark.line + 1 + line_offset)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def line_of(mapping: Any, key: Any) -> int | None:
    return getattr(mapping, "lines", {}).get(key) if isinstance(mapping, dict) else None
