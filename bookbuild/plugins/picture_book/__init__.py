"""Picture books (``type: picture``): the story, one illustration per story page and
the cover art, laid out by a theme into the interior and the cover.

- story.py: the `story` task (pages/*.md, or drafted by the provider and screened)
- illustrations.py: `illustration:NN` and `cover-art` (the author's assets/ win)
- layout.py: `interior` and `cover`, rendered by the book's theme
- new-book.yaml: what `bookbuild new --type picture` writes
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING, Any

from bookbuild import hookimpl
from bookbuild.booktypes import BookType

from . import illustrations, layout, story

if TYPE_CHECKING:
    from bookbuild.graph.task import Graph, Task
    from bookbuild.project import Project
    from bookbuild.spec.model import Book

VERSION = "1"
TYPE = "picture"


def _scaffold(title: str, slug: str) -> dict[str, str]:
    template = files(__package__).joinpath("new-book.yaml").read_text(encoding="utf-8")
    return {"book.yaml": template.format(title=title, slug=slug), "pages/": "", "assets/": ""}


@hookimpl
def register_book_types() -> list[BookType]:
    return [
        BookType(
            TYPE,
            "a picture book: a story, a picture on every page, a cover",
            default_theme="picture-book",
            default_ink="premium-color",
            scaffold=_scaffold,
            default=True,
            notes=("assets/ (your images: page-07.png, cover.jpg win over generated ones)",),
            draft=story.draft_pages,
        )
    ]


@hookimpl
def add_tasks(book: Book, graph: Graph, project: Project) -> None:
    if book.type != TYPE:
        return
    theme = project.theme_for(book)
    slots = story.story_slots(book, theme)
    story.add_story_tasks(book, graph, project, slots)
    count = len(book.pages) if book.pages else slots
    drawn = illustrations.add_picture_tasks(book, graph, project, count, theme.front_pages + 1)
    layout.add_render_tasks(book, graph, project, theme, count, drawn)


@hookimpl
def after_build(book: Book, results: dict[str, Any], project: Project) -> None:
    if book.type == TYPE:
        story.write_back(book, results, project)


@hookimpl
def regenerate_text_task(book: Book, project: Project, number: int, variant: int) -> Task | None:
    return story.regenerate_text_task(book, project, number, variant) if book.type == TYPE else None
