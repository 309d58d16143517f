"""PDF pages as PNG images (pypdfium2), cached by the PDF's content hash.

Shared by the preview server and `bookbuild diff`: both show pages as images,
and neither should rasterise the same PDF twice.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from bookbuild.engine.artifacts import write_atomic
from bookbuild.pdflock import serialized


def pdf_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@serialized
def page_images(pdf: bytes | Path, dpi: float = 50, pages: list[int] | None = None):
    """PIL images of the given 1-based pages (all by default), rendered at ``dpi``."""
    import pypdfium2 as pdfium

    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    doc = pdfium.PdfDocument(data)
    try:
        numbers = pages or list(range(1, len(doc) + 1))
        return [doc[n - 1].render(scale=dpi / 72).to_pil().convert("RGB") for n in numbers]
    finally:
        doc.close()


def page_pngs(pdf: Path, out_dir: Path, dpi: float = 50) -> list[Path]:
    """Write page-NNN.png files for a PDF into out_dir/<pdf hash>-<dpi>/; reuse them if there."""
    data = pdf.read_bytes()
    folder = out_dir / f"{pdf_digest(data)[:16]}-{int(dpi)}"
    done = folder / "complete"
    if done.is_file():
        return sorted(folder.glob("page-*.png"))
    paths = []
    for number, image in enumerate(page_images(data, dpi), 1):
        buffer = io.BytesIO()
        image.save(buffer, "PNG", optimize=False)
        path = folder / f"page-{number:03d}.png"
        write_atomic(path, buffer.getvalue())
        paths.append(path)
    write_atomic(done, b"")  # marks the set complete: a killed run is redone, never half-used
    return paths
