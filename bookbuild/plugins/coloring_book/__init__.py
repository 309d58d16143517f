"""Coloring books: printable line art, offline or from your images or AI, laid out single-sided.

For books with ``type: coloring`` this plugin adds the ``coloring:`` keys to
book.yaml (options.py), the tasks that make the pages, the cover art, the
interior and the cover (tasks.py), and the line-art checks on the interior PDF
(checks.py). Pillow and the PDF libraries are imported only when a task or a
check runs. Users' guide: docs/coloring.md.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from bookbuild import hookimpl
from bookbuild.booktypes import BookType

if TYPE_CHECKING:
    from bookbuild.findings import Finding
    from bookbuild.graph.task import Graph
    from bookbuild.project import Project
    from bookbuild.spec.model import Book

VERSION = "1"
TYPE = "coloring"


def _scaffold(title: str, slug: str) -> dict[str, str]:
    template = files(__package__).joinpath("new-book.yaml").read_text(encoding="utf-8")
    return {"book.yaml": template.format(title=title, slug=slug), "assets/": ""}


@hookimpl
def register_book_types() -> list[BookType]:
    return [
        BookType(
            TYPE,
            "a coloring book: line art, one picture a page, single-sided",
            default_theme="coloring-book",
            default_ink="bw",
            scaffold=_scaffold,
            notes=("assets/ (your images: page-03.png becomes picture 3 as line art; cover.jpg wins over the coloured-in cover)",),
        )
    ]


@hookimpl
def register_book_fields() -> tuple:
    from .options import BOOK_FIELD  # here, not at the top: a worker process imports this package to draw, not to read specs

    return (BOOK_FIELD,)


@hookimpl
def add_tasks(book: Book, graph: Graph, project: Project) -> None:
    if book.type != TYPE:
        return
    from .tasks import add_book_tasks

    add_book_tasks(book, graph, project)


@hookimpl
def validate_book(book: Book, project: Project) -> list[Finding]:
    if book.type != TYPE:
        return []
    from .checks import promised_subjects

    return promised_subjects(book, project)


@hookimpl
def validate_pdf(book: Book, role: str, path: Path, notes: Mapping[str, Any]) -> list[Finding]:
    if book.type != TYPE or role != "interior":
        return []
    from .checks import check_interior

    return check_interior(book, Path(path), notes)
