"""A process pool for CPU-bound work that is pure Python (drawing pictures).

Tasks run on threads, which share one interpreter lock; a task hands its heavy,
picklable part to ``ctx.offload(fn, *args)`` to use every core. The pool starts
on first use, from a fork server that has already imported what the provider
names in its ``preload`` (Pillow and its drawing code, for the offline one).
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable

class Workers:
    def __init__(self, size: int, preload: tuple[str, ...] = ()):
        self.size = size
        self.preload = list(preload)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()  # guards creating the pool

    def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        if self.size <= 1:
            return fn(*args)
        return self._get().submit(fn, *args).result()

    def _get(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(self.preload)
                self._pool = ProcessPoolExecutor(self.size, mp_context=context)
            return self._pool

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
