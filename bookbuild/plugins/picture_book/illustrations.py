"""One `illustration:NN` task per story page, and `cover-art` for the front cover.

The author's own image in assets/ (page-07.png, cover.jpg) wins; otherwise the
provider draws it. Either way the picture is fitted to its printed size at 300
DPI and stored as JPEG, so the PDF stays small and fast to write. An author's
picture is turned upright (EXIF), placed as the page's ``fit:`` says, and its
own resolution at the printed size is reported (bookbuild.render.images).

With a provider that takes reference pictures (``references``), each character
book.yaml lists gets a `reference:<name>` task: one picture of their look, drawn
once and cached by name and look alone, attached to every picture that shows them.
Its digest is part of those pictures' keys, so a new look redraws exactly them.
Characters a generated story invents have no reference: writing the story back
(bible.yaml) must not change any key.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bookbuild import providers
from bookbuild.engine.hashing import sha256
from bookbuild.engine.outputs import Output
from bookbuild.graph import ids
from bookbuild.graph.task import Task
from bookbuild.kdp import geometry, table
from bookbuild.providers import ImageRequest
from bookbuild.render.assets import add_assets_task, scan
from bookbuild.render.images import Asset, asset_name, cover_art_pixels, fit_jpeg, place_asset, read_asset

from .layout import BACK_PICTURE, art_box, picture_pixels
from .story import characters_shown

if TYPE_CHECKING:
    from bookbuild.graph.context import TaskContext
    from bookbuild.graph.task import Graph
    from bookbuild.project import Project
    from bookbuild.spec.model import Book

VERSION = "1"
KEY_NAME = "bookbuild.plugins.illustrations"  # the name in its keys before the code moved: kept, so nothing is bought again
ASSET_VERSION = "2"  # the author's pictures: upright, placed by fit:, measured
REFERENCE = "reference"  # task name prefix, and its output file
REFERENCE_FILE = "reference.png"
REFERENCE_PIXELS = (1024, 1024)


def add_picture_tasks(book: Book, graph: Graph, project: Project, count: int, first_page: int) -> list[int]:
    """``first_page``: the printed page number of story page 1 (for findings and margins).
    Returns the story pages whose picture the provider draws (no asset); 0 is the cover."""
    # Every picture is made at the size it is printed: story pictures fill the page (or,
    # without bleed, the live area); the cover art fills the front panel and its bleed.
    size = picture_pixels(book)
    box = art_box(book)
    front = cover_art_pixels(book)
    assets = scan(book.root / "assets")
    references = _add_reference_tasks(book, graph, project)
    # Cover art first: the cover can then render while the pages are drawn.
    cover = assets.find("cover")
    front_in = geometry.cover(book.trim, book.page_count, book.ink, book.paper).front_size
    graph.add(_asset_task(book, ids.cover_art(book), "cover-art", read_asset(book, cover), front, front_in, "cover", None, None, "the front cover") if cover else _cover_task(book, project, front, references))
    used = [p for p in (cover, assets.find(BACK_PICTURE)) if p]
    drawn = [] if cover else [0]
    for index in range(1, count + 1):
        page = book.pages[index - 1] if book.pages else None
        asset = assets.page(page.number if page else index)
        if asset is None:
            graph.add(_page_task(book, project, index, size, references))
            drawn.append(index)
            continue
        used.append(asset)
        fit = page.fit if page else "cover"
        printed = first_page + index - 1
        area, inches = _live_area(book, printed, size) if fit == "contain" else (None, (box["width"], box["height"]))
        graph.add(_asset_task(book, ids.illustration(book, index), "illustration", read_asset(book, asset), size, inches, fit, area, printed, f"page {printed}"))
    used += [path for page in book.pages for _, path in page.images]
    numbers = [p.number for p in book.pages] if book.pages else list(range(1, count + 1))
    add_assets_task(book, graph, used, _describe_pages(numbers, bool(book.pages)))
    return drawn


def _live_area(book: Book, printed: int, size: tuple[int, int]) -> tuple[tuple[int, int, int, int] | None, tuple[float, float]]:
    """Where a contained picture stays, in pixels of its box and in inches: inside the page's
    margins (KDP's live area). A book without bleed prints its pictures there already."""
    box = art_box(book)
    if not book.bleed:
        return None, (box["width"], box["height"])
    left, top, right, bottom = geometry.interior_page(book.trim, book.page_count, book.bleed).live_area(printed)
    px = (round(left * table.DPI_REQUIRED), round(top * table.DPI_REQUIRED), min(size[0], round(right * table.DPI_REQUIRED)), min(size[1], round(bottom * table.DPI_REQUIRED)))
    return px, (right - left, bottom - top)


def _describe_pages(numbers: list[int], written: bool) -> str:
    where = "pages/" if written else "the story"
    if not numbers:
        return f"{where} has no pages"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{where} has pages {numbers[0]}-{numbers[-1]}" if len(numbers) > 1 else f"{where} has page {numbers[0]}"
    return f"{where} has pages {', '.join(map(str, numbers))}"


PAGE_CROP_HINT = "to show all of it set fit: contain in the page's front matter, or fit: top, bottom, left or right to choose the side kept"
SIDE_CROP_HINT = "the page's fit: {fit} keeps that side; fit: contain shows all of it"


def _asset_task(book: Book, task_id: str, kind: str, asset: Asset, size: tuple[int, int], inches: tuple[float, float], fit: str, area: tuple[int, int, int, int] | None, page: int | None, where: str) -> Task:
    name = asset_name(asset.path)
    params = {"asset": sha256(asset.data), "size": list(size), "inches": [round(v, 6) for v in inches], "fit": fit, "area": list(area) if area else None, "name": name, "page": page}

    def run(ctx: TaskContext) -> Output:
        jpeg, placement, findings = place_asset(asset, size, inches, where, page, fit, area, (PAGE_CROP_HINT if fit == "cover" else SIDE_CROP_HINT.format(fit=fit)) if page else "")
        value = {"source": "asset", "size": list(size), "dpi": round(placement.dpi, 1), "findings": [f.to_json() for f in findings]}
        return Output(value=value, files={ids.IMAGE: jpeg})

    return Task(task_id, kind, __name__, ASSET_VERSION, params, run, book=book.slug, label=asset.path.name, key_name=KEY_NAME, reports=True)


def story_bible(value: dict[str, Any], book: Book) -> list[dict[str, str]]:
    """The character bible as the story has it; once a generated story is written back, the
    one bible.yaml gave the book (the same entries, in the same order)."""
    return value.get("characters") or [{"name": c.name, "visual": c.visual} for c in book.characters if c.from_bible]


def _page_task(book: Book, project: Project, index: int, size: tuple[int, int], references: dict[str, str]) -> Task:
    provider = project.provider_for(book)
    params = {**providers.fingerprint(provider, "image"), "size": list(size), "seed": book.seed or book.title, "purpose": "page"}
    story = ids.story(book)

    def select(deps: dict[str, Output]) -> dict[str, Any]:
        # Only this page's prompt and the looks of who is on it: editing another
        # page, or a character not shown here, leaves this picture alone.
        value = deps[story].value
        page = value["pages"][index - 1]
        shown = characters_shown(page, book, story_bible(value, book))
        chosen = {"prompt": page["illustration"] or page["text"], "characters": shown, "text_zone": page["text_position"]}
        if page.get("variant"):
            chosen["variant"] = page["variant"]
        return chosen | _shown_references(shown, references, deps, provider)

    def run(ctx: TaskContext) -> Output:
        chosen = select(ctx.inputs)
        seed = params["seed"] + (f"#v{chosen['variant']}" if chosen.get("variant") else "")
        request = ImageRequest(chosen["prompt"], tuple(map(tuple, chosen["characters"])), size[0], size[1], seed, "page", chosen["text_zone"], _attached(chosen, references, ctx.inputs))
        return draw(ctx, provider, request, size)

    sample = ImageRequest("", (), size[0], size[1], params["seed"], "page")
    cost = provider.estimate("image", sample)
    return Task(ids.illustration(book, index), "illustration", __name__, VERSION, params, run, deps=(story, *references.values()), select=select, book=book.slug, label=f"page {index}", costly=cost > 0, estimate=cost, worst_case=provider.worst_case("image", sample), spends="image", key_name=KEY_NAME)


def _cover_task(book: Book, project: Project, size: tuple[int, int], references: dict[str, str]) -> Task:
    provider = project.provider_for(book)
    prompt = f"{book.title}. {book.setting}".strip(". ")
    params = {**providers.fingerprint(provider, "image"), "size": list(size), "seed": book.seed or book.title, "purpose": "cover", "prompt": prompt}
    story = ids.story(book)

    def select(deps: dict[str, Output]) -> dict[str, Any]:
        # What the cover shows: the first three characters of book.yaml, else of the
        # story's bible. The same before and after a generated story is written back.
        bible = story_bible(deps[story].value, book)
        names = [c.name for c in book.cast[:3]] or [c["name"] for c in bible[:3]]
        shown = characters_shown({"characters": names}, book, bible)
        return {"characters": shown} | _shown_references(shown, references, deps, provider)

    def run(ctx: TaskContext) -> Output:
        chosen = select(ctx.inputs)
        looks = tuple(map(tuple, chosen["characters"]))
        return draw(ctx, provider, ImageRequest(prompt, looks, size[0], size[1], params["seed"], "cover", "top", _attached(chosen, references, ctx.inputs)), size)

    sample = ImageRequest(prompt, (), size[0], size[1], params["seed"], "cover")
    cost = provider.estimate("image", sample)
    return Task(ids.cover_art(book), "cover-art", __name__, VERSION, params, run, deps=(story, *references.values()), select=select, book=book.slug, label="cover art", costly=cost > 0, estimate=cost, worst_case=provider.worst_case("image", sample), spends="image", key_name=KEY_NAME)


# -- reference pictures --------------------------------------------------------------------


def _add_reference_tasks(book: Book, graph: Graph, project: Project) -> dict[str, str]:
    """{character name: task id} of the reference pictures, for a provider that takes them."""
    provider = project.provider_for(book)
    if not provider.references:
        return {}
    tasks = {}
    for character in book.cast:
        task = _reference_task(book, project, character.name)
        if task.id not in graph:  # two names that make the same id: the first one's
            graph.add(task)
            tasks[character.name] = task.id
    return tasks


def _reference_task(book: Book, project: Project, name: str) -> Task:
    provider = project.provider_for(book)
    # Name and look, never the book: the same character in a series is drawn once.
    params = {**providers.fingerprint(provider, REFERENCE), "purpose": REFERENCE}
    story = ids.story(book)
    # A look book.yaml gives needs no story: drawn while the story is written (the same key).
    character = book.character(name)
    deps = () if character is not None and character.visual else (story,)

    def select(deps: dict[str, Output]) -> dict[str, Any]:
        bible = story_bible(deps[story].value, book) if story in deps else []
        (shown,) = characters_shown({"characters": [name]}, book, bible)
        return {"name": shown[0], "visual": shown[1]}

    def run(ctx: TaskContext) -> Output:
        look = select(ctx.inputs)
        if not look["visual"]:  # nothing to draw: the pictures describe them in words alone
            return Output(value={"name": look["name"], "visual": ""})
        request = ImageRequest(look["visual"], ((look["name"], look["visual"]),), *REFERENCE_PIXELS, "", REFERENCE, "none")
        result = provider.draw_image(request)
        return Output(value=look, files={REFERENCE_FILE: result.value}, usage=result.usage)

    sample = ImageRequest("", ((name, ""),), *REFERENCE_PIXELS, "", REFERENCE, "none")
    cost = provider.estimate("image", sample)
    task_name = f"{REFERENCE}:{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-') or 'character'}"
    return Task(ids.task_id(book, task_name), REFERENCE, __name__, VERSION, params, run, deps=deps, select=select, book=book.slug, label=f"{name}'s reference picture", costly=cost > 0, estimate=cost, worst_case=provider.worst_case("image", sample), spends="image", key_name=KEY_NAME)


def _shown_references(shown: list[tuple[str, str]], references: dict[str, str], deps: dict[str, Output], provider: providers.Provider) -> dict[str, Any]:
    """The key's part for the reference pictures of who is shown (none: nothing, so a picture
    without references keeps the key it always had)."""
    digests = {}
    for name, _ in shown:
        output = deps.get(references.get(name, ""))
        if output is not None and REFERENCE_FILE in output.file_digests:
            digests[name] = output.file_digests[REFERENCE_FILE]
    return {"references": digests, "with_references": providers.fingerprint(provider, "references")} if digests else {}


def _attached(chosen: dict[str, Any], references: dict[str, str], inputs: dict[str, Output]) -> tuple[tuple[str, bytes], ...]:
    return tuple((name, inputs[references[name]].file(REFERENCE_FILE)) for name in chosen.get("references", {}))


def draw(ctx: TaskContext, provider: providers.Provider, request: ImageRequest, size: tuple[int, int]) -> Output:
    if provider.cpu_bound:
        jpeg, usage = ctx.offload(draw_jpeg, provider, request, size)
    else:  # the request here; scaling and encoding in a worker while the provider checks the picture
        result = providers.draw_ready(provider, request, lambda picture: ctx.offload(fit_jpeg, picture, size))
        jpeg, usage = result.value, result.usage
    return Output(value={"source": provider.name, "size": list(size)}, files={ids.IMAGE: jpeg}, usage=usage)


def draw_jpeg(provider: providers.Provider, request: ImageRequest, size: tuple[int, int]) -> tuple[bytes, dict]:
    """Draw and encode in one step, so a worker process returns compact JPEG bytes."""
    result = provider.draw_image(request)
    return fit_jpeg(result.value, size), result.usage
