"""Where everything goes in a coloring book: the page sequence and the picture box.

Single-sided (the default): every picture, the "belongs to" page and the test
page are right-hand (odd) pages with a blank back, so markers that bleed
through spoil nothing. KDP allows that (one blank at a time) but at most
MAX_BLANK_RUN_END blank pages at the end, which bounds how few pictures a
book may have.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bookbuild.errors import SpecError, SpecProblem
from bookbuild.kdp import geometry, table

from .options import ColoringOptions

if TYPE_CHECKING:
    from bookbuild.spec.model import Book

GUTTER_EXTRA_IN = 0.25  # a book does not open flat: colouring near the spine is hard
NUMBER_BAND_IN = 0.3  # room under the picture for a small page number
DEFAULT_FRONT = ("title", "copyright")
EXTRAS = (("belongs_to_page", "belongs-to"), ("test_colour_page", "test-colours"))


def front_kinds(theme_front: list[str] | tuple[str, ...], options: ColoringOptions) -> list[str]:
    """The theme's front pages, then the optional pages, each on a right-hand page."""
    kinds = list(theme_front)
    for option, kind in EXTRAS:
        if getattr(options, option):
            if len(kinds) % 2:
                kinds.append("blank")
            kinds.append(kind)
            if options.single_sided or kind == "test-colours":  # test strokes bleed through
                kinds.append("blank")
    return kinds


