"""The front cover's art: the cover picture coloured in, on a coloured ground.

KDP covers print in colour even for black-ink interiors, and a coloured-in
page shows a buyer what the book is for. Each closed shape gets a colour from
a cheerful palette (seeded, so the same book always gets the same colours);
the lines stay black on top.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageColor

from bookbuild.kdp import table
from .lineart import morph
from .lineart.regions import reading_order_labels

PALETTE = ["#f6a5a5", "#ffd27f", "#fff1a8", "#b5e3a1", "#9fd8e8", "#a9b8f0", "#d6b3ef", "#ffb8d9", "#ffc59e", "#c4ecd4"]
GROUNDS = ["#e8f6fb", "#fdf3e1", "#eef8e6", "#f6ecfb"]
TITLE_SPACE = 0.3  # the top of the front is left for the title panel
MARGIN_IN = 0.5


def colour_in(line_art_png: bytes, size: tuple[int, int], seed: str) -> bytes:
    """Front panel JPEG of ``size`` pixels: ground colour, coloured picture in its lower part.
    ``line_art_png``: a page's picture (pure ink and paper, as the pipeline makes them)."""
    from .lineart import scratch

    with scratch.reused():  # a worker process's task: page-sized arrays, reused
        rng = random.Random(f"{seed}|cover")
        ground = rng.choice(GROUNDS)
        art = Image.open(io.BytesIO(line_art_png)).convert("L")
        coloured = _paint_regions(art, rng, ground)
        front = Image.new("RGB", size, ground)
        margin = round((MARGIN_IN + table.BLEED_IN) * table.DPI_REQUIRED)
        box = (margin, round(size[1] * TITLE_SPACE), size[0] - margin, size[1] - margin)
        coloured.thumbnail((box[2] - box[0], box[3] - box[1]), Image.Resampling.LANCZOS)
        front.paste(coloured, (box[0] + (box[2] - box[0] - coloured.width) // 2, box[1] + (box[3] - box[1] - coloured.height) // 2))
        out = io.BytesIO()
        front.save(out, "JPEG", quality=90, optimize=False, progressive=False, dpi=(table.DPI_REQUIRED, table.DPI_REQUIRED))
        return out.getvalue()


def _paint_regions(art: Image.Image, rng: random.Random, ground: str) -> Image.Image:
    """Every enclosed shape filled with a palette colour (in the order the shapes come,
    reading the rows), the open background with the ground, the lines black: ``art`` holds
    only ink (0) and paper (255), so painting what is not paper black is multiplying by it."""
    import numpy as np

    count, labels = reading_order_labels(morph.equal(np.asarray(art), 255))
    edges = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
    open_areas = set(np.unique(edges).tolist())
    colours = np.zeros((count, 4), dtype=np.uint8)  # RGBX by label; 0, what is not paper, black
    for label in range(1, count):
        colours[label, :3] = ImageColor.getrgb(ground if label in open_areas else rng.choice(PALETTE))
    # One 4-byte colour a pixel (Pillow's own RGB layout): a third of the time of indexing 3 bytes.
    return Image.frombytes("RGB", art.size, colours.view(np.uint32).ravel()[labels], "raw", "RGBX")
