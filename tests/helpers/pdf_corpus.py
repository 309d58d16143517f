"""The `corpus` fixture: clean and defective PDFs, built once per session in a tmp dir.

Test modules import the fixture by name: ``from helpers.pdf_corpus import corpus``.

Builders: WeasyPrint (HTML + CSS @page size) for books and covers, Pillow for
images and for a PDF "from elsewhere", pypdf for what HTML cannot make
(unembedded fonts, annotations, encryption, 600-page books). Each PDF is
built on first use (Corpus methods are cached), so a test run builds only
what it needs.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path
from typing import Callable

import pytest
from PIL import Image

from bookbuild.kdp import geometry, table
from bookbuild.kdp.preflight import PrintSpec

PICTURE = dict(trim="8.5x8.5", bleed=True)
TEXT = dict(trim="6x9", bleed=False)
LETTER = dict(trim="8.5x11", bleed=False)


def spec(trim: str = "8.5x8.5", bleed: bool = True, ink: str = "premium-color", paper: str = "white", coloring: bool = False) -> PrintSpec:
    return PrintSpec.from_text(trim, bleed, paper, ink, coloring)


# -- HTML snippets (positions in inches from the page's top-left corner) ----------


def text(x: float, y: float, words: str, size: float = 12, color: str = "#000", extra: str = "") -> str:
    style = f"position:absolute;left:{x}in;top:{y}in;font-size:{size}pt;color:{color};margin:0;white-space:nowrap;{extra}"
    return f'<p style="{style}">{words}</p>'


def image(src: Path, x: float, y: float, w: float, h: float) -> str:
    return f'<img src="{src.as_uri()}" style="position:absolute;left:{x}in;top:{y}in;width:{w}in;height:{h}in">'


def line_art(x: float, y: float, stroke_pt: float) -> str:
    """A 3-inch square SVG; user units are points, so stroke-width is in pt."""
    shapes = '<circle cx="108" cy="108" r="80" /><path d="M20 20 L196 196 M20 196 L196 20" />'
    return (
        f'<svg style="position:absolute;left:{x}in;top:{y}in" width="216pt" height="216pt" viewBox="0 0 216 216">'
        f'<g stroke="black" stroke-width="{stroke_pt}" fill="none">{shapes}</g></svg>'
    )


def gradient(x: float, y: float, start: str, end: str) -> str:
    """A CSS linear gradient (a PDF shading), 2 x 2 in."""
    return f'<div style="position:absolute;left:{x}in;top:{y}in;width:2in;height:2in;background:linear-gradient({start}, {end})"></div>'


def story_line(number: int) -> str:
    return text(1.0, 1.0, f"Page {number}: the little fox walked on.")


def html_book(page_size: tuple[float, float], pages: list[str], named: dict[int, tuple[float, float]] | None = None) -> str:
    """One <section> per page; `named` gives single pages another size (1-based)."""
    width, height = page_size
    css = [f"@page {{ size: {width}in {height}in; margin: 0 }}", "body { margin: 0; font-family: DejaVu Serif }"]
    css.append("section { position: relative; overflow: hidden; break-after: page; width: 100%; height: 100vh }")
    for number, (w, h) in (named or {}).items():
        css.append(f"@page p{number} {{ size: {w}in {h}in; margin: 0 }} section.p{number} {{ page: p{number} }}")
    body = "".join(f'<section class="p{i}">{content}</section>' for i, content in enumerate(pages, start=1))
    return f"<html><head><style>{' '.join(css)}</style></head><body>{body}</body></html>"


def write_html(path: Path, html: str, trim_boxes=None) -> Path:
    """trim_boxes(page) -> the page's trim: a TrimBox as a careful exporter (PDF/X) sets it."""
    import weasyprint

    from bookbuild.render.pdf import finisher

    weasyprint.HTML(string=html, base_url=str(path.parent)).write_pdf(path, finisher=finisher(trim_boxes) if trim_boxes else None)
    return path


# -- images ---------------------------------------------------------------------------


