"""One build at a time per build folder: an advisory lock (flock) the kernel lets go
of when the process ends, however it ends, so a killed build never leaves it held."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from bookbuild.errors import BuildError
from .artifacts import describe_write_error

LOCK_NAME = ".bookbuild.lock"


class FolderLock:
    """``with FolderLock(folder, waiting=print):`` waits for another holder, saying so once."""

    def __init__(self, folder: Path, waiting: Callable[[str], None] | None = None, what: str = "build"):
        self.path = folder / LOCK_NAME
        self.waiting = waiting or (lambda message: None)
        self.what = what
        self._fd: int | None = None

    def __enter__(self) -> "FolderLock":
        try:
            import fcntl
        except ImportError:  # not on a POSIX system: no lock
            return self
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise BuildError(describe_write_error(exc, self.path)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            self.waiting(f"waiting for another {self.what} in {self.path.parent} (process {holder}) to finish; this one goes on when it does")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing lets go of the lock
            self._fd = None
