"""A PDF's font streams compressed once, not in every render.

Themes embed their fonts whole (KDP's K-SAVE), and WeasyPrint compresses every stream
at zlib level 9 each time it writes a PDF: for a font of 0.7 MB that is ~35 ms, and a
32-page picture book's interior spends ~0.09 s of its ~0.37 s layout compressing two
fonts and their ToUnicode maps, the same bytes as in the cover before it and in the
last build. ``FontStreams`` keeps each compressed stream in a folder of the cache, by
the SHA-256 of what it holds, and puts it in the PDF in place of WeasyPrint's own
compression: the file written is byte for byte the same.

A kept stream is checked when read (it must inflate to exactly the bytes it stands
for); a damaged or unreadable one is removed and compressed afresh, so a damaged
folder costs time, never a wrong PDF.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

from bookbuild.engine.artifacts import WriteFailed, write_atomic
from bookbuild.engine.hashing import sha256

FOLDER = "pdf-streams"  # under the cache directory
LEVEL = 9  # pydyf's: the bytes must be the ones it would have written


def compress(raw: bytes) -> bytes:
    packer = zlib.compressobj(level=LEVEL)
    return packer.compress(raw) + packer.flush()


class FontStreams:
    """Compressed font streams kept in ``folder``."""

    def __init__(self, folder: Path):
        self.folder = folder

    def compressed(self, raw: bytes) -> bytes:
        path = self.folder / sha256(raw)
        try:
            kept = path.read_bytes()
            if zlib.decompress(kept) == raw:
                return kept
        except (OSError, zlib.error):
            pass
        made = compress(raw)
        try:
            path.unlink(missing_ok=True)  # damaged: made again
            write_atomic(path, made, self.folder / "tmp")
        except (OSError, WriteFailed):  # a read-only or full cache, a folder in the way: this render still gets its streams
            pass
        return made

    def apply(self, streams: list[Any]) -> None:
        """Each of ``streams`` (pydyf.Stream objects of a PDF about to be written: its
        fonts' files and ToUnicode maps) given its compressed bytes now, kept or made."""
        import pydyf

        for stream in streams:
            if stream.compress:
                raw = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)  # what pydyf would compress
                stream.stream = [self.compressed(raw)]
                stream.compress = False  # written as given, marked as what it is
                stream.extra["Filter"] = "/FlateDecode"
