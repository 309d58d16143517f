"""The ebook's pictures.

- Story pages carry their print picture itself, byte for byte (the illustration task's
  JPEG at 300 px an inch, as Amazon recommends for fixed layout), shown as the page's
  background where the print puts it: nothing is decoded, scaled or encoded again, so
  the ebook costs a build almost no picture work, and the ebook's pictures are exactly
  the printed ones. ``placement`` says where.
- ``ebook-cover``, one cached task: the front of the printed cover as KDP's cover
  image, rendered from cover.pdf (title, author and art as printed), or the cover art
  when a book type has no cover task.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from bookbuild.engine.outputs import Output
from bookbuild.graph import ids
from bookbuild.graph.task import Task

from . import pages

if TYPE_CHECKING:
    from PIL import Image

    from bookbuild.graph.context import TaskContext
    from bookbuild.spec.model import Book

COVER = "ebook-cover"
COVER_QUALITY = 90  # the print pictures' own JPEG quality (bookbuild.render.images)


def placement(art: dict[str, float], picture: tuple[int, int]) -> dict[str, int]:
    """Where a print picture of ``picture`` pixels sits on its ebook page, in the page's
    pixels: at its own pixel size, where the print puts it (pages.print_layout's ``art``,
    inches from the ebook page's top left). A full-bleed picture starts above and left of
    the page (its bleed hangs off: half each side, so its place never depends on the
    page's side); a picture printed inside the margins keeps them."""
    per_inch = picture[0] / art["width"]
    return {"width": picture[0], "height": picture[1], "left": round(art["left"] * per_inch), "top": round(art["top"] * per_inch)}


def cover_task(book: Book, graph_has_cover: bool, size: pages.Size, plugin: str, version: str) -> Task:
    """From cover.pdf when the book type makes one; else from the cover art."""
    source = ids.cover(book) if graph_has_cover else ids.cover_art(book)
    params = {"size": size.as_list(), "quality": COVER_QUALITY, "from": "cover-pdf" if graph_has_cover else "cover-art", "trim": [book.trim.width, book.trim.height]}

    def run(ctx: TaskContext) -> Output:
        if graph_has_cover:
            image = front_of_cover(ctx.input(source).file(ids.COVER_PDF), book, size)
        else:
            image = fit(ctx.input(source).file(ids.IMAGE), pages.cover_art_trim(book), size)
        return Output(value={"size": size.as_list()}, files={ids.IMAGE: jpeg(image, COVER_QUALITY)})

    return Task(ids.task_id(book, COVER), COVER, plugin, version, params, run, deps=(source,), book=book.slug, label="ebook cover")


def fit(data: bytes, box: list[float], size: pages.Size) -> Image.Image:
    """The part of a picture inside ``box`` (fractions of it) at ``size`` pixels."""
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    w, h = image.size
    left, top, right, bottom = box
    return image.resize((size.width, size.height), Image.Resampling.LANCZOS, box=(left * w, top * h, right * w, bottom * h))


def front_of_cover(pdf: bytes, book: Book, size: pages.Size) -> Image.Image:
    """The front panel's trim, rendered from the full-wrap cover: its right-hand part,
    less the bleed (measured on the PDF itself, whatever its spine)."""
    import pypdfium2 as pdfium
    from PIL import Image

    from bookbuild.errors import BuildError
    from bookbuild.kdp import table
    from bookbuild.pdflock import LOCK

    bleed = table.BLEED_IN * 72
    with LOCK:  # PDFium is not thread-safe
        doc = pdfium.PdfDocument(pdf)
        try:
            page = doc[0]
            width, height = page.get_size()
            trim_w, trim_h = book.trim.width * 72, book.trim.height * 72
            if width < trim_w + 2 * bleed or abs(height - trim_h - 2 * bleed) > 1:
                raise BuildError(f"cover.pdf is {width / 72:.3f} x {height / 72:.3f} in, too small for a {book.trim.name} front cover with bleed")
            scale = size.height / trim_h
            crop = (width - bleed - trim_w, bleed, bleed, bleed)  # left, bottom, right, top: what to cut off
            image = page.render(scale=scale, crop=crop).to_pil().convert("RGB")
        finally:
            doc.close()
    if image.size != (size.width, size.height):  # rounding: a pixel at most
        image = image.resize((size.width, size.height), Image.Resampling.LANCZOS)
    return image


def jpeg(image: Image.Image, quality: int) -> bytes:
    """Fixed settings and no metadata: the same pixels give the same bytes."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=False, progressive=False, subsampling="4:2:0")
    return out.getvalue()
