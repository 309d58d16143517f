"""The Kindle edition of every sample picture book, of a book fresh from `bookbuild new`
and of a landscape board book without bleed: the W3C's epubcheck finds no error and
no warning, and read back (bookbuild.epub, pypdfium2 on the print PDFs) each ebook is
the printed book: the same pages less the blanks, the same words on each, the same
pictures at the size its metadata claims, the printed front cover, the theme's fonts."""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat

from bookbuild.epub import page_text, read
from bookbuild.project import Project
from helpers import REPO, SAMPLES
from helpers.ebook import INSTALL_HINT, epubcheck, epubcheck_command, picture_books

SHELF = [*picture_books(SAMPLES), "fresh", "board"]
WORD = re.compile(r"\w+")
PROOF_MARK = ["proof", "offline", "draft", "not", "for", "sale"]  # "Proof · offline draft, not for sale"


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def printed_pages(pdf_path) -> list[dict]:
    """Each printed page: blank or not (no page objects at all), its words."""
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        return [{"blank": not list(page.get_objects()), "words": words(page.get_textpage().get_text_range())} for page in doc]
    finally:
        doc.close()


def render_region(pdf_path, page_index: int, box_in: tuple[float, float, float, float], size: tuple[int, int]) -> Image.Image:
    """The part of a printed page inside box_in (left, top, right, bottom in inches), at ``size`` pixels."""
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        page = doc[page_index]
        width, height = page.get_size()
        left, top, right, bottom = (v * 72 for v in box_in)
        scale = size[0] / (right - left)
        image = page.render(scale=scale, crop=(left, height - bottom, width - right, top)).to_pil().convert("RGB")
    finally:
        doc.close()
    return image.resize(size, Image.Resampling.LANCZOS)


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel, 0-255."""
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


@pytest.fixture(scope="module")
def epubchecked(shelf, tmp_path_factory) -> dict:
    """epubcheck's errors and warnings for every ebook of the shelf, and for a copy of one
    broken on purpose (a page naming a picture the ebook lacks), in one batch."""
    from helpers.ebook import entry, rewrite

    if epubcheck_command() is None:
        pytest.skip(INSTALL_HINT)
    source = shelf / "build/board/ebook.epub"
    page = entry(source, "OEBPS/pages/p003.xhtml").replace(b"page-01.jpg", b"page-99.jpg")
    broken = rewrite(source, tmp_path_factory.mktemp("broken") / "broken.epub", {"OEBPS/pages/p003.xhtml": page})
    results = epubcheck([*(shelf / "build" / slug / "ebook.epub" for slug in SHELF), broken])
    return {("broken" if path == broken else path.parent.name): messages for path, messages in results.items()}


def test_epubcheck_finds_no_error_and_no_warning(epubchecked):
    assert {slug: messages for slug, messages in epubchecked.items() if slug != "broken" and messages} == {}
    assert set(epubchecked) == {*SHELF, "broken"}


def test_epubcheck_does_find_a_broken_ebook(epubchecked):
    """The check above can fail: a page that names a picture the ebook lacks is an error."""
    assert any(m.startswith("ERROR") and "page-99.jpg" in m for m in epubchecked["broken"]), epubchecked["broken"]


def story_of(root, slug) -> list[dict]:
    """The story the build printed (a no-op build: every task comes from the cache)."""
    from bookbuild.engine.build import build

    project = Project.open(root)
    try:
        report = build(project, [slug])
    finally:
        project.cache.close()
    assert report.books[0].totals["ran"] == 0
    return next(r for r in report.books[0].results if r.task.name == "story").output.value["pages"]


@pytest.mark.parametrize("slug", SHELF)
def test_the_ebook_is_the_printed_book_page_for_page(shelf, slug):
    from bookbuild.render.markdown import to_html

    book = Project.open(shelf).load_books([slug])[0]
    ebook = read(shelf / "build" / slug / "ebook.epub")
    printed = printed_pages(shelf / "build" / slug / "interior.pdf")
    kept = [p for p in printed if not p["blank"]]
    assert printed[: len(kept)] == kept, "the theme pads with blank pages at the end only"
    assert len(ebook.spine) == len(kept), "one ebook page per printed page, blanks left out"
    texts = [words(page_text(ebook.document(ref.item.path))) for ref in ebook.spine]
    # The theme's pages, then the story (words from the story the build printed; the PDF's
    # own text layer mangles ligatures such as "fl"), then The End.
    story = story_of(shelf, slug)
    assert texts[0] == words(f"{book.title} {book.subtitle} {book.author}")
    subtitle = f": {book.subtitle}" if book.subtitle else ""
    assert texts[1] == words(f"{book.dedication} {book.title}{subtitle} Text and illustrations © {book.copyright_year or ''} {book.author}. All rights reserved. Edition {book.version}")
    for number, page in enumerate(story, 3):
        wanted = words(re.sub(r"<[^>]+>", " ", to_html(page["text"]))) if page["text_position"] != "none" else []
        # A proof's mark (the offline provider's pictures) on the pages the print marks, after the words.
        marked = f" {' '.join(PROOF_MARK)} " in f" {' '.join(kept[number - 1]['words'])} "
        assert texts[number - 1] == wanted + (PROOF_MARK if marked else []), f"page {number}"
    assert texts[len(story) + 2:] == [["the", "end"]]
    for number, ref in enumerate(ebook.spine, 1):
        # Print sides kept: page 1 on the right, so a landscape spread shows facing pages.
        assert ref.properties == ("page-spread-right" if number % 2 else "page-spread-left",)


def backgrounds(ebook, ref) -> list[dict]:
    """A page's background pictures as its style places them: file, size shown, offset."""
    found = []
    for element in ebook.document(ref.item.path).iter():
        style = element.get("style", "")
        if "background-image" in style:
            url = re.search(r"url\(([^)]+)\)", style).group(1)
            size = re.search(r"background-size: (\d+)px (\d+)px", style)
            offset = re.search(r"background-position: (-?\d+)px (-?\d+)px", style)
            found.append({"path": "OEBPS/" + url.removeprefix("../"), "size": tuple(map(int, size.groups())), "offset": tuple(map(int, offset.groups()))})
    return found


