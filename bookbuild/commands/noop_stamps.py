"""What a build's no-op stamp covers (engine/noop.py), from the opened project: the
repository's files (a word list at its root too), bookbuild's own code and every plugin it loaded, the folders
packages are installed in (a plugin installed or removed), and after the build its
outputs and the cache index."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import bookbuild
from bookbuild.engine import noop

if TYPE_CHECKING:
    from bookbuild.engine.build import BuildReport
    from bookbuild.project import Project

CACHE_FILES = ("index.db", "index.db-journal", "index.db-wal")


def snapshot(project: Project, args: list[str]) -> noop.Snapshot:
    root = project.settings.root
    package = Path(bookbuild.__file__).parent
    trees = [str(root), *(str(project.settings.path(key)) for key in noop.SCANNED), str(package)]
    trees += [t for t in _plugin_sources(project.pm.get_plugins()) if not Path(t).is_relative_to(package)]
    installed = [p for p in sys.path if p and os.path.isabs(p) and os.path.isdir(p)]
    skip = [str(project.build_dir), str(project.cache.directory)]
    return noop.Snapshot(root, list(args), sorted(set(trees)), [str(root / noop.CONFIG_NAME), *installed], skip)


def stamp(snapshot: noop.Snapshot, project: Project, report: BuildReport, lines: list[str], exit_code: int) -> None:
    from bookbuild.commands.build import books_count

    outputs = []
    for book in report.books:
        folder = project.build_dir / book.book.slug
        outputs += [str(p) for p in sorted(folder.iterdir()) if p.is_file()] if folder.is_dir() else [str(folder)]
    cache = [str(project.cache.directory / name) for name in CACHE_FILES]
    snapshot.stamp(noop._config(snapshot.root), outputs, cache, books_count(report), lines, exit_code)


def _plugin_sources(plugins: Any) -> list[str]:
    """Each plugin's code: its whole top-level package, or its own file."""
    found = []
    for plugin in plugins:
        module = sys.modules.get(getattr(plugin, "__name__", None) or type(plugin).__module__)
        path = getattr(module, "__file__", None)
        if not path:
            continue
        top = sys.modules.get(module.__name__.split(".")[0])
        top_path = getattr(top, "__path__", None)
        found.append(list(top_path)[0] if top_path else path)
    return found
