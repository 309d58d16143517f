"""Each interior rule fires on its defect, on the right page with the right severity, and nowhere else."""

from __future__ import annotations

import pytest

from bookbuild.kdp.preflight import check_interior

from helpers.pdf_corpus import corpus, spec, summary  # noqa: F401 (corpus is a fixture)

CLEAN = [
    ("clean_picture", dict(trim="8.5x8.5", bleed=True)),
    ("clean_text", dict(trim="6x9", bleed=False)),
    ("clean_text", dict(trim="6x9", bleed=False, ink="bw", paper="cream")),
    ("clean_coloring", dict(trim="8.5x11", bleed=False, ink="bw", coloring=True)),
]


@pytest.mark.parametrize("name, options", CLEAN, ids=[f"{n}-{o.get('ink', 'premium')}" for n, o in CLEAN])
def test_clean_books_have_no_findings(corpus, name, options):
    assert check_interior(getattr(corpus, name)(), spec(**options)) == []


def test_findings_are_tagged_interior(corpus):
    findings = check_interior(corpus.low_dpi(), spec())
    assert {f.file for f in findings} == {"interior"}


def test_image_resolution(corpus):
    findings = check_interior(corpus.low_dpi(), spec())
    assert summary(findings) == {("image-resolution", "error", 3), ("image-resolution", "warning", 5)}
    error = next(f for f in findings if f.page == 3)
    assert "150 DPI" in error.message and "KDP needs 300" in error.message and "2400 px wide" in error.message


def test_image_resolution_through_css_background_patterns(corpus):
    findings = check_interior(corpus.background_images(), spec())
    assert summary(findings) == {("image-resolution", "error", 2)}
    assert "137 DPI" in findings[0].message


def test_image_resolution_inside_forms_and_transforms(corpus):
    findings = check_interior(corpus.nested_images(), spec())
    assert summary(findings) == {("image-resolution", "error", 2)}
    assert "150 DPI" in findings[0].message and "4 x 4 in" in findings[0].message


def test_text_outside_margin_mirrors_the_gutter(corpus):
    findings = check_interior(corpus.margins(), spec("6x9", bleed=False))
    assert summary(findings) == {("text-outside-margin", "error", p) for p in (3, 4, 6)}
    by_page = {f.page: f.message for f in findings}
    assert "outside edge" in by_page[3]  # recto: outside is on the right
    assert "gutter" in by_page[4] and "0.375 in" in by_page[4]  # verso: gutter is on the right
    assert "top edge" in by_page[6]


def test_min_font_size(corpus):
    findings = check_interior(corpus.small_text(), spec())
    assert summary(findings) == {("min-font-size", "error", 2)}
    assert "6.0 pt" in findings[0].message and "7 pt" in findings[0].message


def test_line_weight(corpus):
    # Coloring line art: under 0.75 pt is an error, under 1 pt a warning (KDP.md 0; S-ACD, S-AA)
    findings = check_interior(corpus.thin_lines(), spec("8.5x11", bleed=False, coloring=True))
    assert summary(findings) == {("line-weight", "error", 1), ("line-weight", "warning", 2)}
    assert "0.50 pt" in findings[0].message and "coloring-book line art" in findings[0].message


def test_line_weight_outside_coloring_books_is_a_warning(corpus):
    findings = check_interior(corpus.thin_lines(), spec("8.5x11", bleed=False))
    assert summary(findings) == {("line-weight", "warning", 1), ("line-weight", "warning", 2)}
    assert "may not print" in findings[0].message


def test_underlines_and_table_rules_print_fine(corpus):
    """A LibreOffice underline (0.70 pt) and a table rule (0.5 pt) are rules, not line art."""
    for coloring in (False, True):
        assert check_interior(corpus.rules_and_underlines(), spec("6x9", bleed=False, coloring=coloring)) == []


def test_color_in_bw_sees_text_and_images_but_not_grey_rgb(corpus):
    findings = check_interior(corpus.bw_colour(), spec("6x9", bleed=False, ink="bw"))
    assert summary(findings) == {("color-in-bw", "warning", p) for p in (2, 3, 6, 7)}
    assert "gradients" in next(f.message for f in findings if f.page == 7)


