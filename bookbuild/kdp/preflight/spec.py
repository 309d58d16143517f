"""PrintSpec: what the book is meant to be, to measure a PDF against."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bookbuild.kdp import geometry, table


@dataclass(frozen=True)
class PrintSpec:
    trim: table.Trim | None  # standard or custom (trim.custom); None when KDP prints no such trim (trim-size fires)
    trim_width: float  # inches as given
    trim_height: float
    bleed: bool
    paper: str = "white"
    ink: str = "premium-color"
    coloring: bool = False  # coloring books: single-sided layout has blank backs
    from_book: bool = False  # a book built here: fixes name book.yaml's keys (page_count) rather than the PDF

    @classmethod
    def from_text(cls, trim: str, bleed: bool, paper: str = "white", ink: str = "premium-color", coloring: bool = False) -> "PrintSpec":
        """'8.5x8.5' -> PrintSpec; raises ValueError for text that is not WxH or a bad ink/paper."""
        width, height = parse_size(trim)
        if (ink, paper) not in table.CALIPER_IN:
            raise ValueError(f"{ink} ink on {paper} paper is not a KDP option; choose from {_options()}")
        return cls(geometry.trim_for(width, height), width, height, bleed, paper, ink, coloring)

    @classmethod
    def for_book(cls, book: Any, coloring: bool = False) -> "PrintSpec":
        """What a book spec says it is; ``coloring``: a single-sided layout with blank backs."""
        return cls(book.trim, book.trim.width, book.trim.height, book.bleed, book.paper, book.ink, coloring, from_book=True)

    @property
    def kdp_trim(self) -> table.Trim:
        """The trim, or an ad-hoc one with the given size (a size KDP does not print)."""
        return self.trim or table.Trim(self.trim_width, self.trim_height)

    @property
    def trim_name(self) -> str:
        return self.kdp_trim.name

    def page_box(self, pages: int) -> geometry.PageBox:
        return geometry.interior_page(self.kdp_trim, pages, self.bleed)

    def cover_box(self, pages: int) -> geometry.CoverBox:
        return geometry.cover(self.kdp_trim, pages, self.ink, self.paper)

    def describe(self) -> str:
        """'8.5x8.5 in, bleed, premium-color on white paper'"""
        return f"{self.trim_name} in, {'bleed' if self.bleed else 'no bleed'}, {self.ink} ink on {self.paper} paper"


def parse_size(text: str) -> tuple[float, float]:
    try:
        width, height = (float(p) for p in str(text).lower().replace(" ", "").replace("in", "").split("x"))
    except ValueError:
        raise ValueError(f"expected a trim like 8.5x8.5 (width x height in inches), got {text!r}") from None
    if width <= 0 or height <= 0:
        raise ValueError(f"trim sizes must be positive, got {text!r}")
    return width, height


def _options() -> str:
    return ", ".join(f"{ink}/{paper}" for ink, paper in table.CALIPER_IN)