def make_jpeg(path: Path, size: tuple[int, int], colour: bool = True, quality: int = 85) -> Path:
    """A gradient picture; `colour=False` gives an RGB JPEG holding only greys."""
    ramp = Image.linear_gradient("L").resize(size)
    other = Image.radial_gradient("L").resize(size)
    bands = (ramp, other, ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT)) if colour else (ramp, ramp, ramp)
    Image.merge("RGB", bands).save(path, quality=quality)
    return path


def make_png(path: Path, size: tuple[int, int], rgb: tuple[int, int, int]) -> Path:
    Image.new("RGB", size, rgb).save(path)
    return path


# -- pypdf surgery ----------------------------------------------------------------------


def stamp_unembedded_text(src: Path, dst: Path, page_index: int, words: str = "Standard font text") -> Path:
    """Add text in Helvetica *without* embedding it (what old Word exports do)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(src))
    page = writer.pages[page_index]
    font = DictionaryObject({NameObject(k): NameObject(v) for k, v in (("/Type", "/Font"), ("/Subtype", "/Type1"), ("/BaseFont", "/Helvetica"))})
    resources = page["/Resources"].get_object()
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else DictionaryObject()
    fonts[NameObject("/FHelv")] = writer._add_object(font)
    resources[NameObject("/Font")] = fonts
    stream = DecodedStreamObject()
    stream.set_data(f"q BT /FHelv 12 Tf 90 200 Td ({words}) Tj ET Q".encode())
    page.merge_page(_page_with(writer, page, stream, resources))
    writer.write(dst)
    return dst


def _page_with(writer, page, stream, resources):
    from pypdf import PageObject
    from pypdf.generic import NameObject

    stamp = PageObject.create_blank_page(width=page.mediabox.width, height=page.mediabox.height)
    stamp[NameObject("/Contents")] = writer._add_object(stream)
    stamp[NameObject("/Resources")] = resources
    return stamp


def add_annotations(src: Path, dst: Path) -> Path:
    """A sticky-note comment on page 2 and a web link on page 4."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link, Text

    writer = PdfWriter(clone_from=PdfReader(src))
    writer.add_annotation(1, Text(text="fix this typo", rect=(100, 100, 120, 120)))
    writer.add_annotation(3, Link(rect=(100, 100, 200, 120), url="https://example.com"))
    writer.write(dst)
    return dst


def encrypt(src: Path, dst: Path, user_password: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(src))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    writer.write(dst)
    return dst


def repeat_pages(src: Path, dst: Path, count: int) -> Path:
    """`count` copies of page 1 (fast: pypdf shares the content stream)."""
    from pypdf import PdfReader, PdfWriter

    page = PdfReader(src).pages[0]
    writer = PdfWriter()
    for _ in range(count):
        writer.add_page(page)
    writer.write(dst)
    return dst


# -- the corpus -------------------------------------------------------------------------------


