"""validate_ebook's rules on the small book's real ebook, and on copies broken one way
each: every kind of damage is found, named by its rule, its page and what to do."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from bookbuild.plugins.exporters.ebook.checks import check_ebook
from bookbuild.project import Project
from helpers.ebook import entry, rewrite

OPF, CSS = "OEBPS/package.opf", "OEBPS/css/ebook.css"


@pytest.fixture(scope="module")
def small(built_small):
    book = Project.open(built_small).load_books(["small"])[0]
    return book, built_small / "build/small/ebook.epub"


def jpeg(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def sub(path, name: str, old: str, new: str, count: int = 0) -> bytes:
    text = entry(path, name).decode()
    assert re.search(old, text), f"{old!r} not in {name}"
    return re.sub(old, new, text, count=count).encode()


def findings(small, tmp_path, changes=None, **options) -> list[tuple[str, str, int | None, str]]:
    book, source = small
    broken = rewrite(source, tmp_path / "broken.epub", (changes(source) if callable(changes) else changes) or {}, **options)
    return [(f.rule, f.severity, f.page, f.message) for f in check_ebook(book, broken)]


def test_the_built_ebook_passes_every_rule(small, tmp_path):
    book, source = small
    assert check_ebook(book, source) == []
    assert findings(small, tmp_path) == []  # a faithful copy of it, too: the harness breaks nothing by itself


BROKEN = {
    "not a zip": (None, "ebook-structure", None, "cannot be read"),
    "mimetype not first": ({"first": "OEBPS/package.opf"}, "ebook-structure", None, "uncompressed 'mimetype'"),
    "mimetype compressed": ({"compressed": {"mimetype"}}, "ebook-structure", None, "uncompressed 'mimetype'"),
    "no container": (lambda p: {"META-INF/container.xml": None}, "ebook-structure", None, "container.xml is missing"),
    "a file the manifest does not list": (lambda p: {"OEBPS/notes.txt": b"hello"}, "ebook-structure", None, "OEBPS/notes.txt is in the zip but not in the manifest"),
    "a picture left out": (lambda p: {"OEBPS/images/page-05.jpg": None}, "ebook-structure", 7, "uses OEBPS/images/page-05.jpg, which the ebook does not carry"),
    "a page that does not parse": (lambda p: {"OEBPS/pages/p005.xhtml": b"<html><body><p>broken"}, "ebook-structure", 5, "not well-formed"),
    "reflowable": (lambda p: {OPF: sub(p, OPF, "pre-paginated", "reflowable")}, "ebook-layout", None, "not pre-paginated"),
    "no original-resolution": (lambda p: {OPF: sub(p, OPF, r'<meta name="original-resolution"[^>]*/>', "")}, "ebook-layout", None, "no original-resolution"),
    "original-resolution of another shape": (lambda p: {OPF: sub(p, OPF, r'content="\d+x\d+"', 'content="2000x2000"')}, "ebook-layout", None, "not the shape of the 5x8"),
    "a page of another size": (lambda p: {"OEBPS/pages/p006.xhtml": sub(p, "OEBPS/pages/p006.xhtml", r"width=\d+, height=\d+", "width=1000, height=1600")}, "ebook-layout", 6, "the page is 1000x1600 px"),
    "a page without a viewport": (lambda p: {"OEBPS/pages/p002.xhtml": sub(p, "OEBPS/pages/p002.xhtml", r'<meta name="viewport"[^>]*/>', "")}, "ebook-layout", 2, "no viewport"),
    "more pages than the print book": (lambda p: {OPF: sub(p, OPF, r'(<itemref idref="p001"[^>]*/>)', r"\1" * 20)}, "ebook-layout", None, "more than the 24 printed"),
    "a picture stretched by the reader": (lambda p: {"OEBPS/images/page-03.jpg": jpeg((500, 800))}, "ebook-images", 5, "is 500x800 px but shown at 1538x2475"),
    "a picture cut off at one edge, bare at another": (lambda p: {"OEBPS/images/page-03.jpg": jpeg((1000, 1600)), "OEBPS/pages/p005.xhtml": sub(p, "OEBPS/pages/p005.xhtml", r"background-size: \d+px \d+px", "background-size: 1000px 1600px")}, "ebook-images", 5, "is cut off by the edge of the 1500x2400 px page without filling it"),
    "a picture that is not one": (lambda p: {"OEBPS/images/page-04.jpg": b"not a jpeg at all"}, "ebook-images", 6, "not a picture"),
    "no cover image": (lambda p: {OPF: sub(p, OPF, r' properties="cover-image"', "")}, "ebook-cover", None, "no cover image"),
    "a cover too small for KDP": (lambda p: {"OEBPS/images/cover.jpg": jpeg((600, 960))}, "ebook-cover", None, "at least 1600 px"),
    "a stylesheet naming a font the ebook lacks": (lambda p: {CSS: sub(p, CSS, "Andika-Bold.ttf", "Andika-Black.ttf")}, "ebook-fonts", None, "embeds ../fonts/Andika-Black.ttf"),
    "text in a font not embedded": (lambda p: {CSS: sub(p, CSS, r'body \{ font-family: "Andika"', 'body { font-family: "Comic Sans"')}, "ebook-fonts", None, "'Comic Sans'"),
    "a page's words left out": (lambda p: {"OEBPS/pages/p005.xhtml": sub(p, "OEBPS/pages/p005.xhtml", "This is page 3.", "This is page three.")}, "ebook-text", 5, "the words of books/small/pages/03.md"),
    "no page shows the title": (lambda p: {f"OEBPS/pages/p00{n}.xhtml": sub(p, f"OEBPS/pages/p00{n}.xhtml", ">Small Fox", ">Tiny Fox") for n in (1, 2)}, "ebook-text", None, "no page shows the title"),
    "an empty page": (lambda p: {"OEBPS/pages/p024.xhtml": sub(p, "OEBPS/pages/p024.xhtml", r"<h2>The End</h2>|&#8226;|\u2022", "")}, "ebook-text", 24, "the page is empty"),
    "another title": (lambda p: {OPF: sub(p, OPF, r'<dc:title id="title">Small Fox', '<dc:title id="title">Big Fox')}, "ebook-metadata", None, "title is 'Big Fox'"),
    "no language": (lambda p: {OPF: sub(p, OPF, r"<dc:language>[^<]*</dc:language>", "")}, "ebook-metadata", None, "dc:language is missing"),
    "another edition": (lambda p: {OPF: sub(p, OPF, r'bookEdition">1.0.0', 'bookEdition">2.0.0')}, "ebook-metadata", None, "the edition is ['2.0.0']"),
    "no modified date": (lambda p: {OPF: sub(p, OPF, r'<meta property="dcterms:modified">[^<]*</meta>', "")}, "ebook-metadata", None, "dcterms:modified is missing"),
}


@pytest.mark.parametrize("damage", sorted(BROKEN))
def test_damage_is_found_and_named(small, tmp_path, damage):
    change, rule, page, words = BROKEN[damage]
    if change is None:  # not a zip at all
        (tmp_path / "broken.epub").write_bytes(b"hello, I am not an ebook")
        found = [(f.rule, f.severity, f.page, f.message) for f in check_ebook(small[0], tmp_path / "broken.epub")]
    elif isinstance(change, dict):
        found = findings(small, tmp_path, **change)
    else:
        found = findings(small, tmp_path, change)
    assert any(f[0] == rule and f[1] == "error" and f[2] == page and words in f[3] for f in found), found


WARNINGS = {
    "a cover smaller than KDP recommends": (lambda p: {"OEBPS/images/cover.jpg": jpeg((1250, 2000))}, "ebook-cover", "KDP recommends 2560 px"),
    "pages without a spread side": (lambda p: {OPF: sub(p, OPF, r' properties="page-spread-(left|right)"', "")}, "ebook-layout", "no page-spread-left or -right"),
    "no embedded font": (lambda p: {CSS: sub(p, CSS, r"@font-face \{[^}]*\}", "")}, "ebook-fonts", "embeds no font"),
    "no AI-content answers": (lambda p: {OPF: sub(p, OPF, r'<meta property="kdp-ai:[^>]*>[^<]*</meta>', "")}, "ebook-metadata", "AI-content answers are missing"),
}


@pytest.mark.parametrize("damage", sorted(WARNINGS))
def test_what_kdp_only_recommends_is_a_warning(small, tmp_path, damage):
    change, rule, words = WARNINGS[damage]
    found = findings(small, tmp_path, change)
    assert [f for f in found if f[1] == "error"] == []
    assert any(f[0] == rule and f[1] == "warning" and words in f[3] for f in found), found
