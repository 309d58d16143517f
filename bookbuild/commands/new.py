"""`bookbuild new`: a book folder that builds at once, from its type's scaffold.

A new repository also gets bookbuild.toml, a .gitignore that keeps the build and
the cache out of git, and book.schema.json, which the `# yaml-language-server`
line at the top of every new book.yaml points editors at. A book type that drafts
what its author edits (a picture book's story) writes it now when the provider is
free, so the first thing an author can do is open pages/03.md and change it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from bookbuild.errors import BookbuildError, UsageError
from bookbuild.settings import CONFIG_NAME
from bookbuild.spec.schema import did_you_mean

if TYPE_CHECKING:
    from bookbuild.booktypes import BookType
    from bookbuild.project import Project

BOOKBUILD_TOML = """\
# bookbuild settings for this repository. Every key is optional.
# provider: auto (the free offline one), offline, or openai (paid: asked for by name)
provider = "auto"
books_dir = "books"
build_dir = "build"
cache_dir = ".bookbuild/cache"
"""
GITIGNORE = ".gitignore"


def create_book(base: Path, path: Path, book_type: str | None, title: str | None, theme: str | None = None) -> list[str]:
    """The type's scaffold (registered by its plugin), and what a new repository needs."""
    from bookbuild.project import Project

    root, folder = _place(base, path)
    if (folder / "book.yaml").exists():
        raise UsageError(f"{_rel(root, folder)}/book.yaml already exists; choose another folder")
    slug = folder.name
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        raise UsageError(f"book folder names are lowercase letters, digits and dashes (like my-book), got {slug!r}")
    lines = []
    if not (root / CONFIG_NAME).exists():
        root.mkdir(parents=True, exist_ok=True)
        (root / CONFIG_NAME).write_text(BOOKBUILD_TOML, encoding="utf-8")
        lines.append(f"created {CONFIG_NAME}")
    project = Project.open(root)
    kind = _book_type(project, book_type)
    if theme is not None:
        _check_theme(project, theme, kind)
    lines += _gitignore(project)
    lines += _schema_file(project)
    name = _rel(root, folder)
    folder.mkdir(parents=True, exist_ok=True)
    for file, text in kind.scaffold(title or slug.replace("-", " ").title(), slug).items():
        target = folder / file
        if file.endswith("/"):
            target.mkdir(parents=True, exist_ok=True)
            continue
        if file == "book.yaml":
            text = _schema_line(project, folder) + (_with_key(text, "book_theme", theme) if theme else text)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    lines.append(f"created {name}/book.yaml")
    lines += _draft(project, kind, folder, name)
    lines += [f"created {name}/{note}" for note in kind.notes]
    lines.append(f"next: bookbuild build {slug}")
    return lines


def _place(base: Path, path: Path) -> tuple[Path, Path]:
    """(repository root, book folder). Books live in books_dir, where `build` finds them:
    a bare name goes there; any other folder outside it is refused, never silently skipped."""
    from bookbuild.project import books_dir

    folder = (path if path.is_absolute() else base / path).resolve()
    root = _repository_root(base, folder)
    books = (root / books_dir(root)).resolve()
    if folder.parent == books:
        return root, folder
    if not path.is_absolute() and len(path.parts) == 1:
        return root, books / path.name
    raise UsageError(
        f"{path}: books live in {_rel(root, books)}/ (books_dir in {CONFIG_NAME}), where `bookbuild build` finds them; "
        f"use `bookbuild new {_rel(base.resolve(), books / folder.name)}`"
    )


def _repository_root(base: Path, folder: Path) -> Path:
    """The folder holding bookbuild.toml, or the one above books/ for a new repository."""
    for parent in folder.parents:
        if (parent / CONFIG_NAME).is_file():
            return parent
    return folder.parent.parent if folder.parent.name == "books" else base.resolve()