def printed_art(book, number: int) -> tuple[float, float, float, float]:
    """Where the print puts a story picture on page ``number``, inches from the page box's
    top left (left, top, width, height): the whole page with bleed; inside KDP's margins
    (mirrored: the gutter inside) without."""
    from bookbuild.kdp import geometry

    box = geometry.interior_page(book.trim, book.page_count, book.bleed)
    if book.bleed:
        return 0.0, 0.0, box.width, box.height
    left = box.gutter if number % 2 else box.outside
    return left, box.outside, book.trim.width - box.gutter - box.outside, book.trim.height - 2 * box.outside


@pytest.mark.parametrize("slug", SHELF)
def test_fixed_layout_at_the_prints_resolution(shelf, slug):
    book = Project.open(shelf).load_books([slug])[0]
    ebook = read(shelf / "build" / slug / "ebook.epub")
    assert ebook.meta("rendition:layout") == ["pre-paginated"]
    assert ebook.meta("rendition:spread") == ["landscape"] and ebook.meta("rendition:orientation") == ["auto"]
    size = (round(book.trim.width * 300), round(book.trim.height * 300))  # the trim at the print's 300 px an inch
    assert ebook.named("original-resolution") == f"{size[0]}x{size[1]}"
    assert ebook.named("book-type") == "children" and ebook.named("RegionMagnification") == "true"
    pictures = 0
    for number, ref in enumerate(ebook.spine, 1):
        root = ebook.document(ref.item.path)
        viewport = [m.get("content") for m in root.iter("{http://www.w3.org/1999/xhtml}meta") if m.get("name") == "viewport"]
        assert viewport == [f"width={size[0]}, height={size[1]}"]
        for placed in backgrounds(ebook, ref):
            image = Image.open(io.BytesIO(ebook.files[placed["path"]]))
            assert image.format == "JPEG" and placed["size"] == image.size, f"{ref.item.path}: shown at its own pixel size, never stretched"
            (x, y), (w, h) = placed["offset"], image.size
            fills = x <= 0 and y <= 0 and x + w >= size[0] and y + h >= size[1]
            inside = x >= 0 and y >= 0 and x + w <= size[0] and y + h <= size[1]
            assert fills if book.bleed else inside, f"{ref.item.path}: full bleed fills the page; without bleed the margins stay"
            _, _, art_w, art_h = printed_art(book, number)
            assert abs(w / art_w - 300) < 1 and abs(h / art_h - 300) < 1, "300 px an inch, the size it is printed"
            pictures += 1
    assert pictures == len(book.pages) if book.pages else pictures > 0


