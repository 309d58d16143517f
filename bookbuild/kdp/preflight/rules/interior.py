"""Rules for the interior (manuscript) PDF."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import Iterator

from bookbuild.findings import Finding
from bookbuild.kdp import geometry, table

from bookbuild.kdp.preflight import fmt
from bookbuild.kdp.preflight.facts import Box, PageFacts, PdfFacts, TextRun
from bookbuild.kdp.preflight.spec import PrintSpec

TOL = table.PAGE_SIZE_TOLERANCE_IN  # measuring slack for sizes and margins, inches
PT_SLACK = 0.05  # 6.9999 pt is 7 pt


# -- trim and page size ---------------------------------------------------------


def trim_size(facts: PdfFacts, spec: PrintSpec) -> Iterator[Finding]:
    """KDP.md 1 (S-VAL, S-TL, K-TRIM): a standard trim; custom 4-8.5 x 6-11.69 in is paperback only."""
    if spec.trim is not None and not spec.trim.custom:
        yield from _ink_for_trim(spec)
        return
    given = fmt.size(spec.trim_width, spec.trim_height)
    if spec.trim is not None:  # geometry.trim_for: inside KDP's custom range
        yield Finding(
            "trim-size", "warning",
            f"{given} is not a standard KDP trim; KDP prints it only as a custom paperback trim (no hardcover); "
            f"to keep every format open choose a standard trim: {', '.join(table.TRIMS)}",
        )  # fmt: skip
        return
    (w_lo, w_hi), (h_lo, h_hi) = table.CUSTOM_TRIM_WIDTH_IN, table.CUSTOM_TRIM_HEIGHT_IN
    yield Finding(
        "trim-size", "error",
        f"{given} is not a trim KDP prints: standard trims are {', '.join(table.TRIMS)}; custom paperback trims "
        f"are {fmt.inches(w_lo)}-{fmt.inches(w_hi)} in wide and {fmt.inches(h_lo)}-{fmt.inches(h_hi)} in tall; "
        "choose one and lay the book out again",
    )  # fmt: skip


def _ink_for_trim(spec: PrintSpec) -> Iterator[Finding]:
    """S-VAL: standard colour is not offered for A4."""
    if spec.ink == "standard-color" and spec.trim is not None and not spec.trim.standard_color:
        yield Finding(
            "trim-size", "error",
            f"KDP does not offer standard-color ink for the {spec.trim_name} trim; choose premium-color ink or another trim",
        )  # fmt: skip


def expected_page_size(spec: PrintSpec) -> tuple[float, float]:
    """K-TRIM, S-FBC: trim + 0.125 in (outside edge) x trim + 0.25 in with bleed; the trim without."""
    box = spec.page_box(table.MIN_PAGES)
    return box.width, box.height


def _same(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) <= TOL and abs(a[1] - b[1]) <= TOL


def _sizes(facts: PdfFacts) -> list[tuple[float, float]]:
    return [(round(p.width_in, 3), round(p.height_in, 3)) for p in facts.pages]


def dominant_size(facts: PdfFacts) -> tuple[float, float]:
    return Counter(_sizes(facts)).most_common(1)[0][0]


def page_size(facts: PdfFacts, spec: PrintSpec) -> Iterator[Finding]:
    """K-TRIM, S-FBC, S-AA: pages are trim + bleed (0.125 in wide, 0.25 in tall) or exactly the trim."""
    actual, expected = dominant_size(facts), expected_page_size(spec)
    if _same(actual, expected):
        return
    count = sum(1 for s in _sizes(facts) if s == actual)
    who = f"all {count} pages are" if count == facts.page_count else f"{count} of {facts.page_count} pages are"
    who = "the page is" if facts.page_count == 1 else who
    needed = f"trim {spec.trim_name} in {'with' if spec.bleed else 'without'} bleed needs {fmt.size(*expected)} pages"
    yield Finding("page-size", "error", f"{who} {fmt.size(*actual)}; {needed}; {_size_fix(actual, spec)}")


def _size_fix(actual: tuple[float, float], spec: PrintSpec) -> str:
    w, h = spec.trim_width, spec.trim_height
    bleed_size = (w + table.BLEED_IN, h + 2 * table.BLEED_IN)
    if spec.bleed and _same(actual, (w, h)):
        return "that is the trim without bleed: export with bleed, or if nothing runs off the page edge choose No Bleed (--no-bleed)"
    if not spec.bleed and _same(actual, bleed_size):
        return "that is trim plus bleed: choose Bleed in KDP (--bleed), or export at the trim size"
    if _same(actual, (w + 2 * table.BLEED_IN, h + 2 * table.BLEED_IN)):
        return f"bleed was added on both sides; KDP adds {fmt.inches(table.BLEED_IN)} in to the outside edge only, so make pages {fmt.size(*bleed_size)}"
    if abs(actual[0] - 2 * expected_page_size(spec)[0]) <= 2 * TOL + table.BLEED_IN:
        return "these look like two-page spreads; KDP needs single pages: export pages, not spreads"
    if _same(actual, expected_page_size(spec)[::-1]):
        return "width and height are swapped: set the page orientation and export again"
    return "set the document's page size to that and export again (check --trim and --bleed match the book)"


def page_size_mixed(facts: PdfFacts, spec: PrintSpec) -> Iterator[Finding]:
    """S-AA, K-FIX: every page the same size."""
    main = dominant_size(facts)
    for page, size in zip(facts.pages, _sizes(facts)):
        if not _same(size, main):
            yield Finding(
                "page-size-mixed", "error",
                f"page is {fmt.size(*size)} while the other pages are {fmt.size(*main)}; KDP needs every page the same "
                f"size ({fmt.size(*expected_page_size(spec))} for this book); resize this page and export again",
                page.number,
            )  # fmt: skip


# -- page count -------------------------------------------------------------------


def _limits(spec: PrintSpec) -> tuple[int, int | None]:
    """KDP.md 4: (min, max); custom trims have no published maximum."""
    trim = spec.trim or table.Trim(spec.trim_width, spec.trim_height, custom=True)  # no KDP size: no maximum either
    return geometry.page_count_limits(trim, spec.ink, spec.paper)


def page_count_min(facts: PdfFacts, spec: PrintSpec) -> Iterator[Finding]:
    """S-BB, S-PF: 24 pages (72 for standard colour)."""
    low, _ = _limits(spec)
    if facts.page_count < low:
        hint = "; for a short colour book use premium-color ink (from 24 pages)" if spec.ink == "standard-color" else ""
        yield Finding(
            "page-count-min", "error",
            f"the interior has {fmt.plural(facts.page_count, 'page')}; {spec.trim_name} {spec.ink} books on {spec.paper} paper need "
            f"at least {low}; add {low - facts.page_count} pages{hint}",
        )  # fmt: skip


def page_count_max(facts: PdfFacts, spec: PrintSpec) -> Iterator[Finding]:
    """S-BB, S-VAL, S-30D, S-PF: maximum by trim, ink and paper."""
    _, high = _limits(spec)
    if high is not None and facts.page_count > high:
        yield Finding(
            "page-count-max", "error",
            f"the interior has {facts.page_count} pages; {spec.trim_name} {spec.ink} books on {spec.paper} paper take "
            f"at most {high}; cut {facts.page_count - high} pages, split the book, or choose a trim or paper that allows more",
        )  # fmt: skip


# -- margins ------------------------------------------------------------------------


def text_outside_margin(facts: PdfFacts, spec: PrintSpec) -> Iterator[Finding]:
    """KDP.md 3 (S-KPP, S-SW, S-KCALC): gutter by page count; outside 0.25 in, 0.375 in with bleed.

    Text too long for its page is found on that page, with the fix (fewer words); when a
    layout carries its last lines over to the top of the next page, that page is not
    blamed for them: the finding on the page the text belongs to says where they went."""
    box = spec.page_box(facts.page_count)
    held: Finding | None = None  # a page whose text is too tall: its rest may be on the next pages
    spilled: list[int] = []  # the pages it ran onto
    for page in facts.pages:
        miss = _margin_miss(page, box) if _same((page.width_in, page.height_in), (box.width, box.height)) else None
        if held is not None and miss is not None and miss.rest_of_previous(box):
            spilled.append(page.number)
            continue
        if held is not None:
            yield _with_spill(held, spilled)
            held, spilled = None, []
        if miss is None:
            continue
        finding = miss.finding(page.number, box, facts.page_count)
        if miss.too_tall(box):
            held = finding
        else:
            yield finding
    if held is not None:
        yield _with_spill(held, spilled)


def _with_spill(finding: Finding, pages: list[int]) -> Finding:
    if not pages:
        return finding
    where = f"page {pages[0]}" if len(pages) == 1 else f"pages {fmt.pages(pages)}"
    return dataclasses.replace(finding, message=f"{finding.message}; its last lines run onto the top of {where}")


@dataclass(frozen=True)
class _Miss:
    """The worst text run outside the margins on a page, and the block of lines it is in."""

    run: TextRun
    side: str
    distance: float  # from the trim edge; negative: across it
    needed: float
    count: int  # text runs outside the margins on the page
    block: tuple[float, float]  # top and bottom of the run's block of lines

    def too_tall(self, box: geometry.PageBox) -> bool:
        """Taller than the room between the top and bottom margins: no move can fit it."""
        return self.side in ("top edge", "bottom edge") and self.block[1] - self.block[0] > _room(box) + TOL

    def rest_of_previous(self, box: geometry.PageBox) -> bool:
        """Lines at the very top of the page, in the bleed: where a layout carries text over."""
        return self.side == "top edge" and self.block[0] <= box.bleed + TOL

    def finding(self, number: int, box: geometry.PageBox, page_count: int) -> Finding:
        where = "crosses" if self.distance < 0 else f"is {fmt.inches(self.distance)} in from"
        text = f"text {fmt.quote(self.run.text)} {where} the {self.side} of the trim"
        if self.too_tall(box):
            return Finding(
                "text-outside-margin", "error",
                f"{text}: the text block is {fmt.inches(self.block[1] - self.block[0])} in tall and only "
                f"{fmt.inches(_room(box))} in fits between the top and bottom margins, so moving it cannot help; "
                "cut words, split the text over two pages, or use a smaller type",
                number,
            )  # fmt: skip
        others = f" ({self.count - 1} more text runs on this page too)" if self.count > 1 else ""
        why = f"in a {page_count}-page book" if self.side.startswith("gutter") else ("with bleed" if box.bleed else "without bleed")
        message = f"{text}; KDP needs at least {fmt.inches(self.needed)} in there {why}{others}; move the text inward"
        return Finding("text-outside-margin", "error", message, number)


def _room(box: geometry.PageBox) -> float:
    return box.height - 2 * (box.bleed + box.outside)


def _margin_miss(page: PageFacts, box: geometry.PageBox) -> _Miss | None:
    misses = [(miss, run) for run in page.visible_texts if (miss := _worst_miss(run.box, box, page.number))]
    if not misses:
        return None
    (_, side, distance, needed), run = max(misses, key=lambda m: m[0][0])
    return _Miss(run, side, distance, needed, len(misses), _block(page.visible_texts, run))


def _block(runs: list[TextRun], member: TextRun) -> tuple[float, float]:
    """Top and bottom of the block of lines (no gap taller than a line between them) that holds ``member``."""
    blocks: list[list[TextRun]] = []
    for run in sorted(runs, key=lambda r: r.box[1]):
        last = blocks[-1][-1] if blocks else None
        if last is not None and run.box[1] - last.box[3] <= last.box[3] - last.box[1]:
            blocks[-1].append(run)
        else:
            blocks.append([run])
    block = next(b for b in blocks if member in b)
    return min(r.box[1] for r in block), max(r.box[3] for r in block)


def _worst_miss(text: Box, box: geometry.PageBox, number: int) -> tuple[float, str, float, float] | None:
    """(shortfall, side, distance from the trim edge, minimum) of the worst side, or None."""
    left, top, right, bottom = text
    recto = number % 2 == 1
    left_edge = 0.0 if recto else box.bleed
    right_edge = box.width - (box.bleed if recto else 0.0)
    left_need, right_need = (box.gutter, box.outside) if recto else (box.outside, box.gutter)
    sides = [
        ("gutter (inside edge)" if recto else "outside edge", left - left_edge, left_need),
        ("outside edge" if recto else "gutter (inside edge)", right_edge - right, right_need),
        ("top edge", top - box.bleed, box.outside),
        ("bottom edge", box.height - box.bleed - bottom, box.outside),
    ]
    worst = max(((need - dist, name, dist, need) for name, dist, need in sides), key=lambda s: s[0])
    return worst if worst[0] > TOL else None


# -- ink -------------------------------------------------------------------------------


def color_in_bw(facts: PdfFacts, spec: PrintSpec) -> Iterator[Finding]:
    """KDP.md 7 (K-OPT: black ink): colour in a black-ink interior prints as grey."""
    if spec.ink != "bw":
        return
    for page in facts.pages:
        what = sorted(page.colored_vectors) + (["colour images"] if any(i.colored for i in page.images) else [])
        if what:
            yield Finding(
                "color-in-bw", "warning",
                f"page has colour ({', '.join(what)}) but the book prints in black ink; KDP prints colour as grey, "
                "where colours of similar lightness merge; convert the page to greyscale and check it, or choose "
                "premium-color ink",
                page.number,
            )  # fmt: skip


# -- blank pages -------------------------------------------------------------------------


def _blank_runs(facts: PdfFacts) -> list[tuple[int, int]]:
    """(first page, last page) of each run of blank pages."""
    runs: list[tuple[int, int]] = []
    for page in facts.pages:
        if page.has_content:
            continue
        if runs and runs[-1][1] == page.number - 1:
            runs[-1] = (runs[-1][0], page.number)
        else:
            runs.append((page.number, page.number))
    return runs


def blank_pages(facts: PdfFacts, spec: PrintSpec) -> Iterator[Finding]:
    """K-REV: at most 2 blank pages in a row at the start or middle, 10 at the end."""
    for first, last in _blank_runs(facts):
        at_end = last == facts.page_count
        limit = table.MAX_BLANK_RUN_END if at_end else table.MAX_BLANK_RUN_MIDDLE
        count = last - first + 1
        if count > limit:
            where = "at the end" if at_end else "at the start or in the middle"
            fix = _short_book_fix(first - 1, facts.page_count) if at_end and spec.from_book else f"remove {count - limit} of them or put content on them"
            yield Finding(
                "blank-pages", "error",
                f"pages {first}-{last} are blank ({count} in a row); KDP allows at most {limit} blank pages in a row "
                f"{where} of a book; {fix}",
                first,
            )  # fmt: skip
        elif spec.coloring and count == 2 and not at_end and first > 1:
            yield Finding(
                "blank-pages", "warning",
                f"pages {first}-{last} are blank (2 in a row); in a single-sided coloring book this shifts the "
                "following designs onto left-hand pages; remove one blank page",
                first,
            )  # fmt: skip


def _short_book_fix(used: int, page_count: int) -> str:
    """A book built here with too few pages for its page_count: the fix is in book.yaml."""
    fits = max(table.MIN_PAGES, used + used % 2)  # the smallest page count KDP prints that holds the pages
    if fits - used <= table.MAX_BLANK_RUN_END:
        return f"the book fills {used} of its {page_count} pages: set page_count: {fits} in book.yaml, or add pages"
    more = fits - used - table.MAX_BLANK_RUN_END
    return (
        f"the book fills {used} of its {page_count} pages and KDP prints at least {table.MIN_PAGES}: add at least "
        f"{fmt.plural(more, 'page')} of content and set page_count: {fits} in book.yaml"
    )


# -- type and line weight --------------------------------------------------------------------


def min_font_size(facts: PdfFacts, spec: PrintSpec) -> Iterator[Finding]:
    """K-REV, S-AA (and KDP's Paperback Fonts page): text at least 7 pt."""
    for page in facts.pages:
        small = [r for r in page.visible_texts if r.size_pt < table.MIN_FONT_PT - PT_SLACK]
        if small:
            yield _small_text_finding(min(small, key=lambda r: r.size_pt), len(small), page.number)


def _small_text_finding(run: TextRun, count: int, page: int) -> Finding:
    others = f" ({count - 1} more text runs under {table.MIN_FONT_PT} pt on this page)" if count > 1 else ""
    return Finding(
        "min-font-size", "error",
        f"text {fmt.quote(run.text)} is {run.size_pt:.1f} pt; KDP requires at least {table.MIN_FONT_PT} pt{others}; "
        f"set it at {table.MIN_FONT_PT} pt or larger",
        page,
    )  # fmt: skip


RULE_FLOOR_PT = 0.25  # straight rules and underlines: bookbuild's floor (the finest rule presses hold)


def line_weight(facts: PdfFacts, spec: PrintSpec) -> Iterator[Finding]:
    """S-ACD, S-AA (quoting KDP): lines under 0.75 pt may not print. An error for the line art
    of a coloring book (KDP.md 0: the 0.75 pt floor is what a child colours between); a warning
    for drawn lines elsewhere (KDP says "may not print", it does not reject them); straight
    rules, borders and underlines print fine down to RULE_FLOOR_PT, below which they warn."""
    for page in facts.pages:
        art = [s.width_pt for s in page.strokes if not s.straight and s.width_pt < table.WARN_LINE_WEIGHT_PT - 0.01]
        rules = [s.width_pt for s in page.strokes if s.straight and s.width_pt < RULE_FLOOR_PT - 0.01]
        if art:
            yield _thin_line_finding(min(art), len(art), page.number, spec.coloring)
        elif rules:
            yield _thin_rule_finding(min(rules), len(rules), page.number)


def _thin_line_finding(width: float, count: int, page: int, coloring: bool) -> Finding:
    thin = width < table.MIN_LINE_WEIGHT_PT - 0.01
    severity = "error" if thin and coloring else "warning"
    what = "a 0 pt hairline (the thinnest line the press can make)" if width == 0 else f"a {width:.2f} pt line"
    others = f" ({count} drawn lines under {fmt.inches(table.WARN_LINE_WEIGHT_PT)} pt on this page)" if count > 1 else ""
    why = "coloring-book line art needs" if coloring else "KDP says lines under"
    need = (
        f"{why} at least {table.MIN_LINE_WEIGHT_PT} pt ({fmt.inches(table.WARN_LINE_WEIGHT_PT)} pt recommended), or they may not print"
        if coloring
        else f"{why} {table.MIN_LINE_WEIGHT_PT} pt may not print ({fmt.inches(table.WARN_LINE_WEIGHT_PT)} pt is safe)"
    )
    return Finding("line-weight", severity, f"the page has {what}{others}; {need}; thicken the strokes in the artwork", page)


def _thin_rule_finding(width: float, count: int, page: int) -> Finding:
    what = "a 0 pt hairline rule" if width == 0 else f"a {width:.2f} pt rule or underline"
    others = f" ({count} on this page)" if count > 1 else ""
    return Finding(
        "line-weight", "warning",
        f"the page has {what}{others}; rules and underlines print from about {RULE_FLOOR_PT} pt, thinner ones may "
        "vanish; set them to 0.5 pt or more",
        page,
    )  # fmt: skip


# -- art and page boxes -------------------------------------------------------------------

WHITE = 250  # a channel at or above this on every channel prints as paper
TEXT_PANEL_MAX_SHARE = 0.4  # of the trim area: more and the picture under it is mostly hidden


def art_outside_margin(facts: PdfFacts, spec: PrintSpec) -> Iterator[Finding]:
    """K-TRIM, S-AA, S-CAL: without bleed nothing may print to a trimmed edge: pictures and
    coloured areas stay inside the margins (table 3), or the book is set up with bleed."""
    if spec.bleed:
        return
    box = spec.page_box(facts.page_count)
    for page in facts.pages:
        if not _same((page.width_in, page.height_in), (box.width, box.height)):
            continue
        art = [(i.box, "a picture") for i in page.images if i.box is not None and min(i.px) >= 5]
        art += [(s.box, "a coloured area") for s in page.shapes if not s.stroked and min(s.rgb) < WHITE]
        misses = [(miss, what) for b, what in art if (miss := _worst_miss(b, box, page.number))]
        if misses:
            (shortfall, side, distance, needed), what = max(misses, key=lambda m: m[0][0])
            where = "runs to" if distance <= TOL else f"is {fmt.inches(distance)} in from"
            yield Finding(
                "art-outside-margin", "error",
                f"{what} {where} the {side} of the trim, but the book has no bleed; without bleed KDP needs "
                f"{fmt.inches(needed)} in clear there, and art printed to the edge is trimmed unevenly or leaves a white "
                "sliver; keep the art inside the margins, or lay the book out with bleed (--bleed; pages "
                f"{fmt.size(spec.trim_width + table.BLEED_IN, spec.trim_height + 2 * table.BLEED_IN)})",
                page.number,
            )  # fmt: skip


def trim_box(facts: PdfFacts, spec: PrintSpec) -> Iterator[Finding]:
    """PDF/X (ISO 15930) and printers read the trim from TrimBox and the bleed from BleedBox;
    KDP ignores both (it trims by the size chosen at upload), so this is a warning."""
    if not spec.bleed:
        return
    box = spec.page_box(facts.page_count)
    for page in facts.pages:
        if not _same((page.width_in, page.height_in), (box.width, box.height)):
            continue
        want = box.trim_box(page.number)
        have = page.trim_box
        if have is None or not all(abs(a - b) <= TOL for a, b in zip(have, want)):
            what = "has no TrimBox" if have is None else f"has its TrimBox at {fmt.size(have[2] - have[0], have[3] - have[1])}" + (" (the whole page, bleed included)" if _same((have[2] - have[0], have[3] - have[1]), (box.width, box.height)) else "")
            yield Finding(
                "trim-box", "warning",
                f"the page {what}; with bleed the TrimBox should be the {spec.trim_name} trim (the page less its "
                f"{fmt.inches(table.BLEED_IN)} in bleed on the outside, top and bottom) and the BleedBox the whole page, "
                "as PDF/X tools and printers expect; KDP does not read it, other printers and preflight tools do; "
                "export with trim and bleed boxes (PDF/X preset) or set them",
                page.number,
            )  # fmt: skip
            return  # one finding says it for every page


def art_covered(facts: PdfFacts, spec: PrintSpec) -> Iterator[Finding]:
    """bookbuild's own rule (not KDP's): an opaque text panel over a full-page picture hides at
    most TEXT_PANEL_MAX_SHARE of the page, so the picture stays the page's subject."""
    trim_area = spec.trim_width * spec.trim_height
    for page in facts.pages:
        if not any(i.box and (i.box[2] - i.box[0]) * (i.box[3] - i.box[1]) >= 0.6 * trim_area for i in page.images):
            continue
        panels = [s for s in page.shapes if not s.stroked and _holds(s.box, page.visible_texts) and _area(s.box) < 0.9 * trim_area]
        if not panels:
            continue
        panel = max(panels, key=lambda s: _area(s.box))
        share = _area(panel.box) / trim_area
        if share > TEXT_PANEL_MAX_SHARE:
            yield Finding(
                "art-covered", "warning",
                f"the text panel ({fmt.size(panel.box[2] - panel.box[0], panel.box[3] - panel.box[1])}) covers "
                f"{share:.0%} of the page, hiding most of the picture under it; keep it under {TEXT_PANEL_MAX_SHARE:.0%}: "
                "shorten the text, set it smaller, or give the text its own page",
                page.number,
            )  # fmt: skip


def _area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def _holds(box: Box, texts: list[TextRun]) -> bool:
    return any(box[0] <= (t.box[0] + t.box[2]) / 2 <= box[2] and box[1] <= (t.box[1] + t.box[3]) / 2 <= box[3] for t in texts)
