"""One book, base against head: print facts, pages, cover, findings, AI calls.

Pages are aligned by what is printed on them (match.py); only the pairs that
differ in their PDF objects are rendered and compared pixel by pixel, so an
unchanged page costs a hash, not a rendering.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from bookbuild.findings import Finding
from bookbuild.graph import ids
from bookbuild.pagemap import PageMap
from . import match
from .ebook import compare_ebooks
from .model import AiCalls, BookDiff, Move, PageChange, PageImage
from .pixels import Box, changed_regions
from .sides import BookSide

INTERIOR, COVER = "interior.pdf", "cover.pdf"
GALLERY_DPI = 36  # an added book's pages: thumbnails, all of them


@dataclass
class Canvas:
    """Renders pages to PNG files under out/images/<slug>/ and names them for the report."""

    out: Path
    dpi: float
    threshold: int

    def save(self, slug: str, name: str, image: Any) -> str:
        rel = f"images/{slug}/{name}.png"
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path, "PNG")
        return rel


def render(pdf: bytes, numbers: Iterable[int], dpi: float) -> dict[int, Any]:
    from bookbuild.render.raster import page_images

    wanted = sorted(set(numbers))
    return dict(zip(wanted, page_images(pdf, dpi, wanted))) if wanted else {}


def compare_book(slug: str, base: BookSide | None, head: BookSide | None, canvas: Canvas, base_keys: set[str]) -> BookDiff:
    """``base_keys``: the task keys the base side built, to tell which paid outputs are new."""
    present = head if head and head.book else base
    diff = BookDiff(slug, present.book.title if present and present.book else slug, _status(base, head))
    diff.errors = {name: side.error for name, side in (("base", base), ("head", head)) if side and side.error}
    if diff.status != "failed" or (base and base.book and head and head.book):
        diff.facts = _facts(base, head)  # one side not even loaded: its facts would all read as changed
    if head is not None:
        diff.ai = ai_calls(head, base_keys)
    diff.findings_new, diff.findings_gone = findings_delta(_findings(base), _findings(head))
    if diff.status == "added" and head and head.published(INTERIOR):
        diff.gallery = _gallery(slug, head, canvas)
        diff.ebook = compare_ebooks(None, head.published(ids.EBOOK_FILE))
    elif diff.status == "changed" and base and head:
        _compare_prints(diff, base, head, canvas)
    return diff


def _status(base: BookSide | None, head: BookSide | None) -> str:
    if base is None:
        return "added" if head and not head.error and head.published(INTERIOR) else "failed"
    if head is None:
        return "deleted"  # only read, never built: its PDFs are not needed
    if base.error or head.error or not base.published(INTERIOR) or not head.published(INTERIOR):
        return "failed"
    return "changed"


def _compare_prints(diff: BookDiff, base: BookSide, head: BookSide, canvas: Canvas) -> None:
    old, new = base.published(INTERIOR), head.published(INTERIOR)
    assert old is not None and new is not None
    if old == new:  # the same bytes: nothing to fingerprint or render
        diff.unchanged_pages = match.page_count(new)
        diff.page_total = (diff.unchanged_pages, diff.unchanged_pages)
    else:
        before, after = match.fingerprints(old), match.fingerprints(new)
        diff.page_total = (len(before), len(after))
        _pages(diff, match.align(before, after), (old, new), (page_labels(base), page_labels(head)), canvas)
    diff.cover = _cover(diff.slug, base.published(COVER), head.published(COVER), canvas)
    diff.ebook = compare_ebooks(base.published(ids.EBOOK_FILE), head.published(ids.EBOOK_FILE))
    if not diff.pages and diff.cover is None and diff.ebook is None and not diff.changed_facts:
        diff.status = "unchanged"


WHOLE_PAGE = [Box(0.0, 0.0, 1.0, 1.0)]


@dataclass
class _Shots:
    """The rendered pages of both sides; saves the ones the report shows."""

    slug: str
    images: tuple[dict[int, Any], dict[int, Any]]
    labels: tuple[PageMap, PageMap]
    canvas: Canvas

    def take(self, side: int, page: match.PageFingerprint, regions: list[Box]) -> PageImage:
        name = f"{('base', 'head')[side]}-{page.number:03d}"
        png = self.canvas.save(self.slug, name, self.images[side][page.number])
        return PageImage(png, label(page.number, self.labels[side]), regions)


def _pages(diff: BookDiff, pairs: list[match.Pair], pdfs: tuple[bytes, bytes], labels: tuple[PageMap, PageMap], canvas: Canvas) -> None:
    need_base = [p.base.number for p in pairs if p.base and p.kind in ("differs", "deleted")]
    need_head = [p.head.number for p in pairs if p.head and p.kind in ("differs", "inserted")]
    shots = _Shots(diff.slug, (render(pdfs[0], need_base, canvas.dpi), render(pdfs[1], need_head, canvas.dpi)), labels, canvas)
    for pair in pairs:
        change = _page_change(pair, shots)
        if change is not None:
            diff.pages.append(change)
        else:
            diff.unchanged_pages += 1
    diff.moves = moves(pairs, {(c.base, c.head) for c in diff.pages})


def _page_change(pair: match.Pair, shots: _Shots) -> PageChange | None:
    b, h = pair.base, pair.head
    if pair.kind in ("same", "moved"):
        return None
    if b is None:
        return PageChange("inserted", None, h.number, "whole page", after=shots.take(1, h, WHOLE_PAGE), text_after=h.text)
    if h is None:
        return PageChange("deleted", b.number, None, "whole page", before=shots.take(0, b, WHOLE_PAGE), text_before=b.text)
    regions = changed_regions(shots.images[0][b.number], shots.images[1][h.number], shots.canvas.threshold)
    if not regions:
        return None  # the objects differ, the print does not (beyond anti-aliasing)
    texts = (b.text, h.text) if b.text != h.text else ("", "")
    return PageChange("changed", b.number, h.number, what_changed(b, h), shots.take(0, b, regions), shots.take(1, h, regions), *texts)


def what_changed(base: match.PageFingerprint, head: match.PageFingerprint) -> str:
    if base.size != head.size:
        return "page size"
    parts = [name for name, differs in (("text", base.text != head.text), ("picture", base.images != head.images)) if differs]
    return ", ".join(parts) or "layout"


def moves(pairs: list[match.Pair], changed: set[tuple[int | None, int | None]]) -> list[Move]:
    """Runs of unchanged pages whose number changed, e.g. pages 10-21 now 11-22."""
    found: list[Move] = []
    for pair in pairs:
        if pair.base is None or pair.head is None or pair.base.number == pair.head.number or (pair.base.number, pair.head.number) in changed:
            continue
        last = found[-1] if found else None
        if last and pair.base.number == last.base_first + last.count and pair.head.number == last.head_first + last.count:
            last.count += 1
        else:
            found.append(Move(pair.base.number, pair.head.number, 1))
    return found


def _cover(slug: str, old: bytes | None, new: bytes | None, canvas: Canvas) -> PageChange | None:
    if old is None or new is None or old == new:
        return None
    before, after = render(old, [1], canvas.dpi)[1], render(new, [1], canvas.dpi)[1]
    regions = changed_regions(before, after, canvas.threshold)
    if not regions:
        return None
    what = "size" if before.size != after.size else "picture or text"
    return PageChange("changed", 1, 1, what, PageImage(canvas.save(slug, "cover-base", before), "cover", regions), PageImage(canvas.save(slug, "cover-head", after), "cover", regions))


def _gallery(slug: str, head: BookSide, canvas: Canvas) -> list[PageImage]:
    pdf = head.published(INTERIOR)
    assert pdf is not None
    labels = page_labels(head)
    images = render(pdf, range(1, match.page_count(pdf) + 1), min(canvas.dpi, GALLERY_DPI))
    return [PageImage(canvas.save(slug, f"head-{n:03d}", image), label(n, labels)) for n, image in images.items()]


# -- what the book says about its pages ------------------------------------------


def page_labels(side: BookSide) -> PageMap:
    """Printed page -> where it comes from ("pages/05.md", "title", "blank"), from the
    interior task's page sequence (bookbuild.pagemap); without one pages are just numbered."""
    return side.report.pages if side.report else PageMap()


