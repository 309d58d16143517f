"""Rules that apply to interior and cover files alike."""

from __future__ import annotations

import math
from typing import Iterator

from bookbuild.findings import Finding
from bookbuild.kdp import table

from bookbuild.kdp.preflight import fmt
from bookbuild.kdp.preflight.facts import PageFacts, PdfFacts, PlacedImage
from bookbuild.kdp.preflight.spec import PrintSpec

MIN_IMAGE_SIDE_PX = 5  # 1-4 px images are flat colours or 1-D gradients: no detail to lose
DPI_SLACK = 0.5  # 299.6 DPI rounds to 300
MB = 1024 * 1024


def encrypted(facts: PdfFacts, spec: PrintSpec) -> Iterator[Finding]:
    """K-SAVE, K-SUB: files must not be locked or encrypted."""
    if facts.encrypted:
        yield Finding(
            "encrypted", "error",
            "the PDF is encrypted (it has security settings, even though it opens without a password); "
            "KDP rejects locked or encrypted files; save a copy without security "
            "(Acrobat: File > Properties > Security > No Security, or `qpdf --decrypt in.pdf out.pdf`)",
        )  # fmt: skip


def annotations(facts: PdfFacts, spec: PrintSpec) -> Iterator[Finding]:
    """K-SUB, K-SAVE: no comments, annotations or form fields. Links alone are a warning."""
    for page in facts.pages:
        if page.annotations:
            yield _annotation_finding(page)


def _annotation_finding(page: PageFacts) -> Finding:
    kinds = sorted(set(page.annotations))
    only_links = kinds == ["Link"]
    what = fmt.plural(len(page.annotations), "link" if only_links else "annotation")
    fix = (
        "remove the hyperlinks or export without them (KDP prints pages, links do nothing on paper)"
        if only_links
        else "delete the comments and form fields, or flatten the PDF (export or print to PDF again without comments)"
    )
    message = f"page has {what} ({', '.join(kinds)}); KDP needs a PDF without comments, annotations or form fields; {fix}"
    return Finding("annotations", "warning" if only_links else "error", message, page.number)


def font_embedding(facts: PdfFacts, spec: PrintSpec) -> Iterator[Finding]:
    """K-SAVE, K-SUB: every font embedded. Subsets are accepted (see docs/rules.md)."""
    missing: dict[str, list[int]] = {}
    for page in facts.pages:
        for run in page.texts:
            if not run.embedded:
                missing.setdefault(run.font, []).append(page.number)
    for font, numbers in missing.items():
        yield Finding(
            "font-embedding", "error",
            f'font "{font}" is not embedded (used on page {fmt.pages(numbers)}); KDP needs every font embedded; '
            "export the PDF with fonts embedded (Word: Options > Save > Embed fonts in the file; InDesign, "
            "Affinity: a PDF/X preset) or convert that text to outlines",
            numbers[0],
        )  # fmt: skip


def image_resolution(facts: PdfFacts, spec: PrintSpec) -> Iterator[Finding]:
    """K-SUB, K-SAVE: 300 DPI; S-VAL: below 200 DPI is an error, 200-299 a warning."""
    for page in facts.pages:
        for image in page.images:
            if _resolution_matters(image, page):
                finding = _resolution_finding(image, page.number)
                if finding is not None:
                    yield finding


def _resolution_matters(image: PlacedImage, page: PageFacts) -> bool:
    if min(image.px) < MIN_IMAGE_SIDE_PX:
        return False
    if image.box is None:
        return True
    left, top, right, bottom = image.box
    return right > 0 and bottom > 0 and left < page.width_in and top < page.height_in


def _resolution_finding(image: PlacedImage, page: int) -> Finding | None:
    dpi = image.dpi
    if dpi >= table.DPI_REQUIRED - DPI_SLACK:
        return None
    severity = "error" if dpi < table.DPI_ERROR_BELOW - DPI_SLACK else "warning"
    (w_px, h_px), (w_in, h_in) = image.px, image.placed_in
    need = (math.ceil(w_in * table.DPI_REQUIRED), math.ceil(h_in * table.DPI_REQUIRED))
    message = (
        f"image placed at {dpi:.0f} DPI ({w_px} x {h_px} px printed at {fmt.size(w_in, h_in)}), "
        f"KDP needs {table.DPI_REQUIRED}; supply a {need[0]} px wide image ({need[0]} x {need[1]} px) "
        f"or print it smaller (at most {fmt.size(w_px / table.DPI_REQUIRED, h_px / table.DPI_REQUIRED)})"
    )
    return Finding("image-resolution", severity, message, page)


def file_size(facts: PdfFacts, spec: PrintSpec) -> Iterator[Finding]:
    """K-SAVE, K-SUB: at most 650 MB per file."""
    megabytes = facts.size_bytes / MB
    if megabytes > table.MAX_FILE_MB:
        yield Finding(
            "file-size", "error",
            f"the file is {megabytes:.0f} MB; KDP accepts at most {table.MAX_FILE_MB} MB; "
            f"downsample images to {table.DPI_REQUIRED} DPI (more does not print better) and export again",
        )  # fmt: skip
