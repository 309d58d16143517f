"""What every theme's templates see of a book, whatever its type: the metadata, the
date stamp, the cover's geometry from the KDP table, colours taken from the cover art.

Plugins change it through the ``render_context`` hook (see render.pdf)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from bookbuild.kdp import geometry, table
from bookbuild.render.pdf import source_date

if TYPE_CHECKING:
    from bookbuild.project import Project
    from bookbuild.render.themes import Theme
    from bookbuild.spec.model import Book


# Bump when bookbuild's own part of every PDF changes (page boxes, font names, picture
# treatment): every interior and cover is then rendered again, nothing is bought again.
RENDERER_VERSION = "2"


def book_context(book: Book) -> dict[str, Any]:
    created = source_date()
    return {
        "title": book.title,
        "subtitle": book.subtitle,
        "author": book.author,
        "version": book.version,
        "language": book.language,
        "age_group": book.age_group,
        "dedication": book.dedication,
        "description": book.description or book.moral,
        "year": book.copyright_year or (created.year if created else None),
        "ink": book.ink,
    }


def created_stamp() -> str | None:
    created = source_date()
    return created.strftime("%Y-%m-%dT%H:%M:%SZ") if created else None


def cover_geometry(box: geometry.CoverBox) -> dict[str, Any]:
    left, top, right, bottom = box.barcode_box()
    return {
        "width": box.width, "height": box.height, "bleed": box.bleed, "trim_width": box.trim_width, "trim_height": box.trim_height,
        "spine": box.spine, "spine_left": box.spine_left, "front_left": box.front_left,
        "spine_text": box.pages >= table.SPINE_TEXT_SAFE_PAGES, "spine_margin": table.SPINE_TEXT_MARGIN_IN,
        "safe": table.COVER_SAFE_WARN_IN, "barcode": {"left": left, "top": top, "width": right - left, "height": bottom - top},
    }


def cover_colors(jpeg: bytes) -> dict[str, str]:
    """Back and spine colours taken from the art's sky and ground, so the wrap matches the front."""
    from PIL import Image

    image = Image.open(io.BytesIO(jpeg))
    image.draft("RGB", (image.width // 8, image.height // 8))  # decode at 1/8 size: fast
    small = image.convert("RGB").resize((1, 4), Image.Resampling.BOX)
    sky, ground = small.getpixel((0, 0)), small.getpixel((0, 3))
    return {"back": _hex(sky), "spine": _hex(ground), "text": "#ffffff" if _luma(sky) < 150 else "#222222"}


def _hex(rgb: tuple[int, ...]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb[:3])


def _luma(rgb: tuple[int, ...]) -> float:
    return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]


def render_params(project: Project, theme: Theme, book: Book) -> dict[str, Any]:
    """What every render task's key holds besides its own layout: the theme's files, the
    book's metadata, the date stamp, and the plugins that change templates or what they see."""
    from bookbuild.pluginmanager import implementers
    from bookbuild.render.pdf import RENDER_HOOKS

    params = {"theme": theme.name, "theme_digest": theme.digest(), "book": book_context(book), "created": created_stamp(), "renderer": RENDERER_VERSION}
    plugins = implementers(project.pm, *RENDER_HOOKS)
    if plugins:  # only then: a book without such plugins keeps the keys it had
        params["render_plugins"] = plugins
    return params
