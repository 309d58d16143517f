"""PDFs made by other programs: Pillow's PDF writer and (when installed) LibreOffice."""

from __future__ import annotations

import pytest

from bookbuild.kdp.preflight import check_interior
from bookbuild.kdp.preflight.inspect import page_size_in

from helpers.pdf_corpus import corpus, spec, summary  # noqa: F401 (corpus is a fixture)


def test_pillow_pdf_is_72_dpi(corpus):
    """Pillow writes images at 72 DPI unless told otherwise: 612 px over 8.5 in on every page."""
    findings = check_interior(corpus.pillow_pdf(), spec("8.5x8.5", bleed=False))
    # ...and printed to the trim of a book without bleed: art-outside-margin on every page too
    assert summary(findings) == {(rule, "error", p) for p in range(1, 25) for rule in ("image-resolution", "art-outside-margin")}
    assert "72 DPI" in findings[0].message and "2550 px wide" in findings[0].message




@pytest.fixture(scope="module")
def libreoffice_pdf(corpus):
    path = corpus.libreoffice_pdf()
    if path is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return path


def test_libreoffice_writer_export(libreoffice_pdf):
    """A 2-page A4 or Letter text export: embedded subset fonts, sane margins; only too short."""
    width, height = page_size_in(libreoffice_pdf)
    trim = "8.27x11.69" if abs(width - 8.27) < 0.02 else "8.5x11"
    findings = check_interior(libreoffice_pdf, spec(trim, bleed=False))
    assert {f.rule for f in findings} == {"page-count-min"}
