"""The author's own pictures in assets/, read back from the built PDF: upright, placed as
``fit:`` says, their own resolution judged at the size they print, and every file in
assets/ either printed or named in a warning."""

from __future__ import annotations

import json

import pytest
from PIL import Image, ImageDraw

from helpers import write_files

# The small book: 5x8 with bleed, so a page is 5.125 x 8.25 in (1538 x 2475 px at 300 DPI);
# the theme's title and copyright pages come first, so pages/01.md prints on page 3.
PAGE_PX = (1538, 2475)
RED, GREEN, BLUE, YELLOW = (220, 30, 30), (30, 180, 60), (40, 60, 220), (240, 220, 30)


def quadrants(size: tuple[int, int]) -> Image.Image:
    """A picture whose every corner says which way is up: red top-left, green top-right,
    blue bottom-left, yellow bottom-right."""
    w, h = size
    image = Image.new("RGB", size, RED)
    draw = ImageDraw.Draw(image)
    draw.rectangle([w // 2, 0, w, h // 2], fill=GREEN)
    draw.rectangle([0, h // 2, w // 2, h], fill=BLUE)
    draw.rectangle([w // 2, h // 2, w, h], fill=YELLOW)
    return image


def bands(size: tuple[int, int], colours: list[tuple[int, int, int]], across: bool = False) -> Image.Image:
    """Equal stripes of colour, top to bottom (or left to right)."""
    w, h = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for i, colour in enumerate(colours):
        if across:
            draw.rectangle([i * w // len(colours), 0, (i + 1) * w // len(colours), h], fill=colour)
        else:
            draw.rectangle([0, i * h // len(colours), w, (i + 1) * h // len(colours)], fill=colour)
    return image


def page(repo, number: int, dpi: int = 30) -> Image.Image:
    from bookbuild.render.raster import page_images

    return page_images(repo / "build/small/interior.pdf", dpi=dpi, pages=[number])[0]


def colour_at(image: Image.Image, x: float, y: float) -> tuple[int, int, int]:
    """The colour at a fraction of the page's width and height."""
    return image.getpixel((int(x * (image.width - 1)), int(y * (image.height - 1))))


def near(a, b, tolerance: int = 40) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a, b))


def findings(cli) -> list[dict]:
    result = cli("validate", "--format", "json")
    return json.loads(result.output)["findings"]


def set_front_matter(repo, number: int, extra: str) -> None:
    write_files(repo, {f"books/small/pages/{number:02d}.md": f"---\nillustration: Pip in the meadow\n{extra}\n---\nThis is page {number}. Pip smiles.\n"})


def test_a_phone_photo_with_exif_orientation_6_prints_upright(scratch_repo, cli):
    shown = quadrants((1600, 2600))  # portrait, as the phone shows it
    stored = shown.transpose(Image.Transpose.ROTATE_90)  # as the phone stores it: sideways...
    exif = Image.Exif()
    exif[0x0112] = 6  # ...with "turn me 90 degrees clockwise" in its EXIF
    (scratch_repo / "books/small/assets").mkdir()
    stored.save(scratch_repo / "books/small/assets/page-01.jpg", exif=exif.tobytes(), quality=92)
    assert cli("build").exit_code == 0
    printed = page(scratch_repo, 3)
    assert near(colour_at(printed, 0.2, 0.2), RED) and near(colour_at(printed, 0.8, 0.2), GREEN)
    assert near(colour_at(printed, 0.2, 0.8), BLUE) and near(colour_at(printed, 0.8, 0.6), YELLOW)


@pytest.mark.parametrize(
    ("size", "severity", "dpi"),
    [((300, 300), "error", 36), ((1000, 1600), "error", 194), ((1200, 2000), "warning", 234), ((1538, 2475), None, 300), ((3000, 4800), None, 300)],
)
def test_a_picture_below_300_dpi_where_it_prints_is_a_finding_naming_the_file(scratch_repo, cli, size, severity, dpi):
    (scratch_repo / "books/small/assets").mkdir()
    quadrants(size).save(scratch_repo / "books/small/assets/page-03.png")
    cli("build")
    found = [f for f in findings(cli) if f["rule"] == "image-resolution" and f.get("file") == "assets/page-03.png"]
    if severity is None:
        assert found == []
        return
    assert [f["severity"] for f in found] == [severity]
    message = found[0]["message"]
    assert found[0]["page"] == 5  # pages/03.md prints on page 5
    assert f"{size[0]}x{size[1]} px" in message and "5.125 x 8.25 in" in message and f"{dpi} DPI" in message
    assert "at least 1538x2475 px" in message
    # The PDF's own image is 300 DPI: only the source says how sharp the page can be.
    assert cli("validate").exit_code == (1 if severity == "error" else 0)


def test_a_different_aspect_is_cropped_with_a_warning_and_fit_contain_shows_all_of_it(scratch_repo, cli):
    (scratch_repo / "books/small/assets").mkdir()
    wide = bands((3200, 1600), [RED, GREEN, BLUE, YELLOW], across=True)  # 2:1 on a 0.62:1 page
    wide.save(scratch_repo / "books/small/assets/page-01.png")
    cli("build")
    cropped = page(scratch_repo, 3)
    # cover: the middle of the picture fills the page; its outer stripes are cut away
    assert near(colour_at(cropped, 0.2, 0.3), GREEN) and near(colour_at(cropped, 0.8, 0.3), BLUE)
    crop = [f for f in findings(cli) if f["rule"] == "image-crop"]
    assert len(crop) == 1 and crop[0]["severity"] == "warning" and crop[0]["file"] == "assets/page-01.png"
    assert "69% of its width (left and right)" in crop[0]["message"] and "fit: contain" in crop[0]["message"]

    set_front_matter(scratch_repo, 1, "fit: contain")
    cli("build")
    whole = page(scratch_repo, 3, dpi=72)
    assert [f for f in findings(cli) if f["rule"] == "image-crop"] == []
    # all four stripes show, inside the margins: the paper around the picture is white
    row = [whole.getpixel((x, whole.height // 2)) for x in range(whole.width)]
    coloured = [x for x, c in enumerate(row) if not near(c, (255, 255, 255), 10)]
    left, right = coloured[0] / 72, coloured[-1] / 72
    assert left >= 0.375 - 0.02 and right <= 5.125 - 0.125 - 0.375 + 0.02  # recto: gutter left, bleed + margin right
    assert near(colour_at(whole, left / 5.125 + 0.02, 0.5), RED) and near(colour_at(whole, right / 5.125 - 0.02, 0.5), YELLOW)
    assert near(colour_at(whole, 0.5, 0.1), (255, 255, 255), 10)  # the picture is 2:1: paper above it


@pytest.mark.parametrize(("fit", "kept"), [("top", RED), ("bottom", YELLOW)])
def test_fit_top_or_bottom_keeps_that_end_of_a_tall_picture(scratch_repo, cli, fit, kept):
    (scratch_repo / "books/small/assets").mkdir()
    bands((1538, 6000), [RED, GREEN, BLUE, YELLOW]).save(scratch_repo / "books/small/assets/page-02.png")
    set_front_matter(scratch_repo, 2, f"fit: {fit}")
    cli("build")
    printed = page(scratch_repo, 4)
    end = 0.05 if fit == "top" else 0.95
    assert near(colour_at(printed, 0.5, end), kept)
    crop = [f for f in findings(cli) if f["rule"] == "image-crop"]
    assert len(crop) == 1 and f"({'bottom' if fit == 'top' else 'top'})" in crop[0]["message"]
    assert f"fit: {fit} keeps that side; fit: contain shows all of it" in crop[0]["message"]  # not told to do what it did


@pytest.mark.parametrize("name", ["page-05.PNG", "page-5.png", "page05.png", "Page_05.jpg", "page-005.jpeg"])
def test_the_obvious_spellings_of_a_page_picture_are_printed(scratch_repo, cli, name):
    (scratch_repo / "books/small/assets").mkdir()
    Image.new("RGB", PAGE_PX, BLUE).save(scratch_repo / "books/small/assets" / name)
    cli("build")
    assert near(colour_at(page(scratch_repo, 7), 0.5, 0.3), BLUE)  # pages/05.md prints on page 7
    assert [f for f in findings(cli) if f["rule"] == "asset-unused"] == []


def test_files_in_assets_that_no_page_prints_are_named_in_warnings(scratch_repo, cli):
    assets = scratch_repo / "books/small/assets"
    assets.mkdir()
    Image.new("RGB", PAGE_PX, BLUE).save(assets / "page-05.png")
    Image.new("RGB", PAGE_PX, RED).save(assets / "page5.jpg")  # a second spelling of page 5
    Image.new("RGB", (900, 900), GREEN).save(assets / "page-40.png")  # the book has 21 pages
    Image.new("RGB", (900, 900), GREEN).save(assets / "sunset.png")  # named after nothing
    (assets / "page-06.tiff").write_bytes(b"II*\x00")  # a format bookbuild does not read
    (assets / ".DS_Store").write_bytes(b"\x00")  # hidden files are nobody's pictures
    assert cli("build").exit_code == 0  # warnings, not errors
    assert near(colour_at(page(scratch_repo, 7), 0.5, 0.3), BLUE)  # the documented spelling wins
    unused = {f["file"]: f for f in findings(cli) if f["rule"] == "asset-unused"}
    assert set(unused) == {"assets/page5.jpg", "assets/page-40.png", "assets/sunset.png", "assets/page-06.tiff"}
    assert all(f["severity"] == "warning" for f in unused.values())
    assert "same picture as page-05.png" in unused["assets/page5.jpg"]["message"]
    assert "no page 40" in unused["assets/page-40.png"]["message"] and "pages 1-21" in unused["assets/page-40.png"]["message"]
    assert "PNG, JPEG and WebP" in unused["assets/page-06.tiff"]["message"]
    # renaming the stray file is enough to hear about it again: nothing else is redrawn
    (assets / "sunset.png").rename(assets / "page-21.png")
    result = cli("build", "--format", "json")
    assert {f["file"] for f in json.loads(result.output)["findings"] if f["rule"] == "asset-unused"} == {"assets/page5.jpg", "assets/page-40.png", "assets/page-06.tiff"}


def test_a_cover_picture_is_judged_at_the_front_covers_size(scratch_repo, cli):
    (scratch_repo / "books/small/assets").mkdir()
    quadrants((600, 900)).save(scratch_repo / "books/small/assets/cover.png")
    cli("build")
    found = [f for f in findings(cli) if f.get("file") == "assets/cover.png"]
    assert [f["rule"] for f in found] == ["image-resolution"] and found[0]["severity"] == "error"
    assert "the front cover" in found[0]["message"] and found[0]["page"] is None
