"""``validate_ebook``: the built EPUB read back (bookbuild.epub) and held to this
ebook's rules, one finding per problem, each naming the page and the fix.

- ``ebook-structure``: a readable EPUB: mimetype first and stored, a package
  document, a navigation document, pages that parse, every file they use present
- ``ebook-layout``: fixed layout (rendition:layout pre-paginated), Kindle's
  original-resolution, every page's viewport that size, a page-spread side for each
  page, no more pages than the print book
- ``ebook-images``: each page's picture shown at its own pixel size, filling the page or
  wholly on it
- ``ebook-cover``: a cover image (the manifest's cover-image), JPEG or PNG, at least
  1600 px on its long side (error), KDP's recommended 2560 (warning)
- ``ebook-fonts``: every @font-face file inside the EPUB, the text's family embedded
- ``ebook-text``: the title on a page; every hand-written page's words on its page
- ``ebook-metadata``: title, author, language, identifier, modified date, edition,
  and KDP's AI-content answers

epubcheck (the W3C's validator) is run on the same files by the tests and CI.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from bookbuild import epub as epubs
from bookbuild.findings import Finding
from bookbuild.graph import ids
from bookbuild.render.words import locale

from . import options
from .fonts import first_family, font_face_rules, font_urls, text_families

if TYPE_CHECKING:
    from bookbuild.spec.model import Book

FILE = ids.EBOOK_FILE
AI_ANSWERS = ("kdp-ai:generated", "kdp-ai:text", "kdp-ai:images", "kdp-ai:translations")
_VIEWPORT = re.compile(r"width\s*=\s*(\d+)\s*,\s*height\s*=\s*(\d+)")
_RESOLUTION = re.compile(r"^(\d+)x(\d+)$")
_BACKGROUND = re.compile(r"background-image\s*:\s*url\(\s*['\"]?([^'\")]+)")
_BACKGROUND_SIZE = re.compile(r"background-size\s*:\s*(\d+)px\s+(\d+)px")
_BACKGROUND_POSITION = re.compile(r"background-position\s*:\s*(-?\d+)(?:px)?\s+(-?\d+)(?:px)?")
_WORD = re.compile(r"\w+")


def check_ebook(book: Book, path: Path) -> list[Finding]:
    try:
        book_file = epubs.read(path)
    except epubs.EpubError as exc:
        return [_error("ebook-structure", f"the ebook cannot be read: {exc}", "rebuild it")]
    findings = _container(book_file)
    findings += _metadata(book, book_file)
    pages = _pages(book_file, findings)
    findings += _layout(book, book_file, pages)
    findings += _cover(book_file)
    findings += _fonts(book_file)
    findings += _text(book, pages)
    return findings


def _error(rule: str, message: str, fix: str = "", page: int | None = None, severity: str = "error") -> Finding:
    return Finding(rule, severity, f"{message}{'; ' + fix if fix else ''}", page=page, file=FILE)  # type: ignore[arg-type]


def _container(book_file: epubs.Epub) -> list[Finding]:
    first = book_file.infos[0] if book_file.infos else None
    if first is None or first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED or first.extra or book_file.files["mimetype"] != epubs.MIMETYPE.encode():
        return [_error("ebook-structure", "the zip must start with an uncompressed 'mimetype' entry holding application/epub+zip, as readers look for it there", "rebuild it with bookbuild")]
    problems = []
    if not book_file.with_property("nav"):
        problems.append(_error("ebook-structure", "the ebook has no navigation document (a manifest item with properties=\"nav\")"))
    if not book_file.spine:
        problems.append(_error("ebook-structure", "the ebook's spine lists no pages"))
    listed = {i.path for i in book_file.manifest.values()}
    for item in book_file.manifest.values():
        if item.path not in book_file.files:
            problems.append(_error("ebook-structure", f"{item.path} is in the manifest but not in the zip"))
    for name in book_file.files:
        if name not in listed and name not in ("mimetype", book_file.package_path) and not name.startswith("META-INF/"):
            problems.append(_error("ebook-structure", f"{name} is in the zip but not in the manifest", "every file an EPUB carries is listed in its package document"))
    return problems


class Page:
    """One spine page, parsed: its number in the ebook, viewport, pictures and words."""

    def __init__(self, number: int, item: epubs.Item, spread: tuple[str, ...], root: ElementTree.Element, book_file: epubs.Epub):
        self.number = number
        self.path = item.path
        self.spread = [p for p in spread if "page-spread" in p]
        meta = [e.get("content", "") for e in root.iter(f"{{{epubs.XHTML}}}meta") if e.get("name") == "viewport"]
        found = _VIEWPORT.search(meta[0]) if meta else None
        self.viewport = (int(found.group(1)), int(found.group(2))) if found else None
        base = item.path.rsplit("/", 1)[0]
        self.backgrounds = [_background(base, e.get("style", "")) for e in root.iter() if _BACKGROUND.search(e.get("style", ""))]
        self.text = epubs.page_text(root)
        self.references = book_file.references(item.path)


class Background:
    """A page's background picture as its style places it: the file, the size it is shown
    at (None: its own), and the offset of its top left corner from the page's."""

    def __init__(self, path: str, size: tuple[int, int] | None, offset: tuple[int, int]):
        self.path, self.size, self.offset = path, size, offset


