"""The bad-input corpus for the author's images (render/images.py opens every one): empty,
not an image, cut short, damaged, absurdly large, or leading out of the repository. Each
names the file and what is wrong, exits 2, and leaves nothing half-written."""

from __future__ import annotations

import io
import struct
import zlib
from concurrent.futures import ProcessPoolExecutor

import pytest
from PIL import Image

from bookbuild.render.images import AssetError, read_asset
from helpers import write_files
from helpers.faults import half_written, outputs

ASSETS = "books/small/assets"
SECRET = b"TOP-SECRET-OUTSIDE-THE-REPOSITORY"


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims any size in a few bytes (its pixels are never there)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def picture(fmt: str = "PNG", size=(400, 300)) -> bytes:
    image = Image.radial_gradient("L").resize(size).convert("RGB")
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def damaged_png() -> bytes:
    data = bytearray(picture("PNG"))
    start = data.index(b"IDAT") + 20
    data[start : start + 40] = b"\x00" * 40  # inside the compressed pixels; the header stays good
    return bytes(data)


def put(name: str, data: bytes):
    def setup(root, outside):
        (root / ASSETS).mkdir(parents=True, exist_ok=True)
        (root / ASSETS / name).write_bytes(data)

    return setup


def link(name: str, to_image: bool = False):
    def setup(root, outside):
        (root / ASSETS).mkdir(parents=True, exist_ok=True)
        target = outside.with_name("picture.png") if to_image else outside
        (root / ASSETS / name).symlink_to(target)

    return setup


def assets_folder_links_out(root, outside):
    (root / ASSETS).symlink_to(outside.parent / "assets")


