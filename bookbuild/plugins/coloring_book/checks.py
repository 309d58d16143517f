"""Line-art checks on a coloring book's interior PDF, one finding per page and rule.

Every image on every page is read back from the PDF as printed (its pixels and
the size it is placed at) and measured by bookbuild.plugins.coloring_book.lineart.measure:

- ``line-art-grey`` (error over GREY_ERROR, warning over GREY_WARNING of the
  picture): grey areas, which the press screens into dots that look smudged;
- ``line-weight`` (error under 0.75 pt, warning under 1 pt): lines inside the
  images; preflight's rule of the same id measures stroked vector lines;
- ``line-art-specks`` (warning): isolated dots of ink;
- ``line-art-region`` (warning): closed shapes too small to colour for the age group
  (no circle of the book's ``min_shape_in`` fits: too narrow, and so too small in area);
- ``line-art-fill`` (warning): solid black areas wider than FILL_MAX_IN both ways,
  shapes a child would want to colour, printed black (a black eye, a filled cell);
- ``line-art-weight`` (warning): uneven line weight: beads, bars and wedges much
  thicker than the picture's own lines;
- ``coloring-subjects`` (warning, from the spec): animals the book's title,
  description or keywords promise that no offline page draws.

Colour is preflight's ``color-in-bw`` rule, which runs on black-ink interiors.
The page tasks measure each picture they make in their worker process and leave the
answer as a note (bookbuild.notes), keyed by the picture's pixels and resolution: a
picture read back from the PDF with a note is not measured again; any other (an
image another plugin or a theme placed, one swapped after the build, a PDF made
elsewhere) is. The interior task runs these checks on the PDF it has made and leaves
the findings as a note keyed by the PDF's bytes (``interior_note``): validate then only
hashes the file. Pictures are measured on threads: OpenCV and Pillow release the GIL.
"""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from bookbuild.findings import Finding
from bookbuild.kdp import table
from bookbuild.notes import NO_NOTES

from .options import options_for
from bookbuild.pdflock import LOCK

if TYPE_CHECKING:
    import numpy as np

    from bookbuild.spec.model import Book

    from .lineart.report import GreyAreas, LineReport, SmallShape, WeightReport

GREY_WARNING = 0.001  # of the picture's area
GREY_ERROR = 0.01
MIN_IMAGE_PX = 16  # smaller images are rules and dots, not pictures
INTERIOR_NOTE = "coloring.interior-findings"
PT_PER_IN = 72.0


@dataclass
class Placed:
    page: int
    pixels: "np.ndarray"  # "L", its own copy
    dpi: float
    left: float  # inches from the page's left edge
    top: float


def check_interior(book: Book, path: Path, notes: Mapping[str, Any] = NO_NOTES) -> list[Finding]:
    """``notes`` (bookbuild.notes): the findings the interior task left on these very bytes
    (``interior_note``), else the measurements the page tasks left, taken for the pictures
    whose pixels they were made from."""
    pdf = Path(path).read_bytes()
    noted = notes.get(_interior_key(book, pdf)) if notes else None
    if noted is not None:
        return [Finding(**finding) for finding in noted]
    return check_pdf(book, pdf, notes)


def interior_note(book: Book, pdf: bytes, notes: Mapping[str, Any] = NO_NOTES) -> dict[str, Any]:
    """{key: findings}: these checks' findings on an interior PDF, for the task that made it
    to leave in its value (bookbuild.notes), keyed by the PDF's bytes, the book's limits,
    KDP's line weights, this code and PDFium's version. The interior task checks its PDF
    while the cover is still being made; the book's validate task, on the build's last
    stretch, then only hashes the file."""
    return {_interior_key(book, pdf): [finding.to_json() for finding in check_pdf(book, pdf, notes)]}


def _interior_key(book: Book, pdf: bytes) -> str:
    from importlib.metadata import version

    from bookbuild.notes import note_key

    from .lineart.report import kdp_limits

    options = options_for(book)
    return note_key(INTERIOR_NOTE, pdf, age_group=book.age_group, min_shape_in=float(options.min_shape_in), line_pt=float(options.line_weight_pt), kdp=kdp_limits(), code=_code(), pdfium=version("pypdfium2"))


@lru_cache(maxsize=1)
def _code() -> str:
    """A digest of the code that decides the findings: this module and what it measures with."""
    from bookbuild.engine.hashing import sha256

    from .lineart.report import code_digest

    return sha256(Path(__file__).read_bytes() + code_digest().encode())[:16]


