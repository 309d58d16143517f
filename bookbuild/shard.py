"""`--shard I/N`: a stable 1/N of the books, for CI runners that split a catalogue.

A book's shard is a hash of its slug (the name of its folder under books/), not
its place in a list: every machine computes the same split whatever order it
finds the books in, shards never overlap, and together they cover every book.
Adding a book never moves another book to a different shard.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Iterable, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Shard:
    index: int  # 1..count, as a CI matrix counts
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        if not m:
            raise ValueError(f"{text!r} is not I/N: write the shard's number and the number of shards, e.g. 2/4")
        index, count = int(m.group(1)), int(m.group(2))
        if count < 1 or not 1 <= index <= count:
            raise ValueError(f"{text!r}: the shard's number must be from 1 to N (1/{max(count, 1)} ... {max(count, 1)}/{max(count, 1)})")
        return cls(index, count)

    def has(self, slug: str) -> bool:
        return shard_of(slug, self.count) == self.index

    def select(self, items: Iterable[T], slug_of=lambda item: item) -> list[T]:
        """The items whose slug falls in this shard, in their own order."""
        return [item for item in items if self.has(slug_of(item))]

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def shard_of(slug: str, count: int) -> int:
    """The shard (1..count) a book's slug falls in: SHA-256 of the slug, modulo count."""
    digest = hashlib.sha256(slug.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1
