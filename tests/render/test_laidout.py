"""The interior laid out before its pictures exist (bookbuild.render.laidout): filled, it
is the PDF WeasyPrint writes from the pictures themselves; a picture that does not fit
its hole, or a damaged laid-out file, is answered None (the caller lays out again)."""

from __future__ import annotations

import io
import json

import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfReader

from bookbuild.render import laidout
from bookbuild.render.laidout import Hole
from bookbuild.render.pdf import html_to_pdf

PAGE = """<!doctype html><html><head><style>
@page {{ size: 4in 3in; margin: 0 }}
body {{ margin: 0; font-family: sans-serif }}
section {{ page-break-after: always; height: 3in; position: relative }}
img {{ position: absolute; left: 0.2in; top: 0.2in; width: 2in; height: 2in; object-fit: cover }}
.crisp {{ image-rendering: pixelated; left: 2.2in }}
</style></head><body>
<section><img src="bookbuild:page-01.jpg"><img class="crisp" src="bookbuild:page-02.jpg"><p>One</p></section>
<section><img src="bookbuild:page-02.jpg"><p>Two, the second picture again</p></section>
<section><img src="bookbuild:page-03.jpg"><img class="crisp" src="bookbuild:page-03.jpg"></section>
</body></html>"""


def jpeg(size: tuple[int, int], mode: str = "RGB", colour: int | tuple[int, ...] = (200, 60, 20), **save) -> bytes:
    out = io.BytesIO()
    picture = Image.new(mode, size, colour)
    for x in range(0, size[0], 7):  # some detail, so each JPEG is its own bytes
        picture.putpixel((x, x * size[1] // size[0]), 0 if mode == "L" else (0, 0, 255))
    picture.save(out, "JPEG", quality=90, **save)
    return out.getvalue()


def pictures(mode: str = "RGB", size: tuple[int, int] = (120, 90)) -> dict[str, bytes]:
    colours = [(200, 60, 20), (20, 160, 90), (240, 240, 30)] if mode == "RGB" else [40, 128, 220]
    return {f"page-{i:02d}.jpg": jpeg(size, mode, colours[i - 1]) for i in (1, 2, 3)}


@pytest.fixture(scope="module")
def theme_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("theme")
    (folder / "templates").mkdir()
    return folder


def laid_out(theme_dir, mode: str = "RGB", size: tuple[int, int] = (120, 90)) -> bytes:
    holes = {f"page-{i:02d}.jpg": Hole(*size, mode) for i in (1, 2, 3)}
    return laidout.lay_out(PAGE.format(), theme_dir, {}, holes)


@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_filled_it_is_byte_for_byte_the_pdf_laid_out_with_the_pictures(theme_dir, mode):
    given = pictures(mode)
    filled = laidout.fill(laid_out(theme_dir, mode), given)
    assert filled == html_to_pdf(PAGE.format(), theme_dir, given)
    reader = PdfReader(io.BytesIO(filled))
    assert len(reader.pages) == 3
    embedded = sorted({obj.get_object()["/Filter"] for page in reader.pages for obj in page["/Resources"]["/XObject"].values()})
    assert embedded == ["/DCTDecode"]  # each JPEG as it is, never re-encoded
    streams = {bytes(obj.get_object().get_data()) for page in reader.pages for obj in page["/Resources"]["/XObject"].values()}
    assert streams == set(given.values())


def test_the_filled_pages_show_the_pictures(theme_dir):
    given = pictures()
    document = pdfium.PdfDocument(laidout.fill(laid_out(theme_dir), given))
    page = document[0].render(scale=1).to_pil().convert("RGB")
    # 0.2in + 1in into the first picture (at 72 dpi): its colour, not an empty hole
    assert page.getpixel((86, 86)) == pytest.approx((200, 60, 20), abs=12)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda p: p.update({"page-02.jpg": jpeg((121, 90))}), id="another-size"),
        pytest.param(lambda p: p.update({"page-02.jpg": jpeg((120, 90), "L", 90)}), id="grey-for-colour"),
        pytest.param(lambda p: p.update({"page-02.jpg": jpeg((120, 90), "CMYK", (0, 0, 0, 0))}), id="cmyk"),
        pytest.param(lambda p: p.update({"page-02.jpg": _png((120, 90))}), id="a-png"),
        pytest.param(lambda p: p.update({"page-02.jpg": b"\xff\xd8 not a picture"}), id="not-a-picture"),
        pytest.param(lambda p: p.pop("page-03.jpg"), id="missing"),
    ],
)
def test_a_picture_that_does_not_fit_its_hole_is_answered_none(theme_dir, change):
    given = pictures()
    change(given)
    assert laidout.fill(laid_out(theme_dir), given) is None


