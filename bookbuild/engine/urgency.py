"""Which waiting request goes first when a request slot frees: the one on the longest
chain of work still to do (critical path), so the build's last requests end together
instead of one picture's three requests running alone at the end.

Two parts make a request's urgency: the executor's (how many tasks wait, one after
another, on the running task: a reference picture or the cover art before a page's
picture) and the provider's (how many requests its task still makes after taking this
slot: a picture's prompt check before its drawing before its picture check). Both are
context variables, so a provider reads them in whatever thread asks. A request that
other requests wait on outright (``blocking``) goes first of all.
"""

from __future__ import annotations

import contextvars
import heapq
import itertools
import threading
from contextlib import contextmanager
from typing import Iterator

_CHAIN: contextvars.ContextVar[int] = contextvars.ContextVar("bookbuild_chain", default=0)
_LEFT: contextvars.ContextVar[int] = contextvars.ContextVar("bookbuild_requests_left", default=1)
BLOCKING = 1 << 30  # longer than any chain of tasks


@contextmanager
def _set(var: contextvars.ContextVar[int], value: int) -> Iterator[None]:
    token = var.set(value)
    try:
        yield
    finally:
        var.reset(token)


def task_chain(length: int):
    """Set by the executor while a task runs: the tasks waiting on it in a row, itself included."""
    return _set(_CHAIN, length)


def requests_left(count: int):
    """Set by a provider around a request: the requests its task makes from this one on."""
    return _set(_LEFT, count)


def blocking():
    """Set by a provider around a request other requests wait for (the first request to an
    endpoint it may lack): it goes before every other waiter, whatever its task's chain."""
    return _set(_CHAIN, BLOCKING)


def current() -> tuple[int, int]:
    return _CHAIN.get(), _LEFT.get()


class Slots:
    """``size`` request slots; a freed one goes to the most urgent waiter, the first come among equals."""

    def __init__(self, size: int):
        self.size = size
        self._free = size
        self._ready = threading.Condition()
        self._waiting: list[tuple[int, int, int]] = []  # heap: (-chain, -left, arrival)
        self._arrivals = itertools.count()

    def resize(self, size: int) -> None:
        """``size`` slots from now on; requests already in flight keep theirs (a smaller
        limit holds back new ones until enough have ended)."""
        with self._ready:
            self._free += size - self.size
            self.size = size
            self._ready.notify_all()

    @contextmanager
    def take(self) -> Iterator[None]:
        chain, left = current()
        me = (-chain, -left, next(self._arrivals))
        with self._ready:
            heapq.heappush(self._waiting, me)
            while not (self._free > 0 and self._waiting[0] == me):
                self._ready.wait()
            heapq.heappop(self._waiting)
            self._free -= 1
            self._ready.notify_all()  # the next in line may find a slot free too
        try:
            yield
        finally:
            with self._ready:
                self._free += 1
                self._ready.notify_all()
