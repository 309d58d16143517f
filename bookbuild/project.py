"""A book repository opened for work: root, settings, plugins, cache, provider."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import pluggy

from bookbuild import booktypes, pluginmanager, providers, spec
from bookbuild.booktypes import BookType
from bookbuild.engine.cache import Cache
from bookbuild.errors import SpecError, SpecProblem, UsageError
from bookbuild.settings import Settings, find_root, load_settings, peek
from bookbuild.shard import Shard
from bookbuild.spec.model import Book

if TYPE_CHECKING:
    from bookbuild.render.themes import Theme, ThemeRegistry


@dataclass
class Project:
    root: Path
    settings: Settings
    pm: pluggy.PluginManager
    _books: dict[Path, Book] = field(default_factory=dict)

    @classmethod
    def open(cls, start: Path | None = None, entry_points: bool = True, pm: pluggy.PluginManager | None = None) -> "Project":
        """``pm``: a plugin manager already made for this root (the CLI's), to load plugins once."""
        root = find_root(start)
        pm = pm or pluginmanager.make_manager(root / plugins_dir(root), entry_points=entry_points)
        sections: dict[str, Any] = {}
        for result in pm.hook.register_settings():
            sections.update(result or {})
        settings = load_settings(root, sections)
        pluginmanager.block(pm, settings.disabled_plugins, settings.line_of("disabled_plugins"))
        return cls(root, settings, pm)

    def redirect(self, build_dir: Path, cache_dir: Path) -> None:
        """Send outputs and the cache elsewhere (diff builds each side in its own folder)."""
        if "cache" in self.__dict__:
            raise RuntimeError("redirect() must come before the cache is first used")
        self.settings.values["build_dir"] = str(Path(build_dir).resolve())
        self.settings.values["cache_dir"] = str(Path(cache_dir).resolve())

    @cached_property
    def cache(self) -> Cache:
        from bookbuild.engine.remote_sync import connect

        return Cache(self.settings.cache_path, remote=connect(self.settings))

    @cached_property
    def provider(self) -> providers.Provider:
        return providers.choose(self.pm, self.settings)

    def provider_for(self, book: Book) -> providers.Provider:
        """The provider with this book's own settings (book.yaml), where it takes any."""
        return self.provider.for_book(book)

    @cached_property
    def book_types(self) -> dict[str, BookType]:
        return booktypes.registered(self.pm)

    @property
    def build_dir(self) -> Path:
        return self.settings.path("build_dir")

    @cached_property
    def themes(self) -> "ThemeRegistry":
        from bookbuild.render.themes import ThemeRegistry

        registered = [t for group in self.pm.hook.register_themes() for t in group or ()]
        return ThemeRegistry(self.settings.path("themes_dir"), registered, self.root)

    def theme_for(self, book: Book) -> "Theme":
        return self.themes.find(book.book_theme)

    def book_fields(self) -> tuple:
        return tuple(f for group in self.pm.hook.register_book_fields() for f in group or ())

    def load_books(self, names: Iterable[str] = (), shard: Shard | None = None) -> list[Book]:
        """The named books (default: all); with ``shard``, only those in it, which may be none."""
        names = list(names)
        folders = spec.resolve(self.settings, names) if names else spec.discover(self.settings)
        if not folders:
            raise UsageError(
                f"no books here: nothing matches {self.settings.books_dir}/*/book.yaml under {self.root}; "
                "create one with `bookbuild new books/<slug>`, or run from your book repository (or pass -C FOLDER)"
            )
        if shard is not None:
            folders = shard.select(folders, lambda folder: folder.name)
        books = spec.load_books(self.settings, folders, self.book_fields(), self.book_types)
        self._check_themes(books)
        return books

    def _check_themes(self, books: list[Book]) -> None:
        """Each book's theme exists, named in the file that chose it (book.yaml or bookbuild.toml)."""
        from bookbuild.render.themes import UnknownTheme

        problems = {}
        for book in books:
            try:
                self.themes.find(book.book_theme)
            except UnknownTheme as exc:
                path, line, key = book.theme_from or (book.source, None, "book_theme")
                problems[(path, line, exc.message_only)] = SpecProblem(path, line, key, exc.message_only, exc.hint)
        if problems:
            raise SpecError(list(problems.values()))

    def rel(self, path: Path) -> str:
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)


def plugins_dir(root: Path) -> str:
    # plugins may add settings sections, so they load before bookbuild.toml is
    # validated; only this one key is read ahead.
    return peek(root, "plugins_dir", "plugins")


def books_dir(root: Path) -> str:
    """Where books live, before the settings are loaded (`new` places a book there)."""
    return peek(root, "books_dir", "books")
