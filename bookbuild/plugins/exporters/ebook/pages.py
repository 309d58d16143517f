"""Which printed pages become ebook pages, and how big an ebook page is.

One XHTML page per printed page, in print order, less the blank pages that only pad
the print book to its page count. The sequence is the interior task's own (its
``sequence`` parameter, which diff reads too); without one, the theme's front pages,
the story and its back pages. Pages keep their print side, so a two-page spread in
landscape shows the pages a reader of the paperback sees side by side.

An ebook page is the trim (no bleed) at the print's 300 pixels an inch: the print
pictures fill it pixel for pixel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bookbuild.graph import ids
from bookbuild.kdp import geometry, table

if TYPE_CHECKING:
    from bookbuild.graph.task import Graph
    from bookbuild.render.themes import Theme
    from bookbuild.spec.model import Book

PRINT_ONLY = ("blank",)


@dataclass(frozen=True)
class Size:
    width: int  # pixels
    height: int

    def as_list(self) -> list[int]:
        return [self.width, self.height]


def story_count(book: Book, graph: Graph) -> int:
    """Story pages: one illustration task each, numbered from 1."""
    count = 0
    while ids.illustration(book, count + 1) in graph:
        count += 1
    return count


def sequence(book: Book, graph: Graph, theme: Theme, stories: int) -> list[dict[str, Any]]:
    """The printed pages as the interior lays them out: number, kind, story index."""
    interior = graph.tasks.get(ids.interior(book))
    printed = interior.params.get("sequence") if interior else None
    if isinstance(printed, list) and printed:
        return [{"number": p["number"], "kind": p["kind"], "story": p.get("story")} for p in printed]
    kinds = [*theme.config.get("front", []), *(["story"] * stories), *theme.config.get("back", [])]
    pages, index = [], 0
    for number, kind in enumerate(kinds, 1):
        index += kind == "story"
        pages.append({"number": number, "kind": kind, "story": index if kind == "story" else None})
    return pages


def ebook_pages(printed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pages an ebook reader turns: print-only pages out; each keeps its print side."""
    kept = [p for p in printed if p["kind"] not in PRINT_ONLY]
    return [{**p, "index": i, "side": "right" if p["number"] % 2 else "left"} for i, p in enumerate(kept, 1)]


def page_size(book: Book) -> Size:
    return Size(round(book.trim.width * table.DPI_REQUIRED), round(book.trim.height * table.DPI_REQUIRED))


def cover_size(book: Book, long_side: int) -> Size:
    """The front cover at ``long_side`` pixels on its long side (KDP recommends 2560)."""
    scale = long_side / max(book.trim.width, book.trim.height)
    return Size(round(book.trim.width * scale), round(book.trim.height * scale))


def trim_box(book: Book) -> list[float]:
    """The trim inside a full-page print picture, as fractions of it: (left, top, right,
    bottom), half the bleed off each side edge (see pictures.placement)."""
    box = geometry.interior_page(book.trim, book.page_count, book.bleed)
    left = (box.width - book.trim.width) / 2
    return [left / box.width, box.bleed / box.height, (left + book.trim.width) / box.width, (box.bleed + book.trim.height) / box.height]


def margins(book: Book) -> dict[str, float]:
    """Where text may go, in per cent of the page: the print's live area, made the same
    on both sides (an ebook has no gutter), so lines break as they do in print."""
    box = geometry.interior_page(book.trim, book.page_count, book.bleed)
    side = max(box.gutter, box.outside)
    return {"x": round(100 * side / book.trim.width, 3), "y": round(100 * box.outside / book.trim.height, 3)}
