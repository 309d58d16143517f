"""Loaded into the build process by benchmarks/timeline.py: records when each task ran
and when each piece of offloaded work was sent to, begun and ended by a worker."""

from __future__ import annotations

import json
import os
import threading
import time

EVENTS: list[dict] = []
_LOCK = threading.Lock()


def _add(what: str, start: float, end: float, where: str) -> None:
    with _LOCK:
        EVENTS.append({"what": what, "start": start, "end": end, "where": where})


def in_worker(fn, *args):
    """Runs in the worker: the work, and when it began and ended there."""
    start = time.time()
    result = fn(*args)
    return result, start, time.time(), os.getpid()


def install(t0: float) -> None:
    global T0
    T0 = t0
    from bookbuild.engine import executor, workers

    timed = executor.Executor._timed

    def _timed(self, task, inputs, meter):
        start = time.time()
        try:
            return timed(self, task, inputs, meter)
        finally:
            _add(task.id.split("/", 1)[-1], start, time.time(), "thread")

    executor.Executor._timed = _timed

    run = workers.Workers.run

    def worker_run(self, fn, *args):
        sent = time.time()
        if self.size <= 1:
            return fn(*args)
        result, start, end, pid = run(self, in_worker, fn, *args)
        _add(f"  queue for {fn.__name__}", sent, start, f"w{pid % 1000}")
        _add(f"  {fn.__name__}", start, end, f"w{pid % 1000}")
        return result

    workers.Workers.run = worker_run

    get = workers.Workers._get

    def _get(self):
        fresh = self._pool is None
        start = time.time()
        pool = get(self)
        if fresh:
            _add("pool created", start, time.time(), "main")
        return pool

    workers.Workers._get = _get

    from bookbuild.engine import build, noop

    for owner, name, label in ((workers.Workers, "close", "workers closed"), (build, "_write_manifest", "manifest"), (noop.Snapshot, "stamp", "no-op stamp"), (noop.Snapshot, "__init__", "no-op snapshot")):
        _wrap(owner, name, label)


def _wrap(owner, name: str, label: str) -> None:
    original = getattr(owner, name)

    def timed(*args, **kwargs):
        start = time.time()
        try:
            return original(*args, **kwargs)
        finally:
            _add(label, start, time.time(), "main")

    setattr(owner, name, timed)


def dump(path: str) -> None:
    with open(path, "w") as f:
        json.dump({"t0": T0, "exit": time.time(), "events": EVENTS}, f)
