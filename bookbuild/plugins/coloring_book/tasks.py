"""The coloring book's tasks: one ``coloring-page:NN`` per picture, ``cover-art``,
``interior`` and ``cover``.

Where a picture comes from, in order: the author's assets/page-NN image (or,
with ``source: assets``, every image in assets/ in name order); AI line art
from the provider (``source: ai``, when the provider is not offline); an
offline drawing. All three go through the same line-art pipeline, in a worker
process; each page is cached on its own, so a new seed or subject redraws only
the pages it changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from bookbuild import notes as task_notes
from bookbuild import providers
from bookbuild.engine.hashing import sha256
from bookbuild.engine.outputs import Output
from bookbuild.errors import SpecError, SpecProblem
from bookbuild.graph import ids
from bookbuild.graph.task import Task
from bookbuild.kdp import geometry
from bookbuild.providers import ImageRequest
from bookbuild.render.context import cover_colors, cover_geometry, laid_out_cover, render_params
from bookbuild.render.assets import add_assets_task, scan
from bookbuild.render.images import IMAGE_SUFFIXES, Placement, asset_name, cover_art_pixels, fit_inside_png, picture_findings, place_asset, printed_pixels, read_asset

from . import VERSION, layout
from .checks import interior_note
from .draw.choose import describe, plan_design
from .options import ColoringOptions, options_for
from .pictures import draw_page, trace_asset, trace_page

if TYPE_CHECKING:
    from bookbuild.graph.context import TaskContext
    from bookbuild.graph.task import Graph
    from bookbuild.project import Project
    from bookbuild.render.themes import Theme
    from bookbuild.spec.model import Book

PLUGIN = "bookbuild.plugins.coloring_book"
KEY_NAME = "bookbuild.plugins.coloring"  # the name in its keys before the code moved: kept, so nothing is bought again
ASSET_VERSION = "3"  # the author's images: their resolution and spelling reported; v3: no knobs at line ends
# The offline drawings: no slivers, blots or wedges (drawings and pipeline v2); no square
# knobs at line ends, corners and crests (v3). The AI pages keep VERSION: their key holds
# a paid request, and a new version would buy it again.
OFFLINE_VERSION = "3"
PICTURE = "picture.png"
# The whole request: any provider gets the line-art rules from here (the openai one
# adds nothing to a coloring prompt but its no-text rule).
AI_PROMPT = (
    "{subject}. A black and white coloring page for children aged {age}: clean, bold, closed black "
    "outlines on a plain white background; no shading, no grey, no colour, no text; large simple "
    "shapes that are easy to colour; the whole subject in view."
)


def page_id(book: Book, index: int) -> str:
    return f"{book.slug}/coloring-page:{index:02d}"


def add_book_tasks(book: Book, graph: Graph, project: Project) -> None:
    options = options_for(book)
    theme = project.theme_for(book)
    assets = author_images(book) if options.source == "assets" else None
    if assets is not None and not assets:
        raise SpecError([SpecProblem(book.source, None, "coloring.source", "is 'assets' but assets/ holds no images", "add .png or .jpg files to " + str(Path(book.source).parent / "assets"))])
    pages = layout.plan_pages(book, theme.config, options, len(assets) if assets is not None else None)
    count = sum(1 for p in pages if p["kind"] == "picture")
    box = layout.art_box(book, options)
    size = (box.width_px, box.height_px)
    printed = {p["picture"]: p["number"] for p in pages if p["kind"] == "picture"}
    folder = scan(book.root / "assets")
    used: list[Path] = []
    for index in range(1, count + 1):
        asset = assets[index - 1] if assets is not None else folder.page(index)
        graph.add(_page_task(book, project, options, index, size, asset, printed[index]))
        used += [asset] if asset else []
    cover_index = min(options.cover_picture, count)
    cover = folder.find("cover")
    graph.add(_cover_art_task(book, options, cover_index, cover))
    used += [cover] if cover else []
    add_assets_task(book, graph, used, f"the book has pictures 1-{count}" if count > 1 else "the book has one picture")
    _add_render_tasks(book, graph, project, theme, options, pages, box, count)


# -- pictures ---------------------------------------------------------------------------


def author_images(book: Book) -> list[Path]:
    """Every image in assets/ but the cover, in file-name order."""
    folder = book.root / "assets"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and p.stem.lower() != "cover" and (p.is_file() or p.is_symlink()))


def _page_task(book: Book, project: Project, options: ColoringOptions, index: int, size: tuple[int, int], asset: Path | None, printed: int) -> Task:
    if asset is not None:
        return _asset_task(book, options, index, size, asset, printed)
    provider = project.provider_for(book) if options.source == "ai" else None
    if provider is not None and provider.paid:
        return _ai_task(book, options, provider, index, size)
    return _offline_task(book, options, index, size)


def _base(book: Book, options: ColoringOptions, size: tuple[int, int]) -> dict[str, Any]:
    return {"size": list(size), "line_art": options.line_art().to_json()}


def _asset_task(book: Book, options: ColoringOptions, index: int, size: tuple[int, int], path: Path, printed: int) -> Task:
    asset = read_asset(book, path)
    name = asset_name(path)
    params = {**_base(book, options, size), "source": "asset", "asset": sha256(asset.data), "name": name, "page": printed}

    def run(ctx: TaskContext) -> Output:
        png, notes, drawn = ctx.offload(trace_asset, asset.data, size, params["line_art"], asset.name)
        # The drawing itself (paper around it trimmed) fills the box: that is its printed resolution.
        findings = picture_findings(Placement(tuple(drawn), size, "contain"), name, printed, f"page {printed}")
        return Output(value={"source": "asset", "file": path.name, "size": list(size), "findings": [f.to_json() for f in findings], "notes": notes}, files={PICTURE: png})

    return Task(page_id(book, index), "coloring-page", PLUGIN, ASSET_VERSION, params, run, book=book.slug, label=path.name, key_name=KEY_NAME, reports=True, notes=True)


def offline_design(book: Book, options: ColoringOptions, index: int) -> dict[str, Any]:
    """What offline picture ``index`` shows (plan_design, with this book's styles and subjects)."""
    style = options.styles[(index - 1) % len(options.styles)]
    subject = options.subjects[(index - 1) % len(options.subjects)] if options.subjects else ""
    earlier = sum(1 for i in range(1, index) if options.styles[(i - 1) % len(options.styles)] == style)
    return plan_design(style, subject, book_words(book), book.seed or book.title, earlier)


def _offline_task(book: Book, options: ColoringOptions, index: int, size: tuple[int, int]) -> Task:
    seed = book.seed or book.title
    design = offline_design(book, options, index)
    params = {**_base(book, options, size), "source": "offline", "design": design, "seed": seed, "index": index}

    def run(ctx: TaskContext) -> Output:
        png, notes = ctx.offload(draw_page, design, seed, index, size, params["line_art"])
        return Output(value={"source": "offline", "design": describe(design), "size": list(size), "notes": notes}, files={PICTURE: png})

    return Task(page_id(book, index), "coloring-page", PLUGIN, OFFLINE_VERSION, params, run, book=book.slug, label=describe(design), key_name=KEY_NAME, notes=True)


def _ai_task(book: Book, options: ColoringOptions, provider: Any, index: int, size: tuple[int, int]) -> Task:
    subject = options.subjects[(index - 1) % len(options.subjects)] if options.subjects else _default_subject(book, index)
    prompt = AI_PROMPT.format(subject=subject.rstrip("."), age=book.age_group)
    seed = book.seed or book.title
    params = {**_base(book, options, size), "source": "ai", **providers.fingerprint(provider, "coloring"), "prompt": prompt, "seed": f"{seed}|{index}"}
    request = ImageRequest(prompt, (), size[0], size[1], params["seed"], purpose="coloring", text_zone="none")
    estimate = provider.estimate("image", request)

    def run(ctx: TaskContext) -> Output:
        result = provider.draw_image(request)
        png, notes = ctx.offload(trace_page, _picklable(result.value), size, params["line_art"])
        return Output(value={"source": provider.name, "prompt": prompt, "size": list(size), "notes": notes}, files={PICTURE: png}, usage=result.usage)

    # notes=True is not in the key: a page bought before notes existed stays cached (it is measured in validate)
    return Task(page_id(book, index), "coloring-page", PLUGIN, VERSION, params, run, book=book.slug, label=f"AI page {index}", costly=True, estimate=estimate, worst_case=provider.worst_case("image", request), spends="image", key_name=KEY_NAME, notes=True)


def _default_subject(book: Book, index: int) -> str:
    about = book.theme or book.setting or book.title
    return f"{about}, picture {index}"


def _picklable(value: Any) -> Any:
    """Provider results may be PIL images: PNG bytes cross to a worker process cheaply."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    import io

    out = io.BytesIO()
    value.save(out, "PNG")
    return out.getvalue()


def book_words(book: Book) -> str:
    """What the book is about, to pick sea or land animals for pages without a subject."""
    return " ".join([book.title, book.subtitle, book.theme, book.setting, book.description, *book.keywords])


# -- cover art --------------------------------------------------------------------------


def _cover_art_task(book: Book, options: ColoringOptions, index: int, found: Path | None) -> Task:
    size = cover_art_pixels(book)
    task_id = ids.cover_art(book)
    if found is not None:
        asset = read_asset(book, found)
        inches = geometry.cover(book.trim, book.page_count, book.ink, book.paper).front_size

        def from_asset(ctx: TaskContext) -> Output:
            jpeg, _, findings = place_asset(asset, size, inches, "the front cover")
            return Output(value={"source": "asset", "size": list(size), "findings": [f.to_json() for f in findings]}, files={ids.IMAGE: jpeg})

        params = {"asset": sha256(asset.data), "size": list(size), "name": asset_name(found)}
        return Task(task_id, "cover-art", PLUGIN, ASSET_VERSION, params, from_asset, book=book.slug, label=found.name, key_name=KEY_NAME, reports=True)
    seed = book.seed or book.title
    params = {"size": list(size), "seed": seed, "picture": index}

    def run(ctx: TaskContext) -> Output:
        from .cover import colour_in

        line_art = ctx.input(f"coloring-page:{index:02d}").file(PICTURE)
        jpeg = ctx.offload(colour_in, line_art, size, seed)
        return Output(value={"source": "coloured-in", "picture": index, "size": list(size)}, files={ids.IMAGE: jpeg})

    return Task(task_id, "cover-art", PLUGIN, VERSION, params, run, deps=(page_id(book, index),), book=book.slug, label="cover art", key_name=KEY_NAME)


# -- interior and cover -----------------------------------------------------------------


def _add_render_tasks(book: Book, graph: Graph, project: Project, theme: Theme, options: ColoringOptions, pages: list[dict[str, Any]], box: layout.ArtBox, count: int) -> None:
    base = render_params(project, theme, book)
    interior = {**base, "page": layout.page_json(book), "art": box.to_json(), "sequence": pages, "page_numbers": options.page_numbers, "single_sided": options.single_sided, "title_box": {"width": box.width}}
    deps = tuple(page_id(book, i) for i in range(1, count + 1))
    graph.add(Task(ids.interior(book), ids.INTERIOR, PLUGIN, VERSION, interior, _render_interior(theme, count), deps=deps, publish={ids.INTERIOR_PDF: ids.INTERIOR_PDF}, book=book.slug, label="interior", key_name=KEY_NAME, notes=True))
    cover_box = geometry.cover(book.trim, book.page_count, book.ink, book.paper)
    back = _back_picture(options, count)
    lines = [base["words"]["ages"].format(ages=book.age_group), base["words"]["by"].format(author=book.author)]
    cover = {**base, "cover": cover_geometry(cover_box), "pictures": count, "single_sided": options.single_sided, "back_lines": lines, "back_picture": back}
    cover_deps = (ids.cover_art(book),) + ((page_id(book, back),) if back else ())
    graph.add(Task(ids.cover(book), ids.COVER, PLUGIN, VERSION, cover, _render_cover(theme), deps=cover_deps, publish={ids.COVER_PDF: ids.COVER_PDF}, book=book.slug, label="cover", key_name=KEY_NAME))


def _back_picture(options: ColoringOptions, count: int) -> int | None:
    """The back shows a picture as it is inside, to colour: not the one coloured on the front."""
    others = [i for i in range(1, count + 1) if i != min(options.cover_picture, count)]
    return others[0] if others else None


def _render_interior(theme: Theme, count: int):
    def run(ctx: TaskContext) -> Output:
        from bookbuild.render.pdf import render_pdf

        params = ctx.task.params
        images = {f"picture-{i:02d}.png": ctx.input(f"coloring-page:{i:02d}").file(PICTURE) for i in range(1, count + 1)}
        context = {key: params[key] for key in ("book", "page", "art", "sequence", "page_numbers", "single_sided", "created", "words", "title_box")}
        page = geometry.interior_page(ctx.book.trim, ctx.book.page_count, ctx.book.bleed)
        pdf = render_pdf(theme, "interior.html.j2", context, images, ctx.project.pm, ctx.book, trim_boxes=page.trim_box, offload=ctx.offload, cache_dir=ctx.project.cache.directory)
        # The line-art checks on the PDF, now (while the cover is made), left for validate.
        pictures = task_notes.merge(ctx.input(f"coloring-page:{i:02d}").value for i in range(1, count + 1))
        checked = interior_note(ctx.book, pdf, pictures)
        return Output(value={"pages": len(params["sequence"]), "pictures": count, "notes": checked}, files={ids.INTERIOR_PDF: pdf})

    return run


def _render_cover(theme: Theme):
    def run(ctx: TaskContext) -> Output:
        from bookbuild.render.pdf import render_pdf

        art = ctx.input(ids.COVER_ART).file(ids.IMAGE)
        params = ctx.task.params
        box = geometry.cover(ctx.book.trim, ctx.book.page_count, ctx.book.ink, ctx.book.paper)
        cover = laid_out_cover(params, theme, box)
        resources = {"cover-art.jpg": art}
        if params["back_picture"]:
            inner = cover["back"]["picture"]["inner"]  # the picture whole, at the size it is printed
            resources["back.png"] = fit_inside_png(ctx.input(f"coloring-page:{params['back_picture']:02d}").file(PICTURE), printed_pixels(inner["width"], inner["height"]))
        context = {key: params[key] for key in ("book", "pictures", "single_sided", "created", "words", "back_lines")}
        context.update(cover=cover, colors=cover_colors(art), back_picture=bool(params["back_picture"]))
        pdf = render_pdf(theme, "cover.html.j2", context, resources, ctx.project.pm, ctx.book, trim_boxes=box.trim_box, offload=ctx.offload, cache_dir=ctx.project.cache.directory)
        return Output(value={"width": cover["width"], "height": cover["height"]}, files={ids.COVER_PDF: pdf})

    return run
