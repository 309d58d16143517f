"""The content-addressed cache (diskcache): task results by key, files by digest.

Files are stored before the task entry that names them, so an entry is only ever
visible once all of its bytes are complete; a killed build leaves at worst an
unreferenced file, never a corrupt entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bookbuild.errors import BuildError
from .hashing import sha256
from .outputs import Output


class Cache:
    def __init__(self, directory: Path):
        self.directory = directory
        self._db: Any = None

    @property
    def db(self) -> Any:
        if self._db is None:
            import diskcache

            # AI outputs cost money: never evict on our own; `bookbuild cache clear` does.
            self._db = diskcache.Cache(str(self.directory), eviction_policy="none", size_limit=2**62)
        return self._db

    def lookup(self, key: str) -> tuple[Output, dict] | None:
        """The cached output for a task key (files not loaded yet), with its record."""
        meta = self.db.get(("task", key))
        if meta is None:
            return None
        if any(("file", d) not in self.db for d in meta["files"].values()):
            return None  # a file went missing: treat as not cached, the task reruns
        out = Output(value=meta["value"], usage=meta.get("usage", {}), file_digests=dict(meta["files"]), loader=self.read_file)
        return out, meta

    def store(self, key: str, output: Output, record: dict) -> None:
        for name, data in output.files.items():
            digest = output.file_digests[name]
            if ("file", digest) not in self.db:
                self.db.set(("file", digest), data)
        meta = {"value": output.value, "files": output.file_digests, "usage": output.usage, **record}
        self.db.set(("task", key), meta)

    def read_file(self, digest: str) -> bytes:
        data = self.db.get(("file", digest))
        if data is None or sha256(data) != digest:
            self.db.delete(("file", digest))
            raise BuildError(f"a cached file ({digest[:12]}) is missing or damaged; it was removed, run the build again")
        return data

    def stats(self) -> dict[str, Any]:
        tasks = files = 0
        for key in self.db.iterkeys():
            if key[0] == "task":
                tasks += 1
            else:
                files += 1
        return {"directory": str(self.directory), "tasks": tasks, "files": files, "bytes": self.db.volume()}

    def clear(self) -> int:
        return self.db.clear()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
