"""Print geometry computed from the KDP table: page boxes, margins, spine, cover.

Pure functions of (trim, pages, paper, ink, bleed); the theme lays pages out
with them and the validators measure PDFs against them.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import table


class KdpError(ValueError):
    """A print option KDP does not offer; the message says what it does offer."""


def parse_trim(text: str) -> table.Trim:
    """'8.5x8.5' -> Trim: one of KDP's standard trims or a custom paperback trim
    (the same rule as `bookbuild preflight --trim`); refuses sizes KDP does not print."""
    try:
        w, h = (float(p) for p in str(text).lower().replace(" ", "").split("x"))
    except ValueError:
        raise KdpError(f"expected a trim like 8.5x8.5 (width x height in inches), got {text!r}") from None
    trim = trim_for(w, h)
    if trim is None:
        nearest = min(table.TRIMS.values(), key=lambda t: abs(t.width - w) + abs(t.height - h))
        raise KdpError(f"{text} is not a trim KDP prints (nearest: {nearest.name}); KDP offers {', '.join(table.TRIMS)}, or a custom paperback trim {custom_range()} in")
    return trim


def trim_for(width: float, height: float) -> table.Trim | None:
    """The standard trim of this size, else a custom paperback trim when KDP prints one
    this size (4-8.5 x 6-11.69 in), else None. The one rule for book.yaml and preflight."""
    standard = find_trim(width, height)
    if standard is not None:
        return standard
    if is_custom(width, height):
        return table.Trim(width, height, custom=True)
    return None


def find_trim(width: float, height: float, tolerance: float = table.PAGE_SIZE_TOLERANCE_IN) -> table.Trim | None:
    """The standard trim of this size (within the tolerance), or None."""
    for trim in table.TRIMS.values():
        if abs(trim.width - width) <= tolerance and abs(trim.height - height) <= tolerance:
            return trim
    return None


def is_custom(width: float, height: float) -> bool:
    (w_lo, w_hi), (h_lo, h_hi) = table.CUSTOM_TRIM_WIDTH_IN, table.CUSTOM_TRIM_HEIGHT_IN
    return w_lo <= width <= w_hi and h_lo <= height <= h_hi


def custom_range() -> str:
    """'4-8.5 x 6-11.69'"""
    (w_lo, w_hi), (h_lo, h_hi) = table.CUSTOM_TRIM_WIDTH_IN, table.CUSTOM_TRIM_HEIGHT_IN
    return f"{w_lo:g}-{w_hi:g} x {h_lo:g}-{h_hi:g}"


def check_ink_paper(trim: table.Trim, ink: str, paper: str) -> None:
    if ink not in table.INKS:
        raise KdpError(f"ink must be one of {', '.join(table.INKS)}, got {ink!r}")
    if paper not in table.PAPERS:
        raise KdpError(f"paper must be one of {', '.join(table.PAPERS)}, got {paper!r}")
    if (ink, paper) not in table.CALIPER_IN:
        raise KdpError(f"{ink} ink prints only on white paper; set paper: white")
    if ink == "standard-color" and not trim.standard_color:
        raise KdpError(f"standard-color ink is not offered for {trim.name}; use premium-color")


def page_count_limits(trim: table.Trim, ink: str, paper: str) -> tuple[int, int | None]:
    """(min, max) interior pages KDP prints for this trim, ink and paper; max is None
    for custom trims (KDP publishes none)."""
    if ink == "standard-color":
        low, high = table.STANDARD_COLOR_PAGES
    elif ink == "premium-color":
        low, high = table.MIN_PAGES, trim.max_premium
    else:
        low, high = table.MIN_PAGES, trim.max_bw_cream if paper == "cream" else trim.max_bw_white
    return low, None if trim.custom else high


def check_page_count(pages: int, trim: table.Trim, ink: str, paper: str) -> None:
    low, high = page_count_limits(trim, ink, paper)
    if pages < low or (high is not None and pages > high):
        hint = " (standard colour starts at 72 pages; use premium-color for a picture book)" if ink == "standard-color" and pages < low else ""
        span = f"{low} to {high} pages" if high is not None else f"at least {low} pages"
        raise KdpError(f"{trim.name} {ink} on {paper} paper takes {span}, got {pages}{hint}")
    if pages % 2:
        raise KdpError(f"page count must be even (KDP rounds it up), got {pages}; use {pages + 1}")


def gutter(pages: int) -> float:
    """Minimum inside margin for a book of this many pages."""
    for last, inches in table.GUTTER_BANDS:
        if pages <= last:
            return inches
    return table.GUTTER_BANDS[-1][1]


def outside_margin(bleed: bool) -> float:
    return table.OUTSIDE_MARGIN_BLEED_IN if bleed else table.OUTSIDE_MARGIN_NO_BLEED_IN


@dataclass(frozen=True)
class PageBox:
    """One interior page in inches. Odd pages are right-hand (recto)."""

    width: float  # the PDF page, bleed included
    height: float
    bleed: float  # on top, bottom and the outside edge; never the gutter
    gutter: float  # minimum inside margin, measured from the trim
    outside: float  # minimum top/bottom/outside margin, from the trim

    def live_area(self, page_number: int) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of the live area in PDF page inches, from the top-left."""
        recto = page_number % 2 == 1
        top = self.bleed + self.outside
        bottom = self.height - self.bleed - self.outside
        if recto:  # gutter on the left, bleed on the right
            return self.gutter, top, self.width - self.bleed - self.outside, bottom
        return self.bleed + self.outside, top, self.width - self.gutter, bottom

    def trim_box(self, page_number: int) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of the trim in PDF page inches: the page less its bleed."""
        if page_number % 2 == 1:  # recto: the bleed is on the right (outside) edge
            return 0.0, self.bleed, self.width - self.bleed, self.height - self.bleed
        return self.bleed, self.bleed, self.width, self.height - self.bleed


def interior_page(trim: table.Trim, pages: int, bleed: bool) -> PageBox:
    b = table.BLEED_IN if bleed else 0.0
    return PageBox(
        width=trim.width + b,  # bleed only on the outside edge
        height=trim.height + 2 * b,
        bleed=b,
        gutter=gutter(pages),
        outside=outside_margin(bleed),
    )


def spine_width(pages: int, ink: str, paper: str) -> float:
    return pages * table.CALIPER_IN[(ink, paper)]


@dataclass(frozen=True)
class CoverBox:
    """A paperback full-wrap cover in inches: bleed, back, spine, front, bleed."""

    trim_width: float
    trim_height: float
    spine: float
    pages: int
    bleed: float = table.BLEED_IN

    @property
    def width(self) -> float:
        return 2 * self.bleed + 2 * self.trim_width + self.spine

    @property
    def height(self) -> float:
        return 2 * self.bleed + self.trim_height

    @property
    def spine_left(self) -> float:
        return self.bleed + self.trim_width

    @property
    def front_left(self) -> float:
        return self.spine_left + self.spine

    @property
    def front_size(self) -> tuple[float, float]:
        """The front panel with its bleed (top, bottom, outside edge): what the front art fills."""
        return self.trim_width + self.bleed, self.height

    @property
    def spine_text_allowed(self) -> bool:
        return self.pages >= table.SPINE_TEXT_MIN_PAGES

    def trim_box(self, page_number: int = 1) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of the trimmed wrap: the bleed comes off all four sides."""
        return self.bleed, self.bleed, self.width - self.bleed, self.height - self.bleed

    def barcode_box(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom): K-BAR's box, lower right of the back cover."""
        right = self.spine_left - table.BARCODE_OFFSET_IN
        bottom = self.bleed + self.trim_height - table.BARCODE_OFFSET_IN
        return right - table.BARCODE_W_IN, bottom - table.BARCODE_H_IN, right, bottom


def cover(trim: table.Trim, pages: int, ink: str, paper: str) -> CoverBox:
    return CoverBox(trim.width, trim.height, spine_width(pages, ink, paper), pages)
