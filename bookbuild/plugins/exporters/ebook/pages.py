"""Which printed pages become ebook pages, and how big an ebook page is.

One XHTML page per printed page, in print order, less the blank pages that only pad
the print book to its page count. The sequence is the interior task's own (its
``sequence`` parameter, which diff reads too); without one, the theme's front pages,
the story and its back pages. Pages keep their print side, so a two-page spread in
landscape shows the pages a reader of the paperback sees side by side.

An ebook page is the trim (no bleed) at the print's 300 pixels an inch, and the print
layout (print_layout) says where its picture and text go.
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
FALLBACK_TYPE = (20.0, 13.0)  # story type, pt, for a theme that names none


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


def cover_art_trim(book: Book) -> list[float]:
    """The front trim inside the cover art (the front panel with its bleed on the top,
    bottom and outside edge), as fractions of it: (left, top, right, bottom)."""
    width, height = geometry.cover(book.trim, book.page_count, book.ink, book.paper).front_size
    return [0.0, table.BLEED_IN / height, book.trim.width / width, (table.BLEED_IN + book.trim.height) / height]


def print_layout(book: Book, graph: Graph, theme: Theme) -> dict[str, Any]:
    """Where the print puts a story page's picture and text, from the interior task's own
    parameters (its ``art`` box and text ``panel``) when it gives them, so that the ebook
    page is the printed one: the picture where the print has it, the text panel as wide,
    its type sized by the same rule. Without them: the picture on the whole page, the
    live area for the text, the theme's type range."""
    interior = graph.tasks.get(ids.interior(book))
    params = interior.params if interior else {}
    box = geometry.interior_page(book.trim, book.page_count, book.bleed)
    live = book.trim.width - box.gutter - box.outside
    art = params.get("art") or {"top": 0.0, "recto_left": 0.0, "verso_left": 0.0, "width": box.width, "height": box.height}
    high, low = theme.config.get("type", {}).get(f"story_{book.age_group}", FALLBACK_TYPE)
    panel = params.get("panel") or {"pad": [0.14, 0.2], "border": 0.03, "line_height": 1.32, "inner_width": live - 0.46, "inner_height": 0.3 * book.trim.height - 0.34, "max": float(high), "min": float(low)}
    # The ebook has no gutter: the print's live area, centred; half the bleed off each side.
    window = ((box.width - book.trim.width) / 2, box.bleed)
    return {
        "art": {"left": (box.width - art["width"]) / 2 - window[0], "top": art["top"] - window[1], "width": art["width"], "height": art["height"]},
        "panel": panel,
        "live": {"x": round(100 * (book.trim.width - live) / 2 / book.trim.width, 3), "y": round(100 * box.outside / book.trim.height, 3), "width": live},
    }