def _rel(root: Path, path: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _book_type(project: Project, name: str | None) -> BookType:
    types = project.book_types
    if not types:
        raise UsageError("no plugin registers a book type (check disabled_plugins in bookbuild.toml)")
    if name is None:
        return next(iter(types.values()))
    if name not in types:
        hint = did_you_mean(name, types) or ""
        raise UsageError(f"--type {name}: no such book type ({hint + ' ' if hint else ''}types: {', '.join(types)})")
    return types[name]


def _check_theme(project: Project, name: str, kind: BookType) -> None:
    try:
        theme = project.themes.find(name)
    except BookbuildError as exc:
        raise UsageError(f"--theme {name}: {exc.format_message()}; `bookbuild themes` lists them") from None
    types = theme.config.get("types")
    if isinstance(types, list) and types and kind.name not in types:
        raise UsageError(f"--theme {name} is made for {', '.join(map(str, types))} books, not {kind.name} books; `bookbuild themes` lists them")


def _with_key(text: str, key: str, value: str) -> str:
    """Set a top-level key of the scaffold's YAML, keeping its comment."""
    pattern = re.compile(rf"^{re.escape(key)}:[^#\n]*(#.*)?$", re.MULTILINE)
    match = pattern.search(text)
    if match is None:
        return text.rstrip("\n") + f"\n{key}: {value}\n"
    comment = f"  {match.group(1)}" if match.group(1) else ""
    return text[: match.start()] + f"{key}: {value}{comment}" + text[match.end() :]


def _gitignore(project: Project) -> list[str]:
    """The build and the cache are made, not written: keep them out of git."""
    path = project.root / GITIGNORE
    wanted = [f"/{_ignored(project, project.build_dir)}/", f"/{_ignored(project, project.settings.path('cache_dir'))}/"]
    wanted = [w for w in wanted if not w.startswith(("/..", "//", "/."+"/"))]
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    present = {line.strip().strip("/") for line in text.splitlines()}
    missing = [w for w in wanted if w.strip("/") not in present]
    if not missing:
        return []
    path.write_text(text + ("" if not text or text.endswith("\n") else "\n") + "".join(f"{w}\n" for w in missing), encoding="utf-8")
    return [f"{'created' if not text else 'updated'} {GITIGNORE} ({', '.join(missing)}: made by builds, kept out of git)"]


def _ignored(project: Project, path: Path) -> str:
    """The folder to ignore: a hidden tool folder whole (.bookbuild/, cache and all), else the folder itself."""
    rel = Path(project.rel(path))
    return rel.parts[0] if rel.parts and rel.parts[0].startswith(".") and not rel.is_absolute() else rel.as_posix()


def _schema_file(project: Project) -> list[str]:
    """book.schema.json for editors, from the schema the loader checks (plugins' keys included)."""
    from bookbuild.commands.schema import SCHEMA_FILE, write_schema

    existed = (project.root / SCHEMA_FILE).is_file()
    if not write_schema(project):
        return []
    return [f"{'updated' if existed else 'created'} {SCHEMA_FILE} (editors complete and check book.yaml's keys)"]


def _schema_line(project: Project, folder: Path) -> str:
    from bookbuild.commands.schema import schema_comment

    return schema_comment(project.root, folder) + "\n"


def _draft(project: Project, kind: BookType, folder: Path, name: str) -> list[str]:
    """A free provider drafts what the author edits now; a paid one waits for a build the author starts."""
    if kind.draft is None:
        return []
    (book,) = project.load_books([str(folder)])
    provider = project.provider_for(book)
    mode = project.settings.write_generated_pages
    regenerate = f"bookbuild regenerate {book.slug} --page 3 --text"
    if mode == "never":
        return [f"created {name}/pages/ (empty: write_generated_pages = \"never\", so each build writes the story from book.yaml's brief)"]
    if provider.paid:
        return [f"created {name}/pages/ (empty: the first `bookbuild build` has the {provider.name} provider write the story, a paid call, and puts it here to edit)"]
    try:
        written = kind.draft(book, project)
    except BookbuildError as exc:  # the book is made and valid: the first build writes the story instead
        return [f"note: the story could not be written now ({exc.format_message()}); the first `bookbuild build` writes it into {name}/pages/"]
    if not written:
        return []
    files = f"{_rel(project.root, written[0])}" + (f" ... {written[-1].name}" if len(written) > 1 else "")
    return [
        f"created {files}: the story, {len(written)} pages written from book.yaml's brief by the {provider.name} provider (free)",
        f"  edit any page and build: only that page changes; a fresh text for one page: {regenerate}",
    ]
