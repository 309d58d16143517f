"""Font streams compressed once and kept in the cache (bookbuild.render.streams): a PDF made
with kept streams is byte for byte the PDF made without, a second render compresses no
font again, and a damaged kept stream is noticed, remade and never printed."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from bookbuild.render import streams
from bookbuild.render.pdf import html_to_pdf

REPO = Path(__file__).resolve().parents[2]
THEME = REPO / "themes" / "picture-book"

HTML = """<html><head><style>
@font-face { font-family: Andika; src: url(../fonts/Andika-Regular.ttf); }
@font-face { font-family: Andika; font-weight: bold; src: url(../fonts/Andika-Bold.ttf); }
@page { size: 5in 5in; margin: 0.5in }
body { font-family: Andika }
</style></head><body><p>Pip found the <b>northern lights</b>.</p><p style="break-before: page">The end.</p></body></html>"""


def render(folder: Path | None) -> bytes:
    return html_to_pdf(HTML, THEME, {}, None, folder)


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


@pytest.fixture
def counted(monkeypatch):
    """How many streams were compressed here, not taken from the folder."""
    calls = []
    real = streams.compress
    monkeypatch.setattr(streams, "compress", lambda raw: calls.append(len(raw)) or real(raw))
    return calls


def font_files(pdf: bytes, tmp_path: Path) -> list[bytes]:
    path = tmp_path / "read.pdf"
    path.write_bytes(pdf)
    found = []
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            found.append(descriptor["/FontFile2"].get_object().get_data())
    return found


def test_kept_streams_give_the_same_pdf_and_are_not_compressed_again(tmp_path, counted):
    plain = render(None)
    counted.clear()
    folder = tmp_path / "pdf-streams"
    first = render(folder)
    made = len(counted)
    assert made >= 3  # two whole fonts and their ToUnicode maps (the same for both: one kept)
    assert len([p for p in folder.iterdir() if p.is_file()]) == made
    again = render(folder)
    assert len(counted) == made  # nothing compressed the second time
    assert plain == first == again
    # The fonts inside are the theme's files, whole.
    theme_fonts = {(THEME / "fonts" / n).read_bytes() for n in ("Andika-Regular.ttf", "Andika-Bold.ttf")}
    assert set(font_files(again, tmp_path)) == theme_fonts


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other bytes", "empty", "a folder"])
def test_a_damaged_kept_stream_is_remade_not_printed(tmp_path, counted, damage):
    folder = tmp_path / "pdf-streams"
    good = render(folder)
    kept = sorted((p for p in folder.iterdir() if p.is_file()), key=lambda p: p.stat().st_size)[-1]  # a font
    original = kept.read_bytes()
    if damage == "garbage":
        kept.write_bytes(b"\x00not zlib" * 100)
    elif damage == "truncated":
        kept.write_bytes(original[: len(original) // 2])
    elif damage == "other bytes":  # valid zlib, but of something else
        kept.write_bytes(zlib.compress(b"another font" * 1000))
    elif damage == "empty":
        kept.write_bytes(b"")
    else:
        kept.unlink()
        kept.mkdir()
    before = len(counted)
    assert render(folder) == good
    assert len(counted) == before + 1  # only the damaged one made again
    if damage != "a folder":
        assert kept.read_bytes() == original  # healed


def test_a_folder_that_cannot_be_written_still_renders(tmp_path):
    blocked = tmp_path / "pdf-streams"
    blocked.write_text("a file where the folder should be")
    assert render(blocked) == render(None)


def test_a_full_disk_while_keeping_still_renders_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    import errno

    from bookbuild.engine import artifacts

    def full(handle, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    folder = tmp_path / "pdf-streams"
    monkeypatch.setattr(artifacts, "_write", full)
    assert render(folder) == render(None)
    assert [p for p in folder.rglob("*") if p.is_file()] == []


def test_a_killed_writers_temporary_stream_is_swept_by_the_next_build(tmp_path):
    from bookbuild.engine.cache import Cache

    cache = Cache(tmp_path / "cache")
    tmp = tmp_path / "cache" / "pdf-streams" / "tmp"
    tmp.mkdir(parents=True)
    left = tmp / ".abc.999999999.x1.tmp"  # a writer pid no process has
    left.write_bytes(b"half a font")
    assert cache.sweep() >= 1
    assert not left.exists()
