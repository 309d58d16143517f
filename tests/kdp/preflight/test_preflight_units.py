"""Rules on hand-made facts: what the corpus cannot cheaply produce (650 MB files) and edge cases."""

from __future__ import annotations

from bookbuild.findings import Finding
from bookbuild.kdp import table
from bookbuild.kdp.preflight import fmt, report
from bookbuild.kdp.preflight.facts import PageFacts, PdfFacts, PlacedImage, Stroke
from bookbuild.kdp.preflight.rules import common, cover, interior

from helpers.pdf_corpus import spec

MB = 1024 * 1024


def facts(pages: list[PageFacts], size_mb: float = 1) -> PdfFacts:
    return PdfFacts("book.pdf", int(size_mb * MB), False, pages)


def page(number: int = 1, **kw) -> PageFacts:
    return PageFacts(number, 8.625, 8.75, has_content=True, **kw)


def test_file_size_limit():
    assert list(common.file_size(facts([page()], table.MAX_FILE_MB), spec())) == []
    [finding] = common.file_size(facts([page()], table.MAX_FILE_MB + 1), spec())
    assert (finding.rule, finding.severity) == ("file-size", "error")


def test_cover_file_size_recommendation():
    box = spec().cover_box(32)
    cover_page = PageFacts(1, box.width, box.height, has_content=True)
    big = cover.Cover(facts([cover_page], table.COVER_RECOMMENDED_MAX_MB + 5), spec(), 32, box)
    [finding] = cover.cover_file_size(big)
    assert (finding.rule, finding.severity) == ("file-size", "warning")


def test_tiny_images_and_off_page_images_are_ignored():
    images = [
        PlacedImage((1, 1), (8.5, 8.5), (0, 0, 8.5, 8.5)),  # a flat colour
        PlacedImage((100, 100), (2, 2), (9, 9, 11, 11)),  # off the page
    ]
    assert list(common.image_resolution(facts([page(images=images)]), spec())) == []


def test_image_resolution_boundaries():
    def dpi_finding(px: int) -> list[Finding]:
        return list(common.image_resolution(facts([page(images=[PlacedImage((px, px), (1, 1), (1, 1, 2, 2))])]), spec()))

    assert dpi_finding(300) == []
    assert [f.severity for f in dpi_finding(299)] == ["warning"]
    assert [f.severity for f in dpi_finding(200)] == ["warning"]
    assert [f.severity for f in dpi_finding(199)] == ["error"]


def test_hairline_is_an_error_in_coloring_line_art():
    [finding] = interior.line_weight(facts([page(strokes=[Stroke(0.0, (1, 1, 2, 2))])]), spec(coloring=True))
    assert finding.severity == "error" and "hairline" in finding.message


def test_line_weight_boundaries():
    def severity(width: float, coloring: bool, straight: bool = False) -> list[str]:
        strokes = [Stroke(width, (1, 1, 2, 2), straight)]
        return [f.severity for f in interior.line_weight(facts([page(strokes=strokes)]), spec(coloring=coloring))]

    # coloring line art (KDP.md 0): error under 0.75 pt, warning under 1 pt
    assert severity(1.0, True) == [] and severity(0.75, True) == ["warning"] and severity(0.7, True) == ["error"]
    # other drawn lines (S-ACD, S-AA: "may not print"): warnings only
    assert severity(1.0, False) == [] and severity(0.75, False) == ["warning"] and severity(0.0, False) == ["warning"]
    # rules and underlines: fine from 0.25 pt, a warning below, in any book
    for coloring in (False, True):
        assert severity(0.5, coloring, True) == [] and severity(0.25, coloring, True) == [] and severity(0.1, coloring, True) == ["warning"]


def test_blank_pages_at_start():
    pages = [PageFacts(i, 8.625, 8.75, has_content=i > 3) for i in range(1, 25)]
    [finding] = interior.blank_pages(facts(pages), spec())
    assert (finding.rule, finding.page) == ("blank-pages", 1)


def test_ten_blank_pages_at_the_end_are_fine():
    pages = [PageFacts(i, 8.625, 8.75, has_content=i <= 14) for i in range(1, 25)]
    assert list(interior.blank_pages(facts(pages), spec())) == []


def test_custom_trim_has_no_maximum_page_count():
    assert list(interior.page_count_max(facts([page(i) for i in range(1, 1000)]), spec("7x7"))) == []


def test_formatting_helpers():
    assert fmt.pages([1, 2, 3, 7, 9, 10]) == "1-3, 7, 9-10"
    assert fmt.inches(8.625) == "8.625" and fmt.inches(0.0751) == "0.075" and fmt.inches(8.5) == "8.5"
    assert fmt.quote("x" * 60).endswith('…"')


def test_text_report():
    findings = [Finding("page-count-min", "error", "too short", None, "interior"), Finding("image-resolution", "warning", "soft", 7, "interior")]
    text = report.as_text(findings, {"interior": "book.pdf"})
    assert text.splitlines() == [
        "book.pdf: error [page-count-min] too short",
        "book.pdf page 7: warning [image-resolution] soft",
        "1 error, 1 warning",
    ]


def test_standard_colour_is_not_offered_for_a4():
    [finding] = interior.trim_size(facts([page()]), spec("8.27x11.69", bleed=False, ink="standard-color"))
    assert (finding.rule, finding.severity) == ("trim-size", "error")
    assert list(interior.trim_size(facts([page()]), spec("8.27x11.69", bleed=False))) == []