def test_color_in_bw_sees_css_background_images(corpus):
    findings = check_interior(corpus.background_images(), spec(ink="bw"))
    assert {("color-in-bw", "warning", 2), ("color-in-bw", "warning", 3)} <= summary(findings)


def test_color_in_bw_only_for_black_ink(corpus):
    assert check_interior(corpus.bw_colour(), spec("6x9", bleed=False, ink="premium-color")) == []


def test_color_in_bw_on_colour_picture_book_checked_as_black_ink(corpus):
    findings = check_interior(corpus.clean_picture(), spec(ink="bw"))
    assert summary(findings) == {("color-in-bw", "warning", p) for p in range(1, 25)}


def test_blank_pages(corpus):
    findings = check_interior(corpus.blanks(), spec("6x9", bleed=False))
    assert summary(findings) == {("blank-pages", "error", 5), ("blank-pages", "error", 20)}
    assert "pages 5-7" in findings[0].message and "at most 2" in findings[0].message


def test_blank_pages_coloring_book_warns_on_a_double_blank(corpus):
    findings = check_interior(corpus.blanks(), spec("6x9", bleed=False, coloring=True))
    assert summary(findings) == {("blank-pages", "error", 5), ("blank-pages", "warning", 10), ("blank-pages", "error", 20)}


def test_page_size_mixed(corpus):
    findings = check_interior(corpus.mixed_sizes(), spec())
    assert summary(findings) == {("page-size-mixed", "error", 5)}


def test_page_size_without_bleed_checked_as_bleed(corpus):
    findings = check_interior(corpus.clean_text(), spec("6x9", bleed=True))
    assert summary(findings) == {("page-size", "error", None)}
    assert "6 x 9 in" in findings[0].message and "6.125 x 9.25 in" in findings[0].message
    assert "without bleed" in findings[0].message


def test_page_size_with_bleed_checked_as_no_bleed(corpus):
    findings = check_interior(corpus.clean_picture(), spec(bleed=False))
    assert summary(findings) == {("page-size", "error", None)}
    assert "trim plus bleed" in findings[0].message


def test_page_size_bleed_on_both_sides(corpus):
    findings = check_interior(corpus.both_side_bleed(), spec("6x9", bleed=True))
    assert summary(findings) == {("page-size", "error", None)}
    assert "both sides" in findings[0].message


def test_page_count_min(corpus):
    findings = check_interior(corpus.short_book(), spec())
    assert summary(findings) == {("page-count-min", "error", None)}


def test_page_count_min_standard_colour_needs_72(corpus):
    findings = check_interior(corpus.clean_picture(), spec(ink="standard-color"))
    assert summary(findings) == {("page-count-min", "error", None)}
    assert "at least 72" in findings[0].message and "premium-color" in findings[0].message


def test_page_count_max(corpus):
    findings = check_interior(corpus.long_book(), spec())
    # 600 copies of page 1: the even (left-hand) pages carry a right-hand page's TrimBox
    assert summary(findings) == {("page-count-max", "error", None), ("trim-box", "warning", 2)}
    assert "at most 590" in findings[0].message


def test_font_embedding(corpus):
    findings = check_interior(corpus.unembedded_font(), spec("6x9", bleed=False))
    assert summary(findings) == {("font-embedding", "error", 3)}
    assert '"Helvetica"' in findings[0].message


def test_annotations(corpus):
    findings = check_interior(corpus.annotated(), spec("6x9", bleed=False))
    assert summary(findings) == {("annotations", "error", 2), ("annotations", "warning", 4)}


def test_encrypted_but_openable(corpus):
    findings = check_interior(corpus.owner_locked(), spec("6x9", bleed=False))
    assert summary(findings) == {("encrypted", "error", None)}


@pytest.mark.parametrize("trim, severity", [("7x7", "warning"), ("3x3", "error")])
def test_trim_size(corpus, trim, severity):
    findings = check_interior(corpus.clean_text(), spec(trim, bleed=False))
    assert ("trim-size", severity, None) in summary(findings)
    assert {f.rule for f in findings} <= {"trim-size", "page-size"}
