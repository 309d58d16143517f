"""Atomic writes: a killed build never leaves a half-written file (lektor's Artifact).

The temporary file beside the target is named ``.NAME.PID.XXXX.tmp``: a killed
writer cannot remove it, so the next build sweeps up those whose process is gone.
"""

from __future__ import annotations

import errno
import os
import tempfile
import time
from pathlib import Path

from bookbuild.errors import BuildError

NO_ROOM = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
STALE_S = 24 * 3600  # a temporary file with no readable writer pid: removed once this old


class WriteFailed(BuildError):
    """A file could not be written; names the folder and what to do."""


def write_atomic(path: Path, data: bytes, tmp_dir: Path | None = None) -> None:
    """Write beside the target (or in ``tmp_dir``, on the same file system), fsync, then
    rename over it in one step."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if tmp_dir is not None:
            tmp_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=tmp_dir or path.parent)
    except OSError as exc:
        raise WriteFailed(describe_write_error(exc, path)) from None
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as handle:
            _write(handle, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise WriteFailed(describe_write_error(exc, path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write(handle, data: bytes) -> None:  # the one place bytes reach the disk (tests inject faults here)
    handle.write(data)


def describe_write_error(exc: OSError, path: Path | str) -> str:
    """One line a user can act on: which folder, what went wrong, what to do."""
    path = Path(path)
    folder = path.parent
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        what = "no space left" if exc.errno == errno.ENOSPC else "the disk quota is used up"
        return f"cannot write {path.name}: {what} on the disk that holds {folder}; free some space there (or point build_dir/cache_dir elsewhere), then run the build again"
    if exc.errno == errno.EFBIG:
        return f"cannot write {path.name} in {folder}: the file is larger than this system lets a process write (see `ulimit -f`)"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write in {folder}: {exc.strerror}; check that the folder is writable"
    if exc.errno in (errno.ENOTDIR, errno.EEXIST) or (path.parent.exists() and not path.parent.is_dir()):
        return f"cannot write {path}: {_blocking_file(folder)} is a file where a folder should be; move it away"
    return f"cannot write {path}: {exc.strerror or exc}"


def _blocking_file(folder: Path) -> Path:
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return candidate
    return folder


def sweep_tmp(folder: Path) -> int:
    """Remove the temporary files of atomic writes whose writer is gone; the count removed."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if entry.name.startswith(".") and entry.name.endswith(".tmp") and entry.is_file(follow_symlinks=False) and _abandoned(entry):
            try:
                os.unlink(entry.path)
                removed += 1
            except OSError:
                pass  # another sweeper was first
    return removed


def _abandoned(entry: os.DirEntry) -> bool:
    pid = _writer_pid(entry.name)
    if pid is None:  # an older name without a pid: only when surely stale
        return time.time() - entry.stat().st_mtime > STALE_S
    if pid == os.getpid():
        return False  # one of this process's threads is writing it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, someone else's
    return False


def _writer_pid(name: str) -> int | None:
    parts = name.split(".")  # "", NAME..., PID, RANDOM, "tmp"
    if len(parts) >= 5 and parts[-3].isdigit():
        return int(parts[-3])
    return None


_UMASK: list[int] = []


def _umask() -> int:
    if not _UMASK:  # read once: os.umask can only be read by setting it, which races other threads
        mask = os.umask(0)
        os.umask(mask)
        _UMASK.append(mask)
    return _UMASK[0]
