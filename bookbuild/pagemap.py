"""Printed pages and the files they come from: "page 6 (pages/04.md)".

A reader, KDP and the PDF count printed pages; an author edits pages/04.md. The
two differ by the theme's front pages (title, copyright) and by any page numbers
the author skipped. This is the one place that maps one to the other, for every
finding, the diff report and the preview.

A book type's interior task lists its printed pages in ``params["sequence"]``
(in its key, so the map always matches the PDF it describes)::

    [{"number": 1, "kind": "title"}, {"number": 3, "kind": "story", "story": 1}, ...]

``story`` is the story page's place in the story (1-based, in page-file order);
other kinds ("title", "blank", "picture", ...) name what the page is. The page
files come from the book as it is now, not from the cache, so a renamed file is
named rightly even when nothing had to be rebuilt.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from bookbuild.findings import Finding
    from bookbuild.graph.task import Task
    from bookbuild.spec.model import Book

STORY = "story"
PAGES_DIR = "pages"  # a book's page files: books/<slug>/pages/NN.md


@dataclass(frozen=True)
class PrintedPage:
    number: int  # the printed page, 1-based, as KDP and the PDF count
    kind: str  # "story", "title", "copyright", "blank", "picture", ...
    story: int | None = None  # the story page's place in the story, 1-based
    file: str | None = None  # the author's file, relative to the book folder: "pages/04.md"

    @property
    def source(self) -> str:
        """What the page comes from, in a few words: 'pages/04.md', 'title', 'story page 4'."""
        if self.file:
            return self.file
        return f"story page {self.story}" if self.kind == STORY and self.story else self.kind


class PageMap:
    """Printed page number -> PrintedPage, for one book's interior."""

    def __init__(self, pages: Iterable[PrintedPage] = ()):
        self.pages = {p.number: p for p in pages}

    @classmethod
    def of(cls, book: Book | None, sequence: Any) -> "PageMap":
        """From an interior task's ``sequence`` and the book's page files."""
        files = [page_file(p.source) for p in book.pages] if book is not None else []
        pages = []
        for sheet in sequence if isinstance(sequence, list) else ():
            if not isinstance(sheet, dict) or not isinstance(sheet.get("number"), int):
                continue
            story = sheet.get(STORY) if sheet.get("kind") == STORY else None
            file = files[story - 1] if isinstance(story, int) and 0 < story <= len(files) else None
            pages.append(PrintedPage(sheet["number"], str(sheet.get("kind", "")), story, file))
        return cls(pages)

    @classmethod
    def of_task(cls, book: Book | None, interior: Task | None) -> "PageMap":
        return cls.of(book, interior.params.get("sequence") if interior is not None else None)

    def file(self, number: int | None) -> str | None:
        page = self.pages.get(number) if number is not None else None
        return page.file if page else None

    def label(self, number: int) -> str:
        """'page 6 (pages/04.md)', 'page 1 (title)', or 'page 40' for a page the map does not know."""
        page = self.pages.get(number)
        return f"page {number} ({page.source})" if page and page.source else f"page {number}"

    def printed(self, story: int) -> int | None:
        """The printed page of story page ``story`` (1-based place in the story)."""
        return next((p.number for p in self.pages.values() if p.kind == STORY and p.story == story), None)

    def locate(self, finding: Finding) -> Finding:
        """A finding about an interior page, with the page's file when an author's file makes it."""
        if finding.page is None or finding.file not in (None, "interior"):
            return finding
        file = self.file(finding.page)
        return dataclasses.replace(finding, file=file) if file else finding


def page_file(source: str) -> str:
    """A page's source (relative to the repository) relative to its book folder: 'pages/04.md'."""
    return f"{PAGES_DIR}/{PurePosixPath(source).name}"