def picture_slots(front: list[str], back: list[str], options: ColoringOptions, page_count: int) -> int:
    """How many pictures fit: single-sided ones start on a right-hand page and take two."""
    if not options.single_sided:
        return max(0, page_count - len(front) - len(back))
    return max(0, (page_count - len(front) - len(front) % 2 - len(back)) // 2)


def sequence(front: list[str], back: list[str], options: ColoringOptions, page_count: int, pictures: int) -> list[dict[str, Any]]:
    """Every printed page in order: number, kind, side and (for pictures) the picture's number."""
    kinds: list[tuple[str, int | None]] = [(k, None) for k in front]
    for index in range(1, pictures + 1):
        if options.single_sided and len(kinds) % 2:
            kinds.append(("blank", None))
        kinds.append(("picture", index))
        if options.single_sided:
            kinds.append(("blank", None))
    kinds += [(k, None) for k in back]
    kinds += [("blank", None)] * (page_count - len(kinds))
    return [{"number": n, "kind": k, "side": "recto" if n % 2 else "verso", "picture": p} for n, (k, p) in enumerate(kinds, 1)]


def trailing_blanks(pages: list[dict[str, Any]]) -> int:
    count = 0
    for page in reversed(pages):
        if page["kind"] != "blank":
            break
        count += 1
    return count


def plan_pages(book: Book, theme_config: dict[str, Any], options: ColoringOptions, available: int | None = None) -> list[dict[str, Any]]:
    """The sequence for this book; a SpecError when the pictures do not fit KDP's rules.

    available: how many pictures the source can give (author's images), if limited.
    """
    front = front_kinds(theme_config.get("front", DEFAULT_FRONT), options)
    back = list(theme_config.get("back", []))
    slots = picture_slots(front, back, options, book.page_count)
    if available is not None and available > slots and not options.pictures:
        raise _problem(book, f"assets/ holds {available} images but {book.page_count} pages hold {slots} pictures ({_how(options, front)})", f"set page_count to {_pages_for(front, back, options, available)}, or set coloring.pictures to use the first ones", "coloring.source")
    wanted = options.pictures or (min(slots, available) if available is not None else slots)
    if wanted > slots or wanted < 1:
        raise _problem(book, f"{wanted} pictures do not fit in {book.page_count} pages ({_how(options, front)})", f"set page_count to {_pages_for(front, back, options, wanted)} or fewer pictures")
    pages = sequence(front, back, options, book.page_count, wanted)
    blanks = trailing_blanks(pages)
    if blanks > table.MAX_BLANK_RUN_END:
        key = "coloring.source" if available is not None and not options.pictures else "coloring.pictures"
        hint = _fewer_blanks(front, back, options, book.page_count, wanted, available is not None and not options.pictures)
        raise _problem(book, f"{wanted} pictures leave {blanks} blank pages at the end; KDP allows at most {table.MAX_BLANK_RUN_END}", hint, key)
    return pages


def _fewer_blanks(front: list[str], back: list[str], options: ColoringOptions, page_count: int, wanted: int, from_assets: bool) -> str:
    """How to get the blank pages at the end down to KDP's limit: fewer pages, or more pictures."""
    pages = _pages_for(front, back, options, wanted)
    if trailing_blanks(sequence(front, back, options, pages, wanted)) <= table.MAX_BLANK_RUN_END:
        return f"set page_count to {pages}, or add pictures"
    more = next(n for n in range(wanted, page_count + 1) if trailing_blanks(sequence(front, back, options, page_count, n)) <= table.MAX_BLANK_RUN_END)
    if from_assets:
        return f"add at least {more - wanted} more images to assets/ ({page_count} pages need {more} pictures)"
    return f"make at least {more} pictures (coloring.pictures), or leave it out to fill the book"


def _how(options: ColoringOptions, front: list[str]) -> str:
    sides = "single-sided: each picture takes a page and its blank back" if options.single_sided else "one picture per page"
    return f"{sides}; the front pages take {len(front)}"


def _pages_for(front: list[str], back: list[str], options: ColoringOptions, pictures: int) -> int:
    """The smallest KDP-valid page count that holds this many pictures."""
    count = len(sequence(front, back, options, 0, pictures))
    return max(table.MIN_PAGES, count + count % 2)


def _problem(book: Book, message: str, hint: str, key: str = "coloring.pictures") -> SpecError:
    return SpecError([SpecProblem(book.source, None, key, message, hint)])


@dataclass(frozen=True)
class ArtBox:
    """The picture's box on the page, in inches from the page's top-left, and its pixels."""

    width_px: int
    height_px: int
    top: float
    recto_left: float  # odd pages: gutter on the left
    verso_left: float
    number_top: float  # where the small page number goes

    @property
    def width(self) -> float:
        return self.width_px / table.DPI_REQUIRED

    @property
    def height(self) -> float:
        return self.height_px / table.DPI_REQUIRED

    def to_json(self) -> dict[str, float]:
        return {"width_px": self.width_px, "height_px": self.height_px, "width": self.width, "height": self.height, "top": self.top, "recto_left": self.recto_left, "verso_left": self.verso_left, "number_top": self.number_top}


def art_box(book: Book, options: ColoringOptions) -> ArtBox:
    """Generous margins: the book's margin_in, never less than KDP's (gutter plus a quarter inch)."""
    page = geometry.interior_page(book.trim, book.page_count, book.bleed)
    outside = max(page.outside, options.margin_in)
    gutter = max(page.gutter + GUTTER_EXTRA_IN, options.margin_in)
    band = NUMBER_BAND_IN if options.page_numbers != "off" else 0.0
    width = book.trim.width - gutter - outside
    height = book.trim.height - 2 * outside - band
    if width < 1 or height < 1:
        raise SpecError([SpecProblem(book.source, None, "coloring.margin_in", f"margins of {options.margin_in} in leave no room for pictures on a {book.trim.name} page", "use 0.5")])
    px = (math.floor(width * table.DPI_REQUIRED), math.floor(height * table.DPI_REQUIRED))
    top = page.bleed + outside
    return ArtBox(px[0], px[1], top, gutter, page.bleed + outside, top + px[1] / table.DPI_REQUIRED + 0.06)


def page_json(book: Book) -> dict[str, float]:
    page = geometry.interior_page(book.trim, book.page_count, book.bleed)
    return {"width": page.width, "height": page.height, "bleed": page.bleed, "gutter": page.gutter, "outside": page.outside, "trim_width": book.trim.width, "trim_height": book.trim.height}
