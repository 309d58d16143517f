"""The `ebook-pages` and `ebook` tasks: the book's pages as fixed-layout XHTML over its
pictures, the package document, the navigation document, the theme's fonts, all in one
EPUB 3, published as build/<slug>/ebook.epub.

`ebook-pages` makes and zips everything but the package document and the pictures as
soon as the story is known, each picture placed by the size its task makes it at;
`ebook` adds the package document and the pictures to that zip when they are ready
(a picture of another size: the pages are made again around it, the same bytes). An
AI build's last picture is then followed by ~0.05 s of ebook work, its check included
(it was ~0.15 s). Their keys hold the pages' text and where it sits (not their
illustration prompts), the theme's files, the metadata and the date stamp; the
ebook's the pictures' digests too. The pictures go in as the print has them
(pictures.py), so a new picture only re-zips the EPUB.
"""

from __future__ import annotations

import io
import json
import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from bookbuild.engine.outputs import Output
from bookbuild.errors import BuildError, SpecError, SpecProblem
from bookbuild.graph import ids
from bookbuild.graph.task import Task
from bookbuild.render.context import render_params

from . import aicontent, archive, options, pages, pictures
from .fonts import theme_fonts

if TYPE_CHECKING:
    from bookbuild.graph.context import TaskContext
    from bookbuild.graph.task import Graph
    from bookbuild.project import Project
    from bookbuild.render.themes import Theme
    from bookbuild.spec.model import Book

PLUGIN = "bookbuild.plugins.exporters.ebook"
TEMPLATES = Path(__file__).with_name("templates")
ROOT = "OEBPS"
AI_VOCABULARY = "urn:bookbuild:kdp-ai:"  # bookbuild's own terms for KDP's AI answers (docs/ebook.md)
KNOWN_KINDS = ("story", "title", "copyright", "the-end")  # what ebook-page.xhtml.j2 lays out
HEADINGS = {"title": "title page", "copyright": "copyright", "the-end": "the end"}
PAGES = "ebook-pages"  # files: PAGES_FILE
PAGES_FILE = "ebook-pages.zip"  # the EPUB without its package document and pictures
TOC_LABELS = {"copyright": "Copyright", "the-end": "The End"}
_LINK = re.compile(r"</?a\b[^>]*>")


def add_ebook_tasks(book: Book, graph: Graph, project: Project) -> None:
    from . import VERSION

    wanted = book.extra.get("ebook")
    makes_one = ids.story(book) in graph and ids.illustration(book, 1) in graph and (ids.cover(book) in graph or ids.cover_art(book) in graph)
    if wanted is False or (wanted is None and not makes_one):
        return
    if not makes_one:
        raise SpecError([SpecProblem(book.source, _line_of(book, "ebook"), "ebook", f"a {book.type} book has no ebook edition: only books with a story and a picture on each page do", "remove `ebook: true`")])
    theme = project.theme_for(book)
    stories = pages.story_count(book, graph)
    printed = pages.sequence(book, graph, theme, stories)
    kept = pages.ebook_pages(printed)
    unknown = sorted({p["kind"] for p in kept} - set(KNOWN_KINDS))
    if unknown and not (theme.path / "templates" / "ebook-page.xhtml.j2").is_file():
        raise SpecError([SpecProblem(book.source, None, "book_theme", f"theme {theme.name!r} prints {', '.join(unknown)} pages, which the ebook cannot lay out", "add templates/ebook-page.xhtml.j2 to the theme (copy bookbuild's), or set `ebook: false`")])
    size = pages.page_size(book)
    cover_size = pages.cover_size(book, options.COVER_LONG_SIDE)
    graph.add(pictures.cover_task(book, ids.cover(book) in graph, cover_size, PLUGIN, VERSION))

    cover_id = ids.task_id(book, pictures.COVER)
    picture_ids = [ids.illustration(book, p["story"]) for p in kept if p["kind"] == "story"]
    art_ids = picture_ids + ([ids.cover_art(book)] if ids.cover_art(book) in graph else [])
    provider = project.provider_for(book)
    params = {
        **render_params(project, theme, book),
        "keywords": list(book.keywords),
        "pages": [{k: p[k] for k in ("index", "number", "kind", "story", "side")} for p in kept],
        "size": size.as_list(),
        "cover_size": cover_size.as_list(),
        "layout": pages.print_layout(book, graph, theme),
        "identifier": identifier(book),
        "proof": _proof_pages(book, graph),
        "ai": {"declared": book.extra.get("ai_content") or {}, "generated_story": book.generated_story, "ai_pages": sum(1 for p in book.pages if p.generated), "writer": next((p.generated for p in book.pages if p.generated), ""), "pages": len(book.pages), "provider": provider.name, "paid": provider.paid},
    }

    def words(deps: dict[str, Output]) -> dict[str, Any]:
        # The words and where they sit, not the prompts (their pictures are digests in the ebook's).
        told = deps[ids.story(book)]
        story = told.value["pages"]
        return {
            "text": [[p.get("text", ""), p.get("text_position", "bottom")] for p in story],
            "text_images": sorted(told.file_digests.get(name) or name for p in story for name in p.get("images", {}).values()),
        }

    def select(deps: dict[str, Output]) -> dict[str, Any]:
        return {
            **words(deps),
            "pictures": [deps[d].file_digests.get(ids.IMAGE) for d in [*picture_ids, cover_id]],
            "sources": [deps[d].value.get("source") for d in art_ids],
        }

    planned = {str(p["story"]): graph.tasks[pid].params.get("size") for p, pid in zip([p for p in kept if p["kind"] == "story"], picture_ids)}
    pages_id = ids.task_id(book, PAGES)
    graph.add(Task(pages_id, PAGES, PLUGIN, VERSION, {**params, "planned": planned}, _make_pages(theme), deps=(ids.story(book),), select=words, book=book.slug, label="ebook pages"))
    deps = tuple(dict.fromkeys((ids.story(book), pages_id, *art_ids, cover_id)))
    graph.add(Task(ids.ebook(book), ids.EBOOK, PLUGIN, VERSION, params, _assemble(theme, art_ids), deps=deps, select=select, publish={ids.EBOOK_FILE: ids.EBOOK_FILE}, book=book.slug, label="ebook"))


