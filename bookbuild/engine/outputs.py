"""What a task produces: a small JSON value, named files, and usage (tokens, cost)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .hashing import canonical, sha256


@dataclass
class Output:
    value: Any = None  # small JSON: page texts, findings, image sizes
    files: dict[str, bytes] = field(default_factory=dict)  # named blobs: images, PDFs
    usage: dict[str, float] = field(default_factory=dict)  # tokens, images, cost (USD)
    file_digests: dict[str, str] = field(default_factory=dict)
    # Set when the files are still in the cache: read on first use, so a no-op
    # build never loads an image or a PDF it does not need.
    loader: Callable[[str], bytes] | None = None
    # Keys of other cache entries this output was made from (the safety verdict of each
    # text a check read): `cache prune` keeps them as long as it keeps this one.
    uses: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name, data in self.files.items():
            self.file_digests.setdefault(name, sha256(data))

    @property
    def digest(self) -> str:
        return sha256(canonical({"value": self.value, "files": self.file_digests}))

    def file(self, name: str) -> bytes:
        if name not in self.files:
            if self.loader is None or name not in self.file_digests:
                raise KeyError(f"no output file {name!r}")
            self.files[name] = self.loader(self.file_digests[name])
        return self.files[name]
