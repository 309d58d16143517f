"""Any picture -> printable line art: pure black lines on white, at print size.

One pipeline for every source (offline drawings, the author's photos and
drawings, AI images), so every coloring page meets the same rules:

1. flatten and fit: transparency onto white, greyscale, paper borders trimmed,
   scaled to fit the art box at 300 DPI and centred;
2. trace: "lines" keeps the dark strokes of a drawing (threshold half way
   between paper and ink by default); "edges" outlines the areas of a photo or
   a shaded image (smoothed, cut into a few flat colours, the borders between
   them become lines); "auto" picks "lines" for images that are mostly paper;
3. despeckle: ink blots smaller than SPECK_IN across are removed;
4. close gaps: breaks up to about half a line wide are bridged, so shapes close;
5. small shapes: pockets too small to colour become black dots when they are
   small (no bigger than FILL_MAX_IN with their lines); bigger ones join their
   largest neighbour (the line between is rubbed out), never a black blot or bar;
6. thicken: every line thinner than the book's line weight is widened to it,
   each by what it lacks (no beads; no knobs on the round ends, corners and crests of
   lines of full weight); pinholes of paper inside the ink are closed.

The result is an "L" array holding only 0 and 255 (no grey for the press to
screen), the exact size asked for. Steps 2-6 work on numpy arrays (morph.py).
"""

from __future__ import annotations

import math
import struct
import zlib
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from bookbuild.kdp import table
from bookbuild.render.embed import SIGNATURE
from . import morph
from .options import TRACES, LineArtOptions  # noqa: F401  (re-exported)
from .regions import find_regions, paint, pieces_by_band, touching

SPECK_IN = 0.03  # ink blots smaller than this (0.76 mm) across are dirt, not drawing
STUB_IN = 0.1  # what rubbing out a line leaves behind, when shorter than this: dirt too
PAPER_LEVEL = 200  # brighter than this counts as paper when deciding how to trace
MID_TONES = (48, 208)  # the grey levels of shading and photos
EDGE_WORK_DPI = 75  # photos are outlined at this resolution: texture and noise drop out
EDGE_COLOURS = 8  # a photo is cut into this many flat colours; their borders become the lines
REGION_SQUARE = 0.8  # a shape "fits a circle of diameter d" when a 0.8 d square fits
REGION_DPI = 100  # closed shapes are measured at about this resolution
FILL_MAX_IN = 0.125  # solid ink wider than this both ways is a shape a child wants to colour
PNG_LEVEL = 5  # zlib level of the line-art PNGs


def line_art_array(source: Any, size: tuple[int, int], options: LineArtOptions) -> np.ndarray:
    """Bytes or a PIL image -> line art of exactly ``size`` pixels, an "L" array (see the
    module docstring)."""
    image = fit(flatten(source), size)
    grey = image.convert("L")
    trace = choose_trace(grey) if options.trace == "auto" else options.trace
    ink = trace_edges(image, options) if trace == "edges" else trace_lines(grey, options.threshold)
    return clean_array(ink, options)


def clean_array(ink: np.ndarray, options: LineArtOptions) -> np.ndarray:
    """Steps 3-6 on an array that is already ink and paper."""
    ink = remove_specks(ink, options.px(SPECK_IN))
    ink = morph.close_ink(ink, max(2, options.line_px // 2))
    ink = _small_shapes(ink, options)
    ink = thicken(ink, options.line_px, math.ceil(table.WARN_LINE_WEIGHT_PT / 72 * options.dpi - 1e-6))
    ink = morph.close_ink(ink, 3)  # pinholes of paper left inside the ink
    return _small_shapes(ink, options)  # thicker lines narrow the shapes between them: once more


def _small_shapes(ink: np.ndarray, options: LineArtOptions) -> np.ndarray:
    out = fill_small_regions(ink, options.min_region_in, options.dpi, options.line_px)
    if out is not ink:  # rubbing lines out leaves short stubs: dirt, not drawing
        out = remove_specks(out, options.px(STUB_IN))
    return out


def to_png(image: Image.Image | np.ndarray) -> bytes:
    """1-bit PNG with fixed settings: the same pixels give the same bytes.

    Line art is only ink and paper, so one bit a pixel holds all of it: an
    eighth of the data to compress, store and embed (bookbuild.render.embed puts
    the PNG's data into the PDF as it is, at 1 bit per pixel). Written here rather
    than by Pillow, which picks a filter for every row of a 1-bit image and packs its
    bits slowly: rows unfiltered (line art's runs of 0 and 255 bytes compress best
    as they are) at zlib level 5 are 10% smaller and 4x faster to make (measured).
    """
    pixels = morph.as_array(image)
    height, width = pixels.shape
    packed = np.packbits(pixels >= 128, axis=1)  # 1 is white in a greyscale PNG, as v >= 128 is paper
    rows = np.empty((height, packed.shape[1] + 1), dtype=np.uint8)
    rows[:, 0] = 0  # each row's filter: none
    rows[:, 1:] = packed
    per_metre = int(table.DPI_REQUIRED / 0.0254 + 0.5)
    return b"".join(
        [
            SIGNATURE,
            _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)),  # 1 bit, greyscale
            _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            _chunk(b"IDAT", zlib.compress(rows, PNG_LEVEL)),
            _chunk(b"IEND", b""),
        ]
    )


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


