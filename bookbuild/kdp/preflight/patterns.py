"""Images painted through tiling patterns, which PDFium does not expose.

WeasyPrint paints a CSS ``background-image`` as a tiling pattern that fills
the element's box; PDFium reports only the filled path, not the image inside
the pattern. This module finds those images with pypdf and computes their
printed size from the pattern matrix, which maps pattern space to the page's
default space (PDF 32000-1, 8.7.2). Called only when the file contains a
``/PatternType`` at all, so most files never import pypdf.

Which patterns a page paints with is read from its content (the names before
``scn``/``SCN``, and the forms painted with ``Do``), because WeasyPrint shares
one resource dictionary between all pages. Limitation: a pattern inside a
form XObject is placed with the form's own /Matrix only (the CTM at the ``Do``
that paints the form is not tracked here).
"""

from __future__ import annotations

import math
import mmap
import re
from pathlib import Path
from typing import Any, Iterator

from .facts import PlacedImage

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_PATTERN = re.compile(rb"/PatternType\s*[12]\b")
_MAX_DEPTH = 8


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention: [x y 1] x m x n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def has_patterns(path: Path) -> bool:
    """Cheap byte scan. Tiling patterns are streams, so their dictionaries are never
    hidden in compressed object streams; a shading pattern (a plain dictionary) can be,
    and is then missed (it only matters to the colour check of black-ink books)."""
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return _PATTERN.search(data) is not None


def scan(path: Path) -> tuple[dict[int, list[PlacedImage]], set[int]]:
    """({page number: images painted by patterns}, {page numbers that paint with patterns})."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        reader.decrypt("")
    images: dict[int, list[PlacedImage]] = {}
    users: set[int] = set()
    for number, page in enumerate(reader.pages, start=1):
        contents = page.get_contents()
        if contents is None:
            continue
        found = list(_content_images(contents.get_data(), _resolve(page.get("/Resources")), IDENTITY, 0))
        if found:
            users.add(number)
            images[number] = [image for image in found if image is not None]
    return images, users


_USES_PATTERN = re.compile(rb"/([^\s/\[\]<>(){}%]+)\s+(?:scn|SCN)\b")
_PAINTS_XOBJECT = re.compile(rb"/([^\s/\[\]<>(){}%]+)\s+Do\b")


def _resolve(obj: Any) -> Any:
    return obj.get_object() if hasattr(obj, "get_object") else obj


def _dict(obj: Any, key: str) -> dict:
    value = _resolve(obj.get(key)) if obj is not None else None
    return value if isinstance(value, dict) else {}


def _matrix(obj: Any) -> Matrix:
    values = _resolve(obj.get("/Matrix"))
    return tuple(float(v) for v in values) if values is not None and len(values) == 6 else IDENTITY  # type: ignore[return-value]


def _content_images(data: bytes, resources: Any, matrix: Matrix, depth: int) -> Iterator[PlacedImage | None]:
    """Images of the patterns this content paints with (None for a pattern without images),
    then those of the forms it paints. WeasyPrint shares one resource dictionary between
    pages, so only patterns named before ``scn``/``SCN`` in this content count."""
    if depth > _MAX_DEPTH:
        return
    patterns = _dict(resources, "/Pattern")
    for name in dict.fromkeys(_USES_PATTERN.findall(data)):
        pattern = _resolve(patterns.get("/" + name.decode("latin-1")))
        if pattern is not None:
            yield None
            if pattern.get("/PatternType") == 1:
                yield from _stream_images(pattern, multiply(_matrix(pattern), matrix), depth + 1)
    xobjects = _dict(resources, "/XObject")
    for name in dict.fromkeys(_PAINTS_XOBJECT.findall(data)):
        form = _resolve(xobjects.get("/" + name.decode("latin-1")))
        if form is not None and form.get("/Subtype") == "/Form":
            inner = multiply(_matrix(form), matrix)
            yield from _content_images(form.get_data(), _dict(form, "/Resources"), inner, depth + 1)


def _stream_images(stream: Any, matrix: Matrix, depth: int) -> Iterator[PlacedImage]:
    """Follow q/Q/cm/Do through a pattern's or form's content."""
    from pypdf.generic import ContentStream

    xobjects = _dict(_dict(stream, "/Resources"), "/XObject")
    ctm, stack = IDENTITY, []
    for operands, operator in ContentStream(stream, None).operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q" and stack:
            ctm = stack.pop()
        elif operator == b"cm" and len(operands) == 6:
            ctm = multiply(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
        elif operator == b"Do" and operands and operands[0] in xobjects:
            yield from _painted(_resolve(xobjects[operands[0]]), multiply(ctm, matrix), depth)


def _painted(xobject: Any, matrix: Matrix, depth: int) -> Iterator[PlacedImage]:
    subtype = xobject.get("/Subtype")
    if subtype == "/Image":
        px = (int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0)))
        placed = (math.hypot(matrix[0], matrix[1]) / 72, math.hypot(matrix[2], matrix[3]) / 72)
        yield PlacedImage(px=px, placed_in=placed, box=None)
    elif subtype == "/Form" and depth < _MAX_DEPTH:
        yield from _stream_images(xobject, multiply(_matrix(xobject), matrix), depth + 1)
