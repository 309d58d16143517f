"""A PDF laid out before its pictures exist, and filled with them when they are ready.

A picture book's pages depend on its pictures only through their size: WeasyPrint lays
out and paints every page the same whatever a picture shows, and embeds a JPEG as it
is, an image object holding the file's own bytes. So the interior is laid out as soon
as the story is known, while its pictures are still being drawn, with a stand-in
("hole") of the planned pixel size for each. Every PDF object but the holes is
serialized then (content streams and fonts compressed) and kept; when the pictures
arrive, each fills its hole and pydyf writes the objects out. The PDF is byte for byte
the one WeasyPrint writes when it is given the pictures themselves.

A picture that is not a JPEG of its hole's size and colours does not fit: ``fill``
answers None and the caller lays the pages out again with the real pictures.

The kept form is a line of JSON (the objects in order, which of them are holes, the
holes' sizes) and the objects' bytes after it: read without ``pickle``, so a damaged or
foreign cache entry is at worst a PDF that does not fill.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from hashlib import md5
from pathlib import Path
from typing import Any

import pydyf  # WeasyPrint's PDF writer; small, and this module loads only in the tasks that use it

from bookbuild.engine.workers import in_workers

MAGIC = b"bookbuild-laid-out-pdf 1\n"
MODES = {"RGB": "/DeviceRGB", "L": "/DeviceGray"}  # Pillow's mode -> the PDF colour space WeasyPrint gives it
# How WeasyPrint has pydyf write a PDF with bookbuild's options (html_to_pdf): its default
# version (1.7), no file identifier, objects compressed into an object stream.
VERSION, IDENTIFIER, COMPRESS = None, False, True


@dataclass(frozen=True)
class Hole:
    """Where a picture goes: its pixel size and colours ("RGB" or "L")."""

    width: int
    height: int
    mode: str = "RGB"


def hole_images(holes: dict[str, Hole], scheme: str) -> dict[str, Any]:
    """WeasyPrint image-cache entries (served as ``scheme`` + name) that lay out as a
    JPEG of the hole's size and paint as an empty image object marked with its name."""
    from weasyprint.images import RasterImage

    class Stand(RasterImage):
        def __init__(self, url: str, name: str, hole: Hole):  # noqa: D107 - no picture to decode
            self.id = md5(url.encode(), usedforsecurity=False).hexdigest()  # as WeasyPrint names images
            self.name, self.hole = name, hole
            self.width, self.height = hole.width, hole.height
            self.ratio = hole.width / hole.height
            self._dpi = None  # never scaled down: bookbuild sets no dpi option

        def get_x_object(self, interpolate: bool, dpi_ratio: float) -> Any:
            stream = pydyf.Stream([], _image_dictionary(self.hole, interpolate))
            stream.bookbuild_hole = (self.name, bool(interpolate))  # type: ignore[attr-defined]
            return stream

    return {scheme + name: Stand(scheme + name, name, hole) for name, hole in holes.items()}


def _image_dictionary(hole: Hole, interpolate: bool) -> Any:
    """A JPEG's image dictionary, key for key as WeasyPrint writes it (weasyprint.images)."""
    return pydyf.Dictionary({
        "Type": "/XObject", "Subtype": "/Image", "Width": hole.width, "Height": hole.height,
        "ColorSpace": MODES[hole.mode], "BitsPerComponent": 8,
        "Interpolate": "true" if interpolate else "false", "Filter": "/DCTDecode",
    })  # fmt: skip


