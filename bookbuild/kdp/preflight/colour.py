"""Is there colour in this image or on this page? Decided on small thumbnails.

Only black-and-white books ask (color-in-bw), so colour books never decode an
image. JPEGs are decoded with Pillow's draft mode (the JPEG decoder scales by
1/8 while decoding), other images through PDFium, pages with shadings or
patterns by rendering them at thumbnail size.
"""

from __future__ import annotations

import io

from PIL import Image, ImageChops

CHROMA = 16  # 0-255: channels further apart than this are colour, not a tinted grey
COLOR_SHARE = 0.001  # share of thumbnail pixels that must be colour
THUMB_PX = 96  # thumbnail long side


def rgb_is_colour(r: int, g: int, b: int) -> bool:
    """A vector fill/stroke colour (PDFium converts every colour space to RGB)."""
    return max(r, g, b) - min(r, g, b) > CHROMA


def pil_has_colour(image: Image.Image) -> bool:
    """True when more than COLOR_SHARE of the pixels have a visible hue."""
    if image.mode in ("1", "L", "LA", "I", "I;16", "F"):
        return False
    image = image.convert("RGB")
    image.thumbnail((THUMB_PX, THUMB_PX))
    r, g, b = image.split()
    high = ImageChops.lighter(ImageChops.lighter(r, g), b)
    low = ImageChops.darker(ImageChops.darker(r, g), b)
    histogram = ImageChops.subtract(high, low).histogram()
    return sum(histogram[CHROMA + 1 :]) > COLOR_SHARE * image.width * image.height


def jpeg_has_colour(data: bytes) -> bool:
    """Decode a JPEG at 1/8 scale (DCT scaling) and look for colour."""
    image = Image.open(io.BytesIO(data))
    if image.mode == "L":
        return False
    image.draft("RGB", (THUMB_PX, THUMB_PX))
    return pil_has_colour(image)
