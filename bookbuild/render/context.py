"""What every theme's templates see of a book, whatever its type: the metadata, the
date stamp, the cover's geometry from the KDP table, colours taken from the cover art.

Plugins change it through the ``render_context`` hook (see render.pdf)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from bookbuild.kdp import geometry, table
from bookbuild.render.pdf import source_date
from bookbuild.render.words import locale, theme_words

if TYPE_CHECKING:
    from bookbuild.project import Project
    from bookbuild.render.themes import Theme
    from bookbuild.spec.model import Book


# Bump when bookbuild's own part of every PDF changes (page boxes, font names, picture
# treatment, how type is fitted: typeset.py and covers.py lay out when a task runs, so
# their results are in no key): every interior and cover is then rendered again,
# nothing is bought again.
RENDERER_VERSION = "2"


def book_context(book: Book) -> dict[str, Any]:
    created = source_date()
    return {
        "title": book.title,
        "subtitle": book.subtitle,
        "author": book.author,
        "version": book.version,
        "language": book.language,
        "locale": locale(book.language),
        "age_group": book.age_group,
        "dedication": book.dedication,
        "description": book.description or book.moral,
        "year": book.copyright_year or (created.year if created else None),
        "ink": book.ink,
    }


def created_stamp() -> str | None:
    created = source_date()
    return created.strftime("%Y-%m-%dT%H:%M:%SZ") if created else None


def cover_geometry(box: geometry.CoverBox, theme: Theme | None = None, book: dict[str, Any] | None = None, back_picture: bool = False, back_lines: list[str] | None = None) -> dict[str, Any]:
    """The wrap's geometry; with the theme and the book's context, its layout too (covers.py).
    A cover task's key holds the geometry alone, with what the layout is made from (the
    theme's digest, the book, the back's lines and picture); the task lays it out when it
    runs (``laid_out_cover``), so planning a build reads no font."""
    left, top, right, bottom = box.barcode_box()
    layout = {}
    if theme is not None and book is not None:
        from bookbuild.render.covers import cover_layout

        layout = cover_layout(theme, book, box, back_picture, back_lines or [])
    return {**layout,
        "width": box.width, "height": box.height, "bleed": box.bleed, "trim_width": box.trim_width, "trim_height": box.trim_height,
        "spine": box.spine, "spine_left": box.spine_left, "front_left": box.front_left, "pages": box.pages,
        "spine_text": bool(layout.get("spine_type")) if layout else box.pages >= table.SPINE_TEXT_SAFE_PAGES, "spine_margin": table.SPINE_TEXT_MARGIN_IN,
        "safe": table.COVER_SAFE_WARN_IN, "barcode": {"left": left, "top": top, "width": right - left, "height": bottom - top},
    }


def laid_out_cover(params: dict[str, Any], theme: Theme, box: geometry.CoverBox) -> dict[str, Any]:
    """A cover task's ``cover`` with its layout: where the panels, picture and spine type go."""
    return cover_geometry(box, theme, params["book"], bool(params["back_picture"]), params["back_lines"])


EDGE_STOPS = 8  # colours sampled down the front art's left edge


def cover_colors(jpeg: bytes) -> dict[str, Any]:
    """Colours for the back and the spine taken from the front art's edge at the spine fold,
    top to bottom: the back and spine continue the front's background, so a fold that lands
    a little off (KDP allows 0.0625 in either way) shows no strip of another colour."""
    from PIL import Image

    image = Image.open(io.BytesIO(jpeg))
    image.draft("RGB", (image.width // 8, image.height // 8))  # decode at 1/8 size: fast
    image = image.convert("RGB")
    edge = image.crop((0, 0, max(1, image.width // 40), image.height)).resize((1, EDGE_STOPS), Image.Resampling.BOX)
    stops = [edge.getpixel((0, i)) for i in range(EDGE_STOPS)]
    middle = stops[EDGE_STOPS // 2]
    return {
        "back": _hex(stops[0]), "spine": _hex(middle), "edge": [_hex(c) for c in stops],
        "text": "#ffffff" if _luma(stops[0]) < 150 else "#222222",
        "spine_text": "#ffffff" if _luma(middle) < 150 else "#222222",
    }


def _hex(rgb: tuple[int, ...]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb[:3])


def _luma(rgb: tuple[int, ...]) -> float:
    return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]


def render_params(project: Project, theme: Theme, book: Book) -> dict[str, Any]:
    """What every render task's key holds besides its own layout: the theme's files, the
    book's metadata, the date stamp, and the plugins that change templates or what they see."""
    from bookbuild.pluginmanager import implementers
    from bookbuild.render.pdf import RENDER_HOOKS

    params = {"theme": theme.name, "theme_digest": theme.digest(), "book": book_context(book), "created": created_stamp(), "renderer": RENDERER_VERSION, "words": theme_words(theme, book.language)}
    plugins = implementers(project.pm, *RENDER_HOOKS)
    if plugins:  # only then: a book without such plugins keeps the keys it had
        params["render_plugins"] = plugins
    return params