def _background(base: str, style: str) -> Background:
    size = _BACKGROUND_SIZE.search(style)
    offset = _BACKGROUND_POSITION.search(style)
    return Background(
        epubs.resolve(base, _BACKGROUND.search(style).group(1)),
        (int(size.group(1)), int(size.group(2))) if size else None,
        (int(offset.group(1)), int(offset.group(2))) if offset else (0, 0),
    )


def _pages(book_file: epubs.Epub, findings: list[Finding]) -> list[Page]:
    pages = []
    for number, ref in enumerate(book_file.spine, 1):
        if ref.item.path not in book_file.files:
            continue  # reported by _container
        try:
            root = book_file.document(ref.item.path)
        except epubs.EpubError as exc:
            findings.append(_error("ebook-structure", str(exc), "check the theme's ebook templates", page=number))
            continue
        page = Page(number, ref.item, ref.properties, root, book_file)
        missing = [r for r in page.references if r not in book_file.files]
        if missing:
            findings.append(_error("ebook-structure", f"{ref.item.path} uses {', '.join(missing)}, which the ebook does not carry", page=number))
        pages.append(page)
    return pages


def _layout(book: Book, book_file: epubs.Epub, pages: list[Page]) -> list[Finding]:
    problems = []
    if book_file.meta("rendition:layout") != ["pre-paginated"]:
        problems.append(_error("ebook-layout", f"rendition:layout is {book_file.meta('rendition:layout') or 'not set'}, not pre-paginated: a picture book is a fixed-layout ebook"))
    resolution = _RESOLUTION.match(book_file.named("original-resolution") or "")
    size = (int(resolution.group(1)), int(resolution.group(2))) if resolution else None
    if size is None:
        problems.append(_error("ebook-layout", "no original-resolution (e.g. <meta name=\"original-resolution\" content=\"2550x2550\"/>): Kindle requires it for fixed layout"))
    elif abs(size[0] / size[1] - book.trim.width / book.trim.height) > 0.01:
        problems.append(_error("ebook-layout", f"original-resolution {size[0]}x{size[1]} is not the shape of the {book.trim.name} in trim"))
    if len(pages) > book.page_count:
        problems.append(_error("ebook-layout", f"{len(pages)} ebook pages, more than the {book.page_count} printed"))
    for page in pages:
        if page.viewport is None:
            problems.append(_error("ebook-layout", "the page has no viewport (<meta name=\"viewport\" content=\"width=..., height=...\"/>)", page=page.number))
        elif size and page.viewport != size:
            problems.append(_error("ebook-layout", f"the page is {page.viewport[0]}x{page.viewport[1]} px, the book's original-resolution {size[0]}x{size[1]}", page=page.number))
        if not page.spread:
            problems.append(_error("ebook-layout", "the page has no page-spread-left or -right: in landscape its facing page is left to chance", page=page.number, severity="warning"))
    problems += _pictures(book_file, pages)
    return problems


def _pictures(book_file: epubs.Epub, pages: list[Page]) -> list[Finding]:
    """Each page's picture at its own pixel size (never stretched by the reader), and
    either filling the page (a full-bleed picture) or wholly on it (one printed inside
    the margins): never cut off at one edge with white showing at another."""
    from PIL import Image, UnidentifiedImageError

    problems = []
    for page in pages:
        for picture in page.backgrounds:
            if picture.path not in book_file.files:
                continue  # reported as a missing reference
            try:
                size = Image.open(io.BytesIO(book_file.files[picture.path])).size
            except (UnidentifiedImageError, OSError) as exc:
                problems.append(_error("ebook-images", f"{picture.path} is not a picture a reader can show: {exc}", page=page.number))
                continue
            shown = picture.size or size
            if shown != size:
                problems.append(_error("ebook-images", f"{picture.path} is {size[0]}x{size[1]} px but shown at {shown[0]}x{shown[1]}: the reader would stretch it", "rebuild the ebook", page=page.number))
            x, y = picture.offset
            covers = x <= 0 and y <= 0 and x + shown[0] >= (page.viewport or shown)[0] and y + shown[1] >= (page.viewport or shown)[1]
            inside = x >= 0 and y >= 0 and x + shown[0] <= (page.viewport or shown)[0] and y + shown[1] <= (page.viewport or shown)[1]
            if page.viewport and not (covers or inside):
                problems.append(_error("ebook-images", f"{picture.path} ({shown[0]}x{shown[1]} px at {x},{y}) is cut off by the edge of the {page.viewport[0]}x{page.viewport[1]} px page without filling it", "rebuild the ebook", page=page.number))
    return problems


