"""The spec and page text beside the pictures: unified diffs of the changed files.

Page files are aligned by their content, like the printed pages: inserting
pages/06.md and renumbering the pages after it shows one new file and a list of
renamed, unchanged ones, not a diff of every later file.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .git import Change

CONTEXT_LINES = 3
_NUMBER = re.compile(r"^(\d+)")


@dataclass(frozen=True)
class FileDiff:
    path: str  # relative to the book repository (the head's name for a renamed file)
    status: str  # "A", "D", "M"; "R" renamed with the same content
    lines: tuple[str, ...] = ()  # unified diff lines, without line ends; empty for binary files
    binary: str = ""  # for a file that is not text: what changed ("12.0 KB -> 14.5 KB")
    renamed_from: str = ""

    @property
    def added(self) -> int:
        return sum(1 for l in self.lines if l.startswith("+") and not l.startswith("+++"))

    @property
    def removed(self) -> int:
        return sum(1 for l in self.lines if l.startswith("-") and not l.startswith("---"))


def file_diffs(changes: list[Change], base_root: Path, head_root: Path) -> list[FileDiff]:
    return [file_diff(base_root / c.path, head_root / c.path, c.path, c.path) for c in changes]


def book_diffs(changes: list[Change], base_root: Path, head_root: Path, book_dir: str) -> list[FileDiff]:
    """A book's changed files; its pages/*.md aligned by content."""
    pages = f"{book_dir}/pages/"
    is_page = [c.path.startswith(pages) and "/" not in c.path[len(pages) :] and c.path.endswith(".md") for c in changes]
    diffs = file_diffs([c for c, page in zip(changes, is_page) if not page], base_root, head_root)
    if any(is_page):
        diffs += list(page_diffs(base_root / pages, head_root / pages, pages))
    return diffs


def page_diffs(base_dir: Path, head_dir: Path, rel: str) -> Iterator[FileDiff]:
    old, new = _page_files(base_dir), _page_files(head_dir)
    texts = ([_read(base_dir / n) for n in old], [_read(head_dir / n) for n in new])
    matcher = difflib.SequenceMatcher(None, *texts, autojunk=False)
    for op, b1, b2, h1, h2 in matcher.get_opcodes():
        pairs = list(zip(old[b1:b2], new[h1:h2]))
        if op == "equal":
            yield from (FileDiff(rel + n, "R", renamed_from=rel + o) for o, n in pairs if o != n)
            continue
        yield from (file_diff(base_dir / o, head_dir / n, rel + o, rel + n) for o, n in pairs)
        yield from (file_diff(base_dir / o, None, rel + o, rel + o) for o in old[b1 + len(pairs) : b2])
        yield from (file_diff(None, head_dir / n, rel + n, rel + n) for n in new[h1 + len(pairs) : h2])


def file_diff(old: Path | None, new: Path | None, old_name: str, new_name: str) -> FileDiff:
    before, after = _read(old), _read(new)
    status = "A" if before is None else "D" if after is None else "M"
    renamed = old_name if old_name != new_name else ""
    a, b = _text(before), _text(after)
    if a is None or b is None:
        return FileDiff(new_name, status, (), f"{_size(before)} -> {_size(after)}", renamed)
    header_a = f"a/{old_name}" if before is not None else "/dev/null"
    header_b = f"b/{new_name}" if after is not None else "/dev/null"
    lines = difflib.unified_diff(a.splitlines(), b.splitlines(), header_a, header_b, n=CONTEXT_LINES, lineterm="")
    return FileDiff(new_name, status, tuple(lines), "", renamed)


def _page_files(folder: Path) -> list[str]:
    """Page file names in reading order, like the spec loader: by their number."""
    names = [p.name for p in folder.glob("*.md")] if folder.is_dir() else []
    return sorted(names, key=lambda n: (int(m.group(1)) if (m := _NUMBER.match(n)) else 10**9, n))


def _read(path: Path | None) -> bytes | None:
    try:
        return path.read_bytes() if path is not None and path.is_file() else None
    except OSError:
        return None


def _text(data: bytes | None) -> str | None:
    """The file as text; "" for a missing file; None for binary content."""
    if data is None:
        return ""
    if b"\0" in data[:8192]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _size(data: bytes | None) -> str:
    return "(none)" if data is None else f"{len(data) / 1000:.1f} KB"
