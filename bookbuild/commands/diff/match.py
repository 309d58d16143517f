"""Which page of the base is which page of the head: fingerprints and alignment.

A page's fingerprint is a hash of what is printed on it, read from the PDF's page
objects: each text run (its words, font, size, colour), each image (its encoded
bytes), each drawn shape (colour), with their sizes and heights on the page. The
``content`` hash leaves out the horizontal position, because a picture book
mirrors its pages (gutter on the left of a right-hand page, on the right of a
left-hand one): a page pushed from the right to the left by an insertion is still
the same page. The ``exact`` hash keeps it. Aligning the two books' ``content``
hashes with difflib then shows an inserted page as one insertion, not as every
later page changed.
"""

from __future__ import annotations

import ctypes
import difflib
import hashlib
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence
from bookbuild.pdflock import serialized

IMAGE_DIGEST_CHARS = 16


@dataclass(frozen=True)
class PageFingerprint:
    number: int  # 1-based page number in its PDF
    size: tuple[float, float]  # points
    text: str  # the page's words, whitespace collapsed
    images: tuple[str, ...]  # digests of the images drawn on it
    content: str  # hash of everything printed, horizontal placement left out
    exact: str  # the same with horizontal placement

    @property
    def recto(self) -> bool:
        return self.number % 2 == 1


@dataclass(frozen=True)
class Pair:
    """One step of the alignment: a page in both books, or only in one."""

    kind: str  # "same" (identical), "moved" (same content, other side), "differs", "inserted", "deleted"
    base: PageFingerprint | None
    head: PageFingerprint | None


@serialized
def fingerprints(pdf: bytes) -> list[PageFingerprint]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [_fingerprint(doc[i], i + 1) for i in range(len(doc))]
    finally:
        doc.close()


@serialized
def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def _fingerprint(page: Any, number: int) -> PageFingerprint:
    textpage = page.get_textpage()
    size = tuple(round(v, 1) for v in page.get_size())
    text = " ".join(textpage.get_text_range().split())
    placed, exact, images = [], [], []
    for obj in page.get_objects(textpage=textpage):
        traits = _traits(obj)
        if traits[0] == "image":
            images.append(traits[1])
        left, bottom, right, top = (round(v, 1) for v in obj.get_bounds())
        placed.append((*traits, bottom, top, round(right - left, 1)))
        exact.append((*traits, left, bottom, right, top))
    content = _hash([size, text, placed])
    return PageFingerprint(number, size, text, tuple(images), content, _hash([size, text, exact]))  # type: ignore[arg-type]


def _traits(obj: Any) -> tuple:
    """What an object prints, wherever it is placed."""
    import pypdfium2.raw as raw

    if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
        return ("image", hashlib.sha256(bytes(obj.get_data(decode_simple=False))).hexdigest()[:IMAGE_DIGEST_CHARS])
    if obj.type == raw.FPDF_PAGEOBJ_TEXT:
        scale = obj.get_matrix().get()[0]
        font = obj.get_font().get_base_name()
        return ("text", obj.extract(), font, round(obj.get_font_size() * scale, 2), _colour(raw.FPDFPageObj_GetFillColor, obj))
    if obj.type == raw.FPDF_PAGEOBJ_PATH:
        return ("path", _colour(raw.FPDFPageObj_GetFillColor, obj), _colour(raw.FPDFPageObj_GetStrokeColor, obj))
    return ("object", int(obj.type))


def _colour(getter: Callable, obj: Any) -> tuple[int, ...]:
    channels = [ctypes.c_uint() for _ in range(4)]
    if not getter(obj.raw, *channels):
        return ()
    return tuple(c.value for c in channels)


def _hash(value: Any) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


# -- alignment ------------------------------------------------------------------

# Keys tried in turn: pages with the same content align first; inside a run of
# differing pages, pages with the same words pair up (a picture redrawn); the rest
# pair in order.
KEYS: tuple[Callable[[PageFingerprint], Any], ...] = (lambda p: p.content, lambda p: p.text)


def align(base: Sequence[PageFingerprint], head: Sequence[PageFingerprint]) -> list[Pair]:
    return list(_align(list(base), list(head), 0))


def _align(base: list[PageFingerprint], head: list[PageFingerprint], level: int) -> Iterator[Pair]:
    if level == len(KEYS):
        yield from _in_order(base, head)
        return
    key = KEYS[level]
    matcher = difflib.SequenceMatcher(None, [key(p) for p in base], [key(p) for p in head], autojunk=False)
    for op, b1, b2, h1, h2 in matcher.get_opcodes():
        if op == "equal":
            yield from (_equal_pair(b, h) for b, h in zip(base[b1:b2], head[h1:h2]))
        else:
            yield from _align(base[b1:b2], head[h1:h2], level + 1)


def _equal_pair(base: PageFingerprint, head: PageFingerprint) -> Pair:
    if base.exact == head.exact:
        return Pair("same", base, head)
    if base.content == head.content and base.recto != head.recto:
        return Pair("moved", base, head)  # mirrored onto the other side: placement differs by design
    return Pair("differs", base, head)


def _in_order(base: list[PageFingerprint], head: list[PageFingerprint]) -> Iterator[Pair]:
    for b, h in zip(base, head):
        yield _equal_pair(b, h) if b.exact == h.exact else Pair("differs", b, h)
    yield from (Pair("deleted", b, None) for b in base[len(head) :])
    yield from (Pair("inserted", None, h) for h in head[len(base) :])
