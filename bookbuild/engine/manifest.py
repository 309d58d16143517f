"""build/<slug>/manifest.json: how the current outputs were made, task by task."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .artifacts import write_atomic
from .executor import TaskResult
from .remote_sync import Traffic

MANIFEST = "manifest.json"
USAGE_KEYS = ("input_tokens", "output_tokens", "images", "requests", "cost")


def task_entry(result: TaskResult, traffic: dict[str, Traffic] | None = None) -> dict[str, Any]:
    out = result.output
    moved = (traffic or {}).get(result.key or "")
    return {
        "task": result.task.name,
        "kind": result.task.kind,
        "plugin": result.task.plugin,
        "plugin_version": result.task.version,
        "key": result.key,
        "cached": result.cached,
        "status": result.status,
        "seconds": round(result.seconds, 3),
        "outputs": dict(out.file_digests) if out else {},
        "usage": dict(out.usage) if out else {},
        **({"cache": _source(moved)} if result.cached else {}),
        **({"bytes_down": moved.down, "bytes_up": moved.up} if moved and (moved.down or moved.up) else {}),
        **({"error": result.error} if result.error else {}),
    }


def _source(moved: Traffic | None) -> str:
    return "remote" if moved is not None and moved.remote_hit else "local"


def totals(results: list[TaskResult], traffic: dict[str, Traffic] | None = None) -> dict[str, Any]:
    sums: dict[str, Any] = {k: 0 for k in USAGE_KEYS}
    for r in results:
        if r.output is not None and not r.cached:  # what this build spent
            for k in USAGE_KEYS:
                sums[k] += r.output.usage.get(k, 0)
    sums["cost"] = round(sums["cost"], 4)
    counts = {s: sum(r.status == s for r in results) for s in ("ran", "cached", "failed", "skipped")}
    return {"tasks": len(results), **counts, **sums, **cache_totals(results, traffic or {})}


def cache_totals(results: list[TaskResult], traffic: dict[str, Traffic]) -> dict[str, int]:
    """Hits in the local cache and in the remote one, entries uploaded, bytes each way."""
    moved = [traffic[r.key] for r in results if r.key in traffic]
    remote = sum(1 for r in results if r.cached and _source(traffic.get(r.key or "")) == "remote")
    return {
        "local_hits": sum(r.cached for r in results) - remote,
        "remote_hits": remote,
        "uploads": sum(t.uploaded for t in moved),
        "bytes_down": sum(t.down for t in moved),
        "bytes_up": sum(t.up for t in moved),
    }


def write(build_dir: Path, slug: str, data: dict[str, Any]) -> Path:
    path = build_dir / slug / MANIFEST
    text = json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
    write_atomic(path, text.encode())
    return path


def record(build_dir: Path, slug: str, results: list[TaskResult]) -> None:
    """Add tasks run outside a build (`regenerate`) to the book's manifest, under
    "other_tasks", so what they spent is on record until the next build rewrites it."""
    ran = [task_entry(r) for r in results if r.status in ("ran", "failed")]
    if not ran:
        return
    path = build_dir / slug / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"book": slug}
    except (OSError, ValueError):
        data = {"book": slug}
    data["other_tasks"] = [*data.get("other_tasks", []), *ran]
    write(build_dir, slug, data)
