"""book.yaml as a JSON Schema (draft 2020-12), for editors: generated from the same
Fields the loader checks (spec/fields.py and every plugin's register_book_fields),
so the two cannot drift. It accepts every book the loader accepts, as far as JSON
Schema can say it (a check's own rule, such as which trims KDP prints, is the
loader's to enforce; a field's ``json`` gives the part a schema can), and rejects
every key the loader would call unknown.
"""

from __future__ import annotations

from typing import Any, Iterable

from .schema import Field

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_JSON_TYPES = {str: "string", bool: "boolean", int: "integer", float: "number", list: "array", dict: "object"}


def book_schema(fields: Iterable[Field], title: str = "bookbuild book.yaml") -> dict[str, Any]:
    """The schema of a book.yaml with these fields (the core's and the plugins')."""
    return {
        "$schema": DRAFT,
        "$id": "https://bookbuild.invalid/book.schema.json",  # no network: a name, never fetched
        "title": title,
        "description": "One book: metadata, the brief a story is written from, print options. `bookbuild schema` makes this file.",
        **_mapping(tuple(fields)),
    }


def _mapping(fields: tuple[Field, ...]) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": {f.name: field_schema(f) for f in fields}, "additionalProperties": False}
    required = [f.name for f in fields if f.required]
    if required:
        schema["required"] = required
    return schema


def field_schema(f: Field) -> dict[str, Any]:
    """One key. An empty value (``key:`` with nothing after it) means "not given" to the
    loader, so every key also accepts null, except a required one."""
    if f.fields and f.type is dict:
        schema = _mapping(f.fields)
    elif f.fields:
        schema = {"type": "array", "items": _mapping(f.fields)}
    else:
        schema = {"type": _types(f.type)}
    if f.choices is not None:
        schema["enum"] = list(f.choices)
    schema.update(f.json)
    if not f.required:
        schema = _nullable(schema)
    if f.help:
        schema["description"] = f.help
    default = _json_default(f.default)
    if default is not None:
        schema["default"] = default
    return schema


def _types(expected: type | tuple[type, ...]) -> str | list[str]:
    types = expected if isinstance(expected, tuple) else (expected,)
    names = list(dict.fromkeys(_JSON_TYPES.get(t, "string") for t in types))
    if "number" in names and "integer" in names:
        names.remove("integer")  # a JSON Schema number includes the integers
    return names[0] if len(names) == 1 else names


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
    elif isinstance(kind, list):
        schema["type"] = [*kind, "null"]
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    return schema


def _json_default(value: Any) -> Any:
    """A default an editor can show, or None (an object such as a Trim shows by its name)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, (str, int, float, bool)) for v in value):
        return list(value) or None
    name = getattr(value, "name", None)
    return name if isinstance(name, str) else None