# -- 1. flatten and fit -----------------------------------------------------------------


def flatten(source: Any) -> Image.Image:
    """RGB on white paper, upright: transparent pixels become paper, not black."""
    from bookbuild.render.images import upright

    return upright(source)


def drawing_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """The drawing without the plain paper around it."""
    return image.convert("L").point(lambda v: 255 if v < PAPER_LEVEL else 0).getbbox()


def drawing_size(image: Image.Image) -> tuple[int, int]:
    box = drawing_box(image)
    return (box[2] - box[0], box[3] - box[1]) if box else image.size


def fit(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Trim the paper around the picture, scale it to fit ``size`` and centre it on white."""
    box = drawing_box(image)
    if box:
        image = image.crop(box)
    image = ImageOps.contain(image, size, Image.Resampling.LANCZOS)
    canvas = Image.new(image.mode, size, "white")
    canvas.paste(image, ((size[0] - image.width) // 2, (size[1] - image.height) // 2))
    return canvas


# -- 2. trace ---------------------------------------------------------------------------


def choose_trace(image: Image.Image) -> str:
    """"lines" for a drawing (mostly paper, few mid-tones), "edges" for photos and shading."""
    histogram = image.histogram()
    total = image.width * image.height
    paper = sum(histogram[PAPER_LEVEL + 1 :]) / total
    mid = sum(histogram[MID_TONES[0] : MID_TONES[1]]) / total
    return "lines" if paper >= 0.5 and mid < 0.12 else "edges"


def ink_threshold(histogram: list[int]) -> int:
    """Half way between the paper and the darkest ink of a drawing.

    Otsu's method splits a histogram into two large classes, but a drawing is
    almost all paper: a faint pen line would fall on the paper side. So the
    paper is the commonest light level, the ink the level the darkest 0.2% of
    pixels reach, and the threshold is half way.
    """
    total = sum(histogram)
    paper = max(range(128, 256), key=lambda level: histogram[level])
    seen, ink = 0, 0
    for level, count in enumerate(histogram):
        seen += count
        if seen >= total * 0.002:
            ink = level
            break
    return (paper + ink + 1) // 2 if paper - ink > 32 else 128


def trace_lines(image: Image.Image, threshold: int | None) -> np.ndarray:
    level = threshold if threshold is not None else ink_threshold(image.histogram())
    return morph.binary(image, max(1, min(254, level)))


def trace_edges(image: Image.Image, options: LineArtOptions) -> np.ndarray:
    """Outline the areas of colour or tone in a photo or a shaded picture.

    At EDGE_WORK_DPI the picture is smoothed, cut into a few flat colours, and
    areas too small to colour are absorbed by their neighbours (mode filter);
    the borders between the areas, scaled back up, are the lines.
    """
    content = image.convert("L").point(lambda v: 255 if v < 250 else 0).getbbox() or (0, 0, *image.size)
    scale = max(1, round(options.dpi / EDGE_WORK_DPI))
    small = image.resize((max(8, image.width // scale), max(8, image.height // scale)), Image.Resampling.BOX)
    small = small.filter(ImageFilter.MedianFilter(5))
    flat = small.quantize(colors=EDGE_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    areas = Image.frombytes("L", flat.size, flat.tobytes())  # palette index as a grey level
    window = _odd(options.min_region_in * options.dpi / scale / 3)
    for _ in range(2):
        areas = areas.filter(ImageFilter.ModeFilter(window))
    borders = areas.filter(ImageFilter.FIND_EDGES).point(lambda v: 0 if v else 255)
    ink = morph.as_image(morph.binary(borders.resize(image.size, Image.Resampling.BILINEAR), 160))
    _frame(ink, content, options.line_px)  # the photo's own edge closes the shapes it cuts
    return morph.as_array(ink)


def _odd(value: float) -> int:
    return max(3, int(value) | 1)


def _frame(ink: Image.Image, box: tuple[int, int, int, int], width: int) -> None:
    """The photo's edge as a line, with paper just inside it: lines that run along the
    edge or meet it at a glancing angle stop short instead of merging into a black bar."""
    left, top, right, bottom = box
    draw = ImageDraw.Draw(ink)
    draw.rectangle([left, top, right - 1, bottom - 1], outline=morph.PAPER, width=width * 3)
    draw.rectangle([left, top, right - 1, bottom - 1], outline=morph.INK, width=width)


# -- 3-6. clean -------------------------------------------------------------------------


def remove_specks(ink: np.ndarray, speck_px: int) -> np.ndarray:
    """Ink blots whose bounding box is under ``speck_px`` on both sides become paper."""
    blots = [r for r in find_regions(ink, morph.INK, diagonal=True, ordered=False) if r.width < speck_px and r.height < speck_px]
    return paint(ink, blots, morph.PAPER) if blots else ink


def thin_ink(ink: np.ndarray, line_px: int) -> np.ndarray:
    """Ink in a horizontal or a vertical run shorter than ``line_px``: parts of thin lines.

    Run lengths read diagonal lines about 1.4x thicker than they are, which
    errs on the side of leaving a drawing alone.
    """
    across = morph.open_ink(ink, line_px, 1)
    down = morph.open_ink(ink, 1, line_px)
    return morph.ink_in_a_not_b(ink, morph.lighter(across, down))


def thicken(ink: np.ndarray, line_px: int, floor_px: int = 0) -> np.ndarray:
    """Widen the thin parts of lines to about ``line_px``, each by what it lacks.

    A line a pixel short of the weight (a curve's rasterising) is left alone;
    a line under half the weight grows by the whole weight, one between by half
    of it. Growing every thin part by the whole weight would turn a line that
    is nearly thick enough into a bead twice as thick (uneven weight). Nothing is
    left thinner than ``floor_px`` (KDP's recommended weight, in pixels).
    """
    limit = min(line_px, max(line_px - max(1, line_px // 6), floor_px))
    if limit <= 1:
        return ink
    half = max(2, line_px // 2)
    thin_lines = without_tips(ink, thin_ink(ink, limit), line_px)
    if not morph.ink_pixels(thin_lines):  # clean line art: nothing to widen
        return ink
    very_thin = morph.lighter(thin_ink(ink, half), thin_lines)  # ink in both
    thin = morph.ink_in_a_not_b(thin_lines, very_thin)
    out = ink
    if morph.ink_pixels(very_thin):
        out = morph.darker(out, morph.grow_ink(very_thin, line_px))
    if morph.ink_pixels(thin):
        out = morph.darker(out, morph.grow_ink(thin, line_px - half + 1))
    return out


def without_tips(ink: np.ndarray, thin: np.ndarray, tip_px: int) -> np.ndarray:
    """``thin`` (thin ink of ``ink``) less its pieces no longer than ``tip_px`` that hang on
    ink of full weight: the tip of a round line end, the crest of a curve, a corner. Runs
    across them are short because that is how a line of the right weight ends or bends,
    not because it is thin; grown like a thin line, each became a square knob wider than
    its line. The same test as measure's for what is a thin line and what is a bump on one."""
    tips: np.ndarray | None = None  # ink where a tip was found; made with the first one
    full_near: np.ndarray | None = None
    for rows, cols, labels, stats in pieces_by_band(morph.equal(thin, morph.INK)):
        short = [k for k, (_, _, w, h, _) in enumerate(stats.tolist()) if k and max(w, h) <= tip_px]
        if not short:
            continue
        if full_near is None:
            full_near = morph.grow_ink(morph.ink_in_a_not_b(ink, thin), 3)
        touches = np.zeros(len(stats), dtype=bool)
        touches[labels[full_near[rows, cols] == morph.INK]] = True
        hanging = [k for k in short if touches[k]]
        if hanging:
            tips = morph.blank(thin.shape) if tips is None else tips
            tips[rows, cols][np.isin(labels, hanging)] = morph.INK
    return thin if tips is None else morph.ink_in_a_not_b(thin, tips)


def small_regions(ink: np.ndarray, side_px: int) -> list:
    """Closed areas of paper that no ``side_px`` square fits into."""
    enclosed = [r for r in find_regions(ink, morph.PAPER) if not r.touches_border]
    narrow = [r for r in enclosed if r.width < side_px or r.height < side_px]
    wide = [r for r in enclosed if r.width >= side_px and r.height >= side_px]
    if not wide:
        return narrow
    core = morph.shrink_paper(ink, side_px)
    roomy = {id(r) for r in touching(wide, core, morph.PAPER)}
    return narrow + [r for r in wide if id(r) not in roomy]


def region_scale(dpi: float) -> int:
    """Closed shapes are measured in blocks of this many pixels (about 100 DPI): fast,
    and precise to 0.01 in."""
    return max(1, round(dpi / REGION_DPI))


def region_side(min_in: float, dpi: float, scale: int) -> int:
    """The square (in blocks) that stands for a circle of ``min_in`` diameter."""
    return max(1, math.floor(min_in * REGION_SQUARE * dpi / scale))


def paper_blocks(ink: Image.Image | np.ndarray, scale: int) -> np.ndarray:
    """The image in blocks of scale x scale pixels: paper only where the whole block is
    (its mean rounds to paper, for grey images).

    Thin lines still close every shape, so shapes are never merged by the reduction.
    """
    return morph.as_uint8(morph.reduce(morph.as_array(ink), scale) != morph.PAPER)


def fill_small_regions(ink: np.ndarray, min_in: float, dpi: float, line_px: int = 0) -> np.ndarray:
    """Shapes too small to colour: a pocket no bigger than a pea (FILL_MAX_IN with the
    lines around it) becomes a black dot; a bigger one joins its largest neighbour (the
    line between them is rubbed out), never a black blot or bar a child cannot colour.

    Measured exactly as the line-art-region check measures (in blocks, by
    small_regions), one block stricter.
    """
    scale = region_scale(dpi)
    blocks = paper_blocks(ink, scale)
    small = small_regions(blocks, region_side(min_in, dpi, scale) + 1)
    if not small:
        return ink
    dot = (FILL_MAX_IN * dpi - 2 * line_px) / scale
    dots = [r for r in small if max(r.width, r.height) <= dot]
    rubbed = _rubbed_out(blocks, [r for r in small if max(r.width, r.height) > dot], max(2, math.ceil((line_px + 2) / scale)))
    out = ink
    if dots:
        out = morph.darker(out, morph.enlarge(paint(morph.blank(blocks.shape), dots, morph.INK), scale, ink.shape))
    if rubbed is not None:
        out = morph.ink_in_a_not_b(out, morph.enlarge(rubbed, scale, ink.shape))
    return out


def _rubbed_out(blocks: np.ndarray, small: list, reach: int) -> np.ndarray | None:
    """Ink (in blocks) between each small shape and its largest neighbour: rubbing it out
    joins the two. None when there is nothing to rub out."""
    if not small:
        return None
    regions = find_regions(blocks, morph.PAPER)
    erase = morph.blank(blocks.shape)
    height, width = blocks.shape
    for region in small:
        x0, y0, x1, y1 = region.box
        box = (max(0, x0 - 2 * reach), max(0, y0 - 2 * reach), min(width, x1 + 2 * reach), min(height, y1 + 2 * reach))
        inside = (slice(box[1], box[3]), slice(box[0], box[2]))
        zone = _zone(region, box, reach)
        near = [r for r in regions if r.area > region.area and r.box[0] < box[2] and r.box[2] > box[0] and r.box[1] < box[3] and r.box[3] > box[1]]
        touching_zone = [r for r in near if morph.ink_pixels(morph.lighter(zone, _mask(r, box))) > 0]
        if not touching_zone:
            continue
        neighbour = max(touching_zone, key=lambda r: r.area)
        between = morph.lighter(zone, _zone(neighbour, box, reach))  # within reach of both
        line = morph.lighter(between, blocks[inside])  # ...and ink: the line that parts them
        erase[inside] = morph.darker(erase[inside], line)
    return erase


def _mask(region, box: tuple[int, int, int, int]) -> np.ndarray:
    """The region as ink on paper, in ``box``."""
    left, top, right, bottom = box
    out = morph.blank((bottom - top, right - left))
    x0, y0, x1, y1 = max(left, region.box[0]), max(top, region.box[1]), min(right, region.box[2]), min(bottom, region.box[3])
    if x0 < x1 and y0 < y1:
        out[y0 - top : y1 - top, x0 - left : x1 - left][region.labels[y0:y1, x0:x1] == region.label] = morph.INK
    return out


def _zone(region, box: tuple[int, int, int, int], reach: int) -> np.ndarray:
    return morph.grow_ink(_mask(region, box), 2 * reach + 1)
