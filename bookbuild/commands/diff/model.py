"""What a diff found, as plain data: the Markdown and HTML reports both read it."""

from __future__ import annotations

from dataclasses import dataclass, field

from bookbuild.findings import Finding
from .pixels import Box
from .textdiff import FileDiff


@dataclass
class PageImage:
    png: str  # path relative to the report
    label: str  # "page 7 (pages/05.md)"
    regions: list[Box] = field(default_factory=list)


@dataclass
class PageChange:
    kind: str  # "changed", "inserted", "deleted"
    base: int | None  # page numbers, 1-based
    head: int | None
    what: str  # "text", "picture", "text, picture", "layout", "page size", "whole page"
    before: PageImage | None = None
    after: PageImage | None = None
    text_before: str = ""  # the printed words, when they changed
    text_after: str = ""

    @property
    def area(self) -> float:
        """Share of the page inside the highlighted regions (0..1)."""
        image = self.after or self.before
        return min(1.0, sum(b.area for b in image.regions)) if image else 0.0


@dataclass
class Move:
    """Consecutive unchanged pages that an insertion or a deletion shifted."""

    base_first: int
    head_first: int
    count: int


@dataclass
class AiCalls:
    calls: int = 0  # paid AI outputs the head needs that the base did not have
    estimate: float | None = None  # USD, when the provider gives estimates
    provider: str = ""


@dataclass
class EbookChange:
    """The ebook (build/<slug>/ebook.epub), base against head."""

    status: str  # "added", "removed", "changed"
    pages: int = 0  # pages in the head's ebook (the base's, when it was removed)
    changed: list[int] = field(default_factory=list)  # head page numbers, reading order
    inserted: list[int] = field(default_factory=list)
    deleted: int = 0  # base pages with no counterpart
    cover: bool = False
    other: list[str] = field(default_factory=list)  # "stylesheet", "fonts", "metadata", "navigation"


@dataclass
class BookDiff:
    slug: str
    title: str
    status: str  # "changed", "added", "deleted", "unchanged" (the spec changed, the print did not), "failed"
    facts: list[tuple[str, str, str]] = field(default_factory=list)  # (what, before, after), both sides' values
    pages: list[PageChange] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    unchanged_pages: int = 0
    page_total: tuple[int, int] = (0, 0)  # pages in the base and head PDFs
    cover: PageChange | None = None
    ebook: EbookChange | None = None
    gallery: list[PageImage] = field(default_factory=list)  # an added book's pages
    findings_new: list[Finding] = field(default_factory=list)
    findings_gone: list[Finding] = field(default_factory=list)
    ai: AiCalls = field(default_factory=AiCalls)
    files: list[FileDiff] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # side name -> why it did not build

    @property
    def changed_facts(self) -> list[tuple[str, str, str]]:
        return [f for f in self.facts if f[1] != f[2]]

    def count(self, kind: str) -> int:
        return sum(1 for p in self.pages if p.kind == kind)


@dataclass
class DiffReport:
    base: str  # "a1b2c3d (commit subject)"
    head: str
    books: list[BookDiff] = field(default_factory=list)
    shared_files: list[FileDiff] = field(default_factory=list)  # bookbuild.toml, themes/, plugins/
    seconds: float = 0.0
    spent: dict[str, float] = field(default_factory=dict)  # what this run paid: base/head AI cost
