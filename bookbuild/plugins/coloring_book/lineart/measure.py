"""What the coloring checks measure on one placed picture: grey areas, thin lines
and specks, closed shapes too small to colour, solid black areas a child cannot
colour, and lines of uneven weight (thick beads, bars and wedges).

Every function takes an "L" image and the resolution it prints at, and returns
plain data in inches and points (report.py); the checks (bookbuild.plugins.coloring_book.checks)
turn them into findings. Colour is not measured here: preflight's color-in-bw
rule already looks for it in black-ink books.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from PIL import Image

from bookbuild.kdp import table
from . import morph
from .pipeline import FILL_MAX_IN, paper_blocks, region_scale, region_side, small_regions, thin_ink, without_tips
from .regions import Region, find_regions, touching
from .report import NOTE_TOPIC, Box, GreyAreas, InkShape, LineReport, Measured, SmallShape, ThinLine, WeightReport, note_key  # noqa: F401  (the checks' names for them)

GREY_LEVELS = (24, 231)  # neither ink (under ~10% grey) nor paper: the press screens these as dots
GREY_AREA_PX = 3  # a grey pixel counts when its whole 3x3 block is grey: anti-aliased edges do not
LINE_MIN_LENGTH_IN = 0.1  # a thin feature at least this long is a line; shorter ones are bumps or specks
FILL_LINES = 2.5  # ...and never less than this many line weights (very bold line art)
THICK_LINES = 1.75  # ink this many times the picture's own line weight across is a thick spot...
THICK_MIN_LINES = 2.0  # ...when it reaches at least this many line weights along (not a joint's corner)
WEIGHT_DPI = 150  # line weights are measured at about this resolution: fast, and to 1/150 in
DOT_ROUNDNESS = 0.55  # a thick spot filling this much of its box, no longer than 1.6 times its width, is a dot
PINHOLE_IN = 0.04  # paper pockets smaller than this on both sides are part of the ink, not shapes


def _inches(box: tuple[int, int, int, int], dpi: float, scale: int = 1) -> Box:
    left, top, right, bottom = box
    return (left * scale / dpi, top * scale / dpi, right * scale / dpi, bottom * scale / dpi)


def grey_areas(image: Image.Image | np.ndarray, dpi: float) -> GreyAreas:
    """Areas of grey (shading, smudges), not the grey edge pixels of anti-aliased lines."""
    low, high = GREY_LEVELS
    pixels = morph.as_array(image)
    grey = morph.cv().inRange(np.ascontiguousarray(pixels), low, high)  # 255 where grey: one pass
    if not morph.cv().countNonZero(grey):
        return GreyAreas(0.0, None)
    grey = morph.invert(grey)  # grey as ink
    areas = morph.shrink_ink(grey, GREY_AREA_PX)
    count = morph.ink_pixels(areas)
    box = morph.ink_box(areas) if count else None
    return GreyAreas(count / pixels.size, _inches(box, dpi) if box else None)


def px_for_pt(points: float, dpi: float) -> int:
    """Run length (px) a line of this weight needs at this resolution."""
    return max(2, math.ceil(points / 72 * dpi - 1e-6))


def line_report(image: Image.Image | np.ndarray, dpi: float) -> LineReport:
    """Lines thinner than KDP's minimum (error) and its recommended weight (warning), and specks."""
    ink = morph.binary(image)
    error_px, warn_px = px_for_pt(table.MIN_LINE_WEIGHT_PT, dpi), px_for_pt(table.WARN_LINE_WEIGHT_PT, dpi)
    if warn_px >= error_px and morph.ink_pixels(without_tips(ink, thin_ink(ink, warn_px), _long_px(dpi) - 1)) == 0:
        # Thin at the error's run length is thin at the warning's too, so when the only thin
        # ink is short bumps on lines (round ends, crests), neither finds a thin line or a
        # speck: clean line art (the pipeline's) is measured once, without labelling the page.
        return LineReport([], [], None, 0)
    too_thin, specks = _thin_lines(ink, error_px, dpi)
    under, _ = _thin_lines(ink, warn_px, dpi) if warn_px > error_px else ([], 0)
    under = [line for line in under if not any(_overlap(line.box, t.box) for t in too_thin)]
    thinnest = _thinnest(ink, error_px, dpi) if too_thin else None
    return LineReport(too_thin, under, thinnest, specks)


def _thin_lines(ink: np.ndarray, run_px: int, dpi: float) -> tuple[list[ThinLine], int]:
    """(lines with runs shorter than run_px, count of isolated specks)."""
    thin = thin_ink(ink, run_px)
    if morph.ink_pixels(thin) == 0:
        return [], 0
    parts = find_regions(thin, morph.INK, diagonal=True)
    thick = morph.ink_in_a_not_b(ink, thin)
    attached = {id(r) for r in touching(parts, morph.grow_ink(thick, 3), morph.INK)}
    long_px = _long_px(dpi)
    lines = [ThinLine(max(r.width, r.height) / dpi, _inches(r.box, dpi)) for r in parts if max(r.width, r.height) >= long_px]
    specks = sum(1 for r in parts if max(r.width, r.height) < long_px and id(r) not in attached)
    return sorted(lines, key=lambda line: -line.length_in), specks


def _long_px(dpi: float) -> int:
    """The length (px) from which a thin feature is a line, not a bump or a speck."""
    return math.ceil(LINE_MIN_LENGTH_IN * dpi)