def _png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (1, 2, 3)).save(out, "PNG")
    return out.getvalue()


def test_a_progressive_jpeg_of_the_right_size_fits(theme_dir):
    given = pictures()
    given["page-01.jpg"] = jpeg((120, 90), progressive=True)
    assert laidout.fill(laid_out(theme_dir), given) == html_to_pdf(PAGE.format(), theme_dir, given)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b + b"tail", id="longer"),
        pytest.param(lambda b: b"%PDF-1.7\n" + b[30:], id="not-laid-out"),
        pytest.param(lambda b: b.replace(b'"objects"', b'"object5"', 1), id="a-key-renamed"),
        pytest.param(lambda b: b.replace(b"{", b"[", 1), id="bad-json"),
        pytest.param(lambda b: b"", id="empty"),
    ],
)
def test_a_damaged_laid_out_file_is_answered_none_not_an_error(theme_dir, damage):
    assert laidout.fill(damage(laid_out(theme_dir)), pictures()) is None


@pytest.mark.parametrize("ink", ["premium-color", "bw"])
def test_a_book_is_filled_not_laid_out_again_and_a_misfit_gets_the_same_pdf_the_long_way(tmp_path, monkeypatch, ink):
    """The interior task fills the laid-out pages (colour pictures, or grey ones for black
    ink); when a picture does not fit, it lays the pages out around the pictures
    themselves, and that is the same PDF."""
    from helpers import SMALL_BOOK, build_ok, small_pages, write_files

    from bookbuild.render import pdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    laid_out_again = []
    real_render = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda theme, template, *a, **k: laid_out_again.append(template) or real_render(theme, template, *a, **k))
    made = {}
    for run in ("filled", "misfit"):
        if run == "misfit":
            monkeypatch.setattr(laidout, "fill", lambda *a, **k: None)
        root = tmp_path / run
        build_ok(write_files(root, {"bookbuild.toml": 'cache_dir = ".cache"\n', "books/small/book.yaml": SMALL_BOOK.replace("ink: premium-color", f"ink: {ink}"), **small_pages()}))
        made[run] = (root / "build/small/interior.pdf").read_bytes()
        assert ("interior.html.j2" in laid_out_again) == (run == "misfit")
    assert made["filled"] == made["misfit"]
    spaces = {str(x.get_object()["/ColorSpace"]) for page in PdfReader(io.BytesIO(made["filled"])).pages for x in page["/Resources"].get("/XObject", {}).values()}
    assert spaces == ({"/DeviceGray"} if ink == "bw" else {"/DeviceRGB"})


def test_a_laid_out_file_with_wrong_kinds_of_values_is_answered_none(theme_dir):
    made = laid_out(theme_dir)
    head, body = laidout._read(made)
    for damage in ({"generation": "x"}, {"size": -3}, {"compressible": "yes", "size": "9"}):
        wrong = dict(head, objects=[*head["objects"][:2], {**head["objects"][2], **damage}, *head["objects"][3:]])
        assert laidout.fill(laidout.MAGIC + json.dumps(wrong).encode() + b"\n" + body, pictures()) is None
    for damage in ({"catalog": "one"}, {"holes": {"page-01.jpg": [120, 90, "CMYK"]}}, {"info": 10**9}):
        assert laidout.fill(laidout.MAGIC + json.dumps({**head, **damage}).encode() + b"\n" + body, pictures()) is None
