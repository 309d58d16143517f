"""The cache's index (SQLite): task key -> that task's entry, with the digest of the
object that holds the same entry.

Every entry is kept twice, here and as an object that names its own key, and each
copy is checked against the digest. A damaged entry object is rewritten from its row;
an index that is missing is rebuilt from the objects, and one that is damaged is set
aside (renamed, with a warning) and rebuilt: whatever the objects still hold, paid
outputs included, is found again by its digest.

A second table notes which task entries a remote cache has (pulled from it or pushed
to it), so a build does not upload them again. It is a hint, kept only here: a rebuilt
index starts without it, and the next build asks the remote once more.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Callable, Iterable

from bookbuild.errors import BuildError
from .artifacts import describe_write_error

INDEX = "index.db"
SIDE_FILES = ("-journal", "-wal", "-shm")  # SQLite's own; a stale journal must move with its index
SCHEMA = "CREATE TABLE IF NOT EXISTS tasks (key TEXT PRIMARY KEY, entry TEXT NOT NULL, body BLOB NOT NULL) WITHOUT ROWID"
MARKS = "CREATE TABLE IF NOT EXISTS remotes (key TEXT NOT NULL, url TEXT NOT NULL, PRIMARY KEY (key, url)) WITHOUT ROWID"
PUT = "INSERT OR REPLACE INTO tasks (key, entry, body) VALUES (?, ?, ?)"
Row = tuple[str, str, bytes]  # key, digest of the entry, the entry's bytes
Rebuild = Callable[[], Iterable[Row]]


class Index:
    def __init__(self, directory: Path, rebuild: Rebuild, warn: Callable[[str], None]):
        self.path = directory / INDEX
        self.rebuild = rebuild  # the rows the objects hold
        self.warn = warn
        self._db: sqlite3.Connection | None = None
        self._lock = threading.RLock()  # the connection is shared by the build's threads

    # -- what the cache asks ---------------------------------------------------------------

    def get(self, key: str) -> tuple[str, bytes] | None:
        """(entry digest, entry bytes) of a key; the bytes are unchecked."""
        row = self._run(lambda db: db.execute("SELECT entry, body FROM tasks WHERE key = ?", (key,)).fetchone())
        return (row[0], bytes(row[1])) if row else None

    def put(self, key: str, entry: str, body: bytes) -> None:
        self._run(lambda db: db.execute(PUT, (key, entry, body)))

    def drop(self, key: str) -> None:
        self._run(lambda db: db.execute("DELETE FROM tasks WHERE key = ?", (key,)))

    def mark(self, key: str, url: str) -> None:
        """The remote at ``url`` holds this key's entry and the files it names."""
        self._run(lambda db: db.execute("INSERT OR IGNORE INTO remotes (key, url) VALUES (?, ?)", (key, url)))

    def marked(self, key: str, url: str) -> bool:
        return self._run(lambda db: db.execute("SELECT 1 FROM remotes WHERE key = ? AND url = ?", (key, url)).fetchone()) is not None

    def unmark(self, key: str) -> None:
        """A new entry for the key: no remote has it yet."""
        self._run(lambda db: db.execute("DELETE FROM remotes WHERE key = ?", (key,)))

    def marked_keys(self) -> set[str]:
        return {k for (k,) in self._run(lambda db: db.execute("SELECT DISTINCT key FROM remotes").fetchall())}

    def count(self) -> int:
        return self._run(lambda db: db.execute("SELECT count(*) FROM tasks").fetchone()[0])

    def items(self) -> list[Row]:
        return [(k, e, bytes(b)) for k, e, b in self._run(lambda db: db.execute("SELECT key, entry, body FROM tasks").fetchall())]

    def put_many(self, rows: Iterable[Row]) -> None:
        rows = list(rows)
        self._run(lambda db: _in_transaction(db, lambda: db.executemany(PUT, rows)))

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def remove(self) -> None:
        """Delete the index file (``cache clear``): works however damaged it is."""
        self.close()
        for path in (self.path, *_side_files(self.path), *self.path.parent.glob(INDEX + ".damaged-*")):
            path.unlink(missing_ok=True)

    # -- opening, damage ---------------------------------------------------------------------

    def _run(self, op):
        with self._lock:
            for attempt in (1, 2):
                try:
                    return op(self._open())
                except sqlite3.DatabaseError as exc:
                    if attempt == 2 or not _damaged(exc):
                        raise self._failure(exc) from None
                    self._set_aside(exc)

    def _open(self) -> sqlite3.Connection:
        if self._db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise BuildError(describe_write_error(exc, self.path)) from None
            db = sqlite3.connect(str(self.path), timeout=60, isolation_level=None, check_same_thread=False)
            try:
                # No table yet: a new index, or one emptied by a crash. Either way it is rebuilt.
                fresh = not db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'tasks'").fetchone()[0]
                db.execute(SCHEMA)
                db.execute(MARKS)
                db.execute("SELECT key, entry, body FROM tasks LIMIT 1").fetchall()  # a table of another shape is damage too
            except sqlite3.DatabaseError:
                db.close()
                raise
            self._db = db
            if fresh:  # a new index (first use, or deleted): find what the objects hold
                _in_transaction(db, lambda: db.executemany(PUT, list(self.rebuild())))
        return self._db

    def _set_aside(self, exc: sqlite3.DatabaseError) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        stamp = time.strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{INDEX}.damaged-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{INDEX}.damaged-{stamp}-{n}")
        for path, moved in ((self.path, aside), *((side, aside.with_name(aside.name + side.name[len(INDEX) :])) for side in _side_files(self.path))):
            try:
                path.replace(moved)
            except FileNotFoundError:
                pass  # another build set it aside first
        (count,) = self._open().execute("SELECT count(*) FROM tasks").fetchone()
        self.warn(f"the cache index {self.path} was damaged ({exc}); it was set aside as {aside.name} and rebuilt from the cache's files: {count} task results recovered")

    def _failure(self, exc: sqlite3.DatabaseError) -> BuildError:
        name = getattr(exc, "sqlite_errorname", "")
        if name.startswith("SQLITE_FULL"):
            return BuildError(f"cannot write the cache index: no space left on the disk that holds {self.path.parent}; free some space there, then run the build again")
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return BuildError(f"the cache index {self.path} stayed locked by another process for a minute; is another bookbuild stuck? Run the build again when it ends")
        if name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_PERM", "SQLITE_IOERR")):
            return BuildError(f"cannot use the cache index {self.path}: {exc}; check that {self.path.parent} is a writable folder")
        return BuildError(f"the cache index {self.path} cannot be used: {exc}; run `bookbuild cache clear`")


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    """Damage is what a rebuild cures; a locked, full or unwritable index is not."""
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return True
    return name == "SQLITE_ERROR" and ("no such" in str(exc) or "malformed" in str(exc))


def _side_files(path: Path) -> list[Path]:
    return [p for p in (path.with_name(path.name + s) for s in SIDE_FILES) if p.exists()]


def _in_transaction(db: sqlite3.Connection, op) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        op()
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
