"""build/<slug>/manifest.json: how the current outputs were made, task by task."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .artifacts import write_atomic
from .budget import USAGE_KEYS
from .executor import TaskResult
from .remote_sync import Traffic

MANIFEST = "manifest.json"
# What every build and `regenerate` of the book has spent, summed (USD): max_book_cost and
# max_total_cost cap it. Deleting the manifest starts the count again.
SPENT_TO_DATE = "spent_to_date"
# How much more than the price table's worst case paid calls cost, by kind, in the latest
# build that made them (1: no more): the next build holds that much from its first call.
PRICE_FACTORS = "price_factors"


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
        "usage": dict(result.usage or (out.usage if out else {})),  # a cached task's: what it cost when made
        **({"cache": _source(moved)} if result.cached else {}),
        **({"bytes_down": moved.down, "bytes_up": moved.up} if moved and (moved.down or moved.up) else {}),
        **({"error": result.error} if result.error else {}),
    }


def _source(moved: Traffic | None) -> str:
    return "remote" if moved is not None and moved.remote_hit else "local"


def totals(results: list[TaskResult], traffic: dict[str, Traffic] | None = None) -> dict[str, Any]:
    sums: dict[str, Any] = {k: 0 for k in USAGE_KEYS}
    for r in results:
        if not r.cached:  # what this build spent, failed tasks included
            for k in USAGE_KEYS:
                sums[k] += r.usage.get(k, 0)
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


def read(build_dir: Path, slug: str) -> dict[str, Any] | None:
    path = build_dir / slug / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def spent_to_date(build_dir: Path, slug: str) -> float:
    """What the book's builds have spent so far, by its manifest (0 without one)."""
    value = (read(build_dir, slug) or {}).get(SPENT_TO_DATE, 0.0)
    return float(value) if isinstance(value, (int, float)) else 0.0


def price_factors(build_dir: Path) -> dict[str, float]:
    """The largest factor of each kind any book's manifest under build/ records."""
    found: dict[str, float] = {}
    for path in sorted(build_dir.glob(f"*/{MANIFEST}")) if build_dir.is_dir() else ():
        for kind, factor in ((read(build_dir, path.parent.name) or {}).get(PRICE_FACTORS) or {}).items():
            if isinstance(factor, (int, float)):
                found[kind] = max(found.get(kind, 1.0), float(factor))
    return found


def spent_by_book(build_dir: Path) -> dict[str, float]:
    """Every book's running total, for the books built here (build/*/manifest.json)."""
    if not build_dir.is_dir():
        return {}
    return {p.parent.name: spent_to_date(build_dir, p.parent.name) for p in sorted(build_dir.glob(f"*/{MANIFEST}"))}


def record(build_dir: Path, slug: str, results: list[TaskResult]) -> None:
    """Add tasks run outside a build (`regenerate`) to the book's manifest, under
    "other_tasks", so what they spent is on record until the next build rewrites it;
    what they spent joins the book's running total for good."""
    ran = [task_entry(r) for r in results if r.status in ("ran", "failed")]
    if not ran:
        return
    data = read(build_dir, slug) or {"book": slug}
    data["other_tasks"] = [*data.get("other_tasks", []), *ran]
    data[SPENT_TO_DATE] = round(spent_to_date(build_dir, slug) + totals(results)["cost"], 6)
    write(build_dir, slug, data)
