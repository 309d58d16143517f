"""A process pool for CPU-bound work: drawing pictures, scaling and encoding them,
laying out PDFs.

Tasks run on threads, which share one interpreter lock; a task hands its heavy,
picklable part to ``ctx.offload(fn, *args)`` to use every core, and to keep the
threads that wait on a network service free to start the next request. The pool
starts from a fork server that has already imported what its workers need (Pillow
through bookbuild.engine.preload, WeasyPrint, the provider's ``preload``), so each
worker starts warm. A build starts the server first thing (``prestart``: the
`bookbuild build` launcher, then the build with the provider's preload): it imports
WeasyPrint once, on another core, while the build loads and plans, instead of in each
worker that lays out a PDF, on the build's critical path. ``warm()`` starts the
workers in the background as soon as a build knows it has work, so the first task to
offload does not wait for them.

Until the workers are up, one piece of work at a time runs here instead, on a thread of
the build's process: that process has planned the build by then and would sit idle while
the server imports WeasyPrint on the other core. Work marked ``in_workers`` (laying out a
PDF, which needs what only the workers have imported) always waits for a worker.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable

PRELOAD = ("bookbuild.engine.preload",)  # allocator settings and Pillow, for every pool
LAYOUT = ("bookbuild.render.warm",)  # WeasyPrint


def prestart(preload: tuple[str, ...] = (*PRELOAD, *LAYOUT)) -> threading.Thread:
    """Start the fork server in the background, without waiting: it imports ``preload``
    (WeasyPrint is the most of it) on another core while this process imports the rest
    of bookbuild, loads the books and plans, so the workers start warm and sooner. The
    first server of a process stays; a pool's own preload then loads in each worker."""
    thread = threading.Thread(target=_start_server, args=(preload,), name="bookbuild-forkserver", daemon=True)
    thread.start()
    return thread


def _start_server(preload: tuple[str, ...]) -> None:
    from multiprocessing import forkserver

    _stop_server_at_exit()
    try:
        multiprocessing.get_context("forkserver").set_forkserver_preload(list(preload))
        forkserver.ensure_running()
    except Exception:  # noqa: BLE001 - the pool starts it again and reports what is wrong
        pass


_stopping = threading.Lock()
_stop_registered = False


def _stop_server_at_exit() -> None:
    """Once per process: when it exits, end the fork server at once (SIGTERM). Left to
    itself the server notices the exit and tears down its interpreter, WeasyPrint and all,
    holding the build's stdout meanwhile: a run whose output is captured (CI, a pipe, a
    test) waits that long again after the build is done. Its workers are gone by then
    (Workers.close), and a watch or serve process keeps one server for all its builds."""
    global _stop_registered
    with _stopping:
        if _stop_registered:
            return
        _stop_registered = True
    import atexit

    atexit.register(_stop_server)  # after multiprocessing's own: run before it (last in, first out)


def _stop_server() -> None:
    import os
    import signal
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    if pid:
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:
            pass


def in_workers(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Mark ``fn`` as work that always runs in a worker process, never on the build's own
    threads while the workers start: it needs what the fork server preloads."""
    fn.in_workers = True  # type: ignore[attr-defined]
    return fn


def _load(modules: tuple[str, ...]) -> None:
    """A worker's start: what its pool preloads, where the server had not (as the server, quietly)."""
    for name in modules:
        try:
            __import__(name)
        except ImportError:
            pass


class Workers:
    def __init__(self, size: int, preload: tuple[str, ...] = ()):
        self.size = size
        self.preload = [*PRELOAD, *preload]
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()  # guards creating the pool
        self._closed = False
        self._warming = False
        self._ready = threading.Event()  # a worker has answered: the pool is up
        self._here = threading.Lock()  # held by the one piece of work running here meanwhile

    def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        if self.size <= 1:
            return fn(*args)
        if not self._ready.is_set() and not getattr(fn, "in_workers", False) and self._here.acquire(blocking=False):
            try:
                self.warm()
                return fn(*args)  # the same function, the same bytes: only where it runs differs
            finally:
                self._here.release()
        result = self._get().submit(fn, *args).result()
        self._ready.set()
        return result

    def prestart(self) -> None:
        """The fork server, started now with this pool's preload (see ``prestart``)."""
        if self.size > 1 and not self._warming:
            prestart(tuple(self.preload))

    def warm(self) -> None:
        """Start the fork server and the workers now, without waiting for them."""
        if self.size > 1 and not self._warming:
            self._warming = True
            threading.Thread(target=self._start, name="bookbuild-warm", daemon=True).start()

    def _start(self) -> None:
        try:
            self._get().submit(int).result()
            self._ready.set()
        except Exception:  # noqa: BLE001 - the first real task meets the same problem and reports it
            pass

    def _get(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._closed:
                raise RuntimeError("the build's worker processes were already shut down")
            if self._pool is None:
                _stop_server_at_exit()
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(self.preload)
                self._pool = ProcessPoolExecutor(self.size, mp_context=context, initializer=_load, initargs=(tuple(self.preload),))
            return self._pool

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
