"""The task ids and output file names that plugins may name across plugin lines.

A task id is ``<slug>/<name>``. Book types add tasks under these names so that
the core (validation, the manifest, diff, serve) and other plugins (Canva, the ebook)
can find them without importing the plugin that made them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..spec.model import Book

# Task names (after the slug).
STORY = "story"  # value: {"pages": [{"number", "text", "illustration", ...}], "characters": [...]}
COVER_ART = "cover-art"  # files: IMAGE
INTERIOR = "interior"  # files: INTERIOR_PDF
COVER = "cover"  # files: COVER_PDF
VALIDATE = "validate"  # value: {"findings": [...]}; added by the core for every book
EBOOK = "ebook"  # files: EBOOK_FILE; the Kindle edition (fixed-layout EPUB 3)

# Output file names: inside a task's Output and published under build/<slug>/.
IMAGE = "image.jpg"
INTERIOR_PDF = "interior.pdf"
COVER_PDF = "cover.pdf"
PDFS = {INTERIOR: INTERIOR_PDF, COVER: COVER_PDF}  # the print files, by task name
EBOOK_FILE = "ebook.epub"


def task_id(book: Book | str, name: str) -> str:
    return f"{book if isinstance(book, str) else book.slug}/{name}"


def story(book: Book) -> str:
    return task_id(book, STORY)


def illustration_name(index: int) -> str:
    """Story page ``index`` (1-based, in page order)'s picture."""
    return f"illustration:{index:02d}"


def illustration(book: Book, index: int) -> str:
    return task_id(book, illustration_name(index))


def cover_art(book: Book) -> str:
    return task_id(book, COVER_ART)


def interior(book: Book) -> str:
    return task_id(book, INTERIOR)


def cover(book: Book) -> str:
    return task_id(book, COVER)


def validate(book: Book) -> str:
    return task_id(book, VALIDATE)


def ebook(book: Book) -> str:
    return task_id(book, EBOOK)
