"""Images in a page's Markdown text: found relative to the page file, inside the repository
only, printed on the page (read back from the PDF), and part of the story task's key."""

from __future__ import annotations

import pytest
from PIL import Image

from helpers import write_files

PAGE = "books/small/pages/02.md"  # prints on page 4


def text_page(repo, body: str) -> None:
    write_files(repo, {PAGE: f"---\nillustration: Owl in the meadow\n---\n{body}\n"})


def page_objects(repo, number: int) -> tuple[list[tuple[int, int]], str]:
    """(pixel sizes of the images on a printed page, its text)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(repo / "build/small/interior.pdf"))
    try:
        page = doc[number - 1]
        sizes = [obj.get_px_size() for obj in page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,), max_depth=8)]
        text = page.get_textpage().get_text_range()
        return sizes, text
    finally:
        doc.close()


@pytest.mark.parametrize(
    ("where", "src"),
    [("books/small/assets/milo.png", "../assets/milo.png"), ("books/small/pictures/milo.png", "../pictures/milo.png"), ("shared/art/milo.png", "/shared/art/milo.png"), ("books/small/assets/Milo the bear.png", "../assets/Milo%20the%20bear.png"), ("books/small/assets/milo.png", "<../assets/milo.png>")],
)
def test_an_image_in_the_text_prints_on_its_page(scratch_repo, cli, where, src):
    (scratch_repo / where).parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (321, 123), (200, 40, 40)).save(scratch_repo / where)
    text_page(scratch_repo, f"Owl met Milo. ![Milo the bear]({src}) They waved.")
    result = cli("build")
    assert result.exit_code == 0, result.output
    sizes, text = page_objects(scratch_repo, 4)
    assert (321, 123) in sizes  # the picture itself, beside the page's illustration
    assert "Owl met Milo." in text and "Milo the bear" not in text  # the alt text is not printed instead


@pytest.mark.parametrize(
    ("src", "message"),
    [
        ("../assets/milo.png", "image '../assets/milo.png': no such file books/small/assets/milo.png"),
        ("assets/milo.png", "image 'assets/milo.png': no such file books/small/pages/assets/milo.png"),
        ("../../../../../../etc/hostname.png", "image '../../../../../../etc/hostname.png' is outside the repository"),
        ("https://example.com/milo.png", "image 'https://example.com/milo.png': images must be files in the repository, not links"),
        ("../book.yaml", "image '../book.yaml': books/small/book.yaml is not a picture bookbuild prints"),
    ],
)
def test_an_image_that_is_not_a_picture_in_the_repository_is_a_spec_error_naming_the_page_and_line(scratch_repo, cli, src, message):
    text_page(scratch_repo, f"Owl met Milo.\n\nThen ![Milo]({src}) waved.")
    result = cli("build")
    assert result.exit_code == 2
    assert f"{PAGE}:6: {message}" in result.output  # line 6: the image's paragraph
    assert not (scratch_repo / "build/small/interior.pdf").exists()


def test_the_images_bytes_are_in_the_key_so_a_new_picture_reprints_the_page(scratch_repo, cli):
    picture = scratch_repo / "books/small/assets/milo.png"
    picture.parent.mkdir(parents=True)
    Image.new("RGB", (200, 100), (200, 40, 40)).save(picture)
    text_page(scratch_repo, "![Milo](../assets/milo.png)")
    assert cli("build").exit_code == 0
    assert (200, 100) in page_objects(scratch_repo, 4)[0]
    assert "every task cached" in cli("build").output  # nothing changed, nothing ran
    Image.new("RGB", (240, 120), (40, 40, 200)).save(picture)  # same path, new picture
    result = cli("build")
    assert "every task cached" not in result.output
    assert (240, 120) in page_objects(scratch_repo, 4)[0]


def test_pictures_used_by_the_text_are_not_reported_as_unused_assets(scratch_repo, cli):
    import json

    (scratch_repo / "books/small/assets").mkdir()
    Image.new("RGB", (200, 100), (200, 40, 40)).save(scratch_repo / "books/small/assets/milo.png")
    Image.new("RGB", (200, 100), (200, 40, 40)).save(scratch_repo / "books/small/assets/tia.png")
    text_page(scratch_repo, "![Milo](../assets/milo.png)")
    result = cli("validate", "--format", "json")
    unused = [f["file"] for f in json.loads(result.output)["findings"] if f["rule"] == "asset-unused"]
    assert unused == ["assets/tia.png"]


def ebook_text_pictures(repo, words: str) -> dict[str, bytes]:
    """The pictures the ebook page showing ``words`` puts in its text: path in the EPUB -> bytes,
    each listed in the manifest with the media type of what it holds."""
    import io

    from bookbuild import epub

    book = epub.read(repo / "build/small/ebook.epub")
    pages = [ref.item.path for ref in book.spine if words in epub.page_text(book.document(ref.item.path))]
    assert len(pages) == 1, pages
    images = [img.get("src") for img in book.document(pages[0]).iter("{http://www.w3.org/1999/xhtml}img")]
    found = {epub.resolve(pages[0].rsplit("/", 1)[0], src): b"" for src in images}
    types = {item.path: item.media_type for item in book.manifest.values()}
    for path in found:
        found[path] = book.files[path]
        kind = Image.open(io.BytesIO(found[path])).format
        assert types[path] == {"PNG": "image/png", "JPEG": "image/jpeg"}[kind], (path, types[path], kind)
    return found


def test_the_ebook_shows_the_texts_pictures_on_their_page(scratch_repo, cli):
    import io
    import json

    assets = scratch_repo / "books/small/assets"
    assets.mkdir()
    Image.new("RGB", (321, 123), (200, 40, 40)).save(assets / "milo.png")
    Image.new("RGB", (90, 60), (40, 160, 40)).save(assets / "leaf.webp")
    text_page(scratch_repo, "Owl met Milo. ![Milo](../assets/milo.png) ![a leaf](../assets/leaf.webp) ![Milo again](../assets/milo.png)")
    assert cli("build").exit_code == 0
    shown = ebook_text_pictures(scratch_repo, "Owl met Milo.")
    assert len(shown) == 2  # one file for milo.png, however often the text shows it
    as_built = {Image.open(io.BytesIO(data)).size: data for data in shown.values()}
    assert as_built[(321, 123)] == (assets / "milo.png").read_bytes()  # byte for byte
    assert Image.open(io.BytesIO(as_built[(90, 60)])).format == "PNG"  # WebP is no EPUB 3.2 core type
    findings = json.loads(cli("validate", "--format", "json").output)["findings"]
    assert [f for f in findings if f["rule"].startswith("ebook-")] == []
    Image.new("RGB", (240, 120), (40, 40, 200)).save(assets / "milo.png")  # a new picture: a new ebook
    assert cli("build").exit_code == 0
    assert (240, 120) in {Image.open(io.BytesIO(d)).size for d in ebook_text_pictures(scratch_repo, "Owl met Milo.").values()}


@pytest.mark.parametrize("image", ["![Milo the bear waving hello](../assets/milo.png)", "![Milo](<../assets/Milo the bear.png>)", '![Milo](../assets/milo.png "Milo")', "![](../assets/milo.png)"])
def test_a_pictures_path_and_alt_text_are_not_words_to_size_or_count(image):
    """The words printed are what the type is sized by and the reading level counts: an
    image's path and alt text are not printed, so they are not among them."""
    from bookbuild import reading
    from bookbuild.render import typeset

    text = f"Owl met Milo. {image} They waved."
    assert [" ".join(p.split()) for p in typeset.paragraphs(text)] == ["Owl met Milo. They waved."]
    assert reading.words(text) == ["Owl", "met", "Milo", "They", "waved"]
    assert reading.sentences(text) == [["Owl", "met", "Milo"], ["They", "waved"]]
