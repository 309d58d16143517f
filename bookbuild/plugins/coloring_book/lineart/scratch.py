"""Big scratch arrays reused while a picture is worked on, not mapped afresh each time.

A build sets glibc's allocator to hand every buffer over 128 KiB straight to the OS
and back (bookbuild.engine.memory): right for pictures that are kept, costly for the
line-art pipeline, which makes and drops a hundred page-sized arrays a picture. Each
new mapping is zeroed page by page as it is first written: 60,000 page faults and
about 40% of a picture's time (245 ms a 300 DPI page against 149 ms, measured). While
``reused()`` is open, those arrays come from the heap and its freed memory serves the
next one; when it closes, the build's settings are back, and the heap's free memory is
given back to the OS at the next chance glibc takes (its trim threshold).
"""

from __future__ import annotations

import sys
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


@contextmanager
def reused(give_back: bool = False) -> Iterator[None]:
    """Large arrays from a heap that keeps what they free, until the block ends (a worker
    process runs one task at a time; elsewhere this only changes where memory comes from).
    ``give_back``: the heap's free memory goes back to the OS as the block ends (for the
    build's own process, which lives on; a worker's next picture reuses it)."""
    libc = _libc()
    if libc is None:  # not glibc: nothing to set
        yield
        return
    libc.mallopt(memory.M_MMAP_THRESHOLD, SCRATCH_MMAP)
    libc.mallopt(M_TRIM_THRESHOLD, SCRATCH_TRIM)
    try:
        yield
    finally:
        libc.mallopt(memory.M_MMAP_THRESHOLD, memory.MMAP_THRESHOLD)
        libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
        if give_back:
            libc.malloc_trim(0)
