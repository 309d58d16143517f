"""Rules for the paperback full-wrap cover PDF (back, spine, front on one page)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from bookbuild.findings import Finding
from bookbuild.kdp import geometry, table

from bookbuild.kdp.preflight import fmt
from bookbuild.kdp.preflight.facts import Box, PdfFacts, PlacedImage, TextRun
from bookbuild.kdp.preflight.spec import PrintSpec

TOL = table.PAGE_SIZE_TOLERANCE_IN
BACKGROUND_SHARE = 0.5  # an image covering half the back panel is background art, not a barcode-area object
MB = 1024 * 1024


@dataclass(frozen=True)
class Cover:
    """The cover facts together with the wrap they should have."""

    facts: PdfFacts
    spec: PrintSpec
    pages: int  # interior page count
    box: geometry.CoverBox

    @property
    def size_ok(self) -> bool:
        page = self.facts.pages[0]
        return abs(page.width_in - self.box.width) <= TOL and abs(page.height_in - self.box.height) <= TOL

    @property
    def texts(self) -> list[TextRun]:
        return self.facts.pages[0].visible_texts

    def on_spine(self, box: Box) -> bool:
        return box[0] < self.box.front_left - TOL and box[2] > self.box.spine_left + TOL


def cover_size(cover: Cover) -> Iterator[Finding]:
    """K-COVER, S-PF: one page, 0.125 + trim + spine + trim + 0.125 wide, trim + 0.25 tall."""
    if cover.facts.page_count != 1:
        yield Finding(
            "cover-size", "error",
            f"the cover PDF has {cover.facts.page_count} pages; KDP needs one page holding back cover, spine and front "
            "cover side by side; export the full wrap as a single page",
        )  # fmt: skip
    if not cover.size_ok:
        yield Finding("cover-size", "error", _cover_size_message(cover), 1)


def _cover_size_message(cover: Cover) -> str:
    page, box, spec = cover.facts.pages[0], cover.box, cover.spec
    bleed, trim_w = fmt.inches(box.bleed), fmt.inches(box.trim_width)
    formula = (
        f"{bleed} bleed + {trim_w} back + {fmt.inches(box.spine)} spine ({cover.pages} pages of {spec.ink} on {spec.paper}) "
        f"+ {trim_w} front + {bleed} bleed"
    )
    hint = ""
    if abs(page.width_in - box.trim_width) <= 0.3:
        hint = " (this looks like the front cover alone)"
    return (
        f"the cover is {fmt.size(page.width_in, page.height_in)}{hint}; KDP needs {fmt.size(box.width, box.height)} "
        f"({formula}; height {fmt.inches(box.trim_height)} + 2 x {bleed} bleed); resize the cover, or use KDP's "
        "cover calculator template for this page count, ink and paper"
    )


def spine_text(cover: Cover) -> Iterator[Finding]:
    """K-COVER: spine text only from 79 pages (warning at 79, Cover Creator needs 80); S-PF: 0.0625 in from each fold."""
    if not cover.size_ok:
        return
    on_spine = [run for run in cover.texts if cover.on_spine(run.box)]
    if not on_spine:
        return
    if cover.pages < table.SPINE_TEXT_SAFE_PAGES:
        yield _thin_spine_finding(cover, on_spine)
    else:
        yield from _spine_margin_findings(cover, on_spine)


def _thin_spine_finding(cover: Cover, runs: list[TextRun]) -> Finding:
    error = cover.pages < table.SPINE_TEXT_MIN_PAGES
    rule = (
        f"KDP allows spine text only from {table.SPINE_TEXT_MIN_PAGES} pages"
        if error
        else f"KDP accepts spine text at {table.SPINE_TEXT_MIN_PAGES} pages but its Cover Creator needs {table.SPINE_TEXT_SAFE_PAGES}, so it may be rejected"
    )
    return Finding(
        "spine-text", "error" if error else "warning",
        f"text {fmt.quote(runs[0].text)} is on the spine, but the book has {cover.pages} pages "
        f"(spine {fmt.inches(cover.box.spine)} in); {rule}; remove the text from the spine",
        1,
    )  # fmt: skip


def _spine_margin_findings(cover: Cover, runs: list[TextRun]) -> Iterator[Finding]:
    margin = table.SPINE_TEXT_MARGIN_IN
    low, high = cover.box.spine_left + margin, cover.box.front_left - margin
    for run in runs:
        gap = min(run.box[0] - cover.box.spine_left, cover.box.front_left - run.box[2])
        if run.box[0] < low - TOL or run.box[2] > high + TOL:
            yield Finding(
                "spine-text", "error",
                f"spine text {fmt.quote(run.text)} is {fmt.inches(max(gap, 0))} in from a spine fold; KDP needs "
                f"{fmt.inches(margin)} in on each side; make it smaller or centre it on the spine",
                1,
            )  # fmt: skip
            return


def barcode_area(cover: Cover) -> Iterator[Finding]:
    """K-BAR: nothing in the 2 x 1.2 in box at the lower right of the back cover, 0.25 in from spine and trim."""
    if not cover.size_ok:
        return
    area = cover.box.barcode_box()
    page = cover.facts.pages[0]
    items = [f"text {fmt.quote(r.text)}" for r in cover.texts if _overlaps(r.box, area)]
    items += [f"an image ({fmt.size(*i.placed_in)})" for i in page.images if _foreground(i, area, cover)]
    if items:
        others = f" (and {len(items) - 1} more)" if len(items) > 1 else ""
        yield Finding(
            "barcode-area", "error",
            f"{items[0]}{others} is inside the barcode area ({fmt.inches(table.BARCODE_W_IN)} x "
            f"{fmt.inches(table.BARCODE_H_IN)} in at the lower right of the back cover, {fmt.inches(table.BARCODE_OFFSET_IN)} in "
            "from the spine and the bottom trim); KDP prints the barcode there and rejects covers with text or images under it; "
            "move them out of that area (background art may continue under it)",
            1,
        )  # fmt: skip


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] - TOL and a[2] > b[0] + TOL and a[1] < b[3] - TOL and a[3] > b[1] + TOL


def _foreground(image: PlacedImage, area: Box, cover: Cover) -> bool:
    """An image over the barcode box that is not background art filling the back cover."""
    if image.box is None or not _overlaps(image.box, area):
        return False
    left, top, right, bottom = image.box
    covers_box = left <= area[0] and top <= area[1] and right >= area[2] and bottom >= area[3]
    back_panel = cover.box.trim_width * cover.box.trim_height
    return not (covers_box and (right - left) * (bottom - top) >= BACKGROUND_SHARE * back_panel)


def cover_text_margin(cover: Cover) -> Iterator[Finding]:
    """K-COVER via S-PF: text 0.125 in inside trim and spine folds (error); S-LIB, S-ADM, S-KCM: 0.25 in (warning)."""
    if not cover.size_ok:
        return
    misses = [(*_edge_distance(run.box, cover.box), run) for run in cover.texts if not cover.on_spine(run.box)]
    misses = [m for m in misses if m[0] < table.COVER_SAFE_WARN_IN - TOL]
    if misses:
        distance, side, run = min(misses, key=lambda m: m[0])
        error = distance < table.COVER_SAFE_ERROR_IN - TOL
        need = table.COVER_SAFE_ERROR_IN if error else table.COVER_SAFE_WARN_IN
        where = "crosses" if distance < 0 else f"is {fmt.inches(distance)} in from"
        yield Finding(
            "text-outside-margin", "error" if error else "warning",
            f"cover text {fmt.quote(run.text)} {where} the {side}; keep text at least {fmt.inches(need)} in inside "
            f"the trim and the spine folds (KDP's minimum is {fmt.inches(table.COVER_SAFE_ERROR_IN)} in, "
            f"{fmt.inches(table.COVER_SAFE_WARN_IN)} in is safe); move it inward",
            1,
        )  # fmt: skip


def _edge_distance(text: Box, box: geometry.CoverBox) -> tuple[float, str]:
    """Distance from the text to the nearest trim edge or spine fold of its panel."""
    left, top, right, bottom = text
    back = right <= box.spine_left + TOL
    sides = [
        (top - box.bleed, "top trim edge"),
        (box.height - box.bleed - bottom, "bottom trim edge"),
        (left - box.bleed, "left trim edge") if back else (left - box.front_left, "spine fold"),
        (box.spine_left - right, "spine fold") if back else (box.width - box.bleed - right, "right trim edge"),
    ]
    return min(sides)


def cover_file_size(cover: Cover) -> Iterator[Finding]:
    """K-COVER: at most 650 MB, 40 MB or less recommended."""
    megabytes = cover.facts.size_bytes / MB
    if table.COVER_RECOMMENDED_MAX_MB < megabytes <= table.MAX_FILE_MB:
        yield Finding(
            "file-size", "warning",
            f"the cover file is {megabytes:.0f} MB; KDP recommends at most {table.COVER_RECOMMENDED_MAX_MB} MB for covers; "
            f"downsample images to {table.DPI_REQUIRED} DPI and export again",
        )  # fmt: skip
