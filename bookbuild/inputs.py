"""Reading what an author (or a pull request) puts in the repository, defensively.

Every spec, page, theme file and image is read through here: it must be inside the
repository (a symbolic link may point elsewhere only within it), of a sane size,
and text must be UTF-8 without NUL or other control bytes. A problem is an
``InputProblem``; the caller names the file (and line) in its error.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

BOM = b"\xef\xbb\xbf"
MB = 2**20
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # all but tab, newline and carriage return


class InputProblem(ValueError):
    def __init__(self, message: str, hint: str | None = None, line: int | None = None):
        super().__init__(message)
        self.hint, self.line = hint, line


def inside(path: Path, root: Path) -> Path:
    """``path`` with its links followed; refused when that leaves ``root``."""
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(Path(os.path.realpath(root))):
        raise InputProblem(f"leads outside the repository (to {real}); bookbuild reads only files inside it", "copy the file into the repository instead of linking to it")
    return real


def read_bytes(path: Path, root: Path, limit: int, what: str) -> bytes:
    """The bytes of a file inside ``root``, at most ``limit`` of them."""
    real = inside(path, root)
    if not real.is_file():
        raise InputProblem("is not a file" if real.exists() else "is missing (a link to nothing?)")
    size = real.stat().st_size
    if size > limit:
        raise InputProblem(f"is {human_size(size)}; {what} may be at most {human_size(limit)}", "is it the right file? split it or make it smaller")
    with open(real, "rb") as handle:
        data = handle.read(limit + 1)  # the file may grow after the check
    if len(data) > limit:
        raise InputProblem(f"is over {human_size(limit)}; {what} may be at most {human_size(limit)}")
    return data


def read_text(path: Path, root: Path, limit: int = MB, what: str = "a spec file") -> str:
    """UTF-8 text of a file inside ``root``; a BOM is dropped, NUL and control bytes refused."""
    return decode_text(read_bytes(path, root, limit, what))


def decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputProblem("is UTF-16 text", "save it as UTF-8")
    if data.startswith(BOM):
        data = data[len(BOM) :]  # some editors on Windows write one; it is not part of the text
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputProblem(f"is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line})", "save it as UTF-8", line) from None
    found = CONTROLS.search(text)
    if found is not None:
        bad = found.start()
        line = text.count("\n", 0, bad) + 1
        name = "a NUL byte" if text[bad] == "\0" else f"the control character U+{ord(text[bad]):04X}"
        raise InputProblem(f"holds {name} on line {line}", "is it a text file? remove the character, or save the file again as plain UTF-8 text", line)
    return text


def human_size(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"
