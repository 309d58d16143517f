"""The ebook, base against head: which of its pages changed, and what else did.

Pages are the spine's documents in reading order, each with the pictures it shows;
they are aligned by content (difflib), so an inserted page reads as one insertion,
not as every later page changed. Shared parts (the cover, the stylesheet, the fonts,
the metadata, the navigation) are compared whole. Both files are read back with
bookbuild.epub, the same reader the ebook's checks use.
"""

from __future__ import annotations

import difflib
import hashlib
from xml.etree import ElementTree

from bookbuild import epub as epubs
from .model import EbookChange

SHARED = (("text/css", "stylesheet"), ("font/", "fonts"))


def compare_ebooks(old: bytes | None, new: bytes | None) -> EbookChange | None:
    """None when both sides have the same ebook (or neither has one)."""
    if old == new:
        return None
    if old is None or new is None:
        present = new if old is None else old
        return EbookChange("added" if old is None else "removed", pages=_count(present))
    try:
        before, after = epubs.read(old), epubs.read(new)
    except epubs.EpubError as exc:
        return EbookChange("changed", other=[f"unreadable ({exc})"])
    change = EbookChange("changed", pages=len(after.spine))
    a, b = _fingerprints(before), _fingerprints(after)
    for op, o1, o2, n1, n2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "replace":
            common = min(o2 - o1, n2 - n1)
            change.changed += list(range(n1 + 1, n1 + common + 1))
            change.inserted += list(range(n1 + common + 1, n2 + 1))
            change.deleted += max(0, (o2 - o1) - (n2 - n1))
        elif op == "insert":
            change.inserted += list(range(n1 + 1, n2 + 1))
        elif op == "delete":
            change.deleted += o2 - o1
    change.cover = _cover(before) != _cover(after)
    change.other = [name for name, differs in _shared(before, after) if differs]
    return change if (change.changed or change.inserted or change.deleted or change.cover or change.other) else None


def _count(data: bytes) -> int:
    try:
        return len(epubs.read(data).spine)
    except epubs.EpubError:
        return 0


def _fingerprints(book: epubs.Epub) -> list[str]:
    """Each page as a reader sees it: its words, how they are set (the class names), and
    the pictures it shows; not its file name or ids, which an inserted page shifts."""
    found = []
    for ref in book.spine:
        h = hashlib.sha256()
        if ref.item.path in book.files:
            try:
                root = book.document(ref.item.path)
            except epubs.EpubError:
                root = None
            h.update(epubs.page_text(root).encode() if root is not None else book.files[ref.item.path])
            h.update(" ".join(e.get("class", "") for e in (root.iter() if root is not None else ())).encode())
            for path in book.references(ref.item.path):
                item = next((i for i in book.manifest.values() if i.path == path), None)
                if item is not None and item.media_type.startswith("image/"):
                    h.update(b"\0" + hashlib.sha256(book.files.get(path, b"")).digest())
        found.append(h.hexdigest())
    return found


def _cover(book: epubs.Epub) -> bytes:
    covers = book.with_property("cover-image")
    return book.files.get(covers[0].path, b"") if covers else b""


def _shared(before: epubs.Epub, after: epubs.Epub) -> list[tuple[str, bool]]:
    parts = [(name, _files_of(before, prefix) != _files_of(after, prefix)) for prefix, name in SHARED]
    parts.append(("metadata", _metadata(before) != _metadata(after)))
    parts.append(("navigation", [before.files.get(i.path) for i in before.with_property("nav")] != [after.files.get(i.path) for i in after.with_property("nav")]))
    return parts


def _files_of(book: epubs.Epub, media_prefix: str) -> dict[str, bytes]:
    return {i.path: book.files.get(i.path, b"") for i in book.manifest.values() if i.media_type.startswith(media_prefix)}


def _metadata(book: epubs.Epub) -> bytes:
    found = book.package.find(f"{{{epubs.OPF}}}metadata")
    return ElementTree.tostring(found) if found is not None else b""


def ebook_text(change: EbookChange) -> str:
    """One line for the report: "pages 5, 9 changed; 1 page inserted; cover changed"."""
    if change.status == "added":
        return f"new ebook, {change.pages} pages"
    if change.status == "removed":
        return "no ebook any more"
    parts = (
        (change.changed, lambda: f"{_pages(change.changed)} changed"),
        (change.inserted, lambda: f"{_pages(change.inserted)} inserted"),
        (change.deleted, lambda: f"{change.deleted} page{'s' if change.deleted != 1 else ''} of the base deleted"),
        (change.cover, lambda: "cover changed"),
        (change.other, lambda: ", ".join(change.other) + " changed"),
    )
    return "; ".join(text() for present, text in parts if present) + f" ({change.pages} pages)"


def _pages(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "pages " + ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)
