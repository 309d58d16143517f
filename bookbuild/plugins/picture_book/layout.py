"""The picture book's `interior` and `cover` tasks: the theme rendered to KDP PDFs.

Geometry comes from bookbuild.kdp (the same table the validators measure
against); the theme decides how pages look within it. Type is sized here, with
the theme's fonts, so the title and the page text fit the live area of every
trim, and the text panel leaves most of the picture in view.

- With bleed, a picture fills the page and its bleed; without bleed it sits inside
  KDP's margins (nothing may print to a trimmed edge that has no bleed).
- Black-ink books get their pictures in grey, made here, so the layout (not KDP's
  converter) decides how they look.
- The interior is laid out (`interior-layout`) as soon as the story is known, with a
  hole the size of each picture (bookbuild.render.laidout); the `interior` task fills
  the holes with the pictures when they are all there. The pictures are the last
  thing an AI build waits for, and filling takes milliseconds where laying out 32
  pages takes a third of a second.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from bookbuild.engine.outputs import Output
from bookbuild.findings import Finding
from bookbuild.graph import ids
from bookbuild.graph.task import Task
from bookbuild.kdp import geometry
from bookbuild.render import covers, typeset
from bookbuild.render.context import cover_colors, cover_geometry, laid_out_cover, render_params
from bookbuild.render.images import find_asset, printed_pixels

if TYPE_CHECKING:
    from bookbuild.graph.context import TaskContext
    from bookbuild.graph.task import Graph
    from bookbuild.project import Project
    from bookbuild.render.themes import Theme
    from bookbuild.spec.model import Book

VERSION = "1"
KEY_NAME = "bookbuild.plugins.render"  # the name in its keys before the code moved: kept, so nothing is bought again
TEXT_PAD_IN = (0.14, 0.2)  # the text panel's padding: vertical, horizontal
TEXT_BORDER_IN = 0.03
TEXT_LINE_HEIGHT = 1.32
TEXT_PANEL_MAX_SHARE = 0.3  # of the trim height: the picture stays in view
STORY_TYPE = {"0-2": (26.0, 16.0), "3-5": (20.0, 13.0), "6-8": (15.0, 11.0), "9-12": (12.5, 10.0)}
BACK_PICTURE = "back"  # assets/back.png: the picture on the back cover
LAYOUT = "interior-layout"  # files: LAID_OUT
LAID_OUT = "interior.laid-out"


def art_box(book: Book) -> dict[str, float]:
    """Where a story picture is printed, in inches from the page's top-left: the whole page
    with bleed; inside the margins (mirrored: the gutter is inside) without."""
    page = geometry.interior_page(book.trim, book.page_count, book.bleed)
    if book.bleed:
        return {"top": 0.0, "recto_left": 0.0, "verso_left": 0.0, "width": page.width, "height": page.height}
    return {
        "top": page.outside, "recto_left": page.gutter, "verso_left": page.outside,
        "width": book.trim.width - page.gutter - page.outside, "height": book.trim.height - 2 * page.outside,
    }  # fmt: skip


def picture_pixels(book: Book) -> tuple[int, int]:
    """A story picture at the size it is printed, at KDP's 300 DPI."""
    box = art_box(book)
    return printed_pixels(box["width"], box["height"])


def add_render_tasks(book: Book, graph: Graph, project: Project, theme: Theme, count: int, drawn: list[int]) -> None:
    """``drawn``: the story pages (0: the cover) whose picture the provider draws."""
    pictures = tuple(ids.illustration(book, i) for i in range(1, count + 1))
    base = render_params(project, theme, book)
    page = _page_geometry(book)
    live_width = book.trim.width - page["gutter"] - page["outside"]
    pages = sequence(theme, book.page_count, count)
    interior_params = {
        **base, "page": page, "art": art_box(book), "sequence": pages,
        "title_box": {"width": live_width}, "panel": _panel(book, theme),
    }  # fmt: skip
    made_offline = proof(book, project, pages, count, drawn)
    if made_offline:  # only then: other books keep their keys
        interior_params["proof"] = made_offline
    size = picture_pixels(book)
    layout_params = {**interior_params, "holes": {"size": list(size), "mode": "L" if book.ink == "bw" else "RGB"}}
    graph.add(Task(ids.task_id(book, LAYOUT), LAYOUT, __name__, VERSION, layout_params, _lay_out(theme), deps=(ids.story(book),), book=book.slug, label="interior layout", key_name=KEY_NAME))
    deps = (ids.story(book), ids.task_id(book, LAYOUT), *pictures)
    graph.add(Task(ids.interior(book), ids.INTERIOR, __name__, VERSION, interior_params, _interior(theme), deps=deps, publish={ids.INTERIOR_PDF: ids.INTERIOR_PDF}, book=book.slug, label="interior", key_name=KEY_NAME, reports=True))
    box = geometry.cover(book.trim, book.page_count, book.ink, book.paper)
    back = _back_picture(book, count)
    words = base["words"]
    lines = [words["ages"].format(ages=book.age_group), words["by"].format(author=book.author)]
    cover_params = {**base, "cover": cover_geometry(box), "back_lines": lines, "back_picture": back}  # laid out when it runs
    deps = (ids.cover_art(book),) + ((back["task"],) if back and back.get("task") else ())
    graph.add(Task(ids.cover(book), ids.COVER, __name__, VERSION, cover_params, _cover(theme, book), deps=deps, publish={ids.COVER_PDF: ids.COVER_PDF}, book=book.slug, label="cover", key_name=KEY_NAME))


