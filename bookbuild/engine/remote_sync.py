"""The local cache and the remote in step: a local miss asks the remote, and a
result the remote lacks goes up once, in the background.

A pull brings only a task's entry (its value and the digests of its files); a file
is fetched when something reads it (``fetch``), checked against its digest and kept
in the local cache. A file the remote cannot give (missing, damaged, or the remote
went down) is noted for the run: the cache then treats it as a damaged local file,
so the task that made it runs again here, and its upload repairs the remote.

A push uploads the files the remote lacks, then the entry, so a remote entry never
names a file that is not there; the cache then notes in its index that the remote
has the entry, so later builds never ask again. A local hit not yet noted is pushed
too: what a build made while the remote was down, or before it was set up, reaches
the fleet on the next build.

What each key moved (``traffic``) is what the manifest and the summary report.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from .remote import S3Remote, configure

if TYPE_CHECKING:
    from bookbuild.settings import Settings

log = logging.getLogger("bookbuild.remote")

ReadFile = Callable[[str], bytes]
LOCAL_ONLY = ("key", "stored")  # entry fields the local cache adds (the remote names the key itself)


def connect(settings: Settings) -> RemoteSync | None:
    """The repository's remote cache, if it has one (nothing is contacted yet)."""
    config = configure(settings)
    return RemoteSync(S3Remote(config)) if config is not None else None


@dataclass
class Traffic:
    """What one task key moved in this run."""

    remote_hit: bool = False  # its entry came from the remote
    uploaded: bool = False  # this run wrote its entry to the remote
    down: int = 0  # bytes downloaded (its entry, and those of its files that were read)
    up: int = 0  # bytes uploaded


class RemoteSync:
    def __init__(self, remote: S3Remote, threads: int = 16):
        self.remote = remote
        self.traffic: dict[str, Traffic] = {}
        self._asked: set[str] = set()  # keys the remote was asked for in this run
        self._on_remote: set[str] = set()  # file digests known to be there
        self._lost: set[str] = set()  # file digests the remote could not give in this run
        self._owners: dict[str, set[str]] = {}  # file digest -> keys whose entries name it
        self._file_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self._down = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="bookbuild-pull")
        self._up = ThreadPoolExecutor(max_workers=max(2, threads // 2), thread_name_prefix="bookbuild-push")
        self._pending: list[Future] = []

    @property
    def url(self) -> str:
        return self.remote.url

    # -- down ---------------------------------------------------------------------

    def pull(self, key: str) -> dict | None:
        """The key's entry (checked), without its files; None on a miss, an unusable
        object or a remote that is off. A key is asked for once per run."""
        with self._lock:
            if key in self._asked or not self.remote.alive:
                return None
            self._asked.add(key)
        found = self.remote.get_entry(key)
        if found is None:
            return None
        entry, size = found
        with self._lock:
            self._on_remote.update(entry["files"].values())
            traffic = self.traffic.setdefault(key, Traffic())
            traffic.remote_hit = True
            traffic.down += size
        return entry

    def prefetch(self, keys: Iterable[str], pull: Callable[[str], object]) -> None:
        """``pull`` (the cache's: asks, then keeps the entry) many keys at once."""
        keys = [k for k in dict.fromkeys(keys) if k not in self._asked]
        if not keys or not self.remote.alive:
            return
        for future in [self._down.submit(pull, key) for key in keys]:
            future.result()

    def expect(self, key: str, digests: Iterable[str], missing: Iterable[str]) -> bool:
        """Note that ``key``'s entry names these files (what fetching one costs is that
        key's); whether the ``missing`` ones may still come from the remote in this run.
        A remote that is down does not make them misses yet: a file nobody reads costs
        nothing, and one that is read and cannot come is handled as damaged then."""
        with self._lock:
            for digest in digests:
                self._owners.setdefault(digest, set()).add(key)
            return not any(d in self._lost for d in missing)

    def can_fetch(self, digest: str) -> bool:
        """Whether the file may still come from the remote in this run; once the remote is
        down it is noted as lost, so the entries that name it are misses from then on."""
        with self._lock:
            if digest not in self._lost and not self.remote.alive:
                self._lost.add(digest)
            return digest not in self._lost

    def fetch(self, digest: str) -> bytes | None:
        """One file, checked against its digest (once, however many threads want it);
        None when the remote cannot give it, and then not asked again in this run."""
        with self._file_lock(digest):
            with self._lock:
                if digest in self._lost:
                    return None
            data = self.remote.get_file(digest) if self.remote.alive else None
            with self._lock:
                owners = sorted(self._owners.get(digest, ()))
                if data is None:
                    self._lost.add(digest)
                    self._on_remote.discard(digest)
                elif owners:
                    self.traffic.setdefault(owners[0], Traffic()).down += len(data)
        if data is None:
            for key in owners:  # an entry that names a file the remote lacks: the next upload replaces it
                self.remote.broken(key)
        return data

    def _file_lock(self, digest: str) -> threading.Lock:
        with self._lock:
            return self._file_locks.setdefault(digest, threading.Lock())

    # -- up -----------------------------------------------------------------------

    def push(self, key: str, entry: dict, read_file: ReadFile, on_pushed: Callable[[], None]) -> None:
        """Upload in the background: the files the remote lacks, then the entry."""
        if not self.remote.writable:
            return
        entry = {k: v for k, v in entry.items() if k not in LOCAL_ONLY}
        future = self._up.submit(self._upload, key, entry, read_file, on_pushed)
        with self._lock:
            self._pending.append(future)

    def _upload(self, key: str, entry: dict, read_file: ReadFile, on_pushed: Callable[[], None]) -> None:
        sent = written = 0
        try:
            for digest in sorted(set(entry["files"].values())):
                if digest not in self._on_remote:
                    sent += self.remote.put_file(digest, read_file(digest))
                    if not self.remote.writable:
                        return  # it failed, and said so once
                    with self._lock:
                        self._on_remote.add(digest)
                        self._lost.discard(digest)
            written = self.remote.put_entry(key, entry)
            if not self.remote.writable:
                return
            on_pushed()
        except Exception:  # noqa: BLE001 - an upload never fails a build (a damaged local file: kept local)
            log.debug("upload of %s failed", key, exc_info=True)
        finally:
            if sent or written:
                with self._lock:
                    traffic = self.traffic.setdefault(key, Traffic())
                    traffic.up += sent + written
                    traffic.uploaded |= written > 0

    def flush(self) -> None:
        """Wait for the uploads under way (each bounded by the remote's timeouts)."""
        with self._lock:
            pending, self._pending = self._pending, []
        wait(pending)

    def take_traffic(self) -> dict[str, Traffic]:
        """What moved since the last call, by task key (each build reports its own)."""
        self.flush()
        with self._lock:
            traffic, self.traffic = self.traffic, {}
        return traffic

    # -- reporting ----------------------------------------------------------------

    def describe(self) -> dict:
        """The remote for a manifest or a summary: where, how, whether it worked."""
        remote = self.remote
        state = remote.problem or remote.read_only_reason or "ok"
        damaged = {"damaged": remote.counters.damaged} if remote.counters.damaged else {}
        return {"url": self.url, "mode": remote.config.mode, "state": state, **damaged}

    def report(self) -> dict:
        """For `cache stats`: what the remote holds (a listing; None when it cannot be
        listed), with how and whether it worked."""
        holds = self.remote.usage()  # first: a failure shows in describe()
        return {**self.describe(), "holds": holds}
