"""Pictures on their way to a page, for every book type: the author's own image
files in assets/, and any picture fitted to its printed size at 300 DPI."""

from __future__ import annotations

import io
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
