"""The ebook's pictures, one cached task each, so that a text edit rebuilds the EPUB
without touching a picture, and a new picture redoes only its own page.

- ``ebook-picture:NN``: story page NN's print picture, the bleed cut off, at the ebook's
  page size (the print's 300 px an inch or less, never more). It does not depend on
  where the page sits, so inserting a page re-encodes no other picture.
- ``ebook-cover``: the front of the printed cover, as KDP's cover image: rendered from
  cover.pdf (title, author and art as printed), or the cover art when a book type has
  no cover task.

Pillow releases the GIL while it decodes, resizes and encodes, so these run side by
side on the build's threads.
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

PICTURE = "ebook-picture"
COVER = "ebook-cover"


def picture_name(index: int) -> str:
    return f"{PICTURE}:{index:02d}"


def picture_task(book: Book, page: dict, size: pages.Size, quality: int, plugin: str, version: str) -> Task:
    source = ids.illustration(book, page["story"])
    params = {"size": size.as_list(), "box": pages.trim_box(book), "quality": quality}

    def run(ctx: TaskContext) -> Output:
        from PIL import Image

        image = Image.open(io.BytesIO(ctx.input(source).file(ids.IMAGE)))
        w, h = image.size
        left, top, right, bottom = params["box"]
        fitted = image.convert("RGB").resize(tuple(params["size"]), Image.Resampling.LANCZOS, box=(left * w, top * h, right * w, bottom * h))
        return Output(value={"size": params["size"], "source": ctx.input(source).value.get("source")}, files={ids.IMAGE: jpeg(fitted, quality)})

    return Task(ids.task_id(book, picture_name(page["story"])), PICTURE, plugin, version, params, run, deps=(source,), book=book.slug, label=f"ebook picture {page['story']}")


def cover_task(book: Book, graph_has_cover: bool, size: pages.Size, quality: int, plugin: str, version: str) -> Task:
    """From cover.pdf when the book type makes one; else from the cover art."""
    source = ids.cover(book) if graph_has_cover else ids.cover_art(book)
    params = {"size": size.as_list(), "quality": quality, "from": "cover-pdf" if graph_has_cover else "cover-art", "trim": [book.trim.width, book.trim.height]}

    def run(ctx: TaskContext) -> Output:
        if graph_has_cover:
            image = front_of_cover(ctx.input(source).file(ids.COVER_PDF), book, size)
        else:
            from PIL import Image

            art = Image.open(io.BytesIO(ctx.input(source).file(ids.IMAGE)))
            w, h = art.size
            left, top, right, bottom = pages.trim_box(book)
            image = art.convert("RGB").resize((size.width, size.height), Image.Resampling.LANCZOS, box=(left * w, top * h, right * w, bottom * h))
        return Output(value={"size": size.as_list()}, files={ids.IMAGE: jpeg(image, quality)})

    return Task(ids.task_id(book, COVER), COVER, plugin, version, params, run, deps=(source,), book=book.slug, label="ebook cover")


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
