"""The themes bookbuild ships (picture-book, ...), found wherever bookbuild is installed.

In a source checkout they are the repository's top-level themes/ folder; an
installed wheel carries the same folder as bookbuild/_themes (pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

from bookbuild import hookimpl
from bookbuild.render.themes import Theme

VERSION = "1"
_PACKAGE = Path(__file__).resolve().parents[2]  # .../bookbuild


def builtin_themes_dir() -> Path:
    installed = _PACKAGE / "_themes"
    return installed if installed.is_dir() else _PACKAGE.parent / "themes"


@hookimpl
def register_themes() -> list[Theme]:
    folder = builtin_themes_dir()
    if not folder.is_dir():
        return []
    return [Theme(p.name, p, origin="bookbuild") for p in sorted(folder.iterdir()) if (p / "templates").is_dir()]