def check_pdf(book: Book, pdf: bytes | Path, notes: Mapping[str, Any] = NO_NOTES) -> list[Finding]:
    """The line-art checks on every picture of an interior PDF (its bytes or its file)."""
    from .lineart import scratch

    options = options_for(book)
    findings: list[Finding] = []
    threads = min(4, os.cpu_count() or 1)
    pending: deque[Future] = deque()
    with scratch.reused(), ThreadPoolExecutor(max_workers=threads) as pool:
        # Each picture is checked while the next is read from the PDF (PDFium in this thread,
        # under its lock); at most ``threads * 2`` wait, so a 500-page book does not hold
        # every page's pixels at once. Findings come in page order.
        for placed in _placed_images(pdf):
            pending.append(pool.submit(lambda p: list(check_picture(p, book.age_group, options.min_shape_in, options.line_weight_pt, notes)), placed))
            if len(pending) >= threads * 2:
                findings += pending.popleft().result()
        while pending:
            findings += pending.popleft().result()
    return findings


def check_picture(placed: Placed, age_group: str, min_shape_in: float, line_pt: float = table.MIN_LINE_WEIGHT_PT, notes: Mapping[str, Any] = NO_NOTES) -> Iterator[Finding]:
    """``line_pt``: the book's line weight, the least a line of the picture is measured against."""
    from .lineart.report import Measured, note_key

    noted = notes.get(note_key(placed.pixels, placed.dpi, min_shape_in, line_pt)) if notes else None
    if noted:
        measured = Measured.from_json(noted)
    else:  # the imaging code is imported only for a picture without a note
        from .lineart.measure import measure_picture

        measured = measure_picture(placed.pixels, placed.dpi, min_shape_in, line_pt)
    yield from _grey(placed, measured.grey)
    yield from _lines(placed, measured.lines)
    yield from _shapes(placed, measured.shapes, age_group, min_shape_in)
    yield from _weight(placed, measured.weight)


# -- the rules ----------------------------------------------------------------------------


def _grey(placed: Placed, grey: GreyAreas) -> Iterator[Finding]:
    if grey.share <= GREY_WARNING or grey.box is None:
        return
    severity = "error" if grey.share > GREY_ERROR else "warning"
    yield Finding(
        "line-art-grey", severity,
        f"{grey.share:.1%} of the picture is grey (shading or smudges, {_where(placed, grey.box)}); a coloring page "
        "should be pure black lines on white: grey prints as a dot screen that looks dirty and shows through "
        "crayon. Redraw it without shading, or let bookbuild outline it (coloring.trace: edges)",
        placed.page,
    )  # fmt: skip


def _lines(placed: Placed, report: LineReport) -> Iterator[Finding]:
    note = "(lines inside pictures; stroked vector lines are checked by preflight's line-weight)"
    if report.too_thin:
        longest = report.too_thin[0]
        thinnest = f", the thinnest about {report.thinnest_pt:.2f} pt" if report.thinnest_pt else ""
        yield Finding(
            "line-weight", "error",
            f"{len(report.too_thin)} line(s) in the picture are thinner than KDP's minimum of {table.MIN_LINE_WEIGHT_PT} pt"
            f"{thinnest} (the longest {longest.length_in:.1f} in, {_where(placed, longest.box)}); they may not print. "
            f"Redraw them thicker or raise coloring.line_weight_pt {note}",
            placed.page,
        )  # fmt: skip
    elif report.under_warning:
        longest = report.under_warning[0]
        yield Finding(
            "line-weight", "warning",
            f"{len(report.under_warning)} line(s) in the picture are under {table.WARN_LINE_WEIGHT_PT} pt (the longest "
            f"{longest.length_in:.1f} in, {_where(placed, longest.box)}); KDP's minimum is {table.MIN_LINE_WEIGHT_PT} pt, "
            f"1 pt prints more reliably {note}",
            placed.page,
        )  # fmt: skip
    if report.specks:
        yield Finding(
            "line-art-specks", "warning",
            f"the picture has {report.specks} speck(s): isolated dots of ink too small to be lines, which print as dirt; "
            "clean the image (bookbuild's pipeline removes them from images it traces)",
            placed.page,
        )  # fmt: skip


def _shapes(placed: Placed, shapes: list[SmallShape], age_group: str, min_shape_in: float) -> Iterator[Finding]:
    if not shapes:
        return
    small = shapes[0]
    yield Finding(
        "line-art-region", "warning",
        f"{len(shapes)} closed shape(s) are too small to colour for ages {age_group}: the smallest is "
        f"{small.width_in:.2f} x {small.height_in:.2f} in ({_where(placed, small.box)}), and shapes should fit a "
        f"{min_shape_in:g} in circle (and so hold at least {3.1416 * min_shape_in ** 2 / 4:.2f} sq in); draw those parts "
        f"bigger or leave them out (coloring.min_shape_in sets the size)",
        placed.page,
    )  # fmt: skip