def _cover(book_file: epubs.Epub) -> list[Finding]:
    from PIL import Image, UnidentifiedImageError

    covers = book_file.with_property("cover-image")
    if not covers:
        return [_error("ebook-cover", "no cover image (a manifest item with properties=\"cover-image\"): Kindle shows the first page instead")]
    cover = covers[0]
    try:
        image = Image.open(io.BytesIO(book_file.files.get(cover.path, b"")))
        size, kind = image.size, image.format
    except (UnidentifiedImageError, OSError):
        return [_error("ebook-cover", f"the cover {cover.path} is not a picture")]
    if kind not in ("JPEG", "PNG"):
        return [_error("ebook-cover", f"the cover is {kind}; KDP takes JPEG (or TIFF for the separate upload)")]
    if max(size) < options.COVER_MIN_LONG_SIDE:
        return [_error("ebook-cover", f"the cover is {size[0]}x{size[1]} px: KDP needs at least {options.COVER_MIN_LONG_SIDE} px on its long side")]
    if max(size) < options.COVER_LONG_SIDE:
        return [_error("ebook-cover", f"the cover is {size[0]}x{size[1]} px; KDP recommends {options.COVER_LONG_SIDE} px on the long side", "rebuild it with bookbuild, which makes it that size", severity="warning")]
    return []


def _fonts(book_file: epubs.Epub) -> list[Finding]:
    problems, families, used = [], set(), set()
    for sheet in (i for i in book_file.manifest.values() if i.media_type == "text/css" and i.path in book_file.files):
        css = book_file.text(sheet.path)
        base = sheet.path.rsplit("/", 1)[0]
        for rule in font_face_rules(css):
            families.add(first_family(rule.get("font-family", "")))
            for src in font_urls(rule):
                font = epubs.resolve(base, src)
                item = next((i for i in book_file.manifest.values() if i.path == font), None)
                if font not in book_file.files or item is None:
                    problems.append(_error("ebook-fonts", f"{sheet.path} embeds {src}, which the ebook does not carry"))
                elif "font" not in item.media_type and "opentype" not in item.media_type:  # font/ttf, application/vnd.ms-opentype...
                    problems.append(_error("ebook-fonts", f"{font} is listed as {item.media_type}, not as a font"))
        used |= set(text_families(css))
    if not families:
        return problems + [_error("ebook-fonts", "the ebook embeds no font: Kindle shows the text in a font of its own, and lines break differently from print", "declare the theme's fonts with @font-face in its CSS", severity="warning")]
    generic = {"serif", "sans-serif", "monospace", "cursive", "fantasy"}
    for family in sorted(used - families - generic):
        problems.append(_error("ebook-fonts", f"the text asks for the font {family!r}, which the ebook does not embed"))
    return problems


def _text(book: Book, pages: list[Page]) -> list[Finding]:
    from bookbuild.render.markdown import words_html

    problems = []
    if not any(_words(book.title) and _contains(_words(p.text), _words(book.title)) for p in pages):
        problems.append(_error("ebook-text", f"no page shows the title {book.title!r}"))
    story = [p for p in pages if p.backgrounds]
    written = [p for p in book.pages]
    if written and len(story) != len(written):
        return problems + [_error("ebook-text", f"{len(written)} pages in pages/, {len(story)} story pages in the ebook")]
    for page, source in zip(story, written):
        wanted = _words(re.sub(r"<[^>]+>", " ", words_html(source.text))) if source.text_position != "none" else []
        if wanted and not _contains(_words(page.text), wanted):
            problems.append(_error("ebook-text", f"the words of {source.source} are not on the page", "rebuild the ebook", page=page.number))
    for page in pages:
        if not page.text and not page.backgrounds:
            problems.append(_error("ebook-text", "the page is empty: no words and no picture", page=page.number))
    return problems


def _metadata(book: Book, book_file: epubs.Epub) -> list[Finding]:
    problems = []
    for name in ("identifier", "title", "creator", "language"):
        if not any(book_file.dc(name)):
            problems.append(_error("ebook-metadata", f"dc:{name} is missing"))
    if book_file.dc("title") and book_file.dc("title")[0] != book.title:
        problems.append(_error("ebook-metadata", f"the ebook's title is {book_file.dc('title')[0]!r}, the book's {book.title!r}", "rebuild the ebook"))
    language = locale(book.language)  # book.yaml's `en` is en-US, as the theme's words are
    if book_file.dc("language") and book_file.dc("language")[0] != language:
        problems.append(_error("ebook-metadata", f"the ebook's language is {book_file.dc('language')[0]!r}, the book's {language!r}", "rebuild the ebook"))
    if not book_file.meta("dcterms:modified"):
        problems.append(_error("ebook-metadata", "dcterms:modified is missing (EPUB 3 requires it)"))
    if book_file.meta("schema:bookEdition") != [book.version]:
        problems.append(_error("ebook-metadata", f"the edition is {book_file.meta('schema:bookEdition') or 'not given'}, the book's version {book.version}", "rebuild the ebook"))
    missing = [m for m in AI_ANSWERS if not book_file.meta(m)]
    if missing:
        problems.append(_error("ebook-metadata", f"KDP's AI-content answers are missing ({', '.join(missing)})", severity="warning"))
    return problems


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _contains(haystack: list[str], needle: list[str]) -> bool:
    """``needle`` appears in ``haystack`` as one run of words."""
    if not needle:
        return True
    text, part = " " + " ".join(haystack) + " ", " " + " ".join(needle) + " "
    return part in text
