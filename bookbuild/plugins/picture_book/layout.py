"""The picture book's `interior` and `cover` tasks: the theme rendered to KDP PDFs.

Geometry comes from bookbuild.kdp (the same table the validators measure
against); the theme decides how pages look within it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bookbuild.engine.outputs import Output
from bookbuild.graph import ids
from bookbuild.graph.task import Task
from bookbuild.kdp import geometry
from bookbuild.render.context import cover_colors, cover_geometry, render_params

if TYPE_CHECKING:
    from bookbuild.graph.context import TaskContext
    from bookbuild.graph.task import Graph
    from bookbuild.project import Project
    from bookbuild.render.themes import Theme
    from bookbuild.spec.model import Book

VERSION = "1"
KEY_NAME = "bookbuild.plugins.render"  # the name in its keys before the code moved: kept, so nothing is bought again


def add_render_tasks(book: Book, graph: Graph, project: Project, theme: Theme, count: int) -> None:
    pictures = tuple(ids.illustration(book, i) for i in range(1, count + 1))
    base = render_params(project, theme, book)
    interior_params = {**base, "page": _page_geometry(book), "sequence": sequence(theme, book.page_count, count)}
    graph.add(Task(ids.interior(book), ids.INTERIOR, __name__, VERSION, interior_params, _interior(theme), deps=(ids.story(book), *pictures), publish={ids.INTERIOR_PDF: ids.INTERIOR_PDF}, book=book.slug, label="interior", key_name=KEY_NAME))
    box = geometry.cover(book.trim, book.page_count, book.ink, book.paper)
    cover_params = {**base, "cover": cover_geometry(box)}
    graph.add(Task(ids.cover(book), ids.COVER, __name__, VERSION, cover_params, _cover(theme), deps=(ids.cover_art(book),), publish={ids.COVER_PDF: ids.COVER_PDF}, book=book.slug, label="cover", key_name=KEY_NAME))


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


def _interior(theme: Theme):
    def run(ctx: TaskContext) -> Output:
        from bookbuild.render.pdf import render_pdf

        params = ctx.task.params
        story = ctx.input(ids.STORY).value["pages"]
        images = {f"page-{i:02d}.jpg": ctx.input(ids.illustration_name(i)).file(ids.IMAGE) for i in range(1, len(story) + 1)}
        context = {"book": params["book"], "page": params["page"], "sequence": params["sequence"], "story": story, "created": params["created"]}
        page = geometry.interior_page(ctx.book.trim, ctx.book.page_count, ctx.book.bleed)
        pdf = render_pdf(theme, "interior.html.j2", context, images, ctx.project.pm, ctx.book, trim_boxes=page.trim_box)
        return Output(value={"pages": len(params["sequence"])}, files={ids.INTERIOR_PDF: pdf})

    return run


def _cover(theme: Theme):
    def run(ctx: TaskContext) -> Output:
        from bookbuild.render.pdf import render_pdf

        art = ctx.input(ids.COVER_ART).file(ids.IMAGE)
        params = ctx.task.params
        context = {"book": params["book"], "cover": params["cover"], "colors": cover_colors(art), "created": params["created"]}
        box = geometry.cover(ctx.book.trim, ctx.book.page_count, ctx.book.ink, ctx.book.paper)
        pdf = render_pdf(theme, "cover.html.j2", context, {"cover-art.jpg": art}, ctx.project.pm, ctx.book, trim_boxes=box.trim_box)
        return Output(value={"width": params["cover"]["width"], "height": params["cover"]["height"]}, files={ids.COVER_PDF: pdf})

    return run
