"""Offline coloring pages: mandalas, patterns, animals and scenes drawn with Pillow.

``line_art_array`` is what a coloring-page task runs (in a worker process, by
bookbuild.plugins.coloring_book.pictures): draw the planned design at print size,
then send it through the shared line-art pipeline like every other source; ``render``
makes its PNG. Same arguments, same bytes.
"""

from __future__ import annotations

import random
from typing import Any

SHAPE_MARGIN = 1.3  # drawings size their details 30% above the smallest shape the age group can colour


def render(design: dict[str, Any], seed: str, index: int, size: tuple[int, int], line_art: dict[str, Any]) -> bytes:
    from bookbuild.plugins.coloring_book.lineart.pipeline import to_png

    return to_png(line_art_array(design, seed, index, size, line_art))


def line_art_array(design: dict[str, Any], seed: str, index: int, size: tuple[int, int], line_art: dict[str, Any]):
    """The design drawn and through the pipeline: an "L" array of ink and paper."""
    from bookbuild.plugins.coloring_book.lineart import morph
    from bookbuild.plugins.coloring_book.lineart.pipeline import LineArtOptions, clean_array

    options = LineArtOptions(**line_art)
    image = draw(design, seed, index, size, options.line_px, options.px(options.min_region_in * SHAPE_MARGIN))
    return clean_array(morph.as_array(image), options)


def draw(design: dict[str, Any], seed: str, index: int, size: tuple[int, int], line_px: int, shape_px: int):
    """The design as a PIL "L" image of ``size`` pixels, before the pipeline."""
    from .mandala import draw_mandala
    from .patterns import draw_pattern
    from .pen import Pen
    from .scenes import draw_animal_page, draw_scene

    rng = random.Random(f"{seed}|page|{index}|{design}")
    pen = Pen(tuple(size), line_px, shape_px)
    width, height = size
    style = design["style"]
    if style == "mandala":
        side = min(width, height)
        left, top = (width - side) / 2, (height - side) / 2
        draw_mandala(pen, rng, (left, top, left + side, top + side))
    elif style == "pattern":
        draw_pattern(pen, rng, (0, 0, width, height), design["tiling"])
    elif style == "animals":
        draw_animal_page(pen, rng, design["animal"])
    else:
        draw_scene(pen, rng, design["scene"], design["animals"])
    return pen.image
