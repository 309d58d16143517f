"""`bookbuild themes`: every theme a book can name in book_theme, and where it comes from.

A repository's themes/<name>/ wins over a plugin's theme of the same name (so an
author copies a built-in theme and changes it); the list says which one is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bookbuild.errors import BookbuildError

if TYPE_CHECKING:
    from bookbuild.project import Project
    from bookbuild.render.themes import Theme


def describe_themes(project: Project) -> list[str]:
    registry = project.themes
    origins = _plugin_origins(project)
    used = _books_by_theme(project)
    defaults = {t.default_theme: name for name, t in project.book_types.items()}
    rows = []
    for name in registry.names():
        try:
            theme = registry.find(name)
        except BookbuildError:  # a folder in themes/ without templates/: not a theme
            continue
        rows.append((name, _origin(project, theme, origins), _notes(theme, defaults.get(name), used.get(name, []))))
    if not rows:
        return [f"no themes: add one in {project.rel(registry.local_dir)}/<name>/ (templates/, css/, theme.toml)"]
    width = max(len(name) for name, _, _ in rows)
    lines = [f"{name:<{width}}  {origin}" + (f"\n{'':<{width}}  {notes}" if notes else "") for name, origin, notes in rows]
    lines.append(f"a book picks one with book_theme: NAME in book.yaml; a folder {project.rel(registry.local_dir)}/NAME/ wins over a built-in theme of that name")
    return lines


def _origin(project: Project, theme: Theme, origins: dict[Path, str]) -> str:
    path = theme.path.resolve()
    plugin = origins.get(path)
    shadowed = [p for p, _ in origins.items() if p.name == theme.name and p != path]
    where = project.rel(path)
    if plugin is None:
        return f"this repository: {where}/" + (" (in place of the built-in one)" if shadowed else "")
    if plugin == "bookbuild.plugins.themes.builtin":
        from bookbuild import __version__

        return f"built in (bookbuild {__version__}): {where}/"
    return f"plugin {plugin}: {where}/"


def _notes(theme: Theme, default_for: str | None, books: list[str]) -> str:
    notes = []
    if default_for:
        notes.append(f"default for {default_for} books")
    types = theme.config.get("types")
    if isinstance(types, list) and types and not default_for:
        notes.append(f"for {', '.join(map(str, types))} books")
    if books:
        notes.append(f"used by {', '.join(books)}")
    return "; ".join(notes)


def _plugin_origins(project: Project) -> dict[Path, str]:
    """Each plugin theme's folder -> the plugin that registers it."""
    found: dict[Path, str] = {}
    for impl in project.pm.hook.register_themes.get_hookimpls():
        for theme in impl.function() or ():
            found.setdefault(Path(theme.path).resolve(), impl.plugin_name)
    return found


def _books_by_theme(project: Project) -> dict[str, list[str]]:
    try:
        books = project.load_books()
    except BookbuildError:  # no books yet, or a spec error: the list still helps
        return {}
    used: dict[str, list[str]] = {}
    for book in books:
        used.setdefault(book.book_theme, []).append(book.slug)
    return used