def label(number: int, labels: PageMap) -> str:
    return labels.label(number)


def _facts(base: BookSide | None, head: BookSide | None) -> list[tuple[str, str, str]]:
    old, new = print_facts(base), print_facts(head)
    return [(name, old.get(name, ""), new.get(name, "")) for name in dict.fromkeys([*old, *new])]


def print_facts(side: BookSide | None) -> dict[str, str]:
    """What a publisher checks on KDP's form: metadata, print options, spine and cover size."""
    from bookbuild.kdp import geometry

    book = side.book if side else None
    if book is None:
        return {}
    facts = {
        "title": book.title, "subtitle": book.subtitle, "author": book.author, "edition": book.version,
        "trim": f"{book.trim.name} in", "pages": str(book.page_count), "bleed": "yes" if book.bleed else "no",
        "paper": book.paper, "ink": book.ink, "theme": book.book_theme,
    }
    try:
        page = geometry.interior_page(book.trim, book.page_count, book.bleed)
        box = geometry.cover(book.trim, book.page_count, book.ink, book.paper)
    except (KeyError, ValueError):
        return facts
    return facts | {
        "page size": f"{page.width:.3f} x {page.height:.3f} in",
        "spine width": f"{box.spine:.4f} in",
        "cover size": f"{box.width:.3f} x {box.height:.3f} in",
    }


def _findings(side: BookSide | None) -> list[Finding]:
    return list(side.report.findings) if side and side.report else []


def findings_delta(before: list[Finding], after: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(appeared, went away), compared by rule, severity, file and message."""

    def key(f: Finding) -> tuple:
        return (f.severity, f.rule, f.file, f.message)

    old, new = Counter(map(key, before)), Counter(map(key, after))
    appeared, gone = new - old, old - new
    return _take(after, appeared, key), _take(before, gone, key)


def _take(findings: list[Finding], wanted: Counter, key: Any) -> list[Finding]:
    left, taken = Counter(wanted), []
    for f in findings:
        if left[key(f)] > 0:
            left[key(f)] -= 1
            taken.append(f)
    return taken


def ai_calls(head: BookSide, base_keys: set[str]) -> AiCalls:
    """Paid tasks of the head whose output the base did not have: what the change costs,
    whoever paid for it (a rerun finds them cached, and still reports them)."""
    paid = [r for r in (head.report.results if head.report else ()) if r.task.costly and r.key not in base_keys]
    estimates = [e for e in (_estimate(r) for r in paid) if e is not None]
    provider = next((r.task.params.get("provider", "") for r in paid), "")
    return AiCalls(len(paid), round(sum(estimates), 4) if estimates else None, str(provider))


def _estimate(result: Any) -> float | None:
    # The provider's estimate travels on the task (Task.estimate, USD); a plugin's
    # task without one is counted as a call with no price.
    value = getattr(result.task, "estimate", None)
    return float(value) if isinstance(value, (int, float)) else None
