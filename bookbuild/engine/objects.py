"""The cache's object store: byte strings in files named by their SHA-256.

A name is a promise about the bytes, so every read checks it: a damaged or
missing object is reported (``Damaged``) and a damaged one is deleted on sight.
Writes go through ``write_atomic``, so an object either has all its bytes or
does not exist; their temporary files wait in one folder, tmp/, which a build
sweeps of killed writers' leftovers in one look.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from bookbuild.errors import BuildError
from .artifacts import sweep_tmp, write_atomic
from .hashing import sha256

_HEX = frozenset("0123456789abcdef")


class Damaged(BuildError):
    """A cached object is missing or its bytes no longer match its digest."""

    def __init__(self, digest: str, reason: str):
        self.digest, self.reason = digest, reason
        super().__init__(f"a cached file ({digest[:12]}) is {reason}")

    def __reduce__(self):  # crosses from worker processes intact
        return (type(self), (self.digest, self.reason))


class ObjectStore:
    def __init__(self, directory: Path):
        self.directory = directory
        self.tmp = directory / "tmp"

    def path(self, digest: str) -> Path:
        return self.directory / digest[:2] / digest

    def put(self, data: bytes) -> str:
        digest = sha256(data)
        path = self.path(digest)
        # Same name, same size: the same bytes (a damaged copy is caught when read).
        if not (path.is_file() and path.stat().st_size == len(data)):
            write_atomic(path, data, self.tmp)
        return digest

    def get(self, digest: str) -> bytes:
        path = self.path(digest)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise Damaged(digest, "missing") from None
        if sha256(data) != digest:
            self.drop(digest)
            raise Damaged(digest, "damaged (its bytes no longer match their digest); it was removed")
        return data

    def has(self, digest: str) -> bool:
        return self.path(digest).is_file()

    def drop(self, digest: str) -> None:
        self.path(digest).unlink(missing_ok=True)

    def digests(self) -> Iterator[tuple[str, int]]:
        """(digest, size) of every object, in no particular order."""
        if not self.directory.is_dir():
            return
        for folder in os.scandir(self.directory):
            if len(folder.name) != 2 or not folder.is_dir(follow_symlinks=False):
                continue
            for entry in os.scandir(folder.path):
                if len(entry.name) == 64 and _HEX.issuperset(entry.name) and entry.is_file(follow_symlinks=False):
                    yield entry.name, entry.stat().st_size

    def sweep(self) -> int:
        """Remove what killed writers left: temporary files of atomic writes."""
        return sweep_tmp(self.tmp)
