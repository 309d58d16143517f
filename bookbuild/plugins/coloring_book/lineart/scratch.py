"""Big scratch arrays reused while a picture is worked on, not mapped afresh each time.

A build sets glibc's allocator to hand every buffer over 128 KiB straight to the OS
and back (bookbuild.engine.memory): right for pictures that are kept, costly for the
line-art pipeline, which makes and drops a hundred page-sized arrays a picture. Each
new mapping is zeroed page by page as it is first written: 60,000 page faults and
about 40% of a picture's time (245 ms a 300 DPI page against 149 ms, measured). While
``reused()`` is open (anywhere in the process: it counts), those arrays come from the
heap and its freed memory serves the next one. When the last one closes, the build's
settings are back; a worker process keeps the freed heap for its next picture, any
other process (the build's own, which may draw a picture while its workers start, or
check a PDF) gives it back to the OS.
"""

from __future__ import annotations

import sys
import threading
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

from bookbuild.engine import memory

M_TRIM_THRESHOLD = -1  # <malloc.h>
TRIM_THRESHOLD = 128 * 1024  # glibc's default, which a fixed mmap threshold keeps
SCRATCH_MMAP = 32 * 1024 * 1024  # glibc's largest: a 300 DPI page's int32 labels (26 MB) fit
SCRATCH_TRIM = 1024 * 1024 * 1024  # freed arrays stay for the next one while open


@lru_cache(maxsize=1)
def _libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        return libc if hasattr(libc, "mallopt") else None
    except OSError:
        return None


_lock = threading.Lock()
_open = 0  # blocks open in this process


@contextmanager
def reused() -> Iterator[None]:
    """Large arrays from a heap that keeps what they free, until the block ends."""
    global _open
    libc = _libc()
    if libc is None:  # not glibc: nothing to set
        yield
        return
    with _lock:
        if not _open:
            libc.mallopt(memory.M_MMAP_THRESHOLD, SCRATCH_MMAP)
            libc.mallopt(M_TRIM_THRESHOLD, SCRATCH_TRIM)
        _open += 1
    try:
        yield
    finally:
        with _lock:
            _open -= 1
            if not _open:
                libc.mallopt(memory.M_MMAP_THRESHOLD, memory.MMAP_THRESHOLD)
                libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
                if not _in_worker():
                    libc.malloc_trim(0)


def _in_worker() -> bool:
    """A worker process of the build's pool (it runs one task at a time, the next picture soon)."""
    import multiprocessing

    return multiprocessing.parent_process() is not None