def identifier(book: Book) -> str:
    """The same book keeps its identifier across editions and machines: title and author."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"bookbuild:ebook:{book.title}\n{book.author}").urn


def _proof_pages(book: Book, graph: Graph) -> list[int]:
    """The printed pages that carry the print's proof mark (the offline provider's): the
    ebook marks the same pages, so a proof is never mistaken for the book."""
    interior = graph.tasks.get(ids.interior(book))
    made = interior.params.get("proof") if interior else None
    return list(made["pages"]) if made else []


def _line_of(book: Book, key: str) -> int | None:
    from bookbuild.spec import yamlsrc

    try:
        return yamlsrc.line_of(yamlsrc.load((book.root / "book.yaml").read_text(encoding="utf-8")), key)
    except Exception:  # noqa: BLE001 - only for the message: the book loaded already
        return None


class _Pages:
    """What the ebook's pages are made from, and the pages: XHTML, stylesheet,
    navigation, fonts and the pictures of the text, zipped."""

    def __init__(self, ctx: TaskContext, theme: Theme):
        from bookbuild.render.pdf import source_date, template_renderer

        self.ctx, self.theme, self.params, book = ctx, theme, ctx.task.params, ctx.book
        self.story = ctx.input(ids.STORY).value["pages"]
        self.fonts = theme_fonts(theme)
        ppi = self.params["size"][0] / book.trim.width
        layout = self.params["layout"]
        self.context = {
            "book": {**self.params["book"], "keywords": self.params["keywords"]},
            "words": self.params["words"],
            "size": {"width": self.params["size"][0], "height": self.params["size"][1]},
            "live": layout["live"],
            "panel": layout["panel"],
            "fonts": list(self.fonts.faces),
            "family": self.fonts.family,
            "pt": lambda points: round(points * ppi / 72, 2),
            "inch": lambda inches: round(inches * ppi, 2),
        }
        self.renderer = template_renderer(theme, ctx.project.pm, book, fallback=TEMPLATES, cache_dir=ctx.project.cache.directory)
        self.modified = archive.stamp(source_date())

    def render(self, template: str, extra: dict[str, Any]) -> bytes:
        return self.renderer(template, {**self.context, **extra}).encode("utf-8")

    def zipped(self, sizes: dict[str, list[int]]) -> tuple[bytes, dict[str, Any]]:
        """The pages zipped, each story page's picture placed as if of ``sizes[story page]``
        pixels, and what the package document lists of them."""
        params, layout = self.params, self.params["layout"]
        type_sizes = _story_sizes(self.theme, self.story, layout["panel"])
        files: list[tuple[str, bytes]] = [("META-INF/container.xml", CONTAINER.encode())]
        entries = []
        text_images: dict[str, tuple[str, bytes]] = {}  # pictures in the story text: resource -> (file, bytes)
        for page in params["pages"]:
            entry = {**page, "id": f"p{page['index']:03d}", "picture": None}
            entry["file"] = f"{entry['id']}.xhtml"
            extra: dict[str, Any] = {"page": entry, "heading": HEADINGS.get(page["kind"], f"page {page['number']}"), "picture": None, "place": None, "text": "", "text_pt": 0, "position": "bottom", "magnify": "", "proof": page["number"] in params["proof"]}
            if page["kind"] == "story":
                words = self.story[page["story"] - 1]
                entry["picture"] = _picture_name(page["story"])
                extra.update(picture=entry["picture"], place=pictures.placement(layout["art"], tuple(sizes[str(page["story"])])), heading=f"page {page['number']}")
                if words.get("text") and words.get("text_position", "bottom") != "none":
                    shown = text_pictures(words.get("images", {}), self.ctx.input(ids.STORY).file, text_images)
                    extra.update(text=story_html(words["text"], shown), position=words.get("text_position", "bottom"), magnify=magnify(entry["id"], 1), text_pt=type_sizes[page["story"] - 1])
            document = self.render("ebook-page.xhtml.j2", extra)
            _well_formed(document, f"page {page['number']} ({page['kind']})")
            files.append((f"{ROOT}/pages/{entry['file']}", document))
            entries.append(entry)
        files.append((f"{ROOT}/css/ebook.css", self.render("ebook.css.j2", {})))
        files.append((f"{ROOT}/nav.xhtml", self.render("ebook-nav.xhtml.j2", navigation(entries, self.context["book"]))))
        files += [(f"{ROOT}/fonts/{face.name}", face.path.read_bytes()) for face in self.fonts.faces]
        files += [(f"{ROOT}/images/{name}", data) for name, data in text_images.values()]
        listed = {"entries": entries, "text_images": [{"file": f, "type": _MEDIA_TYPES[Path(f).suffix]} for f, _ in text_images.values()], "sizes": sizes}
        return archive.write(files, self.modified), listed


def _picture_name(story_page: int) -> str:
    return f"page-{story_page:02d}.jpg"


def _make_pages(theme: Theme):
    def run(ctx: TaskContext) -> Output:
        planned = ctx.task.params["planned"]
        if any(size is None for size in planned.values()):  # a book type whose tasks do not say: made with the pictures
            return Output(value={"sizes": None}, files={PAGES_FILE: b""})
        zipped, listed = _Pages(ctx, theme).zipped(planned)
        return Output(value=listed, files={PAGES_FILE: zipped})

    return run


def _assemble(theme: Theme, art_ids: list[str]):
    def run(ctx: TaskContext) -> Output:
        params = ctx.task.params
        made = _Pages(ctx, theme)
        ai_pictures = sum(1 for d in art_ids if params["ai"]["paid"] and ctx.input(d).value.get("source") == params["ai"]["provider"])
        ai_params = params["ai"]
        # A story written back to pages/ by a paid provider stays AI text (its pages say `generated:`).
        all_text = (ai_params["generated_story"] and ai_params["paid"]) or (ai_params["pages"] > 0 and ai_params["ai_pages"] == ai_params["pages"])
        ai = aicontent.answers(ai_params["declared"], all_text, ai_pictures, ai_params["writer"] or ai_params["provider"], some_text=ai_params["ai_pages"] > 0)
        shown = [p["story"] for p in params["pages"] if p["kind"] == "story"]
        images = [(_picture_name(i), ctx.input(ids.illustration_name(i)).file(ids.IMAGE)) for i in shown]
        sizes = {str(i): list(_pixels(data, name)) for i, (name, data) in zip(shown, images)}
        early = ctx.input(PAGES)
        zipped, listed = (early.file(PAGES_FILE), early.value) if early.value.get("sizes") == sizes else made.zipped(sizes)
        cover = ("cover.jpg", ctx.input(pictures.COVER).file(ids.IMAGE))
        modified = made.modified
        package = made.render("ebook-package.opf.j2", {"identifier": params["identifier"], "modified": modified.strftime("%Y-%m-%dT%H:%M:%SZ"), "ai": ai, "ai_vocabulary": AI_VOCABULARY, "pages": listed["entries"], "cover": cover[0], "text_images": listed["text_images"]})
        _well_formed(package, "the package document")
        epub = archive.append(zipped, [(f"{ROOT}/package.opf", package), *((f"{ROOT}/images/{name}", data) for name, data in [cover, *images])], modified)
        value = {"pages": len(listed["entries"]), "size": params["size"], "cover": params["cover_size"], "fonts": [f.name for f in made.fonts.faces], "ai": ai, "bytes": len(epub)}
        return Output(value=value, files={ids.EBOOK_FILE: epub})

    return run


def _story_sizes(theme: Theme, story: list[dict[str, Any]], panel: dict[str, Any]) -> list[float]:
    """Each page's type size by the print's rule (bookbuild.render.typeset), with the theme's
    font; a theme that names no font files gets its largest size."""
    from bookbuild.render import covers, typeset

    if not theme.config.get("fonts"):
        return [panel["max"]] * len(story)
    return typeset.panel_sizes([p.get("text", "") for p in story], covers.theme_font(theme, "regular"), panel)


def _pixels(jpeg: bytes, name: str) -> tuple[int, int]:
    """A picture's size from its header: nothing is decoded."""
    from PIL import Image, UnidentifiedImageError

    try:
        return Image.open(io.BytesIO(jpeg)).size
    except (UnidentifiedImageError, OSError) as exc:
        raise BuildError(f"the picture for the ebook's {name} cannot be read: {exc}") from None


CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""


def story_html(text: str, images: dict[str, str] | None = None) -> str:
    """The page's Markdown as XHTML, links unwrapped: a printed page cannot follow one,
    and Kindle suppresses books with an anchor inside another (the pop-up's). ``images``:
    each picture's path as written -> its file in the ebook's images/."""
    from bookbuild.render.markdown import to_html

    return _LINK.sub("", to_html(text, images, base="../images/")).strip()


_MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def text_pictures(resources: dict[str, str], read: Any, into: dict[str, tuple[str, bytes]]) -> dict[str, str]:
    """The pictures of a page's text as the ebook carries them (``into``: resource name ->
    (file, bytes)), byte for byte; a WebP one as PNG, which every Kindle shows (EPUB 3.2's
    core image types are JPEG, PNG, GIF and SVG). Returns path as written -> file."""
    for name in resources.values():
        if name not in into:
            data, stem = read(name), Path(name).stem
            into[name] = (name, data) if Path(name).suffix in _MEDIA_TYPES else (f"{stem}.png", _png(data, name))
    return {src: into[name][0] for src, name in resources.items()}


def _png(data: bytes, name: str) -> bytes:
    from PIL import Image, UnidentifiedImageError

    try:
        out = io.BytesIO()
        Image.open(io.BytesIO(data)).save(out, "PNG", optimize=False)
        return out.getvalue()
    except (UnidentifiedImageError, OSError) as exc:
        raise BuildError(f"the picture {name} in the story text cannot be read: {exc}") from None


def magnify(page_id: str, ordinal: int) -> str:
    """Kindle's Region Magnification: tap the text, see it larger (docs/ebook.md)."""
    return json.dumps({"targetId": f"{page_id}-magTarget", "sourceId": f"{page_id}-source", "ordinal": ordinal}, separators=(",", ":"))


def navigation(entries: list[dict[str, Any]], book: dict[str, Any]) -> dict[str, Any]:
    """A short table of contents in page order, and where the story starts."""
    first_story = next((e for e in entries if e["kind"] == "story"), entries[0])
    toc = []
    for e in entries:
        label = book["title"] if e["kind"] == "title" else "The story" if e is first_story else TOC_LABELS.get(e["kind"])
        if label:
            toc.append({"file": e["file"], "label": label})
    return {"toc": toc, "landmarks": [{"type": "bodymatter", "file": first_story["file"], "label": "Start of the story"}]}


def _well_formed(document: bytes, what: str) -> None:
    try:
        ElementTree.fromstring(document)
    except ElementTree.ParseError as exc:
        raise BuildError(f"the ebook's {what} is not well-formed XHTML ({exc}); check the theme's ebook templates") from None
