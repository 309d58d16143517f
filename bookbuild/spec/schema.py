"""A small declarative schema: fields with types, choices and checks.

Validation collects every problem (file, line, key, message, hint) instead of
stopping at the first, the way mkdocs' load_config does.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Callable

from bookbuild.errors import SpecProblem
from .yamlsrc import line_of

Check = Callable[[Any], Any]  # returns the (possibly converted) value or raises ValueError


@dataclass(frozen=True)
class Field:
    name: str
    type: type | tuple[type, ...] = str
    required: bool = False
    default: Any = None
    choices: tuple[Any, ...] | None = None
    check: Check | None = None
    help: str = ""  # shown in errors and in docs: what the key means
    # A nested mapping (type dict) or a list of mappings (type list): their keys' fields,
    # checked with the same file:line: key: message errors as the top level.
    fields: tuple["Field", ...] = ()
    # JSON Schema keywords saying what ``check`` enforces, as far as a schema can
    # (``{"pattern": ...}``): editors check keys as the author types (spec/json_schema.py).
    json: dict[str, Any] = field(default_factory=dict, compare=False)


_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list", float: "a number", dict: "a mapping"}


def did_you_mean(word: str, options: Any) -> str | None:
    options = [str(o) for o in options]
    close = difflib.get_close_matches(str(word), options, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


@dataclass
class Validator:
    """Validates one mapping against fields; problems accumulate in ``problems``."""

    path: str
    problems: list[SpecProblem] = field(default_factory=list)

    def problem(self, line: int | None, key: str | None, message: str, hint: str | None = None) -> None:
        self.problems.append(SpecProblem(self.path, line, key, message, hint))

    def mapping(self, data: Any, fields: tuple[Field, ...] | list[Field], prefix: str = "", line: int | None = None) -> dict[str, Any]:
        """Checked values for every field (defaults filled in); unknown keys are problems."""
        if not isinstance(data, dict):
            self.problem(line, prefix.rstrip(".") or None, f"expected a mapping of keys, got {_describe(data)}")
            return {f.name: f.default for f in fields}
        known = {f.name: f for f in fields}
        for key in data:
            if key not in known:
                hint = did_you_mean(key, known) or "allowed keys: " + ", ".join(sorted(known))
                self.problem(line_of(data, key), prefix + str(key), "unknown key", hint)
        return {f.name: self.value(data, f, prefix, line) for f in fields}

    def value(self, data: dict, f: Field, prefix: str, parent_line: int | None) -> Any:
        key = prefix + f.name
        line = line_of(data, f.name) or parent_line
        if f.name not in data or data[f.name] is None:
            if f.required:
                self.problem(parent_line, key, "is required" + (f": {f.help}" if f.help else ""))
            return f.default
        raw = data[f.name]
        if f.fields and f.type is dict:
            values = self.mapping(raw, f.fields, key + ".", line)
            return self._checked(f, values, key, line)
        if f.fields:
            return self.items(raw, f, key, line)
        if not _is_type(raw, f.type):
            self.problem(line, key, f"expected {_type_name(f.type)}, got {_describe(raw)}", f.help or None)
            return f.default
        if f.choices is not None and raw not in f.choices:
            hint = did_you_mean(raw, f.choices)
            allowed = "allowed: " + ", ".join(str(c) for c in f.choices)
            self.problem(line, key, f"{raw!r} is not allowed", f"{hint} {allowed}" if hint else allowed)
            return f.default
        return self._checked(f, raw, key, line)

    def _checked(self, f: Field, value: Any, key: str, line: int | None) -> Any:
        if f.check is None:
            return value
        try:
            return f.check(value)
        except ValueError as exc:
            self.problem(line, key, str(exc))
            return f.default

    def items(self, raw: Any, f: Field, key: str, line: int | None) -> list[dict[str, Any]]:
        if not isinstance(raw, list):
            self.problem(line, key, f"expected a list, got {_describe(raw)}", f.help or None)
            return []
        lines = getattr(raw, "lines", [line] * len(raw))
        return [self.mapping(item, f.fields, f"{key}[{i}].", lines[i]) for i, item in enumerate(raw)]


def _is_type(value: Any, expected: type | tuple[type, ...]) -> bool:
    types = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool) and bool not in types:
        return False  # YAML's yes/true must not pass as a number
    if float in types and isinstance(value, int) and not isinstance(value, bool):
        return True
    return isinstance(value, types)


def _type_name(expected: type | tuple[type, ...]) -> str:
    types = expected if isinstance(expected, tuple) else (expected,)
    if float in types:  # a whole number is a number too
        types = tuple(t for t in types if t is not int)
    return " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return str(value).lower()
    return f"{_TYPE_NAMES.get(type(value), type(value).__name__)} {value!r}"
