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
EPSILON_IN = 0.001  # rounding in the PDF, not a tolerance
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
    """Measured on the glyphs' ink, with no slack: 0.0625 in is already KDP's allowance for the fold."""
    margin = table.SPINE_TEXT_MARGIN_IN
    for run in runs:
        left, _, right, _ = run.ink or run.box
        back_gap, front_gap = left - cover.box.spine_left, cover.box.front_left - right
        gap = min(back_gap, front_gap)
        if gap < margin - EPSILON_IN:
            side = "back" if back_gap < front_gap else "front"
            off = (front_gap - back_gap) / 2
            centred = f"; it sits {fmt.inches(abs(off))} in towards the {'back' if off > 0 else 'front'}" if abs(off) > 0.005 else ""
            yield Finding(
                "spine-text", "error",
                f"spine text {fmt.quote(run.text)} is {fmt.inches(max(gap, 0))} in from the {side} spine fold{centred}; KDP needs "
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


# -- layout of the front and back ------------------------------------------------------

TITLE_OFF_CENTRE_IN = (0.1, 0.6)  # this far off the front's centre line looks like a mistake; further, a choice
SIZE_SLACK_PT = 0.5
SPINE_BAND_MIN_IN = 4 * table.SPINE_TEXT_MARGIN_IN  # a spine of its own colour narrower than this shows on a panel
COLOUR_STEP = 48  # summed RGB difference at which two colours look different


def cover_layout(cover: Cover) -> Iterator[Finding]:
    """bookbuild's cover layout rule: panels that hold text stay inside the safe area of their
    panel (K-COVER via S-PF: 0.125 in error, S-LIB/S-ADM/S-KCM: 0.25 in warning; S-PF quoting
    K-COVER: borders at least 0.25 in inside the trim), the title is centred on the front, and a
    thin spine has no strip of its own colour (S-PF, S-LCS: folds vary by 0.0625 in)."""
    if not cover.size_ok:
        return
    yield from _panel_findings(cover)
    yield from _title_centre_finding(cover)
    yield from _spine_band_finding(cover)


def _holds_text(box: Box, texts: list[TextRun]) -> TextRun | None:
    for run in texts:
        x, y = (run.box[0] + run.box[2]) / 2, (run.box[1] + run.box[3]) / 2
        if box[0] <= x <= box[2] and box[1] <= y <= box[3] and (box[2] - box[0]) * (box[3] - box[1]) > (run.box[2] - run.box[0]) * (run.box[3] - run.box[1]):
            return run
    return None


def _panel_of(box: Box, cover: Cover) -> tuple[float, float] | None:
    """(left, right) trim or fold edges of the panel (back or front) the box sits on."""
    middle = (box[0] + box[2]) / 2
    if middle < cover.box.spine_left:
        return cover.box.bleed, cover.box.spine_left
    if middle > cover.box.front_left:
        return cover.box.front_left, cover.box.width - cover.box.bleed
    return None


def _panel_findings(cover: Cover) -> Iterator[Finding]:
    top, bottom = cover.box.bleed, cover.box.height - cover.box.bleed
    worst = None
    for shape in cover.facts.pages[0].shapes:
        run = _holds_text(shape.box, cover.texts)
        edges = _panel_of(shape.box, cover)
        if run is None or edges is None:
            continue
        left, right = edges
        l, t, r, b = shape.box
        if l <= left + TOL and r >= right - TOL or t <= top + TOL and b >= bottom - TOL:
            continue  # a band across the whole panel: background, not a panel
        gaps = [(l - left, "left"), (right - r, "right"), (t - top, "top"), (bottom - b, "bottom")]
        gap, side = min(gaps)
        if gap < table.COVER_SAFE_WARN_IN - TOL and (worst is None or gap < worst[0]):
            worst = (gap, side, run, shape)
    if worst is None:
        return
    gap, side, run, shape = worst
    width = shape.box[2] - shape.box[0]
    edge = "spine fold" if (side == "right" and shape.box[0] < cover.box.spine_left) or (side == "left" and shape.box[0] > cover.box.spine_left) else f"{side} trim edge"
    if gap < 0:
        what = f"runs {fmt.inches(-gap)} in past the {edge}, so the trim cuts it off"
    else:
        what = f"comes {fmt.inches(gap)} in from the {edge}"
    error = gap < table.COVER_SAFE_ERROR_IN - TOL
    yield Finding(
        "cover-layout", "error" if error else "warning",
        f"the {fmt.inches(width)} in wide panel holding {fmt.quote(run.text)} {what}; keep panels and frames at least "
        f"{fmt.inches(table.COVER_SAFE_WARN_IN)} in inside the trim and the spine folds (KDP trims up to "
        f"{fmt.inches(table.COVER_SAFE_ERROR_IN)} in either way); make it narrower or move it inward",
        1,
    )  # fmt: skip


def _title_centre_finding(cover: Cover) -> Iterator[Finding]:
    front = [r for r in cover.texts if r.box[0] >= cover.box.front_left - TOL]
    if not front:
        return
    size = max(r.size_pt for r in front)
    title = [r for r in front if r.size_pt >= size - SIZE_SLACK_PT]
    left, right = min(r.box[0] for r in title), max(r.box[2] for r in title)
    centre = cover.box.front_left + cover.box.trim_width / 2
    off = (left + right) / 2 - centre
    if TITLE_OFF_CENTRE_IN[0] < abs(off) < TITLE_OFF_CENTRE_IN[1]:
        yield Finding(
            "cover-layout", "warning",
            f"the title {fmt.quote(title[0].text)} sits {fmt.inches(abs(off))} in {'right' if off > 0 else 'left'} of the front "
            "cover's centre; centre it on the front panel (between the spine fold and the right trim edge), or set it "
            "clearly to one side",
            1,
        )  # fmt: skip


def _spine_band_finding(cover: Cover) -> Iterator[Finding]:
    box = cover.box
    if box.spine >= SPINE_BAND_MIN_IN:
        return
    shapes = cover.facts.pages[0].shapes
    band = [s for s in shapes if abs(s.box[0] - box.spine_left) <= TOL and abs(s.box[2] - box.front_left) <= TOL and s.box[3] - s.box[1] >= box.trim_height]
    backs = [s for s in shapes if s.box[0] <= box.bleed + TOL and s.box[2] >= box.spine_left - TOL and s.box[3] - s.box[1] >= box.trim_height]
    if band and backs and sum(abs(a - b) for a, b in zip(band[-1].rgb, backs[-1].rgb)) >= COLOUR_STEP:
        yield Finding(
            "cover-layout", "warning",
            f"the spine is a {fmt.inches(box.spine)} in strip of its own colour; KDP's fold can land "
            f"{fmt.inches(table.SPINE_TEXT_MARGIN_IN)} in either way, so part of it will show on the front or back cover; "
            "continue the back's (or the front's) background across the spine",
            1,
        )  # fmt: skip
