"""Pictures on their way to a page, for every book type: the author's own image
files in assets/, and any picture fitted to its printed size at 300 DPI."""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bookbuild.kdp import table

if TYPE_CHECKING:
    from bookbuild.spec.model import Book

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
JPEG_QUALITY = 90


def find_asset(book: Book, stem: str) -> Path | None:
    """assets/<stem>.png (or .jpg, .jpeg, .webp) of the book, if the author put one there."""
    for suffix in IMAGE_SUFFIXES:
        path = book.root / "assets" / (stem + suffix)
        if path.is_file():
            return path
    return None


def printed_pixels(width_in: float, height_in: float) -> tuple[int, int]:
    """Pixels for a picture printed at this size: KDP's 300 DPI, rounded up."""
    return math.ceil(round(width_in * table.DPI_REQUIRED, 6)), math.ceil(round(height_in * table.DPI_REQUIRED, 6))


def cover_art_pixels(book: Book) -> tuple[int, int]:
    """The front cover's art: the front panel with its bleed (a cover always bleeds)."""
    from bookbuild.kdp import geometry

    return printed_pixels(*geometry.cover(book.trim, book.page_count, book.ink, book.paper).front_size)


def fit_inside_png(png: bytes, box: tuple[int, int]) -> bytes:
    """Scaled (never enlarged) to fit inside ``box`` pixels, aspect kept: a picture shown whole."""
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    scale = min(box[0] / image.width, box[1] / image.height, 1.0)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    out = io.BytesIO()
    image.resize(size, Image.Resampling.LANCZOS).save(out, "PNG", optimize=False, dpi=(table.DPI_REQUIRED, table.DPI_REQUIRED))
    return out.getvalue()


def fit_jpeg(image: Any, size: tuple[int, int]) -> bytes:
    """Scale and centre-crop to exactly ``size`` pixels; RGB JPEG (bytes or a PIL image in)."""
    from PIL import Image, ImageOps

    if isinstance(image, (bytes, bytearray)):
        image = Image.open(io.BytesIO(image))
    image = image.convert("RGB")
    if image.size != size:
        image = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # Fixed settings and no metadata: the same pixels give the same bytes.
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False, dpi=(table.DPI_REQUIRED, table.DPI_REQUIRED))
    return out.getvalue()
