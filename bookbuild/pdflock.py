"""One lock for PDFium in this process. PDFium keeps global state and is not
thread-safe, and bookbuild reads PDFs from several threads at once (validate
tasks of different books, the preview server): every entry point that opens a
PDF with pypdfium2 is @serialized."""

from __future__ import annotations

import functools
import threading
from typing import Callable, TypeVar

LOCK = threading.RLock()  # re-entrant: a serialized function may call another
F = TypeVar("F", bound=Callable)


def serialized(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with LOCK:
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
