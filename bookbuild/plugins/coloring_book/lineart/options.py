"""How pictures become line art: options without Pillow, so planning a book
(where they go into cache keys) never imports an imaging library."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from bookbuild.kdp import table

TRACES = ("auto", "lines", "edges")  # how ink is found: dark lines, photo edges, or chosen per image


@dataclass(frozen=True)
class LineArtOptions:
    """How pictures become line art; part of every coloring page's cache key."""

    line_pt: float = 1.5  # thinnest line after the pipeline
    min_region_in: float = 0.25  # closed shapes narrower than this are filled black
    trace: str = "auto"  # "lines", "edges" or "auto"
    threshold: int | None = None  # "lines": grey level below which a pixel is ink; None: ink_threshold
    dpi: int = table.DPI_REQUIRED

    def px(self, inches: float) -> int:
        return max(1, round(inches * self.dpi))

    @property
    def line_px(self) -> int:
        return max(1, math.ceil(self.line_pt / 72 * self.dpi))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