def _weight(placed: Placed, report: WeightReport) -> Iterator[Finding]:
    from .lineart.measure import FILL_MAX_IN

    if report.filled:
        big = report.filled[0]
        yield Finding(
            "line-art-fill", "warning",
            f"{len(report.filled)} solid black area(s) wider than {FILL_MAX_IN:g} in: the largest {big.width_in:.2f} x "
            f"{big.height_in:.2f} in ({_where(placed, big.box)}); a child cannot colour a black shape: draw it as an "
            "outline (a pupil as a ring with a small dot), or keep filled parts smaller than a pea",
            placed.page,
        )  # fmt: skip
    if report.thick:
        worst = report.thick[0]
        yield Finding(
            "line-art-weight", "warning",
            f"uneven line weight: {len(report.thick)} bead(s), bar(s) or wedge(s) much thicker than the picture's "
            f"{report.line_in * 72:.1f} pt lines, the largest {worst.width_in:.2f} x {worst.height_in:.2f} in "
            f"({_where(placed, worst.box)}); they print as blots: redraw the lines at one weight, and keep lines "
            "from meeting at sharp angles",
            placed.page,
        )  # fmt: skip


def promised_subjects(book: Book, project) -> list[Finding]:
    """Animals the listing promises ("fish, turtles, octopuses") that no offline picture shows."""
    from .draw.names import animals_mentioned
    from .layout import plan_pages
    from .tasks import book_words, offline_design

    options = options_for(book)
    if options.source != "offline":
        return []  # the author's images or the AI draw what the subjects ask for
    pages = plan_pages(book, project.theme_for(book).config, options)
    count = sum(1 for p in pages if p["kind"] == "picture")
    drawn = set()
    for index in range(1, count + 1):
        design = offline_design(book, options, index)
        drawn.update([design.get("animal"), *design.get("animals", [])])
    missing = [a for a in animals_mentioned(book_words(book)) if a not in drawn]
    if not missing:
        return []
    names = ", ".join(missing)
    return [Finding(
        "coloring-subjects", "warning",
        f"the title, description or keywords promise {names}, but none of the {count} pictures draws "
        f"{'it' if len(missing) == 1 else 'them'}: add them to coloring.subjects (e.g. [a sea turtle]) or an "
        "animals style page, or take them out of the description",
        None, "book.yaml",
    )]  # fmt: skip


def _where(placed: Placed, box: tuple[float, float, float, float]) -> str:
    left, top = placed.left + box[0], placed.top + box[1]
    return f"at {left:.1f} in from the left and {top:.1f} in from the top of the page"


# -- reading the PDF ----------------------------------------------------------------------


def _placed_images(pdf: bytes | Path) -> Iterator[Placed]:
    """Every image on every page of a PDF (its bytes or its file) with the resolution it
    prints at, pages in order. PDFium is not thread-safe: the lock is held for the whole
    walk (a generator)."""
    import pypdfium2 as pdfium

    with LOCK:
        doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
        try:
            for index in range(len(doc)):
                page = doc[index]
                try:
                    height = page.get_height()
                    for obj in page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,), max_depth=8):
                        placed = _read_image(obj, index + 1, height)
                        if placed is not None:
                            yield placed
                finally:
                    page.close()
        finally:
            doc.close()


def _read_image(obj, page: int, page_height: float) -> Placed | None:
    width_px, height_px = obj.get_px_size()
    if min(width_px, height_px) < MIN_IMAGE_PX:
        return None
    left, bottom, right, top = obj.get_bounds()
    placed_w, placed_h = (right - left) / PT_PER_IN, (top - bottom) / PT_PER_IN
    if placed_w <= 0 or placed_h <= 0:
        return None
    # To 1/100 DPI: the PDF's coordinates are floats (a picture placed at 300 DPI reads
    # 299.99999), and the page task noted its measurements at the resolution it chose.
    dpi = round(min(width_px / placed_w, height_px / placed_h), 2)
    return Placed(page, _pixels(obj.get_bitmap(render=False)), dpi, left / PT_PER_IN, (page_height - top) / PT_PER_IN)


def _pixels(bitmap) -> "np.ndarray":
    """A PDFium bitmap's pixels as an "L" array of their own (the bitmap's buffer is
    PDFium's): a greyscale bitmap (line art's) copied as it is, once; any other through
    Pillow's conversion to "L"."""
    import numpy as np
    import pypdfium2 as pdfium

    if bitmap.format == pdfium.raw.FPDFBitmap_Gray:
        return bitmap.to_numpy().copy()
    return np.array(bitmap.to_pil().convert("L"), dtype=np.uint8)
