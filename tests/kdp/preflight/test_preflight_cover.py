"""Full-wrap cover rules: size, spine text, barcode area, text near the trim."""

from __future__ import annotations

import pytest

from bookbuild.kdp.preflight import check_cover

from helpers.pdf_corpus import corpus, spec, summary  # noqa: F401 (corpus is a fixture)


def test_clean_cover_has_no_findings(corpus):
    assert check_cover(corpus.clean_cover(32), spec(), 32) == []


def test_clean_cover_findings_are_tagged_cover(corpus):
    findings = check_cover(corpus.cover_wrong_size(), spec(), 32)
    assert {f.file for f in findings} == {"cover"}


def test_cover_size(corpus):
    findings = check_cover(corpus.cover_wrong_size(), spec(), 32)
    assert summary(findings) == {("cover-size", "error", 1)}
    assert "17 x 8.75 in" in findings[0].message and "17.325 x 8.75 in" in findings[0].message


def test_cover_size_depends_on_page_count(corpus):
    """The 32-page wrap is too narrow for 100 pages (spine 0.235 in, not 0.075)."""
    findings = check_cover(corpus.clean_cover(32), spec(), 100)
    assert summary(findings) == {("cover-size", "error", 1)}
    assert "17.485" in findings[0].message


def test_cover_with_several_pages(corpus):
    findings = check_cover(corpus.clean_text(), spec("6x9", bleed=False), 30)
    assert ("cover-size", "error", None) in summary(findings)


def test_spine_text_on_a_thin_book_is_an_error(corpus):
    findings = check_cover(corpus.cover_spine_text(32), spec(), 32)
    assert summary(findings) == {("spine-text", "error", 1)}
    assert "79 pages" in findings[0].message


def test_spine_text_at_79_pages_is_a_warning(corpus):
    findings = check_cover(corpus.cover_spine_text(79), spec(), 79)
    assert summary(findings) == {("spine-text", "warning", 1)}


def test_spine_text_at_100_pages_is_fine(corpus):
    assert check_cover(corpus.cover_spine_text(100), spec(), 100) == []


def test_text_in_barcode_area(corpus):
    findings = check_cover(corpus.cover_barcode_text(), spec(), 32)
    assert summary(findings) == {("barcode-area", "error", 1)}
    assert '"Price 9.99"' in findings[0].message


def test_image_in_barcode_area(corpus):
    findings = check_cover(corpus.cover_barcode_image(), spec(), 32)
    assert summary(findings) == {("barcode-area", "error", 1)}
    assert "an image (1 x 1 in)" in findings[0].message


@pytest.mark.parametrize("inset, severity", [(0.05, "error"), (0.2, "warning")])
def test_cover_text_near_trim(corpus, inset, severity):
    findings = check_cover(corpus.cover_edge_text(inset), spec(), 32)
    assert summary(findings) == {("text-outside-margin", severity, 1)}
    assert "top trim edge" in findings[0].message
