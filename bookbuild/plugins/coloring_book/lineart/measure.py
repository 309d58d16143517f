"""What the coloring checks measure on one placed picture: grey areas, thin lines
and specks, and closed shapes too small to colour.

Every function takes an "L" image and the resolution it prints at, and returns
plain data in inches and points; the checks (bookbuild.plugins.coloring_book.checks)
turn them into findings. Colour is not measured here: preflight's color-in-bw
rule already looks for it in black-ink books.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image

from bookbuild.kdp import table
from . import morph
from .pipeline import paper_blocks, region_scale, region_side, small_regions, thin_ink
from .regions import Region, find_regions, touching

GREY_LEVELS = (24, 231)  # neither ink (under ~10% grey) nor paper: the press screens these as dots
GREY_AREA_PX = 3  # a grey pixel counts when its whole 3x3 block is grey: anti-aliased edges do not
LINE_MIN_LENGTH_IN = 0.1  # a thin feature at least this long is a line; shorter ones are bumps or specks
PINHOLE_IN = 0.04  # paper pockets smaller than this on both sides are part of the ink, not shapes

Box = tuple[float, float, float, float]  # left, top, right, bottom in inches from the picture's corner


@dataclass(frozen=True)
class GreyAreas:
    share: float  # of the picture's area
    box: Box | None  # where they are


@dataclass(frozen=True)
class ThinLine:
    length_in: float
    box: Box


@dataclass(frozen=True)
class LineReport:
    too_thin: list[ThinLine]  # under MIN_LINE_WEIGHT_PT
    under_warning: list[ThinLine]  # under WARN_LINE_WEIGHT_PT (and not too thin)
    thinnest_pt: float | None  # the thinnest line found, to the nearest pixel
    specks: int  # isolated dots of ink too small to be lines


@dataclass(frozen=True)
class SmallShape:
    width_in: float
    height_in: float
    box: Box


def _inches(box: tuple[int, int, int, int], dpi: float, scale: int = 1) -> Box:
    left, top, right, bottom = box
    return (left * scale / dpi, top * scale / dpi, right * scale / dpi, bottom * scale / dpi)


def grey_areas(image: Image.Image, dpi: float) -> GreyAreas:
    """Areas of grey (shading, smudges), not the grey edge pixels of anti-aliased lines."""
    low, high = GREY_LEVELS
    grey = image.point(lambda v: morph.INK if low <= v <= high else morph.PAPER)
    if morph.ink_pixels(grey) == 0:
        return GreyAreas(0.0, None)
    areas = morph.shrink_ink(grey, GREY_AREA_PX)
    count = morph.ink_pixels(areas)
    box = morph.ink_box(areas) if count else None
    return GreyAreas(count / (image.width * image.height), _inches(box, dpi) if box else None)


def px_for_pt(points: float, dpi: float) -> int:
    """Run length (px) a line of this weight needs at this resolution."""
    return max(2, math.ceil(points / 72 * dpi - 1e-6))


def line_report(image: Image.Image, dpi: float) -> LineReport:
    """Lines thinner than KDP's minimum (error) and its recommended weight (warning), and specks."""
    ink = morph.binary(image)
    error_px, warn_px = px_for_pt(table.MIN_LINE_WEIGHT_PT, dpi), px_for_pt(table.WARN_LINE_WEIGHT_PT, dpi)
    too_thin, specks = _thin_lines(ink, error_px, dpi)
    under, _ = _thin_lines(ink, warn_px, dpi) if warn_px > error_px else ([], 0)
    under = [line for line in under if not any(_overlap(line.box, t.box) for t in too_thin)]
    thinnest = _thinnest(ink, error_px, dpi) if too_thin else None
    return LineReport(too_thin, under, thinnest, specks)


def _thin_lines(ink: Image.Image, run_px: int, dpi: float) -> tuple[list[ThinLine], int]:
    """(lines with runs shorter than run_px, count of isolated specks)."""
    thin = thin_ink(ink, run_px)
    if morph.ink_pixels(thin) == 0:
        return [], 0
    parts = find_regions(thin, morph.INK, diagonal=True)
    thick = morph.ink_in_a_not_b(ink, thin)
    attached = {id(r) for r in touching(parts, morph.grow_ink(thick, 3), morph.INK)}
    long_px = LINE_MIN_LENGTH_IN * dpi
    lines = [ThinLine(max(r.width, r.height) / dpi, _inches(r.box, dpi)) for r in parts if max(r.width, r.height) >= long_px]
    specks = sum(1 for r in parts if max(r.width, r.height) < long_px and id(r) not in attached)
    return sorted(lines, key=lambda line: -line.length_in), specks


def _thinnest(ink: Image.Image, error_px: int, dpi: float) -> float | None:
    """The thinnest line weight present, found by the shortest run length that has lines."""
    for run_px in range(2, error_px + 1):
        lines, _ = _thin_lines(ink, run_px, dpi)
        if lines:
            return (run_px - 1) / dpi * 72
    return None


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def small_shapes(image: Image.Image, dpi: float, min_in: float) -> list[SmallShape]:
    """Closed areas of paper no circle of ``min_in`` diameter fits into, smallest first.

    Measured in blocks of about 1/100 in (pipeline.paper_blocks), the same way
    the pipeline fills them.
    """
    scale = region_scale(dpi)
    found: list[Region] = small_regions(paper_blocks(image, scale), region_side(min_in, dpi, scale))
    shapes = [SmallShape(r.width * scale / dpi, r.height * scale / dpi, _inches(r.box, dpi, scale)) for r in found]
    shapes = [s for s in shapes if max(s.width_in, s.height_in) >= PINHOLE_IN]
    return sorted(shapes, key=lambda s: s.width_in * s.height_in)
