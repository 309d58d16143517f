"""What preflight measured in a PDF: plain data, no PDF library objects.

inspect.py fills these in; the rules read only these. Lengths are inches,
boxes are (left, top, right, bottom) from the top-left corner of the page box,
the same convention as bookbuild.kdp.geometry.PageBox.live_area.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Box = tuple[float, float, float, float]  # left, top, right, bottom (inches from top-left)


@dataclass(frozen=True)
class TextRun:
    """One text object: usually a line or a word."""

    box: Box
    size_pt: float  # font size after every transformation: what prints
    font: str  # PostScript name as in the PDF, e.g. "ABCDEF+Lato-Regular"
    embedded: bool
    visible: bool  # False for invisible (OCR) or clip-only text
    colored: bool  # filled or stroked with a non-neutral colour
    text: str
    ink: Box | None = None  # the glyphs' own outlines (tighter than box, which has the font's line height)


@dataclass(frozen=True)
class PlacedImage:
    """One image as painted: its pixels and the size it is printed at."""

    px: tuple[int, int]
    placed_in: tuple[float, float]  # printed width and height in inches
    box: Box | None  # None when painted through a pattern (position unknown)
    colored: bool | None = None  # None: not examined (colour books)

    @property
    def dpi(self) -> float:
        """Effective resolution: the lower of horizontal and vertical."""
        w, h = self.placed_in
        return min(self.px[0] / w, self.px[1] / h) if w > 0 and h > 0 else float("inf")


@dataclass(frozen=True)
class Stroke:
    """A stroked path (line art, rules, borders drawn as lines)."""

    width_pt: float  # 0 is a PDF hairline: the thinnest line a device can print
    box: Box
    straight: bool = False  # only horizontal and vertical segments: a rule, a border, an underline


@dataclass(frozen=True)
class Shape:
    """A filled or stroked path that prints: a panel, a frame, a band of colour, drawn art."""

    box: Box
    rgb: tuple[int, int, int]  # the fill colour (the stroke's when only stroked)
    stroked: bool


@dataclass
class PageFacts:
    number: int  # 1-based
    width_in: float
    height_in: float
    texts: list[TextRun] = field(default_factory=list)
    images: list[PlacedImage] = field(default_factory=list)
    strokes: list[Stroke] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    trim_box: Box | None = None  # the TrimBox, when the PDF sets one (same axes as every box)
    bleed_box: Box | None = None
    colored_vectors: set[str] = field(default_factory=set)  # "text", "lines", "fills"
    annotations: list[str] = field(default_factory=list)  # subtypes, e.g. "Link", "Text"
    has_content: bool = False  # anything that prints (a white rectangle does not)

    @property
    def visible_texts(self) -> list[TextRun]:
        return [t for t in self.texts if t.visible]


@dataclass
class PdfFacts:
    name: str  # file name shown to the user
    size_bytes: int
    encrypted: bool  # opens without a password but has a security handler
    pages: list[PageFacts]

    @property
    def page_count(self) -> int:
        return len(self.pages)