class Corpus:
    """Each method builds one PDF on first call and returns its path."""

    def __init__(self, root: Path):
        self.root = root

    def _path(self, name: str) -> Path:
        return self.root / name

    def book(self, name: str, trim: str, bleed: bool, pages: dict[int, str], count: int = 24, filler: Callable[[int], str] = story_line, named=None) -> Path:
        trim_obj = table.Trim(*(float(v) for v in trim.split("x")))
        box = geometry.interior_page(trim_obj, count, bleed)
        content = [pages.get(i, filler(i)) for i in range(1, count + 1)]
        return write_html(self._path(name), html_book((box.width, box.height), content, named), box.trim_box if bleed else None)

    # images
    @functools.cache
    def full_bleed_jpeg(self) -> Path:
        return make_jpeg(self._path("bleed-art.jpg"), (2588, 2625))

    @functools.cache
    def jpeg(self, px: int, colour: bool = True) -> Path:
        return make_jpeg(self._path(f"art-{px}-{colour}.jpg"), (px, px), colour)

    @functools.cache
    def png(self, px: int, rgb: tuple[int, int, int]) -> Path:
        return make_png(self._path(f"flat-{px}-{'-'.join(map(str, rgb))}.png"), (px, px), rgb)

    # clean books
    @functools.cache
    def clean_picture(self) -> Path:
        """8.5x8.5 with bleed, 24 pages: full-bleed 300 DPI art and text in the live area."""
        art = self.full_bleed_jpeg()
        pages = {i: image(art, 0, 0, 8.625, 8.75) + story_line(i) for i in range(1, 25)}
        return self.book("clean-picture.pdf", "8.5x8.5", True, pages)

    @functools.cache
    def clean_text(self) -> Path:
        """6x9 without bleed, 30 pages of text and a page number."""
        def page(i: int) -> str:
            lines = "".join(text(0.75, 0.75 + 0.3 * k, f"Line {k} of page {i}, set in eleven point type.", 11) for k in range(20))
            return lines + text(2.9, 8.45, str(i), 9)
        return self.book("clean-text.pdf", "6x9", False, {}, count=30, filler=page)

    @functools.cache
    def clean_coloring(self) -> Path:
        """8.5x11 coloring book, single-sided: designs on odd pages, blank backs."""
        pages = {i: (line_art(2.75, 3, 1.5) + text(3, 1, f"Design {i}", 14)) if i % 2 else "" for i in range(1, 25)}
        return self.book("clean-coloring.pdf", "8.5x11", False, pages)

    # defects
    @functools.cache
    def low_dpi(self) -> Path:
        """Page 3: 1200 px over 8 in (150 DPI, error). Page 5: 2000 px over 8 in (250 DPI, warning)."""
        pages = {3: image(self.jpeg(1200), 0.25, 0.25, 8, 8), 5: image(self.jpeg(2000), 0.25, 0.25, 8, 8)}
        return self.book("low-dpi.pdf", "8.5x8.5", True, pages)

    @functools.cache
    def margins(self) -> Path:
        """6x9 no bleed. Page 3 (recto): text at the outside edge. Page 4 (verso): text in the gutter. Page 6: top."""
        pages = {3: text(4.0, 2, "Too far out on the right."), 4: text(4.3, 2, "Into the gutter here."), 6: text(1, 0.05, "Top line.")}
        return self.book("margins.pdf", "6x9", False, pages)

    @functools.cache
    def small_text(self) -> Path:
        pages = {2: story_line(2) + text(1, 3, "Tiny print at six points.", 6)}
        return self.book("small-text.pdf", "8.5x8.5", True, pages)

    @functools.cache
    def thin_lines(self) -> Path:
        """8.5x11: page 1 0.5 pt strokes (error), page 2 0.9 pt (warning), page 3 1.5 pt (fine)."""
        pages = {n: line_art(2.75, 3, w) + story_line(n) for n, w in ((1, 0.5), (2, 0.9), (3, 1.5))}
        return self.book("thin-lines.pdf", "8.5x11", False, pages)

    @functools.cache
    def rules_and_underlines(self) -> Path:
        """6x9 like a Writer export: an underline stroked at 0.70 pt under a word, a table drawn
        with 0.5 pt rules (horizontal and vertical lines and a rectangle)."""
        svg = (
            '<svg style="position:absolute;left:1in;top:2in" width="288pt" height="144pt" viewBox="0 0 288 144">'
            '<g stroke="black" fill="none"><line x1="0" y1="14" x2="60" y2="14" stroke-width="0.7"/>'
            '<rect x="0" y="40" width="288" height="100" stroke-width="0.5"/>'
            '<line x1="0" y1="70" x2="288" y2="70" stroke-width="0.5"/><line x1="144" y1="40" x2="144" y2="140" stroke-width="0.5"/></g></svg>'
        )
        pages = {2: text(1, 2, "Chapter") + svg}
        return self.book("rules.pdf", "6x9", False, pages)

    @functools.cache
    def bw_colour(self) -> Path:
        """6x9 black-ink book. Colour: page 2 text, page 3 JPEG, page 6 PNG, page 7 gradient.
        Grey only: page 4 (RGB JPEG), 5 (PNG), 8 (gradient)."""
        pages = {
            2: text(1, 1, "Red words", color="#c00000"),
            3: image(self.jpeg(600, True), 1, 2, 2, 2),
            4: image(self.jpeg(600, False), 1, 2, 2, 2),
            5: image(self.png(600, (128, 128, 128)), 1, 2, 2, 2),
            6: image(self.png(600, (20, 90, 200)), 1, 2, 2, 2),
            7: gradient(1, 2, "#c00000", "#0030c0"),
            8: gradient(1, 2, "#202020", "#e0e0e0"),
        }
        return self.book("bw-colour.pdf", "6x9", False, pages)

    @functools.cache
    def blanks(self) -> Path:
        """30 pages: 5-7 blank (3 in a row: error), 10-11 blank (2: fine), 20-30 blank (11 at the end: error)."""
        blank = {*range(5, 8), 10, 11, *range(20, 31)}
        return self.book("blanks.pdf", "6x9", False, {i: "" for i in blank}, count=30)

    @functools.cache
    def mixed_sizes(self) -> Path:
        """8.5x8.5 bleed book whose page 5 is the bare trim size."""
        return self.book("mixed.pdf", "8.5x8.5", True, {}, named={5: (8.5, 8.5)})

    @functools.cache
    def both_side_bleed(self) -> Path:
        """6.25 x 9.25 pages: bleed added to both sides of the width (a common mistake)."""
        return write_html(self._path("both-sides.pdf"), html_book((6.25, 9.25), [story_line(i) for i in range(1, 25)]))

    @functools.cache
    def background_images(self) -> Path:
        """CSS background-image (WeasyPrint paints it through a tiling pattern): page 2 at 137 DPI, page 3 at 300."""
        def bg(src: Path) -> str:
            style = f"position:absolute;left:0;top:0;width:8.625in;height:8.75in;background:url({src.as_uri()}) center/cover"
            return f'<div style="{style}"></div>' + story_line(0)
        return self.book("background.pdf", "8.5x8.5", True, {2: bg(self.jpeg(1200)), 3: bg(self.full_bleed_jpeg())})

    @functools.cache
    def nested_images(self) -> Path:
        """Images inside form XObjects (opacity) and scaled by CSS transforms.

        Page 2: 600 px shown at 2 in, then scaled x2 -> 4 in: 150 DPI (error).
        Page 4: 600 px at 2 in inside an opacity group: 300 DPI (fine).
        """
        img = image(self.jpeg(600), 0, 0, 2, 2)
        scaled = f'<div style="position:absolute;left:1in;top:1in;opacity:0.5;transform:scale(2);transform-origin:0 0">{img}</div>'
        faded = f'<div style="position:absolute;left:1in;top:1in;opacity:0.5">{img}</div>'
        return self.book("nested.pdf", "8.5x8.5", True, {2: scaled, 4: faded})

    @functools.cache
    def short_book(self) -> Path:
        return self.book("short.pdf", "8.5x8.5", True, {}, count=12)

    @functools.cache
    def long_book(self) -> Path:
        """600 pages of 8.5x8.5 (premium colour takes at most 590)."""
        return repeat_pages(self.clean_picture(), self._path("long.pdf"), 600)

    @functools.cache
    def unembedded_font(self) -> Path:
        return stamp_unembedded_text(self.clean_text(), self._path("unembedded.pdf"), 2)

    @functools.cache
    def annotated(self) -> Path:
        return add_annotations(self.clean_text(), self._path("annotated.pdf"))

    @functools.cache
    def owner_locked(self) -> Path:
        """Encrypted, opens without a password (permissions only)."""
        return encrypt(self.clean_text(), self._path("owner-locked.pdf"), "")

    @functools.cache
    def password_locked(self) -> Path:
        return encrypt(self.clean_text(), self._path("password.pdf"), "open-sesame")

    @functools.cache
    def truncated(self) -> Path:
        data = self.clean_text().read_bytes()
        path = self._path("truncated.pdf")
        path.write_bytes(data[: len(data) // 2])
        return path

    @functools.cache
    def not_a_pdf(self) -> Path:
        path = self._path("notes.pdf")
        path.write_text("Chapter one\nIt was a dark and stormy night.\n")
        return path

    @functools.cache
    def pillow_pdf(self) -> Path:
        """A PDF 'from elsewhere': Pillow writes images at 72 DPI unless told otherwise."""
        art = Image.open(self.jpeg(612))
        path = self._path("pillow.pdf")
        art.save(path, save_all=True, append_images=[art.copy() for _ in range(23)])
        return path

    @functools.cache
    def libreoffice_pdf(self) -> Path | None:
        """A LibreOffice Writer export of a short text, when soffice is installed."""
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            return None
        source = self._path("story.txt")
        source.write_text("\n\n".join(f"Paragraph {i}. The little fox walked through the wood." for i in range(40)))
        cmd = [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(self.root), str(source)]
        subprocess.run(cmd, check=False, capture_output=True, timeout=120)
        pdf = self._path("story.pdf")
        return pdf if pdf.exists() else None

    # covers
    def cover(self, name: str, pages: int, content: Callable[[geometry.CoverBox], str], trim: str = "8.5x8.5", size: tuple[float, float] | None = None) -> Path:
        box = spec(trim).cover_box(pages)
        width, height = size or (box.width, box.height)
        html = html_book((width, height), [content(box)])
        return write_html(self._path(name), html, box.trim_box if size is None else None)

    def _cover_art(self, box: geometry.CoverBox) -> str:
        """300 DPI art on back and front panels, title on the front, blurb on the back."""
        back = image(self.panel_jpeg(), 0, 0, box.spine_left, box.height)
        front = image(self.panel_jpeg(), box.front_left, 0, box.width - box.front_left, box.height)
        title = text(box.front_left + 1, 1.0, "The Brave Little Fox", 28)
        blurb = text(1.0, 1.0, "A story about courage.", 14)
        return back + front + title + blurb

    @functools.cache
    def panel_jpeg(self) -> Path:
        return make_jpeg(self._path("panel.jpg"), (2600, 2625))

    @functools.cache
    def clean_cover(self, pages: int = 32) -> Path:
        return self.cover(f"cover-clean-{pages}.pdf", pages, self._cover_art)

    @functools.cache
    def cover_wrong_size(self) -> Path:
        return self.cover("cover-wrong.pdf", 32, self._cover_art, size=(17.0, 8.75))

    @functools.cache
    def cover_spine_text(self, pages: int = 32) -> Path:
        def content(box: geometry.CoverBox) -> str:
            mid = box.spine_left + box.spine / 2
            spine = text(mid + 0.05, 3.5, "THE BRAVE LITTLE FOX", 7, extra="transform:rotate(90deg);transform-origin:0 0")
            return self._cover_art(box) + spine
        return self.cover(f"cover-spine-{pages}.pdf", pages, content)

    @functools.cache
    def cover_barcode_text(self) -> Path:
        def content(box: geometry.CoverBox) -> str:
            left, top, _, _ = box.barcode_box()
            return self._cover_art(box) + text(left + 0.3, top + 0.4, "Price 9.99", 12)
        return self.cover("cover-barcode.pdf", 32, content)

    @functools.cache
    def cover_barcode_image(self) -> Path:
        """A 1-inch badge image overlapping the barcode box."""
        def content(box: geometry.CoverBox) -> str:
            left, top, _, _ = box.barcode_box()
            return self._cover_art(box) + image(self.jpeg(300), left + 0.5, top + 0.1, 1, 1)
        return self.cover("cover-barcode-image.pdf", 32, content)

    @functools.cache
    def cover_edge_text(self, inset: float) -> Path:
        def content(box: geometry.CoverBox) -> str:
            return self._cover_art(box) + text(box.front_left + 1, box.bleed + inset, "Award winner", 12)
        return self.cover(f"cover-edge-{inset}.pdf", 32, content)


class LayoutCorpus:
    """Covers and pages with the layout mistakes bookbuild itself used to make (issue 18)."""

    def __init__(self, corpus: "Corpus"):
        self.c = corpus

    def _panel(self, left: float, top: float, width: float, words: str, size: float = 36) -> str:
        style = f"position:absolute;left:{left}in;top:{top}in;width:{width}in;background:#fffaf0;border:0.04in solid #e9dcc3;padding:0.2in 0.3in;text-align:center;font-size:{size}pt;margin:0"
        return f'<div style="{style}">{words}</div>'

    @functools.cache
    def cover_cut_panel(self) -> Path:
        """The old picture-book front: a panel trim - 2 x 0.25 wide plus padding and border, from 0.25 in."""
        def content(box: geometry.CoverBox) -> str:
            return self.c._cover_art(box).split("<p")[0] + self._panel(box.front_left + 0.25, 0.375, box.trim_width - 0.5, "The Brave Little Fox")
        return self.c.cover("cover-cut-panel.pdf", 32, content)

    @functools.cache
    def cover_off_centre_title(self) -> Path:
        def content(box: geometry.CoverBox) -> str:
            panel = self._panel(box.front_left + 0.6, 0.375, box.trim_width - 1.6, "The Brave Little Fox", 30)
            return self.c._cover_art(box).split("<p")[0] + panel.replace("width:", "box-sizing:border-box;width:")
        return self.c.cover("cover-off-centre.pdf", 32, content)

    @functools.cache
    def cover_thin_spine_strip(self) -> Path:
        """A flat back colour and a spine band of another colour, 32 pages (0.075 in)."""
        def content(box: geometry.CoverBox) -> str:
            back = f'<div style="position:absolute;left:0;top:0;width:{box.spine_left}in;height:{box.height}in;background:#8ec5f0"></div>'
            spine = f'<div style="position:absolute;left:{box.spine_left}in;top:0;width:{box.spine}in;height:{box.height}in;background:#3d7a2a"></div>'
            front = image(self.c.panel_jpeg(), box.front_left, 0, box.width - box.front_left, box.height)
            return back + spine + front + text(box.front_left + 1, 1.0, "The Brave Little Fox", 28)
        return self.c.cover("cover-spine-strip.pdf", 32, content)

    @functools.cache
    def cover_spine_text_near_fold(self, pages: int = 100, gap: float = 0.055) -> Path:
        """Spine text 0.055 in from the back fold: inside KDP's 0.0625 in, which the old rule let pass."""
        def content(box: geometry.CoverBox) -> str:
            svg = (
                f'<svg style="position:absolute;left:{box.spine_left}in;top:1in" width="{box.spine * 72}pt" height="400pt">'
                f'<rect x="{gap * 72}" y="10" width="{(box.spine - 2 * gap) * 72 * 0.6}" height="300" fill="#222"/></svg>'
            )
            words = text(box.spine_left + gap + 0.002, 1.5, "THE BRAVE LITTLE FOX", 9, extra="transform:rotate(90deg);transform-origin:0 0;line-height:1")
            return self.c._cover_art(box) + words if svg else ""
        return self.c.cover(f"cover-spine-fold-{pages}-{gap}.pdf", pages, content)

    @functools.cache
    def no_bleed_art_to_trim(self) -> Path:
        """6x9 without bleed: page 3 has a 300 DPI picture printed to the trim at the top and sides."""
        pages = {3: image(self.c.jpeg(1800), 0, 0, 6, 6) + story_line(3)}
        return self.c.book("no-bleed-art.pdf", "6x9", False, pages)

    @functools.cache
    def no_trim_box(self) -> Path:
        """8.5x8.5 with bleed, as most exporters write it: TrimBox = MediaBox."""
        box = geometry.interior_page(table.TRIMS["8.5x8.5"], 24, True)
        return write_html(self.c._path("no-trim-box.pdf"), html_book((box.width, box.height), [story_line(i) for i in range(1, 25)]))

    @functools.cache
    def big_text_panel(self) -> Path:
        """5x8 bleed: page 3's text panel covers 55% of the picture, page 4's 25%."""
        box = geometry.interior_page(table.TRIMS["5x8"], 24, True)
        def page(height: float) -> str:
            panel = f'<div style="position:absolute;left:0.4in;top:{8.125 - 0.375 - height}in;width:4.2in;height:{height}in;background:#fffaf0"><p style="margin:0.2in">Pip walked on.</p></div>'
            return image(self.c.full_bleed_jpeg(), 0, 0, box.width, box.height) + panel
        return self.c.book("big-panel.pdf", "5x8", True, {3: page(4.5), 4: page(2.0)})


def summary(findings) -> set[tuple[str, str, int | None]]:
    """(rule, severity, page) of each finding: what the tests compare."""
    return {(f.rule, f.severity, f.page) for f in findings}


_CORPUS: list[Corpus] = []  # one Corpus for the session, whichever module asks first


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Corpus:
    if not _CORPUS:
        _CORPUS.append(Corpus(tmp_path_factory.mktemp("preflight-corpus")))
    return _CORPUS[0]
