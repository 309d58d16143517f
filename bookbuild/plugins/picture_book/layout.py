"""The `interior` and `cover` tasks: the book's theme rendered to KDP PDFs.

Geometry comes from bookbuild.kdp (the same table the validators measure
against); the theme decides how pages look within it.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from bookbuild import hookimpl
from bookbuild.engine.outputs import Output
from bookbuild.graph.task import Task
from bookbuild.kdp import geometry, table
from bookbuild.render.pdf import source_date

from .illustrations import cover_art_id, illustration_id
from .story import story_id

if TYPE_CHECKING:
    from bookbuild.engine.executor import TaskContext
    from bookbuild.graph.task import Graph
    from bookbuild.project import Project
    from bookbuild.render.themes import Theme
    from bookbuild.spec.model import Book

VERSION = "1"


@hookimpl
def add_tasks(book: Book, graph: Graph, project: Project) -> None:
    if book.type != "picture":
        return
    theme = project.theme_for(book)
    count = len(book.pages) if book.pages else project.story_slots(book)
    pictures = tuple(illustration_id(book, i) for i in range(1, count + 1))
    base = {"theme": theme.name, "theme_digest": theme.digest(), "book": book_context(book), "created": created_stamp()}
    interior_params = {**base, "page": _page_geometry(book), "sequence": sequence(theme, book.page_count, count)}
    graph.add(Task(f"{book.slug}/interior", "interior", __name__, VERSION, interior_params, _interior(theme), deps=(story_id(book), *pictures), publish={"interior.pdf": "interior.pdf"}, book=book.slug, label="interior"))
    box = geometry.cover(book.trim, book.page_count, book.ink, book.paper)
    cover_params = {**base, "cover": cover_geometry(box)}
    graph.add(Task(f"{book.slug}/cover", "cover", __name__, VERSION, cover_params, _cover(theme), deps=(cover_art_id(book),), publish={"cover.pdf": "cover.pdf"}, book=book.slug, label="cover"))


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


def sequence(theme: Theme, page_count: int, story_pages: int) -> list[dict[str, Any]]:
    """Every printed page in order: the theme's front pages, the story, its back pages, blanks."""
    kinds = [*theme.config.get("front", []), *(["story"] * story_pages), *theme.config.get("back", [])]
    kinds += ["blank"] * (page_count - len(kinds))
    pages, story_index = [], 0
    for number, kind in enumerate(kinds, 1):
        story_index += kind == "story"
        pages.append({"number": number, "kind": kind, "side": "recto" if number % 2 else "verso", "story": story_index if kind == "story" else None})
    return pages


def _page_geometry(book: Book) -> dict[str, float]:
    box = geometry.interior_page(book.trim, book.page_count, book.bleed)
    return {"width": box.width, "height": box.height, "bleed": box.bleed, "gutter": box.gutter, "outside": box.outside, "trim_width": book.trim.width, "trim_height": book.trim.height}


def cover_geometry(box: geometry.CoverBox) -> dict[str, Any]:
    left, top, right, bottom = box.barcode_box()
    return {
        "width": box.width, "height": box.height, "bleed": box.bleed, "trim_width": box.trim_width, "trim_height": box.trim_height,
        "spine": box.spine, "spine_left": box.spine_left, "front_left": box.front_left,
        "spine_text": box.pages >= table.SPINE_TEXT_SAFE_PAGES, "spine_margin": table.SPINE_TEXT_MARGIN_IN,
        "safe": table.COVER_SAFE_WARN_IN, "barcode": {"left": left, "top": top, "width": right - left, "height": bottom - top},
    }


def _interior(theme: Theme):
    def run(ctx: TaskContext) -> Output:
        from bookbuild.render.pdf import render_pdf

        params = ctx.task.params
        story = ctx.input("story").value["pages"]
        images = {f"page-{i:02d}.jpg": ctx.input(f"illustration:{i:02d}").file("image.jpg") for i in range(1, len(story) + 1)}
        context = {"book": params["book"], "page": params["page"], "sequence": params["sequence"], "story": story, "created": params["created"]}
        pdf = render_pdf(theme, "interior.html.j2", context, images)
        return Output(value={"pages": len(params["sequence"])}, files={"interior.pdf": pdf})

    return run


def _cover(theme: Theme):
    def run(ctx: TaskContext) -> Output:
        from bookbuild.render.pdf import render_pdf

        art = ctx.input("cover-art").file("image.jpg")
        params = ctx.task.params
        context = {"book": params["book"], "cover": params["cover"], "colors": cover_colors(art), "created": params["created"]}
        pdf = render_pdf(theme, "cover.html.j2", context, {"cover-art.jpg": art})
        return Output(value={"width": params["cover"]["width"], "height": params["cover"]["height"]}, files={"cover.pdf": pdf})

    return run


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