@pytest.mark.parametrize("slug", SHELF)
def test_pictures_are_the_printed_pictures_where_the_print_has_them(shelf, slug):
    """Each picture is the very JPEG the interior PDF prints, and the part of it a page
    shows is what the printed page shows there (interior.pdf rendered, compared away
    from the text panel): neither shifted nor stretched. Only the placement differs
    where it must: the ebook has no gutter, so a picture inside margins is centred."""
    from pypdf import PdfReader

    book = Project.open(shelf).load_books([slug])[0]
    ebook = read(shelf / "build" / slug / "ebook.epub")
    interior = shelf / "build" / slug / "interior.pdf"
    xobjects = [x.get_object() for page in PdfReader(interior).pages for x in page["/Resources"].get("/XObject", {}).values()]
    printed_jpegs = {x._data for x in xobjects if x.get("/Filter") == "/DCTDecode"}
    story = [r for r in ebook.spine if backgrounds(ebook, r)]
    assert all(ebook.files[backgrounds(ebook, r)[0]["path"]] in printed_jpegs for r in story), "byte for byte the print's pictures"
    size = tuple(int(v) for v in ebook.named("original-resolution").split("x"))
    for ref in story[:2]:  # a right-hand page, then a left-hand one
        number = ebook.spine.index(ref) + 1
        placed = backgrounds(ebook, ref)[0]
        picture = Image.open(io.BytesIO(ebook.files[placed["path"]])).convert("RGB")
        (x, y), (w, h) = placed["offset"], picture.size
        seen = (max(0, -x), max(0, -y), min(w, size[0] - x), min(h, size[1] - y))  # the part on the page, picture pixels
        shown = picture.crop(seen)
        left, top, art_w, art_h = printed_art(book, number)
        where = (left + seen[0] / w * art_w, top + seen[1] / h * art_h, left + seen[2] / w * art_w, top + seen[3] / h * art_h)
        band = (0, shown.height // 3, shown.width, 2 * shown.height // 3)  # the text is at the top or the bottom, never here
        printed = render_region(interior, number - 1, where, shown.size)
        assert difference(shown.crop(band), printed.crop(band)) < 2, f"page {number}"  # about 0.5: rendering
        shifted = render_region(interior, number - 1, (where[0] + 0.1, where[1], where[2] + 0.1, where[3]), shown.size)
        assert difference(shown.crop(band), shifted.crop(band)) > difference(shown.crop(band), printed.crop(band)) + 3, "the comparison tells a shift"


@pytest.mark.parametrize("slug", SHELF)
def test_the_cover_is_the_printed_front_cover(shelf, slug):
    book = Project.open(shelf).load_books([slug])[0]
    ebook = read(shelf / "build" / slug / "ebook.epub")
    covers = ebook.with_property("cover-image")
    assert len(covers) == 1 and ebook.named("cover") == covers[0].id
    assert all(r.item.id != covers[0].id for r in ebook.spine), "no HTML cover page: the cover is shown once"
    image = Image.open(io.BytesIO(ebook.files[covers[0].path]))
    assert image.format == "JPEG" and max(image.size) == 2560  # KDP: 2560 recommended, 1600 at least
    assert abs(image.size[0] / image.size[1] - book.trim.width / book.trim.height) < 0.002
    doc = pdfium.PdfDocument(str(shelf / "build" / slug / "cover.pdf"))
    width_in = doc[0].get_size()[0] / 72
    doc.close()
    front = (width_in - 0.125 - book.trim.width, 0.125, width_in - 0.125, 0.125 + book.trim.height)
    printed = render_region(shelf / "build" / slug / "cover.pdf", 0, front, (640, round(640 * image.size[1] / image.size[0])))
    assert difference(image.convert("RGB").resize(printed.size, Image.Resampling.LANCZOS), printed) < 3


@pytest.mark.parametrize("slug", SHELF)
def test_the_themes_fonts_travel_with_the_ebook(shelf, slug):
    ebook = read(shelf / "build" / slug / "ebook.epub")
    fonts = {i.path.rsplit("/", 1)[1]: ebook.files[i.path] for i in ebook.manifest.values() if i.media_type == "font/ttf"}
    theme_fonts = REPO / "themes/picture-book/fonts"
    assert fonts == {name: (theme_fonts / name).read_bytes() for name in ("Andika-Regular.ttf", "Andika-Bold.ttf")}, "embedded whole, unchanged"
    css = ebook.text("OEBPS/css/ebook.css")
    assert css.count('@font-face { font-family: "Andika"') == 2
    assert re.search(r'body \{ font-family: "Andika"', css)


@pytest.mark.parametrize("slug", SHELF)
def test_metadata_names_the_book_its_edition_and_its_ai_content(shelf, slug):
    book = Project.open(shelf).load_books([slug])[0]
    ebook = read(shelf / "build" / slug / "ebook.epub")
    assert ebook.dc("title")[0] == book.title and ebook.dc("creator") == [book.author] and ebook.dc("language") == ["en-US"]  # `en`: the theme's en-US words
    assert ebook.dc("identifier")[0].startswith("urn:uuid:")
    assert ebook.meta("schema:bookEdition") == [book.version]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", ebook.meta("dcterms:modified")[0])
    # Offline: the grammar's text and procedural pictures are not AI, as KDP's form counts it.
    assert [ebook.meta(f"kdp-ai:{q}") for q in ("generated", "text", "images", "translations")] == [["no"], ["None"], ["None"], ["None"]]
