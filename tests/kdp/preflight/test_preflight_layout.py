"""The layout rules fire on the mistakes bookbuild's own books used to carry (issue 18):
a cut-off front panel, an off-centre title, a thin spine strip, spine text inside KDP's fold
allowance, no-bleed art to the trim, TrimBox = MediaBox, a text panel hiding the picture."""

from __future__ import annotations

import pytest

from bookbuild.kdp.preflight import check_cover, check_interior
from helpers.pdf_corpus import LayoutCorpus, corpus, spec, summary  # noqa: F401  (corpus is a fixture)


@pytest.fixture(scope="module")
def layout(corpus):
    return LayoutCorpus(corpus)


def test_a_panel_cut_off_by_the_trim_is_an_error(layout):
    findings = [f for f in check_cover(layout.cover_cut_panel(), spec(), 32) if f.rule == "cover-layout"]
    assert ("cover-layout", "error", 1) in summary(findings)
    assert "runs 0.43 in past the right trim edge" in findings[0].message and '"The Brave Little Fox"' in findings[0].message


def test_an_off_centre_title_is_a_warning(layout):
    findings = [f for f in check_cover(layout.cover_off_centre_title(), spec(), 32) if f.rule == "cover-layout"]
    assert summary(findings) == {("cover-layout", "warning", 1)}
    assert "sits 0.2 in left of the front cover's centre" in findings[0].message


def test_a_thin_spine_of_its_own_colour_is_a_warning(layout, corpus):
    findings = [f for f in check_cover(layout.cover_thin_spine_strip(), spec(), 32) if f.rule == "cover-layout"]
    assert summary(findings) == {("cover-layout", "warning", 1)}
    assert "0.075 in strip of its own colour" in findings[0].message
    assert [f for f in check_cover(corpus.clean_cover(), spec(), 32) if f.rule == "cover-layout"] == []


@pytest.mark.parametrize("pages", [100, 200])
def test_spine_text_inside_the_fold_allowance_is_an_error(layout, pages):
    """0.055 in from the fold: the old rule added its 0.01 in size tolerance and let this pass."""
    findings = check_cover(layout.cover_spine_text_near_fold(pages), spec(), pages)
    [spine] = [f for f in findings if f.rule == "spine-text"]
    assert spine.severity == "error" and "from the back spine fold" in spine.message and "towards the back" in spine.message


def test_no_bleed_art_to_the_trim_is_an_error(layout):
    findings = check_interior(layout.no_bleed_art_to_trim(), spec("6x9", bleed=False))
    assert summary(findings) == {("art-outside-margin", "error", 3)}
    assert "runs to the" in findings[0].message and "no bleed" in findings[0].message


def test_bleed_pages_without_a_trim_box_warn_once(layout, corpus):
    findings = check_interior(layout.no_trim_box(), spec())
    assert summary(findings) == {("trim-box", "warning", 1)}
    assert "(the whole page, bleed included)" in findings[0].message
    assert check_interior(corpus.clean_picture(), spec()) == []


def test_a_text_panel_over_most_of_the_picture_is_a_warning(layout):
    findings = check_interior(layout.big_text_panel(), spec("5x8"))
    assert summary(findings) == {("art-covered", "warning", 3)}
    assert "covers 47% of the page" in findings[0].message
