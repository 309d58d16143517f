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
5. thicken: every line thinner than the book's line weight is widened to it;
6. fill: closed shapes too small to colour for the age group are filled black,
   and pinholes of paper inside the ink closed.

The result is an "L" image holding only 0 and 255 (no grey for the press to
screen), the exact size asked for.
"""

from __future__ import annotations

import io
import math
from typing import Any

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

from bookbuild.kdp import table
from . import morph
from .options import TRACES, LineArtOptions  # noqa: F401  (re-exported)
from .regions import find_regions, paint, touching

SPECK_IN = 0.03  # ink blots smaller than this (0.76 mm) across are dirt, not drawing
PAPER_LEVEL = 200  # brighter than this counts as paper when deciding how to trace
MID_TONES = (48, 208)  # the grey levels of shading and photos
EDGE_WORK_DPI = 75  # photos are outlined at this resolution: texture and noise drop out
EDGE_COLOURS = 8  # a photo is cut into this many flat colours; their borders become the lines
REGION_SQUARE = 0.8  # a shape "fits a circle of diameter d" when a 0.8 d square fits
REGION_DPI = 100  # closed shapes are measured at about this resolution


def to_line_art(source: Any, size: tuple[int, int], options: LineArtOptions) -> Image.Image:
    """Bytes or a PIL image -> line art of exactly ``size`` pixels (see the module docstring)."""
    image = fit(flatten(source), size)
    grey = image.convert("L")
    trace = choose_trace(grey) if options.trace == "auto" else options.trace
    ink = trace_edges(image, options) if trace == "edges" else trace_lines(grey, options.threshold)
    return clean(ink, options)


def clean(ink: Image.Image, options: LineArtOptions) -> Image.Image:
    """Steps 3-6 on an image that is already ink and paper."""
    ink = remove_specks(ink, options.px(SPECK_IN))
    ink = morph.close_ink(ink, max(2, options.line_px // 2))
    ink = thicken(ink, options.line_px)
    ink = fill_small_regions(ink, options.min_region_in, options.dpi)
    return morph.close_ink(ink, 3)  # pinholes of paper left inside the ink


def to_png(image: Image.Image) -> bytes:
    """Greyscale PNG with fixed settings: the same pixels give the same bytes.

    Greyscale, not 1-bit: WeasyPrint embeds greyscale PNG data as it is, but
    converts 1-bit images to RGB.
    """
    out = io.BytesIO()
    image.convert("L").save(out, "PNG", optimize=False, compress_level=6, dpi=(table.DPI_REQUIRED, table.DPI_REQUIRED))
    return out.getvalue()


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


def trace_lines(image: Image.Image, threshold: int | None) -> Image.Image:
    level = threshold if threshold is not None else ink_threshold(image.histogram())
    return morph.binary(image, max(1, min(254, level)))


def trace_edges(image: Image.Image, options: LineArtOptions) -> Image.Image:
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
    ink = morph.binary(borders.resize(image.size, Image.Resampling.BILINEAR), 160)
    _frame(ink, content, options.line_px)  # the photo's own edge closes the shapes it cuts
    return ink


def _odd(value: float) -> int:
    return max(3, int(value) | 1)


def _frame(ink: Image.Image, box: tuple[int, int, int, int], width: int) -> None:
    left, top, right, bottom = box
    ImageDraw.Draw(ink).rectangle([left, top, right - 1, bottom - 1], outline=morph.INK, width=width)


# -- 3-6. clean -------------------------------------------------------------------------


def remove_specks(ink: Image.Image, speck_px: int) -> Image.Image:
    """Ink blots whose bounding box is under ``speck_px`` on both sides become paper."""
    blots = [r for r in find_regions(ink, morph.INK, diagonal=True) if r.width < speck_px and r.height < speck_px]
    return paint(ink, blots, morph.PAPER) if blots else ink


def thin_ink(ink: Image.Image, line_px: int) -> Image.Image:
    """Ink in a horizontal or a vertical run shorter than ``line_px``: parts of thin lines.

    Run lengths read diagonal lines about 1.4x thicker than they are, which
    errs on the side of leaving a drawing alone.
    """
    across = morph.open_ink(ink, line_px, 1)
    down = morph.open_ink(ink, 1, line_px)
    return morph.ink_in_a_not_b(ink, ImageChops.lighter(across, down))


def thicken(ink: Image.Image, line_px: int) -> Image.Image:
    """Widen only the thin parts to ``line_px``; lines already thick enough keep their shape."""
    if line_px <= 1:
        return ink
    thin = thin_ink(ink, line_px)
    if morph.ink_pixels(thin) == 0:
        return ink
    return ImageChops.darker(ink, morph.grow_ink(thin, line_px))


def small_regions(ink: Image.Image, side_px: int) -> list:
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


def paper_blocks(ink: Image.Image, scale: int) -> Image.Image:
    """The image in blocks of scale x scale pixels: paper only where the whole block is.

    Thin lines still close every shape, so shapes are never merged by the reduction.
    """
    small = ink.reduce(scale) if scale > 1 else ink
    return small.point(lambda v: morph.PAPER if v == morph.PAPER else morph.INK)


def fill_small_regions(ink: Image.Image, min_in: float, dpi: float) -> Image.Image:
    """Fill closed shapes too small to colour: black details read better than slivers.

    Measured exactly as the line-art-region check measures (in blocks, by
    small_regions), one block stricter, so a traced page always passes it.
    """
    scale = region_scale(dpi)
    blocks = paper_blocks(ink, scale)
    small = small_regions(blocks, region_side(min_in, dpi, scale) + 1)
    if not small:
        return ink
    mask = paint(Image.new("L", blocks.size, morph.PAPER), small, morph.INK)
    full = Image.new("L", ink.size, morph.PAPER)
    full.paste(mask.resize((blocks.width * scale, blocks.height * scale), Image.Resampling.NEAREST), (0, 0))
    return ImageChops.darker(ink, full)
