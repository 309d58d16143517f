"""Notes: what a task measured in what it made, handed to the checks so that they do
not measure the same content again.

A task made with ``notes=True`` puts ``{"notes": {key: value, ...}}`` in its output's
value (small JSON, cached with the task). The book's ``validate`` task depends on it
and passes every such task's notes, merged, to ``validate_pdf`` and ``validate_ebook``
as ``notes``.

A note is keyed by what it is about: ``note_key(topic, content, **params)`` hashes the
content (an image's decoded pixels, a file's bytes) with the parameters it was
measured with. A check that reads a built file computes the key of what it finds
there: a note under that key holds what measuring that content with those
parameters gives, and content without a note (put there by another plugin or a
theme, or swapped after the build) is measured afresh. A note makes a check faster,
never different, and a check stays correct for files that no task of this build made.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Iterable, Mapping

from bookbuild.engine.hashing import canonical, sha256

NO_NOTES: Mapping[str, Any] = MappingProxyType({})


def note_key(topic: str, content: bytes | memoryview, **params: Any) -> str:
    """The key of a note on ``content`` about ``topic`` ("<plugin>.<what>"), measured
    with ``params`` (JSON values: a resolution, the book's limits)."""
    return f"{topic}:{sha256(canonical({'content': sha256(content), 'params': params}))}"


def merge(values: Iterable[Any]) -> Mapping[str, Any]:
    """The notes of several tasks' output values, read-only (values without notes add none)."""
    merged: dict[str, Any] = {}
    for value in values:
        if isinstance(value, dict):
            merged.update(value.get("notes") or {})
    return MappingProxyType(merged) if merged else NO_NOTES
