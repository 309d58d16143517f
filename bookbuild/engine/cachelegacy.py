"""Caches made by earlier bookbuilds kept everything in one diskcache database
(cache.db, with large values in its own files). On first use such a cache is moved
into objects/, so no paid output is bought again. A cache.db too damaged to read is
set aside, and the files it held are kept by their digests."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from .hashing import canonical
from .lock import FolderLock
from .objects import ObjectStore

LEGACY = "cache.db"


def migrate(directory: Path, objects: ObjectStore, magic: bytes, warn: Callable[[str], None]) -> None:
    if not (directory / LEGACY).is_file():
        return
    with FolderLock(directory, what="move of the old cache"):
        if not (directory / LEGACY).is_file():
            return  # another process moved it while this one waited
        try:
            moved = _move(directory, objects, magic)
        except Exception as exc:  # noqa: BLE001 - any failure to read it is damage: keep what can be kept
            found = _salvage(directory, objects)
            aside = directory / f"{LEGACY}.damaged-{time.strftime('%Y%m%dT%H%M%S')}"
            (directory / LEGACY).replace(aside)
            warn(f"the old cache index {directory / LEGACY} could not be read ({type(exc).__name__}: {exc}); it was set aside as {aside.name}; {found} cached files were kept by their digests, task results not among them run again")
            return
        warn(f"moved {moved} cached task results from the old cache format ({LEGACY}) into {directory}")


def _move(directory: Path, objects: ObjectStore, magic: bytes) -> int:
    import diskcache

    old = diskcache.Cache(str(directory), eviction_policy="none", size_limit=2**62)
    try:
        keys = list(old.iterkeys())
        for key in keys:
            if key[0] == "file":
                objects.put(old[key])
        moved = 0
        for key in keys:
            if key[0] == "task":
                meta = old[key]
                entry = {"key": key[1], "value": meta["value"], "files": meta["files"], "usage": meta.get("usage", {}), "stored": 0, **{k: v for k, v in meta.items() if k not in ("value", "files", "usage")}}
                objects.put(magic + canonical(entry))
                moved += 1
        old.clear()  # removes its own files
    finally:
        old.close()
    for path in directory.glob(LEGACY + "*"):
        path.unlink(missing_ok=True)
    return moved


def _salvage(directory: Path, objects: ObjectStore) -> int:
    """diskcache keeps large values as raw bytes in <hex>/<hex>/<name>.val: keep them by digest."""
    found = 0
    for path in directory.glob("[0-9a-f][0-9a-f]/[0-9a-f][0-9a-f]/*.val"):
        try:
            objects.put(path.read_bytes())
            path.unlink()
            found += 1
        except OSError:
            continue
    return found
