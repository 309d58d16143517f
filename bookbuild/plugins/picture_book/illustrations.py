"""One `illustration:NN` task per story page, and `cover-art` for the front cover.

The author's own image in assets/ (page-07.png, cover.jpg) wins; otherwise the
provider draws it. Either way the picture is fitted to the printed size at 300
DPI and stored as JPEG, so the PDF stays small and fast to write.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bookbuild import hookimpl
from bookbuild.engine.hashing import sha256
from bookbuild.engine.outputs import Output
from bookbuild.graph.task import Task
from bookbuild.kdp import geometry, table
from bookbuild.providers import ImageRequest

from .story import characters_shown, story_id

if TYPE_CHECKING:
    from bookbuild.engine.executor import TaskContext
    from bookbuild.graph.task import Graph
    from bookbuild.project import Project
    from bookbuild.spec.model import Book

VERSION = "1"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
JPEG_QUALITY = 90


def page_pixels(book: Book) -> tuple[int, int]:
    """A full-bleed page at KDP's 300 DPI."""
    box = geometry.interior_page(book.trim, book.page_count, book.bleed)
    return math.ceil(box.width * table.DPI_REQUIRED), math.ceil(box.height * table.DPI_REQUIRED)


def illustration_id(book: Book, index: int) -> str:
    return f"{book.slug}/illustration:{index:02d}"


def cover_art_id(book: Book) -> str:
    return f"{book.slug}/cover-art"


def find_asset(book: Book, stem: str) -> Path | None:
    for suffix in IMAGE_SUFFIXES:
        path = book.root / "assets" / (stem + suffix)
        if path.is_file():
            return path
    return None


@hookimpl
def add_tasks(book: Book, graph: Graph, project: Project) -> None:
    if book.type != "picture":
        return
    size = page_pixels(book)
    # Cover art first: the cover can then render while the pages are drawn.
    cover = find_asset(book, "cover")
    graph.add(_asset_task(book, cover_art_id(book), cover, size) if cover else _cover_task(book, project, size))
    count = len(book.pages) if book.pages else project.story_slots(book)
    for index in range(1, count + 1):
        number = book.pages[index - 1].number if book.pages else index
        asset = find_asset(book, f"page-{number:02d}")
        graph.add(_asset_task(book, illustration_id(book, index), asset, size) if asset else _page_task(book, project, index, size))


def _asset_task(book: Book, task_id: str, path: Path, size: tuple[int, int]) -> Task:
    data = path.read_bytes()
    params = {"asset": sha256(data), "size": list(size)}
    run = lambda ctx: Output(value={"source": "asset", "size": list(size)}, files={"image.jpg": fit_jpeg(data, size)})  # noqa: E731
    return Task(task_id, "illustration", __name__, VERSION, params, run, book=book.slug, label=path.name)


def _page_task(book: Book, project: Project, index: int, size: tuple[int, int]) -> Task:
    provider = project.provider_for(book)
    params = {"provider": provider.name, "provider_version": provider.version, "provider_params": provider.params("image"), "size": list(size), "seed": book.seed or book.title, "purpose": "page"}

    def select(deps: dict[str, Output]) -> dict[str, Any]:
        # Only this page's prompt and the looks of who is on it: editing another
        # page, or a character not shown here, leaves this picture alone.
        story = deps[story_id(book)].value
        page = story["pages"][index - 1]
        chosen = {"prompt": page["illustration"] or page["text"], "characters": characters_shown(page, book, story.get("characters", [])), "text_zone": page["text_position"]}
        if page.get("variant"):
            chosen["variant"] = page["variant"]
        return chosen

    def run(ctx: TaskContext) -> Output:
        chosen = select(ctx.inputs)
        seed = params["seed"] + (f"#v{chosen['variant']}" if chosen.get("variant") else "")
        request = ImageRequest(chosen["prompt"], tuple(map(tuple, chosen["characters"])), size[0], size[1], seed, "page", chosen["text_zone"])
        return draw(ctx, provider, request, size)

    cost = provider.estimate("image", ImageRequest("", (), size[0], size[1], params["seed"], "page"))
    return Task(illustration_id(book, index), "illustration", __name__, VERSION, params, run, deps=(story_id(book),), select=select, book=book.slug, label=f"page {index}", costly=cost > 0, estimate=cost)


def _cover_task(book: Book, project: Project, size: tuple[int, int]) -> Task:
    provider = project.provider_for(book)
    prompt = f"{book.title}. {book.setting}".strip(". ")
    params = {"provider": provider.name, "provider_version": provider.version, "provider_params": provider.params("image"), "size": list(size), "seed": book.seed or book.title, "purpose": "cover", "prompt": prompt}

    def select(deps: dict[str, Output]) -> dict[str, Any]:
        # The main characters as the story's bible draws them (book.yaml's looks win).
        bible = deps[story_id(book)].value.get("characters", [])
        names = [c.name for c in book.characters[:3]] or [c["name"] for c in bible[:3]]
        return {"characters": characters_shown({"characters": names}, book, bible)}

    def run(ctx: TaskContext) -> Output:
        looks = tuple(map(tuple, select(ctx.inputs)["characters"]))
        return draw(ctx, provider, ImageRequest(prompt, looks, size[0], size[1], params["seed"], "cover", "top"), size)

    cost = provider.estimate("image", ImageRequest(prompt, (), size[0], size[1], params["seed"], "cover"))
    return Task(cover_art_id(book), "cover-art", __name__, VERSION, params, run, deps=(story_id(book),), select=select, book=book.slug, label="cover art", costly=cost > 0, estimate=cost)


def draw(ctx: TaskContext, provider: Any, request: ImageRequest, size: tuple[int, int]) -> Output:
    if getattr(provider, "cpu_bound", False):
        jpeg, usage = ctx.offload(draw_jpeg, provider, request, size)
    else:
        jpeg, usage = draw_jpeg(provider, request, size)
    return Output(value={"source": provider.name, "size": list(size)}, files={"image.jpg": jpeg}, usage=usage)


def draw_jpeg(provider: Any, request: ImageRequest, size: tuple[int, int]) -> tuple[bytes, dict]:
    """Draw and encode in one step, so a worker process returns compact JPEG bytes."""
    result = provider.draw_image(request)
    return fit_jpeg(result.value, size), result.usage


def fit_jpeg(image: Any, size: tuple[int, int]) -> bytes:
    """Scale and centre-crop to exactly ``size`` pixels; RGB JPEG (bytes or a PIL image in)."""
    from PIL import Image, ImageOps

    if isinstance(image, (bytes, bytearray)):
        image = Image.open(io.BytesIO(image))
    image = image.convert("RGB")
    if image.size != size:
        image = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # Fixed settings and no metadata: the same pixels give the same bytes.
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False, dpi=(table.DPI_REQUIRED, table.DPI_REQUIRED))
    return out.getvalue()