def _back_picture(book: Book, count: int) -> dict[str, Any] | None:
    """assets/back.png if the author put one there, else the first story picture."""
    asset = find_asset(book, BACK_PICTURE)
    if asset is not None:
        from bookbuild.engine.hashing import sha256

        return {"asset": sha256(asset.read_bytes()), "file": asset.name}
    return {"task": ids.illustration(book, 1)} if count else None


def sequence(theme: Theme, page_count: int, story_pages: int) -> list[dict[str, Any]]:
    """Every printed page in order: the theme's front pages, the story, its back pages, blanks."""
    kinds = [*theme.config.get("front", []), *(["story"] * story_pages), *theme.config.get("back", [])]
    kinds += ["blank"] * (page_count - len(kinds))
    pages, story_index = [], 0
    for number, kind in enumerate(kinds, 1):
        story_index += kind == "story"
        pages.append({"number": number, "kind": kind, "side": "recto" if number % 2 else "verso", "story": story_index if kind == "story" else None})
    return pages


def proof(book: Book, project: Project, pages: list[dict[str, Any]], count: int, drawn: list[int]) -> dict[str, Any] | None:
    """What a proof provider (the offline one) made of this book, and the pages that say so."""
    provider = project.provider_for(book)
    drawn = drawn if provider.proof else []
    pictures = [i for i in drawn if i > 0]
    # Words a proof provider wrote: a story drafted at each build, or pages it wrote into
    # pages/ (their draft: line says which), whoever draws the pictures now.
    drafts = [(i, p.draft) for i, p in enumerate(book.pages, 1) if p.draft]
    words = list(range(1, count + 1)) if book.generated_story and provider.proof else [i for i, _ in drafts]
    if not (words or pictures or 0 in drawn):
        return None
    marked = [p["number"] for p in pages if p["kind"] == "story" and (p["story"] in words or p["story"] in pictures)] if book.proof_mark else []
    name = provider.name if provider.proof else drafts[0][1]
    made = {"provider": name, "text": len(words), "pictures": len(pictures), "of": count, "cover": 0 in drawn, "pages": marked}
    if drafts:  # only then: other books keep their keys
        made["drafts"] = True
    return made


def proof_findings(made: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not made:
        return []
    parts = (["its story text" if made["text"] == made["of"] else f"the text of {made['text']} of its {made['of']} pages"] if made["text"] else []) + ([f"{made['pictures']} of its {made['of']} pictures"] if made["pictures"] else []) + (["the cover art"] if made["cover"] else [])
    what = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    pages = made["pages"]
    mark = f"pages {pages[0]}-{pages[-1]} carry a small \"proof\" mark (proof_mark: false in book.yaml leaves it off)" if pages else "its pages carry no proof mark (proof_mark: false)"
    words = "make the words in pages/ yours and delete each page's draft: line" if made.get("drafts") else "write the story in pages/*.md"
    fixes = ([words] if made["text"] else []) + (["put your own pictures in assets/ (page-05.png, cover.png)"] if made["pictures"] or made["cover"] else [])
    message = (
        f"this book is a proof made by the {made['provider']} provider ({what}): good for checking the layout, "
        f"not for sale. To make it a book, {' and '.join(fixes)}, or build with provider = \"openai\" in bookbuild.toml; {mark}"
    )
    return [Finding("offline-proof", "warning", message).to_json()]


def _page_geometry(book: Book) -> dict[str, float]:
    box = geometry.interior_page(book.trim, book.page_count, book.bleed)
    return {"width": box.width, "height": box.height, "bleed": box.bleed, "gutter": box.gutter, "outside": box.outside, "trim_width": book.trim.width, "trim_height": book.trim.height}


def _panel(book: Book, theme: Theme) -> dict[str, Any]:
    """The story text panel: its padding and border, the room for text inside it, its sizes."""
    page = geometry.interior_page(book.trim, book.page_count, book.bleed)
    width = book.trim.width - page.gutter - page.outside - 2 * (TEXT_PAD_IN[1] + TEXT_BORDER_IN)
    height = TEXT_PANEL_MAX_SHARE * book.trim.height - 2 * (TEXT_PAD_IN[0] + TEXT_BORDER_IN)
    high, low = theme.config.get("type", {}).get(f"story_{book.age_group}", STORY_TYPE[book.age_group])
    return {"pad": list(TEXT_PAD_IN), "border": TEXT_BORDER_IN, "inner_width": width, "inner_height": height, "max": float(high), "min": float(low), "line_height": TEXT_LINE_HEIGHT}


def story_sizes(theme: Theme, story: list[dict[str, Any]], panel: dict[str, Any]) -> list[float]:
    """Each page's type size: the largest that fits the panel's room, never under its minimum."""
    return typeset.panel_sizes([p["text"] for p in story], covers.theme_font(theme, "regular"), panel)


def grey_jpeg(jpeg: bytes) -> bytes:
    """A picture in grey for black ink: one channel, so nothing on the page is colour."""
    from PIL import Image, ImageOps

    image = ImageOps.autocontrast(Image.open(io.BytesIO(jpeg)).convert("L"), cutoff=0.5)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, optimize=False, progressive=False, dpi=(300, 300))
    return out.getvalue()