# Found from the header, while planning: the build stops before anything runs.
HEADER_CASES = [
    ("empty-png", put("page-03.png", b""), "page-03.png", "is empty (0 bytes)"),
    ("empty-cover", put("cover.jpg", b""), "cover.jpg", "is empty (0 bytes)"),
    ("text-named-png", put("page-03.png", b"hello, this is a note\n"), "page-03.png", "is not an image"),
    ("html-named-jpg", put("cover.jpg", b"<!doctype html><title>x</title>"), "cover.jpg", "is not an image"),
    ("pdf-named-png", put("page-03.png", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n"), "page-03.png", "is not an image"),
    ("webp-header-only", put("page-03.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 "), "page-03.webp", "page-03.webp"),
    ("jpeg-start-only", put("page-03.jpg", b"\xff\xd8\xff"), "page-03.jpg", "page-03.jpg"),
    ("400-megapixels", put("page-03.png", png_header(20000, 20000)), "page-03.png", "is 400 megapixels; images may be at most 80 megapixels"),
    ("100-megapixels", put("page-03.png", png_header(10000, 10000)), "page-03.png", "is 10000x10000 pixels (100 megapixels)"),
    ("billion-pixels-wide", put("cover.png", png_header(1_000_000, 1000)), "cover.png", "megapixels"),
    ("links-to-a-secret", link("page-03.png"), "page-03.png", "leads outside the repository"),
    ("links-to-an-image-outside", link("cover.png", to_image=True), "cover.png", "leads outside the repository"),
    ("assets-folder-links-out", assets_folder_links_out, "page-03.png", "leads outside the repository"),
]
# Found when the pixels are decoded, in the task: the rest of the book builds, the exit is 2.
PIXEL_CASES = [
    ("truncated-jpeg", put("page-03.jpg", picture("JPEG")[:1500]), "page-03.jpg", "is cut short"),
    ("truncated-png", put("page-03.png", picture("PNG")[:400]), "page-03.png", "page-03.png: is"),
    ("damaged-png-pixels", put("page-03.png", damaged_png()), "page-03.png", "is damaged"),
    ("truncated-cover", put("cover.jpg", picture("JPEG")[:900]), "cover.jpg", "is cut short"),
]


@pytest.fixture
def outside(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_bytes(SECRET)
    (tmp_path / "picture.png").write_bytes(picture())
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "page-03.png").symlink_to(secret)
    return secret


@pytest.mark.parametrize("setup, name, words", [c[1:] for c in HEADER_CASES], ids=[c[0] for c in HEADER_CASES])
def test_an_unusable_image_stops_the_build_before_it_starts(scratch_repo, cli, outside, setup, name, words):
    setup(scratch_repo, outside)
    result = cli("build")
    assert result.exit_code == 2, result.output
    assert f"{ASSETS}/{name}: " in result.output and words in result.output, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output and "BytesIO" not in result.output
    assert SECRET.decode() not in result.output
    assert not (scratch_repo / "build" / "small" / "interior.pdf").exists()
    assert half_written(scratch_repo) == []


@pytest.mark.parametrize("setup, name, words", [c[1:] for c in PIXEL_CASES], ids=[c[0] for c in PIXEL_CASES])
def test_an_image_damaged_inside_fails_its_task_naming_it(built_copy, cli, outside, setup, name, words):
    before = outputs(built_copy)
    setup(built_copy, outside)
    result = cli("build")
    assert result.exit_code == 2, result.output
    assert f"{ASSETS}/{name}: " in result.output and words in result.output, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output and "BytesIO" not in result.output
    assert outputs(built_copy) == before  # the last good PDFs stay; none half-made
    assert half_written(built_copy) == []


def test_the_next_build_after_a_fix_succeeds(built_copy, cli, outside):
    put("page-03.jpg", picture("JPEG")[:1500])(built_copy, outside)
    assert cli("build").exit_code == 2
    put("page-03.jpg", picture("JPEG", (1538, 2475)))(built_copy, outside)  # whole, and 300 DPI on the page
    result = cli("build")
    assert result.exit_code == 0, result.output


class _Book:
    """What read_asset needs of a book."""

    def __init__(self, root):
        self.root, self.repository = root / "books" / "b", root


@pytest.mark.parametrize("data, words", [
    (b"", "is empty"),
    (b"GIF89a", "is not an image"),
    (png_header(0, 10), "books/b/assets/x.png: is"),
    (png_header(9000, 9000), "81 megapixels"),
])  # fmt: skip
def test_read_asset_names_the_file_for_every_book_type(tmp_path, data, words):
    write_files(tmp_path, {"books/b/assets/.keep": ""})
    path = tmp_path / "books/b/assets/x.png"
    path.write_bytes(data)
    with pytest.raises(AssetError) as info:
        read_asset(_Book(tmp_path), path).image()
    assert words in str(info.value) and str(info.value).startswith("books/b/assets/x.png: ")


def test_a_coloring_page_traced_in_a_worker_process_names_its_file(tmp_path):
    """The coloring book decodes the author's image in a worker process: the error crosses intact."""
    from bookbuild.plugins.coloring_book.pictures import trace_png

    line_art = {"line_pt": 2.25, "min_region_in": 0.3, "trace": "auto", "threshold": None, "dpi": 300}
    with ProcessPoolExecutor(1) as pool:
        future = pool.submit(trace_png, picture("JPEG")[:1500], (300, 400), line_art, "books/c/assets/page-01.jpg")
        with pytest.raises(AssetError) as info:
            future.result()
    assert str(info.value).startswith("books/c/assets/page-01.jpg: is cut short") and info.value.exit_code == 2


COLORING = "title: Colors\nauthor: A\ntype: coloring\npage_count: 24\ntrim: 6x9\n"


@pytest.mark.parametrize("name, data, words", [
    ("cover.png", b"", "is empty"),
    ("page-01.png", b"not an image", "is not an image"),
    ("page-02.png", png_header(30000, 30000), "900 megapixels"),
])  # fmt: skip
def test_a_coloring_books_images_are_checked_the_same_way(tmp_path, monkeypatch, cli, name, data, words):
    root = write_files(tmp_path / "repo", {"bookbuild.toml": 'cache_dir = ".cache"\n', "books/colors/book.yaml": COLORING})
    (root / "books/colors/assets").mkdir()
    (root / "books/colors/assets" / name).write_bytes(data)
    monkeypatch.chdir(root)
    result = cli("build")
    assert result.exit_code == 2 and f"books/colors/assets/{name}: " in result.output and words in result.output, result.output
    assert half_written(root) == []
