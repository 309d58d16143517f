"""Single-flight: tasks with the same key run once.

Two tasks with one key ask for the same thing (two pages with the same prompt, a
picture both sides of a diff need): the first to start leads and runs; the others
follow, waiting for it without taking a thread, then take its output from the
cache. A key whose leader failed stays failed for whoever shares this object (a
build, or both sides of a diff), so a paid request that failed is not made again
in the same run.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import dataclass


@dataclass(frozen=True)
class Landing:
    status: str  # the leader's: "ran", "cached", "failed", "skipped"
    leader: str  # its task id
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status in ("ran", "cached")


class Flights:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flights: dict[str, tuple[str, Future]] = {}

    def join(self, key: str, task_id: str) -> Future | None:
        """None: the caller leads and must ``land``. Otherwise a future of its own that
        completes with the leader's Landing."""
        with self._lock:
            found = self._flights.get(key)
            if found is None:
                self._flights[key] = (task_id, Future())
                return None
        mine: Future = Future()
        found[1].add_done_callback(lambda done: mine.set_result(done.result()))
        return mine

    def land(self, key: str, status: str, error: str = "") -> None:
        with self._lock:
            leader, future = self._flights[key]
            if status in ("ran", "cached"):
                del self._flights[key]  # the cache has it now
        if not future.done():
            future.set_result(Landing(status, leader, error))
