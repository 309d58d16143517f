"""The PDFs read back: page boxes, cover geometry, fonts, image resolution, determinism."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from bookbuild.kdp import geometry, table

INCH = 72.0


def boxes(path: Path) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width) / INCH, float(p.mediabox.height) / INCH) for p in PdfReader(path).pages]


def test_interior_pages_are_trim_plus_bleed(built_small):
    sizes = boxes(built_small / "build/small/interior.pdf")
    assert len(sizes) == 24
    for w, h in sizes:  # 5x8 with bleed: +0.125 in wide (outside edge), +0.25 in tall
        assert w == pytest.approx(5.125, abs=0.01) and h == pytest.approx(8.25, abs=0.01)


def test_cover_is_full_wrap_with_spine_from_page_count(built_small):
    ((w, h),) = boxes(built_small / "build/small/cover.pdf")
    spine = 24 * 0.002347  # premium colour caliper
    assert w == pytest.approx(0.125 + 5 + spine + 5 + 0.125, abs=0.01)
    assert h == pytest.approx(8.25, abs=0.01)
    assert geometry.cover(table.TRIMS["5x8"], 24, "premium-color", "white").width == pytest.approx(w, abs=0.01)


def test_kdp_cover_calculator_example():
    # KDP.md section 5: 6x9, 240 pages, cream -> spine 0.600 in, 12.850 x 9.250 in
    box = geometry.cover(table.TRIMS["6x9"], 240, "bw", "cream")
    assert (round(box.spine, 3), round(box.width, 3), round(box.height, 3)) == (0.6, 12.85, 9.25)


def fonts(path: Path) -> dict[str, bool]:
    found = {}
    for page in PdfReader(path).pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            desc = descendant.get("/FontDescriptor")
            desc = desc.get_object() if desc else {}
            found[str(font["/BaseFont"]).lstrip("/")] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def test_only_the_themes_font_is_used_and_it_is_embedded_whole_under_its_own_name(built_small):
    # No "ABCDEF+" subset tag: the fonts are embedded whole (KDP recommends it, K-SAVE).
    for name in ("interior.pdf", "cover.pdf"):
        found = fonts(built_small / "build/small" / name)
        assert set(found) <= {"Andika", "Andika-Bold"}, found
        assert all(found.values()), found


def placed_dpi(path: Path) -> list[float]:
    dpis = []
    pdf = pdfium.PdfDocument(str(path))
    for page in pdf:
        for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]):
            left, bottom, right, top = obj.get_bounds()
            px_w, px_h = obj.get_px_size()
            dpis.append(min(px_w / ((right - left) / INCH), px_h / ((top - bottom) / INCH)))
    return dpis


def test_every_illustration_is_placed_at_300_dpi_or_more(built_small):
    interior = placed_dpi(built_small / "build/small/interior.pdf")
    assert len(interior) == 21  # one full-bleed picture per story page
    assert min(interior) >= 299.5
    assert min(placed_dpi(built_small / "build/small/cover.pdf")) >= 299.5


def test_story_text_is_inside_the_mirrored_margins(built_small):
    pdf = pdfium.PdfDocument(str(built_small / "build/small/interior.pdf"))
    box = geometry.interior_page(table.TRIMS["5x8"], 24, True)
    for number in (3, 4):  # first story pages: a recto (odd) and a verso (even)
        page = pdf[number - 1]
        text = page.get_textpage()
        left, top, right, bottom = box.live_area(number)
        height = page.get_height() / INCH
        for i in range(text.count_chars()):
            x0, y0, x1, y1 = (v / INCH for v in text.get_charbox(i))
            if x1 - x0 <= 0:
                continue  # spaces
            assert left - 0.001 <= x0 and x1 <= right + 0.001, (number, x0, x1, left, right)
            assert top - 0.001 <= height - y1 and height - y0 <= bottom + 0.001


def test_same_inputs_give_byte_identical_pdfs(built_small, tmp_path, monkeypatch):
    """A fresh cache and build on another path, with SOURCE_DATE_EPOCH, gives the same bytes."""
    from bookbuild.engine.build import build
    from bookbuild.project import Project

    digests = []
    for run in ("one", "two"):
        root = tmp_path / run
        shutil.copytree(built_small / "books", root / "books")
        (root / "bookbuild.toml").write_text(f'cache_dir = "cache-{run}"\n')
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        project = Project.open(root)
        assert build(project).ok
        project.cache.close()
        digests.append(tuple(hashlib.sha256((root / "build/small" / n).read_bytes()).hexdigest() for n in ("interior.pdf", "cover.pdf")))
    assert digests[0] == digests[1]
    info = PdfReader(tmp_path / "one/build/small/interior.pdf").metadata
    assert info["/CreationDate"].startswith("D:20260101")


def test_planning_reads_no_font_and_the_cover_is_laid_out_when_it_runs(scratch_repo, monkeypatch):
    """A cover's key holds what its layout is made from, not the layout: planning a build
    (every build does, before its first task) measures no type; the cover task does."""
    from bookbuild.engine.build import build
    from bookbuild.project import Project
    from bookbuild.render import typeset

    measured = []
    real = typeset.metrics
    monkeypatch.setattr(typeset, "metrics", lambda path: measured.append(path) or real(path))
    project = Project.open(scratch_repo)
    try:
        plan = build(project, dry_run=True)
        assert plan.books and measured == []
        report = build(project)
    finally:
        project.cache.close()
    assert report.ok and measured  # the cover (and the interior's text) were fitted as they ran
    text = "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(scratch_repo / "build/small/cover.pdf"))
    assert "Small Fox" in " ".join(text.split())  # the title, fitted on the front
