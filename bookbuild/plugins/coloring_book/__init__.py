"""Coloring books: printable line art, offline or from your images or AI, laid out single-sided.

For books with ``type: coloring`` this plugin adds the ``coloring:`` keys to
book.yaml (options.py), the tasks that make the pages, the cover art, the
interior and the cover (tasks.py), and the line-art checks on the interior PDF
(checks.py). Pillow and the PDF libraries are imported only when a task or a
check runs. Users' guide: docs/coloring.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bookbuild import hookimpl

from .options import BOOK_FIELD

if TYPE_CHECKING:
    from bookbuild.findings import Finding
    from bookbuild.graph.task import Graph
    from bookbuild.project import Project
    from bookbuild.spec.model import Book

VERSION = "1"


@hookimpl
def register_book_fields() -> tuple:
    return (BOOK_FIELD,)


@hookimpl
def add_tasks(book: Book, graph: Graph, project: Project) -> None:
    if book.type != "coloring":
        return
    from .tasks import add_book_tasks

    add_book_tasks(book, graph, project)


@hookimpl
def validate_pdf(book: Book, role: str, path: Path) -> list[Finding]:
    if book.type != "coloring" or role != "interior":
        return []
    from .checks import check_interior

    return check_interior(book, Path(path))