def freeze(pdf: Any, holes: dict[str, Hole]) -> bytes:
    """The PDF's objects serialized (a finisher's last step), its holes left open."""
    entries, blobs = [], []
    for obj in pdf.objects:
        hole = getattr(obj, "bookbuild_hole", None)
        if obj.free == "f":
            entries.append({"free": obj.generation})
        elif hole is not None:
            name, interpolate = hole
            entries.append({"hole": name, "interpolate": interpolate})
        else:
            data = obj.data
            entries.append({"size": len(data), "compressible": bool(obj.compressible), "generation": obj.generation})
            blobs.append(data)
    info = pdf.info.data if pdf.info else b""
    head = {
        "objects": entries, "catalog": pdf.catalog.number, "info": len(info),
        "holes": {name: [h.width, h.height, h.mode] for name, h in holes.items()},
    }  # fmt: skip
    return MAGIC + json.dumps(head, separators=(",", ":")).encode() + b"\n" + info + b"".join(blobs)


class Kept(pydyf.Object):
    """A pydyf object written as the bytes it was serialized to."""

    data = compressible = None  # plain attributes in place of pydyf's properties

    def __init__(self, number: int | None, data: bytes, compressible: bool, generation: int = 0, free: str = "n"):
        super().__init__()
        self.number, self.data, self.compressible, self.generation, self.free = number, data, compressible, generation, free


def fill(laid_out: bytes, pictures: dict[str, bytes]) -> bytes | None:
    """The PDF with every hole filled by its picture (JPEG bytes by name), or None when a
    picture is missing or not a JPEG of its hole's size and colours, or ``laid_out`` is
    not a laid-out PDF."""
    try:
        head, body = _read(laid_out)
        holes = {name: Hole(*spec) for name, spec in head["holes"].items()}
        images = {name: _image(pictures.get(name), hole) for name, hole in holes.items()}
        if any(image is None for image in images.values()):
            return None
        pdf = pydyf.PDF()
        pdf.objects = []
        at = head["info"]
        info = body[:at]
        for number, entry in enumerate(head["objects"]):
            if "free" in entry:
                pdf.objects.append(Kept(number, b"", False, entry["free"], "f"))
            elif "hole" in entry:
                stream = pydyf.Stream([images[entry["hole"]]], _image_dictionary(holes[entry["hole"]], entry["interpolate"]))
                stream.number = number
                pdf.objects.append(stream)
            else:
                data = body[at : at + entry["size"]]
                at += entry["size"]
                pdf.objects.append(Kept(number, data, entry["compressible"], entry["generation"]))
        if at != len(body):
            return None
        pdf.catalog = pdf.objects[head["catalog"]]
        pdf.info = Kept(None, info, True) if info else pydyf.Dictionary({})
        out = io.BytesIO()
        pdf.write(out, VERSION, IDENTIFIER, COMPRESS)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):  # not what freeze wrote
        return None
    return out.getvalue()


def _read(laid_out: bytes) -> tuple[dict[str, Any], bytes]:
    if not laid_out.startswith(MAGIC):
        raise ValueError("not a laid-out PDF")
    end = laid_out.index(b"\n", len(MAGIC))
    return json.loads(laid_out[len(MAGIC) : end]), laid_out[end + 1 :]


def _image(data: bytes | None, hole: Hole) -> bytes | None:
    """``data`` if it is a JPEG of the hole's size and colours (its header read, not its pixels)."""
    if data is None:
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            fits = image.format == "JPEG" and image.size == (hole.width, hole.height) and image.mode == hole.mode
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    return data if fits else None


@in_workers  # WeasyPrint is imported in the workers' fork server, not in the build's process
def lay_out(html: str, theme_dir: Path, resources: dict[str, bytes], holes: dict[str, Hole], trim_boxes: Any = None, streams: Path | None = None) -> bytes:
    """html_to_pdf's layout with a hole for each of ``holes`` (served like ``resources``):
    the laid-out PDF for ``fill``."""
    from .pdf import RESOURCE_SCHEME, html_to_pdf

    kept: list[bytes] = []
    html_to_pdf(html, theme_dir, resources, trim_boxes, streams, holes=hole_images(holes, RESOURCE_SCHEME), keep=lambda pdf: kept.append(freeze(pdf, holes)))
    return kept[0]
