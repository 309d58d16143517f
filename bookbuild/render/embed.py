"""PNG images into the PDF as they are, without WeasyPrint decoding and re-encoding them.

WeasyPrint embeds JPEG data as it is, but decodes every PNG and compresses its
pixels again (and turns 1-bit images into RGB, 24 times the data). A PNG's
image data is already what a PDF image needs: a zlib stream with a filter byte
per row, which PDF's FlateDecode reads with the PNG predictors. So a plain PNG
(greyscale at 1, 2, 4 or 8 bits, or 8-bit RGB; not interlaced, no palette,
transparency or EXIF turn) is handed to WeasyPrint's image cache ready-made:
WeasyPrint lays it out and draws it as any image, and writes our stream.
Any other PNG is left to WeasyPrint.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from hashlib import md5
from typing import Any

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOURS = {0: ("/DeviceGray", 1, (1, 2, 4, 8)), 2: ("/DeviceRGB", 3, (8,))}  # PNG colour type -> PDF
_REFUSED = {b"PLTE", b"tRNS", b"eXIf"}  # palette, transparency, orientation: WeasyPrint's own path


@dataclass(frozen=True)
class PngData:
    width: int
    height: int
    bits: int
    colour_space: str
    colours: int
    data: bytes  # the IDAT chunks joined: one zlib stream


def png_data(png: bytes) -> PngData | None:
    """The image stream of a plain PNG that a PDF can use as it is, or None."""
    if not png.startswith(SIGNATURE):
        return None
    header, parts, pos = None, [], len(SIGNATURE)
    while pos + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        body = png[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR" and length == 13:
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            parts.append(body)
        elif kind in _REFUSED:
            return None
        elif kind == b"IEND":
            break
    if header is None or not parts:
        return None
    width, height, bits, colour, compression, filtering, interlace = header
    space = _COLOURS.get(colour)
    if space is None or bits not in space[2] or compression or filtering or interlace or not width or not height:
        return None
    data = b"".join(parts)
    if not _complete(data, height * (1 + (width * bits * space[1] + 7) // 8)):
        return None  # damaged: WeasyPrint reports it
    return PngData(width, height, bits, space[0], space[1], data)


def _complete(data: bytes, size: int) -> bool:
    """The zlib stream is whole and holds exactly ``size`` bytes of rows."""
    inflater = zlib.decompressobj()
    try:
        rows = len(inflater.decompress(data, size + 1))
    except zlib.error:
        return False
    return rows == size and inflater.eof


def image_cache(resources: dict[str, bytes], scheme: str) -> dict[str, Any]:
    """WeasyPrint's image cache (its ``cache`` option) filled in advance with the plain PNGs
    among ``resources`` (served as ``scheme`` + name)."""
    from weasyprint.images import RasterImage

    class AsIsPng(RasterImage):
        """A RasterImage whose PDF stream is the PNG's own data (no Pillow image behind it)."""

        def __init__(self, url: str, png: PngData):  # noqa: D107 - WeasyPrint's __init__ would decode
            self.id = md5(url.encode(), usedforsecurity=False).hexdigest()  # as WeasyPrint names images
            self.png = png
            self.width, self.height = png.width, png.height
            self.ratio = png.width / png.height
            self._dpi = None  # never scaled down: bookbuild sets no dpi option

        def get_x_object(self, interpolate: bool, dpi_ratio: float) -> Any:
            import pydyf

            png = self.png
            return pydyf.Stream([png.data], pydyf.Dictionary({
                "Type": "/XObject", "Subtype": "/Image", "Width": png.width, "Height": png.height,
                "ColorSpace": png.colour_space, "BitsPerComponent": png.bits,
                "Interpolate": "true" if interpolate else "false", "Filter": "/FlateDecode",
                "DecodeParms": pydyf.Dictionary({"Predictor": 15, "Colors": png.colours, "BitsPerComponent": png.bits, "Columns": png.width}),
            }))  # fmt: skip

    cache: dict[str, Any] = {}
    for name, data in resources.items():
        found = png_data(data) if name.lower().endswith(".png") else None
        if found is not None:
            cache[scheme + name] = AsIsPng(scheme + name, found)
    return cache
