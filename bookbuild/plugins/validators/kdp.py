"""KDP's rules as checks of every book: its metadata (title, description, keywords,
age range) and its built PDFs, with the same rules as `bookbuild preflight`.
The core's `validate` task calls these hooks (bookbuild.engine.validate)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bookbuild import hookimpl
from bookbuild.findings import Finding

if TYPE_CHECKING:
    from bookbuild.spec.model import Book

VERSION = "2"  # 2: custom trims, fixes for too much text and too few pages


def print_spec(book: Book):
    from bookbuild.kdp.preflight import PrintSpec

    return PrintSpec.for_book(book, coloring=book.type == "coloring")  # single-sided: blank backs are meant


@hookimpl
def validate_book(book: Book) -> list[Finding]:
    from bookbuild.kdp.preflight import check_metadata

    return [Finding(f.rule, f.severity, f.message, f.page, f.file or "book.yaml") for f in check_metadata(book.metadata())]


@hookimpl
def validate_pdf(book: Book, role: str, path: Path) -> list[Finding]:
    from bookbuild.kdp.preflight import check_cover, check_interior

    if role == "interior":
        return check_interior(path, print_spec(book))
    if role == "cover":
        return check_cover(path, print_spec(book), book.page_count)
    return []