def _thinnest(ink: np.ndarray, error_px: int, dpi: float) -> float | None:
    """The thinnest line weight present, found by the shortest run length that has lines."""
    for run_px in range(2, error_px + 1):
        lines, _ = _thin_lines(ink, run_px, dpi)
        if lines:
            return (run_px - 1) / dpi * 72
    return None


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def small_shapes(image: Image.Image | np.ndarray, dpi: float, min_in: float) -> list[SmallShape]:
    """Closed areas of paper no circle of ``min_in`` diameter fits into, smallest first.

    Measured in blocks of about 1/100 in (pipeline.paper_blocks), the same way
    the pipeline fills them.
    """
    scale = region_scale(dpi)
    found: list[Region] = small_regions(paper_blocks(image, scale), region_side(min_in, dpi, scale))
    shapes = [SmallShape(r.width * scale / dpi, r.height * scale / dpi, _inches(r.box, dpi, scale)) for r in found]
    shapes = [s for s in shapes if max(s.width_in, s.height_in) >= PINHOLE_IN]
    return sorted(shapes, key=lambda s: s.width_in * s.height_in)


def line_weight_px(ink: np.ndarray, floor_px: int) -> int:
    """The picture's own line weight: the thickest square three quarters of its ink can hold
    (searched from ``floor_px``, the book's line weight, up to 4 times it). Three quarters,
    so that lines thickened in long stretches are measured against the lines around them."""
    total = morph.ink_pixels(ink)
    if not total:
        return floor_px
    weight = floor_px
    for k in sorted({floor_px, *(math.ceil(floor_px * f) for f in (1.25, 1.5, 2, 2.5, 3, 4))}):
        if morph.ink_pixels(morph.open_ink(ink, k)) < total * 0.75:
            break
        weight = k
    return weight


def ink_weight(image: Image.Image | np.ndarray, dpi: float, line_pt: float) -> WeightReport:
    """Solid black areas and thick spots, measured against the picture's own line weight
    (at least ``line_pt``, the book's): ink where a square FILL_MAX_IN across fits is a
    filled area; ink THICK_LINES weights across that is neither a round dot (a pupil)
    nor part of a filled area is a thick spot: a bead, a bar, a wedge where lines meet."""
    scale = max(1, round(dpi / WEIGHT_DPI))
    if isinstance(image, np.ndarray):
        image = morph.as_image(image)
    ink = morph.binary(image.reduce(scale) if scale > 1 else image)
    dpi = dpi / scale
    line = line_weight_px(ink, px_for_pt(line_pt, dpi))
    fill_px = max(math.ceil(FILL_MAX_IN * dpi), math.ceil(line * FILL_LINES))
    filled_core = morph.shrink_ink(ink, fill_px)
    filled = [_shape(r, dpi) for r in find_regions(filled_core, morph.INK, diagonal=True)] if morph.ink_pixels(filled_core) else []
    filled = [InkShape(s.width_in + fill_px / dpi, s.height_in + fill_px / dpi, (s.box[0] - fill_px / 2 / dpi, s.box[1] - fill_px / 2 / dpi, s.box[2] + fill_px / 2 / dpi, s.box[3] + fill_px / 2 / dpi)) for s in filled]
    thick_px = math.ceil(line * THICK_LINES)
    thick = morph.open_ink(ink, thick_px)
    if filled:  # the filled areas and the lines leaving them are reported once, as filled
        thick = morph.ink_in_a_not_b(thick, morph.grow_ink(filled_core, fill_px + 2 * thick_px))
    spots = []
    for region in find_regions(thick, morph.INK, diagonal=True) if morph.ink_pixels(thick) else []:
        if min(region.width, region.height) < thick_px or max(region.width, region.height) < line * THICK_MIN_LINES:
            continue  # a sliver left where a filled area was cut out, or the corner of a joint
        long, short = max(region.width, region.height), min(region.width, region.height)
        dot = long <= short * 1.6 and long <= fill_px * 1.5 and region.area >= DOT_ROUNDNESS * region.width * region.height
        if not dot:  # a pupil or a nose is a dot on purpose; a bead, a bar or a wedge is not round
            spots.append(_shape(region, dpi))
    by_size = lambda s: -(s.width_in * s.height_in)  # noqa: E731
    return WeightReport(line / dpi, sorted(filled, key=by_size), sorted(spots, key=by_size))


def _shape(region: Region, dpi: float) -> InkShape:
    return InkShape(region.width / dpi, region.height / dpi, _inches(region.box, dpi))


# -- all of it, and notes -----------------------------------------------------------------


def measure_picture(pixels: np.ndarray, dpi: float, min_shape_in: float, line_pt: float) -> Measured:
    """``pixels``: an "L" array; ``line_pt``: the book's line weight (ink_weight's floor)."""
    return Measured(grey_areas(pixels, dpi), line_report(pixels, dpi), small_shapes(pixels, dpi, min_shape_in), ink_weight(pixels, dpi, line_pt))


def note(pixels: np.ndarray, dpi: float, min_shape_in: float, line_pt: float) -> dict[str, Any]:
    """{note_key: measure_picture(...).to_json()}: what a task that made the picture puts
    in its value's "notes"."""
    return {note_key(pixels, dpi, min_shape_in, line_pt): measure_picture(pixels, dpi, min_shape_in, line_pt).to_json()}
