"""The content-addressed cache: every task's result by its key, every file by its digest.

Under the cache folder:

    objects/ab/abcd...   byte strings named by their SHA-256: the tasks' output files, and
                         each task's entry (value, file digests, usage), which names its key
    index.db             SQLite: task key -> its entry again, with the entry's digest

Every read is checked against its digest, so damage is found where it is: a damaged
file is deleted and its task runs again (the executor does it in the same build). An
entry is kept twice: a damaged copy is rewritten from the other, and a damaged index
is set aside and rebuilt from the entry objects (cacheindex.py). Objects are written,
each by an atomic rename, before the index row that names them: a killed build leaves
at worst an object nothing names.

With a remote cache (remote.py, kept in step by remote_sync.py) a local miss asks the
remote for the task's entry, and a task that ran here is uploaded once. The files an
entry from the remote names are fetched only when something reads them (a PDF to
publish, a picture a task that runs needs), checked against their digests like every
read: a build that finds every task cached downloads only what it publishes. A file
the remote cannot give is handled as a damaged one: its task runs again here.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from bookbuild import errors
from . import cachelegacy
from .cacheindex import Index, Row
from .hashing import canonical, sha256
from .artifacts import sweep_tmp
from .objects import Damaged, ObjectStore
from .outputs import Output

if TYPE_CHECKING:
    from .remote_sync import RemoteSync, Traffic

ENTRY_MAGIC = b"bookbuild task entry 1\n"  # first bytes of an entry object
MAX_ENTRY_BYTES = 64 * 2**20  # entries hold small JSON; a larger object is a file

__all__ = ["Cache", "Damaged", "VerifyReport"]


@dataclass
class VerifyReport:
    objects: int = 0  # objects read and checked
    bytes: int = 0
    tasks: int = 0  # task results whose entry and files are all intact
    damaged: list[str] = field(default_factory=list)  # digests of damaged objects removed
    mended: int = 0  # of them, entries written again from their copy in the index
    dropped: list[str] = field(default_factory=list)  # task keys removed from the index
    recovered: int = 0  # entries the index had lost, found again in the objects
    remote_only: int = 0  # task results from a remote cache whose files were never fetched
    swept: int = 0  # temporary files of killed writes removed

    @property
    def clean(self) -> bool:
        return not self.damaged and not self.dropped


# What renders keep beside the objects: the fonts' compressed streams (render/streams.py)
# and the compiled templates (render/pdf.py), each checked when read and remade if damaged.
RENDER_FOLDERS = ("pdf-streams", "templates")


class Cache:
    def __init__(self, directory: Path, warn: Callable[[str], None] | None = None, remote: RemoteSync | None = None):
        self.directory = Path(directory)
        self.warn = warn or errors.warn
        self.remote = remote
        self.objects = ObjectStore(self.directory / "objects")
        self._index: Index | None = None

    @property
    def index(self) -> Index:
        if self._index is None:
            cachelegacy.migrate(self.directory, self.objects, ENTRY_MAGIC, self.warn)  # a cache.db of earlier versions
            self._index = Index(self.directory, self._entries_in_objects, self.warn)
        return self._index

    # -- tasks ----------------------------------------------------------------------------

    def lookup(self, key: str) -> tuple[Output, dict] | None:
        """The cached output for a task key (files are read on first use), with its entry.
        None when not cached, or when both copies of the entry or one of its files are gone
        (and no remote cache has them)."""
        entry = self._local(key)
        if entry is None and self.remote is not None:
            entry = self._pull(key)
        if entry is None:
            return None
        if self.remote is not None and not self.index.marked(key, self.remote.url):
            self._push(key, entry)  # made before the remote was set up, or while it was down
        output = Output(value=entry["value"], usage=entry["usage"], file_digests=dict(entry["files"]), loader=self.read_file)
        return output, entry

    def prefetch(self, keys: Iterable[str]) -> None:
        """Ask the remote at once for the entries of those keys the local cache lacks, so
        the lookups that follow are local (one round trip for all, not one per task)."""
        if self.remote is not None:
            self.remote.prefetch([k for k in keys if self.index.get(k) is None], self._pull)

    def store(self, key: str, output: Output, record: dict) -> None:
        """Files first, then the entry object, then the index row: each complete before the next."""
        for name, data in output.files.items():
            self.objects.put(data)
        entry = self._put_entry({"key": key, "value": output.value, "files": output.file_digests, "usage": output.usage, **record})
        if self.remote is not None:
            self.index.unmark(key)  # a new entry: the remote may not have its files
            self._push(key, entry)

    def sweep(self) -> int:
        """Remove the temporary files of writes whose process was killed (the objects', and
        the fonts' compressed streams', render/streams.py)."""
        return self.objects.sweep() + sweep_tmp(self.directory / RENDER_FOLDERS[0] / "tmp")

    def read_file(self, digest: str) -> bytes:
        """A file's bytes, checked; raises Damaged (and removes a damaged copy) unless the
        remote cache has the file (checked too), which then takes its place here."""
        try:
            return self.objects.get(digest)
        except Damaged:
            data = self.remote.fetch(digest) if self.remote is not None else None
            if data is None:
                raise
        self.objects.put(data)
        return data

    def has_file(self, digest: str) -> bool:
        """Whether a file can be read without running its task: it is here, or on a remote
        that works and has not failed to give it (its bytes are checked when read)."""
        return self.objects.has(digest) or (self.remote is not None and self.remote.can_fetch(digest))

    def flush(self) -> None:
        """Wait until what this build made has reached the remote (or failed to)."""
        if self.remote is not None:
            self.remote.flush()

    def take_traffic(self) -> dict[str, Traffic]:
        """What each task key moved to or from the remote since the last call."""
        return self.remote.take_traffic() if self.remote is not None else {}

    # -- whole-cache commands ---------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        files = size = 0
        for _, n in self.objects.digests():
            files += 1
            size += n
        tasks = self.index.count()
        found: dict[str, Any] = {"directory": str(self.directory), "tasks": tasks, "files": max(files - tasks, 0), "bytes": size}
        if self.remote is not None:
            found["remote"] = self.remote.report()
        return found

    def verify(self) -> VerifyReport:
        """Read every object and every index row; remove what is damaged, mend each entry
        from its other copy, and find again what the index lost."""
        report = VerifyReport(swept=self.objects.sweep())
        entries: dict[str, dict] = {}
        for digest, size in list(self.objects.digests()):
            try:
                data = self.objects.get(digest)
            except Damaged:
                report.damaged.append(digest)
                continue
            report.objects += 1
            report.bytes += size
            entry = parse_entry(data)
            if entry is not None:
                entries[digest] = entry
        indexed, on_remote = set(), self.index.marked_keys()
        for key, digest, body in self.index.items():
            mend = digest in report.damaged
            entry = self._entry(key, digest, body)
            report.mended += mend and self.objects.has(digest)
            whole = entry is not None and all(self.objects.has(d) for d in entry["files"].values())
            if whole or (entry is not None and key in on_remote):
                indexed.add(key)
                report.tasks += whole
                report.remote_only += not whole  # its files are fetched when read
            else:
                self.index.drop(key)
                report.dropped.append(key)
        lost = [(k, d, self.objects.get(d)) for k, d in _latest(entries).items() if k not in indexed and all(self.objects.has(f) for f in entries[d]["files"].values())]
        self.index.put_many(lost)
        report.recovered = len(lost)
        report.tasks += len(lost)
        return report

    def clear(self) -> int:
        """Delete every object and the index; the number of objects removed."""
        count = sum(1 for _ in self.objects.digests())
        self.index.remove()
        self._index = None
        shutil.rmtree(self.objects.directory, ignore_errors=True)
        for derived in RENDER_FOLDERS:  # remade by the next render
            shutil.rmtree(self.directory / derived, ignore_errors=True)
        return count

    def close(self) -> None:
        self.flush()
        if self._index is not None:
            self._index.close()

    # -- what `bookbuild cache prune` needs: what is there, and dropping some of it ------------------

    def task_entries(self) -> dict[str, tuple[str, dict]]:
        """key -> (its entry object's digest, the entry): every task result in the index,
        and any the index has lost that an entry object still holds."""
        found = {key: (digest, entry) for key, digest, body in self.index.items() if (entry := parse_entry(body)) is not None}
        for key, digest, body in self._entries_in_objects():
            if key not in found and (entry := parse_entry(body)) is not None:
                found[key] = (digest, entry)
        return found

    def object_sizes(self) -> dict[str, int]:
        """Every object (files and entries) -> its size in bytes, from the file system."""
        return dict(self.objects.digests())

    def remove(self, keys: Iterable[str], digests: Iterable[str]) -> None:
        """Drop index rows first, then objects: a row never names an object that is gone."""
        for key in keys:
            self.index.drop(key)
        for digest in digests:
            self.objects.drop(digest)

    # -- entries ------------------------------------------------------------------------------

    def _local(self, key: str) -> dict | None:
        row = self.index.get(key)
        if row is None:
            return None
        entry = self._entry(key, *row)
        if entry is None or not self._reachable(key, entry):
            self.index.drop(key)  # the task runs again and stores a good entry
            return None
        return entry

    def _reachable(self, key: str, entry: dict) -> bool:
        """Every file the entry names is here, or on a remote that has not failed to give it."""
        digests = set(entry["files"].values())
        missing = [d for d in digests if not self.objects.has(d)]
        if self.remote is None:
            return not missing
        return self.remote.expect(key, digests, missing)

    def _put_entry(self, entry: dict) -> dict:
        """The entry object, then its index row (the entry's files are already stored, or on the remote)."""
        entry = {**entry, "stored": round(time.time(), 3)}
        body = ENTRY_MAGIC + canonical(entry)
        self.index.put(entry["key"], self.objects.put(body), body)
        return json.loads(body[len(ENTRY_MAGIC) :])  # as a later lookup reads it: plain JSON

    def _pull(self, key: str) -> dict | None:
        """The key's entry from the remote, kept here (its files are fetched when read)."""
        assert self.remote is not None
        found = self.remote.pull(key)
        if found is None:
            return None
        entry = self._put_entry({**found, "key": key})
        self.index.mark(key, self.remote.url)
        return entry if self._reachable(key, entry) else None

    def _push(self, key: str, entry: dict) -> None:
        """Upload in the background (files from here only), then note that the remote has it."""
        assert self.remote is not None
        url = self.remote.url
        self.remote.push(key, entry, self.objects.get, lambda: self.index.mark(key, url))

    def _entry(self, key: str, digest: str, body: bytes) -> dict | None:
        """A key's entry from the index row, or else from its object; the copy that is
        damaged or missing is written again from the good one."""
        entry = parse_entry(body) if sha256(body) == digest else None
        if entry is not None and entry["key"] == key:
            if not self.objects.has(digest):
                self.objects.put(body)
            return entry
        try:
            data = self.objects.get(digest)
        except Damaged:
            return None
        entry = parse_entry(data)
        if entry is None or entry["key"] != key:
            return None
        self.index.put(key, digest, data)
        return entry

    def _entries_in_objects(self) -> Iterator[Row]:
        """Every intact entry object whose files are all there, as index rows: how a new or
        rebuilt index finds what the cache holds."""
        entries, bodies = {}, {}
        for digest, size in self.objects.digests():
            if size > MAX_ENTRY_BYTES or not self._starts_entry(digest):
                continue
            try:
                data = self.objects.get(digest)
            except Damaged:
                continue
            entry = parse_entry(data)
            if entry is not None and all(self.objects.has(d) for d in entry["files"].values()):
                entries[digest], bodies[digest] = entry, data
        yield from ((key, digest, bodies[digest]) for key, digest in _latest(entries).items())

    def _starts_entry(self, digest: str) -> bool:
        try:
            with open(self.objects.path(digest), "rb") as handle:
                return handle.read(len(ENTRY_MAGIC)) == ENTRY_MAGIC
        except OSError:
            return False


def parse_entry(data: bytes) -> dict | None:
    """A task entry from an object's bytes; None if the object is not one (or not a whole one)."""
    if not data.startswith(ENTRY_MAGIC):
        return None
    try:
        entry = json.loads(data[len(ENTRY_MAGIC) :])
    except ValueError:
        return None
    shape = isinstance(entry, dict) and isinstance(entry.get("key"), str) and isinstance(entry.get("files"), dict) and isinstance(entry.get("usage"), dict) and "value" in entry
    return entry if shape else None


def _latest(entries: dict[str, dict]) -> dict[str, str]:
    """key -> digest of its most recently stored entry (a task that ran twice after damage)."""
    best: dict[str, tuple[float, str]] = {}
    for digest, entry in entries.items():
        stamp = float(entry.get("stored", 0) or 0)
        if entry["key"] not in best or stamp > best[entry["key"]][0]:
            best[entry["key"]] = (stamp, digest)
    return {key: digest for key, (_, digest) in best.items()}
