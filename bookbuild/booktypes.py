"""Book types (``type:`` in book.yaml) are registered by plugins, like providers and
themes: the core names none of them. A type says what its books default to and
how ``bookbuild new`` scaffolds one; its plugin adds the tasks that make it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    import pluggy

    from bookbuild.project import Project
    from bookbuild.spec.model import Book

Scaffold = Callable[[str, str], dict[str, str]]  # (title, slug) -> {path in the book folder: text}
Draft = Callable[["Book", "Project"], list[Path]]  # (the new book, its repository) -> files written


@dataclass(frozen=True)
class BookType:
    name: str  # the value of `type:` in book.yaml
    help: str  # one line for `bookbuild new --help` and errors
    default_theme: str  # book_theme when the book names none
    default_ink: str  # ink when the book names none
    scaffold: Scaffold  # what `bookbuild new --type NAME` writes
    default: bool = False  # the type of a book.yaml without `type:` (one type says so)
    notes: tuple[str, ...] = field(default_factory=tuple)  # what `new` prints after the files
    # What the provider drafts for the author to edit (a picture book's story into
    # pages/NN.md): `new` runs it at once when the provider is free.
    draft: Draft | None = None


def registered(pm: pluggy.PluginManager) -> dict[str, BookType]:
    """Every type, the default first."""
    types = [t for group in pm.hook.register_book_types() for t in group or ()]
    return {t.name: t for t in sorted(types, key=lambda t: not t.default)}