def _picture_name(index: int) -> str:
    return f"page-{index:02d}.jpg"


def _interior_page(theme: Theme, ctx: TaskContext) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The interior template's context, and the images in the story's text."""
    params = ctx.task.params
    told = ctx.input(ids.STORY)
    story = told.value["pages"]
    sizes = story_sizes(theme, story, params["panel"])
    context = {key: params[key] for key in ("book", "page", "art", "sequence", "created", "words", "title_box", "panel")}
    # Images in the text: every page file is in pages/, so a path means the same file on every page.
    text_images = {src: name for page in story for src, name in page.get("images", {}).items()}
    made = params.get("proof")
    context.update(story=story, sizes=sizes, text_images=text_images, proof_pages=made["pages"] if made else [])
    return context, {name: told.file(name) for name in text_images.values()}


def _lay_out(theme: Theme):
    def run(ctx: TaskContext) -> Output:
        from bookbuild.render.laidout import Hole, lay_out
        from bookbuild.render.pdf import render_html, streams_folder

        context, images = _interior_page(theme, ctx)
        planned = ctx.task.params["holes"]
        holes = {_picture_name(i): Hole(*planned["size"], planned["mode"]) for i in range(1, len(context["story"]) + 1)}
        cache = ctx.project.cache.directory
        html = render_html(theme, "interior.html.j2", context, ctx.project.pm, ctx.book, cache_dir=cache)
        page = geometry.interior_page(ctx.book.trim, ctx.book.page_count, ctx.book.bleed)
        laid_out = ctx.offload(lay_out, html, theme.path, images, holes, page.trim_box, streams_folder(cache))
        return Output(value={"holes": len(holes)}, files={LAID_OUT: laid_out})

    return run


def _interior(theme: Theme):
    def run(ctx: TaskContext) -> Output:
        from bookbuild.render.laidout import fill
        from bookbuild.render.pdf import render_pdf

        params = ctx.task.params
        count = len(ctx.input(ids.STORY).value["pages"])
        pictures = {_picture_name(i): ctx.input(ids.illustration_name(i)).file(ids.IMAGE) for i in range(1, count + 1)}
        if params["book"]["ink"] == "bw":
            pictures = {name: grey_jpeg(data) for name, data in pictures.items()}
        pdf = fill(ctx.input(LAYOUT).file(LAID_OUT), pictures)
        if pdf is None:  # a picture not of the planned size (or colours): laid out again around it
            context, images = _interior_page(theme, ctx)
            page = geometry.interior_page(ctx.book.trim, ctx.book.page_count, ctx.book.bleed)
            pdf = render_pdf(theme, "interior.html.j2", context, {**pictures, **images}, ctx.project.pm, ctx.book, trim_boxes=page.trim_box, offload=ctx.offload, cache_dir=ctx.project.cache.directory)
        made = params.get("proof")
        return Output(value={"pages": len(params["sequence"]), "findings": proof_findings(made)}, files={ids.INTERIOR_PDF: pdf})

    return run


def _cover(theme: Theme, book: Book):
    asset = find_asset(book, BACK_PICTURE)

    def run(ctx: TaskContext) -> Output:
        from bookbuild.render.pdf import render_pdf

        art = ctx.input(ids.COVER_ART).file(ids.IMAGE)
        params = ctx.task.params
        box = geometry.cover(ctx.book.trim, ctx.book.page_count, ctx.book.ink, ctx.book.paper)
        cover = laid_out_cover(params, theme, box)
        resources = {"cover-art.jpg": art}
        back = params["back_picture"]
        if back:  # made at the size it is printed, like every other picture
            source = ctx.input(back["task"]).file(ids.IMAGE) if back.get("task") else asset.read_bytes()
            resources["back.jpg"] = _at_printed_size(source, cover["back"]["picture"]["inner"])
        context = {key: params[key] for key in ("book", "created", "words", "back_lines")}
        context.update(cover=cover, colors=cover_colors(art), back_picture=bool(back))
        pdf = render_pdf(theme, "cover.html.j2", context, resources, ctx.project.pm, ctx.book, trim_boxes=box.trim_box, offload=ctx.offload, cache_dir=ctx.project.cache.directory)
        return Output(value={"width": cover["width"], "height": cover["height"]}, files={ids.COVER_PDF: pdf})

    return run


def _at_printed_size(image: bytes, box: dict[str, float]) -> bytes:
    from bookbuild.render.images import fit_jpeg

    return fit_jpeg(image, printed_pixels(box["width"], box["height"]))
