"""Page images for the preview page, made from the built PDFs.

A one-page edit changes the PDF, but only one of its pages: rasterising all 32
after every save would take longer than the build. So each page gets a
signature, the hash of everything its page object reaches in the PDF (content
stream, images, fonts, boxes; not its place in the page tree, and not other
pages it links to), and its images are named by it:

    build/.preview/<slug>/<role>/<pdf hash>.json     the PDF's page signatures (cached by the PDF's hash)
    build/.preview/<slug>/<role>/<signature>-40.jpg  a thumbnail, made after each rebuild
    build/.preview/<slug>/<role>/<signature>-110.png a large page, made when someone opens it

Only pages with a new signature are rasterised (bookbuild.render.raster, pdfium).
A page that did not change keeps its URL, so the browser keeps its image; a page
that did gets a new URL, so a browser can cache every image forever and still
never show a stale one.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bookbuild.pdflock import LOCK

PREVIEW_DIR = ".preview"  # inside the build folder, beside the books' outputs
THUMB_DPI = 40  # an 8.5 in page is 350 px wide: sharp at the page's thumbnail size on a 2x screen
LARGE_DPI = 110
KEPT_SETS = 2  # the current PDF's images and the one before: a page still loading the old ones finds them
# pdfium is not thread-safe, not even for two documents at once: the server's threads
# take turns, and the watch loop holds this lock while a build runs (its validate
# task reads the PDFs with pdfium too), so a page opened mid-build waits for the build.
PDFIUM = LOCK  # the process-wide PDFium lock (bookbuild/pdflock.py)


@dataclass(frozen=True)
class PdfPages:
    """One PDF's pages: the PDF's hash, each page's signature and thumbnail."""

    digest: str
    signatures: tuple[str, ...]
    thumbs: tuple[Path, ...]


def preview_dir(build_dir: Path, slug: str, role: str) -> Path:
    return build_dir / PREVIEW_DIR / slug / role


def thumbnails(pdf: Path, folder: Path) -> PdfPages:
    """A thumbnail of every page of pdf, rasterising only the pages not seen before."""
    data = pdf.read_bytes()
    digest, signatures = _signatures(data, folder)
    thumbs = tuple(folder / f"{s}-{THUMB_DPI}.jpg" for s in signatures)
    missing = [n for n, path in enumerate(thumbs, 1) if not path.is_file()]
    if missing:
        _render(data, missing, [thumbs[n - 1] for n in missing], THUMB_DPI)
    _prune(folder)
    return PdfPages(digest, tuple(signatures), thumbs)


def large_page(pdf: Path, folder: Path, signature: str, number: int) -> Path | None:
    """Page ``number`` at LARGE_DPI, if the PDF's page still has this signature; None if it changed since."""
    target = folder / f"{signature}-{LARGE_DPI}.png"
    if target.is_file():
        return target
    data = pdf.read_bytes() if pdf.is_file() else b""
    index = folder / f"{_digest(data)}.json"
    signatures = json.loads(index.read_text()) if data and index.is_file() else []
    if not 1 <= number <= len(signatures) or signatures[number - 1] != signature:
        return None
    _render(data, [number], [target], LARGE_DPI)
    return target


def _signatures(data: bytes, folder: Path) -> tuple[str, list[str]]:
    """The PDF's hash and its pages' signatures, from the index when this PDF was seen before."""
    from bookbuild.engine.artifacts import write_atomic

    digest = _digest(data)
    index = folder / f"{digest}.json"
    if index.is_file():
        index.touch()  # the newest again (an undo brings an earlier PDF back): kept by _prune
        return digest, json.loads(index.read_text())
    signatures = page_signatures(data)
    write_atomic(index, json.dumps(signatures).encode())
    return digest, signatures


def _digest(data: bytes) -> str:
    from bookbuild.render.raster import pdf_digest

    return pdf_digest(data)[:16]


def _render(data: bytes, numbers: list[int], targets: list[Path], dpi: float) -> None:
    from bookbuild.engine.artifacts import write_atomic
    from bookbuild.render.raster import page_images

    with PDFIUM:
        images = page_images(data, dpi, numbers)
    for image, target in zip(images, targets):
        buffer = io.BytesIO()
        if target.suffix == ".jpg":
            image.save(buffer, "JPEG", quality=85)  # thumbnails: small and quick; text is not legible at this size anyway
        else:
            image.save(buffer, "PNG", compress_level=1)  # the large page: crisp text, made one at a time
        write_atomic(target, buffer.getvalue())


def _prune(folder: Path) -> None:
    """Keep the images of the newest KEPT_SETS PDFs: the folder must not grow with every save."""
    indexes = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    keep: set[str] = set()
    for index in indexes[:KEPT_SETS]:
        keep.update(json.loads(index.read_text()))
    for stale in indexes[KEPT_SETS:]:
        stale.unlink(missing_ok=True)
    for image in [*folder.glob("*.jpg"), *folder.glob("*.png")]:
        if image.name.split("-", 1)[0] not in keep:
            image.unlink(missing_ok=True)


# -- page signatures ----------------------------------------------------------


def page_signatures(data: bytes) -> list[str]:
    """For each page, a hash of everything its page object reaches: equal signatures, equal pictures."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    memo: dict[tuple[int, int], bytes] = {}
    return [_Signer(memo).digest(page).hex()[:16] for page in reader.pages]


class _Signer:
    """Hashes a page's object graph. Objects shared by pages (fonts, images) are hashed once."""

    SKIPPED_KEYS = frozenset({"/Parent", "/P", "/Length", "/StructParents"})  # place in the document, not looks

    def __init__(self, memo: dict[tuple[int, int], bytes]):
        self.memo = memo
        self.path: set[tuple[int, int]] = set()  # objects being hashed now: a reference back is a cycle

    def digest(self, page: Any) -> bytes:
        return self._value(page, top=True)

    def _value(self, obj: Any, top: bool = False) -> bytes:
        from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

        if isinstance(obj, IndirectObject):
            return self._reference(obj)
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Page" and not top:
            return b"<another page>"  # a link's target: its looks are not this page's
        h = hashlib.sha256(type(obj).__name__.encode())
        if isinstance(obj, StreamObject):
            h.update(getattr(obj, "_data", b"") or obj.get_data())  # the encoded bytes: no need to decode images
        if isinstance(obj, DictionaryObject):
            for key in sorted(k for k in obj if k not in self.SKIPPED_KEYS):
                h.update(key.encode() + self._value(obj.raw_get(key)))
        elif isinstance(obj, ArrayObject):
            for item in obj:
                h.update(self._value(item))
        elif not isinstance(obj, StreamObject):
            h.update(repr(obj).encode())
        return h.digest()

    def _reference(self, ref: Any) -> bytes:
        key = (ref.idnum, ref.generation)
        if key in self.memo:
            return self.memo[key]
        if key in self.path:
            return b"<cycle>"
        self.path.add(key)
        value = self._value(ref.get_object())
        self.path.discard(key)
        self.memo[key] = value
        return value
