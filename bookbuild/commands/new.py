"""`bookbuild new`: a book folder that builds at once, from its type's scaffold."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from bookbuild.errors import UsageError
from bookbuild.settings import CONFIG_NAME
from bookbuild.spec.schema import did_you_mean

if TYPE_CHECKING:
    from bookbuild.booktypes import BookType

BOOKBUILD_TOML = """\
# bookbuild settings for this repository. Every key is optional.
# provider: auto (the free offline one), offline, or openai (paid: asked for by name)
provider = "auto"
books_dir = "books"
build_dir = "build"
cache_dir = ".bookbuild/cache"
"""

def create_book(base: Path, path: Path, book_type: str | None, title: str | None) -> list[str]:
    """The type's scaffold (registered by its plugin), and bookbuild.toml for a new repository."""
    folder = path if path.is_absolute() else base / path
    if (folder / "book.yaml").exists():
        raise UsageError(f"{path}/book.yaml already exists; choose another folder")
    slug = folder.name
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        raise UsageError(f"book folder names are lowercase letters, digits and dashes (like my-book), got {slug!r}")
    root = _repository_root(base, folder)
    kind = _book_type(root, book_type)
    lines = []
    if not (root / CONFIG_NAME).exists():
        (root / CONFIG_NAME).write_text(BOOKBUILD_TOML, encoding="utf-8")
        lines.append(f"created {CONFIG_NAME}")
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in kind.scaffold(title or slug.replace("-", " ").title(), slug).items():
        target = folder / name
        if name.endswith("/"):
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    lines.append(f"created {path}/book.yaml")
    lines += [f"created {path}/{note}" for note in kind.notes]
    lines.append(f"next: bookbuild build {slug}")
    return lines


def _book_type(root: Path, name: str | None) -> BookType:
    from bookbuild.booktypes import registered
    from bookbuild.pluginmanager import make_manager
    from bookbuild.project import plugins_dir

    types = registered(make_manager(root / plugins_dir(root)))
    if name is None:
        return next(iter(types.values()))
    if name not in types:
        hint = did_you_mean(name, types) or ""
        raise UsageError(f"--type {name}: no such book type ({hint + ' ' if hint else ''}types: {', '.join(types)})")
    return types[name]


def _repository_root(base: Path, folder: Path) -> Path:
    """The folder holding bookbuild.toml, or the one above books/ for a new repository."""
    for parent in folder.resolve().parents:
        if (parent / CONFIG_NAME).is_file():
            return parent
    return folder.resolve().parent.parent if folder.resolve().parent.name == "books" else base.resolve()
