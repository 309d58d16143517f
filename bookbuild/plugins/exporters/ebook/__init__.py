"""The Kindle edition: a fixed-layout EPUB 3 made from the same book, build/<slug>/ebook.epub.

An exporter like Canva: it turns what the book type made (the story, the pictures,
the cover) into another edition, and reads those tasks only by their shared names
(bookbuild.ids), so any book type with a story, illustrations and a cover gets an
ebook. Picture books do by default (book.yaml ``ebook: false`` turns it off);
coloring books have none (a page to colour in is not an ebook page).

- options.py: the book.yaml keys (``ebook``, ``ai_content``)
- pages.py: which printed pages become ebook pages, and their size in pixels
- pictures.py: where each print picture sits on its page; the `ebook-cover` task
- fonts.py: the theme's fonts, found in its @font-face rules, embedded whole
- aicontent.py: KDP's AI-generated-content answers, declared or worked out from the build
- package.py: the `ebook` task: XHTML pages, package document, navigation, the zip
- archive.py: the zip, byte for byte the same for the same inputs
- checks.py: ``validate_ebook``: the EPUB read back and held to this ebook's rules
- templates/: page, stylesheet, package and navigation templates (a theme may ship its own)

docs/ebook.md says which of Amazon's fixed-layout guidelines it follows and why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bookbuild import hookimpl

from . import options

if TYPE_CHECKING:
    from pathlib import Path

    from bookbuild.findings import Finding
    from bookbuild.graph.task import Graph
    from bookbuild.project import Project
    from bookbuild.spec.model import Book

VERSION = "1"  # in the key of every ebook task: bump when the same inputs should make a different EPUB


@hookimpl
def register_book_fields() -> tuple:
    return options.book_fields()


@hookimpl(trylast=True)  # after the book type's own tasks: the ebook reads them
def add_tasks(book: Book, graph: Graph, project: Project) -> None:
    from .package import add_ebook_tasks

    add_ebook_tasks(book, graph, project)


@hookimpl
def after_build(book: Book, results: dict[str, Any], project: Project) -> None:
    """A book that has no ebook any more (``ebook: false``) leaves none behind in build/."""
    from bookbuild.graph import ids

    if ids.EBOOK not in results:
        (project.build_dir / book.slug / ids.EBOOK_FILE).unlink(missing_ok=True)


@hookimpl
def validate_ebook(book: Book, path: Path) -> list[Finding]:
    from .checks import check_ebook

    return check_ebook(book, path)

