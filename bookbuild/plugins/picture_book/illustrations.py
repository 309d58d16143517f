"""One `illustration:NN` task per story page, and `cover-art` for the front cover.

The author's own image in assets/ (page-07.png, cover.jpg) wins; otherwise the
provider draws it. Either way the picture is fitted to its printed size at 300
DPI and stored as JPEG, so the PDF stays small and fast to write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bookbuild import providers
from bookbuild.engine.hashing import sha256
from bookbuild.engine.outputs import Output
from bookbuild.graph import ids
from bookbuild.graph.task import Task
from bookbuild.providers import ImageRequest
from bookbuild.render.images import Asset, cover_art_pixels, find_asset, fit_jpeg, read_asset

from .layout import picture_pixels
from .story import characters_shown

if TYPE_CHECKING:
    from bookbuild.graph.context import TaskContext
    from bookbuild.graph.task import Graph
    from bookbuild.project import Project
    from bookbuild.spec.model import Book

VERSION = "1"
KEY_NAME = "bookbuild.plugins.illustrations"  # the name in its keys before the code moved: kept, so nothing is bought again


def add_picture_tasks(book: Book, graph: Graph, project: Project, count: int) -> None:
    # Every picture is made at the size it is printed: story pictures fill the page (or,
    # without bleed, the live area); the cover art fills the front panel and its bleed.
    size = picture_pixels(book)
    front = cover_art_pixels(book)
    # Cover art first: the cover can then render while the pages are drawn.
    cover = find_asset(book, "cover")
    graph.add(_asset_task(book, ids.cover_art(book), "cover-art", read_asset(book, cover), front) if cover else _cover_task(book, project, front))
    for index in range(1, count + 1):
        number = book.pages[index - 1].number if book.pages else index
        asset = find_asset(book, f"page-{number:02d}")
        graph.add(_asset_task(book, ids.illustration(book, index), "illustration", read_asset(book, asset), size) if asset else _page_task(book, project, index, size))


def _asset_task(book: Book, task_id: str, kind: str, asset: Asset, size: tuple[int, int]) -> Task:
    params = {"asset": sha256(asset.data), "size": list(size)}
    run = lambda ctx: Output(value={"source": "asset", "size": list(size)}, files={ids.IMAGE: fit_jpeg(asset.image(), size)})  # noqa: E731
    return Task(task_id, kind, __name__, VERSION, params, run, book=book.slug, label=asset.path.name, key_name=KEY_NAME)


def _page_task(book: Book, project: Project, index: int, size: tuple[int, int]) -> Task:
    provider = project.provider_for(book)
    params = {**providers.fingerprint(provider, "image"), "size": list(size), "seed": book.seed or book.title, "purpose": "page"}
    story = ids.story(book)

    def select(deps: dict[str, Output]) -> dict[str, Any]:
        # Only this page's prompt and the looks of who is on it: editing another
        # page, or a character not shown here, leaves this picture alone.
        value = deps[story].value
        page = value["pages"][index - 1]
        chosen = {"prompt": page["illustration"] or page["text"], "characters": characters_shown(page, book, value.get("characters", [])), "text_zone": page["text_position"]}
        if page.get("variant"):
            chosen["variant"] = page["variant"]
        return chosen

    def run(ctx: TaskContext) -> Output:
        chosen = select(ctx.inputs)
        seed = params["seed"] + (f"#v{chosen['variant']}" if chosen.get("variant") else "")
        request = ImageRequest(chosen["prompt"], tuple(map(tuple, chosen["characters"])), size[0], size[1], seed, "page", chosen["text_zone"])
        return draw(ctx, provider, request, size)

    cost = provider.estimate("image", ImageRequest("", (), size[0], size[1], params["seed"], "page"))
    return Task(ids.illustration(book, index), "illustration", __name__, VERSION, params, run, deps=(story,), select=select, book=book.slug, label=f"page {index}", costly=cost > 0, estimate=cost, key_name=KEY_NAME)


def _cover_task(book: Book, project: Project, size: tuple[int, int]) -> Task:
    provider = project.provider_for(book)
    prompt = f"{book.title}. {book.setting}".strip(". ")
    params = {**providers.fingerprint(provider, "image"), "size": list(size), "seed": book.seed or book.title, "purpose": "cover", "prompt": prompt}
    story = ids.story(book)

    def select(deps: dict[str, Output]) -> dict[str, Any]:
        # The main characters as the story's bible draws them (book.yaml's looks win).
        bible = deps[story].value.get("characters", [])
        names = [c.name for c in book.characters[:3]] or [c["name"] for c in bible[:3]]
        return {"characters": characters_shown({"characters": names}, book, bible)}

    def run(ctx: TaskContext) -> Output:
        looks = tuple(map(tuple, select(ctx.inputs)["characters"]))
        return draw(ctx, provider, ImageRequest(prompt, looks, size[0], size[1], params["seed"], "cover", "top"), size)

    cost = provider.estimate("image", ImageRequest(prompt, (), size[0], size[1], params["seed"], "cover"))
    return Task(ids.cover_art(book), "cover-art", __name__, VERSION, params, run, deps=(story,), select=select, book=book.slug, label="cover art", costly=cost > 0, estimate=cost, key_name=KEY_NAME)


def draw(ctx: TaskContext, provider: providers.Provider, request: ImageRequest, size: tuple[int, int]) -> Output:
    if provider.cpu_bound:
        jpeg, usage = ctx.offload(draw_jpeg, provider, request, size)
    else:
        jpeg, usage = draw_jpeg(provider, request, size)
    return Output(value={"source": provider.name, "size": list(size)}, files={ids.IMAGE: jpeg}, usage=usage)


def draw_jpeg(provider: providers.Provider, request: ImageRequest, size: tuple[int, int]) -> tuple[bytes, dict]:
    """Draw and encode in one step, so a worker process returns compact JPEG bytes."""
    result = provider.draw_image(request)
    return fit_jpeg(result.value, size), result.usage
