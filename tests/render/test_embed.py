"""Plain PNGs go into the PDF as they are (bookbuild.render.embed): read back, the
image stream is the PNG's own data, at its own bit depth, and shows the same pixels."""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from bookbuild.render.embed import png_data
from bookbuild.render.pdf import render_pdf
from bookbuild.render.themes import Theme


def picture(mode: str, size: tuple[int, int] = (240, 160), seed: int = 0) -> Image.Image:
    """Shapes and noise, so rows use every PNG filter and no two pictures are alike."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        draw.ellipse([x, y, x + rng.randint(5, 60), y + rng.randint(5, 60)], outline=(rng.randrange(256), rng.randrange(256), rng.randrange(256)), width=rng.randint(1, 6))
    for _ in range(200):
        image.putpixel((rng.randrange(size[0]), rng.randrange(size[1])), (rng.randrange(256),) * 3)
    if mode == "1":
        return image.convert("L").point(lambda v: 255 if v > 200 else 0, "1")
    return image.convert(mode)


def png(image: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", **options)
    return out.getvalue()


@pytest.mark.parametrize(("mode", "bits", "space"), [("1", 1, "/DeviceGray"), ("L", 8, "/DeviceGray"), ("RGB", 8, "/DeviceRGB")])
def test_plain_pngs_are_taken_as_they_are(mode, bits, space):
    data = png(picture(mode))
    found = png_data(data)
    assert found is not None and (found.width, found.height, found.bits, found.colour_space) == (240, 160, bits, space)
    assert found.data in data  # the IDAT payload itself


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    out, pos = [], 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        out.append((kind, data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    return out


def _rebuild(chunks: list[tuple[bytes, bytes]]) -> bytes:
    body = b"".join(struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d)) for k, d in chunks)
    return b"\x89PNG\r\n\x1a\n" + body


def _truncated(image: Image.Image) -> bytes:
    chunks = _chunks(png(image))
    return _rebuild([(k, d[: len(d) // 2] if k == b"IDAT" else d) for k, d in chunks])


def _with_chunk(image: Image.Image, kind: bytes, body: bytes) -> bytes:
    chunks = _chunks(png(image))
    return _rebuild(chunks[:1] + [(kind, body)] + chunks[1:])


@pytest.mark.parametrize("data", [
    pytest.param(lambda: png(picture("P")), id="palette"),
    pytest.param(lambda: png(picture("RGBA")), id="alpha"),
    pytest.param(lambda: png(picture("LA")), id="grey-alpha"),
    pytest.param(lambda: png(picture("I;16")), id="16-bit"),
    pytest.param(lambda: png(picture("L"), transparency=255), id="transparent-colour"),
    pytest.param(lambda: _with_chunk(picture("RGB"), b"eXIf", b"MM\x00*\x00\x00\x00\x08\x00\x00"), id="exif-orientation"),
    pytest.param(lambda: _truncated(picture("L")), id="cut-short"),
    pytest.param(lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, id="garbage"),
    pytest.param(lambda: _rebuild(_chunks(png(picture("RGB")))[1:]), id="no-header"),
    pytest.param(lambda: b"\xff\xd8\xff\xe0 not a png", id="jpeg"),
])  # fmt: skip
def test_other_images_are_left_to_weasyprint(data):
    assert png_data(data()) is None


def test_interlaced_png_is_left_to_weasyprint():
    data = png(picture("L"))
    chunks = _chunks(data)
    kind, header = chunks[0]
    interlaced = header[:12] + b"\x01"
    assert png_data(_rebuild([(kind, interlaced)] + chunks[1:])) is None


THEME_HTML = """<!doctype html><html><head><style>
@page { size: 4in 3in; margin: 0 }
img { display: block; width: 0.8in; height: auto }
</style></head><body>
{% for name in names %}<img src="bookbuild:{{ name }}" alt="">{% endfor %}
</body></html>"""


@pytest.fixture
def theme(tmp_path: Path) -> Theme:
    folder = tmp_path / "themes" / "plain"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "page.html.j2").write_text(THEME_HTML)
    return Theme("plain", folder)


def _images(pdf: bytes) -> dict[str, object]:
    """Each image XObject of the first page by its width (the pictures differ in width)."""
    found = {}
    for ref in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/XObject"].values():
        image = ref.get_object()
        found[image["/Width"]] = image
    return found


def _shown(pdf: bytes) -> dict[int, Image.Image]:
    """The images' pixels as PDFium decodes them from the file, by width."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        return {obj.get_px_size()[0]: obj.get_bitmap(render=False).to_pil().convert("L") for obj in page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,))}
    finally:
        doc.close()


def test_pdf_holds_the_pngs_data_at_their_own_depth_and_shows_the_same_pixels(theme):
    sources = {
        "line.png": picture("1", (240, 160), 1),
        "grey.png": picture("L", (250, 160), 2),
        "colour.png": picture("RGB", (260, 160), 3),
        "palette.png": picture("P", (270, 160), 4),  # WeasyPrint's own path
    }
    resources = {name: png(image) for name, image in sources.items()}
    pdf = render_pdf(theme, "page.html.j2", {"names": list(sources)}, resources)
    images = _images(pdf)
    assert sorted(images) == [240, 250, 260, 270]
    for name, (width, bits, space) in {"line.png": (240, 1, "/DeviceGray"), "grey.png": (250, 8, "/DeviceGray"), "colour.png": (260, 8, "/DeviceRGB")}.items():
        image = images[width]
        assert (image["/BitsPerComponent"], image["/ColorSpace"]) == (bits, space), name
        assert image._data == png_data(resources[name]).data, f"{name} was encoded again"
    assert images[270]["/BitsPerComponent"] == 8  # a palette image: decoded and embedded by WeasyPrint
    shown = _shown(pdf)
    for name, image in sources.items():
        assert shown[image.width].tobytes() == image.convert("L").tobytes(), f"{name} shows other pixels"


def test_the_same_picture_twice_is_embedded_once(theme):
    resources = {"line.png": png(picture("1"))}
    pdf = render_pdf(theme, "page.html.j2", {"names": ["line.png", "line.png"]}, resources)
    assert len(_images(pdf)) == 1
    doc = pdfium.PdfDocument(pdf)
    try:
        assert len(list(doc[0].get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,)))) == 2
    finally:
        doc.close()
