"""Cache keys: canonical JSON of everything that determines an output, hashed."""

from __future__ import annotations

import hashlib
import json
from typing import Any

KEY_SCHEMA = 1  # bump when the key recipe itself changes


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default).encode()


def _default(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"task parameters must be JSON values, got {type(value).__name__}: {value!r}")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def task_key(kind: str, plugin: str, version: str, params: Any, inputs: Any) -> str:
    """The one recipe for a task's key. ``inputs`` are content digests or selected
    content of dependencies: never paths, times or secrets."""
    return sha256(canonical({"schema": KEY_SCHEMA, "kind": kind, "plugin": plugin, "version": version, "params": params, "inputs": inputs}))
