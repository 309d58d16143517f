"""glibc's allocator, set for a build's big buffers (pictures, PDFs, EPUBs).

By default glibc serves a large allocation from its heap once one of that size has
been freed (its mmap threshold grows), and gives each thread an arena of its own: a
build that makes a hundred 300 DPI pictures on several threads keeps the memory of
every one it ever freed. A fixed threshold sends large buffers straight to the OS
and back, and two arenas are enough for threads that mostly wait (on the GIL, on
workers, on the network): a 100-page book peaks at about half the memory.
"""

from __future__ import annotations

import sys

M_MMAP_THRESHOLD = -3  # <malloc.h>
M_ARENA_MAX = -8
MMAP_THRESHOLD = 128 * 1024  # glibc's own starting value, kept fixed
ARENAS = 2


def tune() -> None:
    """Called once by a build before its threads start, and by the workers' fork server."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        libc.mallopt(M_ARENA_MAX, ARENAS)
    except (OSError, AttributeError):  # not glibc (musl has no such knobs): nothing to tune
        pass
