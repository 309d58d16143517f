"""Themes: a folder of Jinja2 templates, CSS and fonts, plus theme.toml.

A repository's themes/<name>/ wins over a plugin's theme of the same name, so
an author can copy a built-in theme and change it.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from bookbuild import inputs
from bookbuild.errors import BookbuildError, SpecError, SpecProblem
from bookbuild.spec.schema import did_you_mean

THEME_FILE = "theme.toml"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # a folder in themes/: no path, no way out of it
PAGE_COUNTS = ("front_pages", "back_pages")


class UnknownTheme(BookbuildError):
    """A theme name that names no theme; the book's loader says which file set it."""

    exit_code = 2

    def __init__(self, message: str, hint: str):
        self.message_only, self.hint = message, hint
        super().__init__(f"{message} ({hint})")
_DIGESTS: dict[tuple, str] = {}  # (path, files' mtimes and sizes) -> digest, per process


@dataclass(frozen=True)
class Theme:
    name: str
    path: Path
    origin: str = "repository"  # or the plugin that ships it

    @cached_property
    def config(self) -> dict[str, Any]:
        file = self.path / THEME_FILE
        if not file.is_file():
            return {}
        where = str(file) if self.origin != "repository" else f"{self.path.parent.name}/{self.name}/{THEME_FILE}"
        try:
            config = tomllib.loads(inputs.read_text(file, self.path, inputs.MB, THEME_FILE))
        except inputs.InputProblem as exc:
            raise SpecError([SpecProblem(where, exc.line, None, str(exc), exc.hint)]) from None
        except tomllib.TOMLDecodeError as exc:
            raise SpecError([SpecProblem(where, None, None, f"invalid TOML: {exc}", "see https://toml.io")]) from None
        for key in PAGE_COUNTS:
            value = config.get(key, 0)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 20:
                raise SpecError([SpecProblem(where, None, key, f"expected a whole number of pages from 0 to 20, got {value!r}")])
        fonts = config.get("fonts", {})
        for role, name in fonts.items() if isinstance(fonts, dict) else [("", fonts)]:
            self._check_font(where, role, name)
        return config

    def _check_font(self, where: str, role: str, name: Any) -> None:
        """A [fonts] entry names a file of the theme, like fonts/Andika-Regular.ttf."""
        key = f"fonts.{role}" if role else "fonts"
        if not isinstance(name, str) or not name:
            raise SpecError([SpecProblem(where, None, key, f"expected a font file of the theme, like \"fonts/Regular.ttf\", got {name!r}")])
        try:
            inputs.inside(self.path / name, self.path)
        except inputs.InputProblem:
            raise SpecError([SpecProblem(where, None, key, f"{name} is not a file of the theme", "name a font file inside the theme's folder")]) from None
        if not (self.path / name).is_file():
            raise SpecError([SpecProblem(where, None, key, f"{name}: no such file in the theme", "check the name in theme.toml")])

    @property
    def front_pages(self) -> int:
        return self.config.get("front_pages", 0)

    @property
    def back_pages(self) -> int:
        return self.config.get("back_pages", 0)

    def check_inside(self, root: Path) -> None:
        """A repository's theme and every file in it stay inside the repository."""
        for path in (self.path, *self.path.rglob("*")):
            try:
                inputs.inside(path, root)
            except inputs.InputProblem as exc:
                rel = path.relative_to(self.path.parent.parent) if path.is_relative_to(self.path.parent.parent) else path
                raise UnknownTheme(f"theme {self.name!r}: {rel} {exc}", exc.hint or "") from None

    def digest(self) -> str:
        """Hash of every file in the theme: a changed template, CSS or font re-renders."""
        files = sorted(p for p in self.path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        stamp = (str(self.path), tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files))
        if stamp not in _DIGESTS:
            h = hashlib.sha256()
            for p in files:
                h.update(str(p.relative_to(self.path)).encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
            _DIGESTS[stamp] = h.hexdigest()
        return _DIGESTS[stamp]


@dataclass
class ThemeRegistry:
    local_dir: Path
    plugin_themes: list[Theme] = field(default_factory=list)
    root: Path | None = None  # the repository: its themes may not lead out of it

    def names(self) -> list[str]:
        local = [p.name for p in self.local_dir.iterdir() if p.is_dir()] if self.local_dir.is_dir() else []
        return sorted(set(local) | {t.name for t in self.plugin_themes})

    def find(self, name: str) -> Theme:
        if not isinstance(name, str) or not NAME.match(name):
            raise UnknownTheme(f"{name!r} is not a theme name", "a theme is named by its folder in themes/ (or by a plugin), never by a path; themes: " + ", ".join(self.names()))
        local = self.local_dir / name
        if (local / "templates").is_dir():
            theme = Theme(name, local)
            if self.root is not None:
                theme.check_inside(self.root)
            return theme
        for theme in self.plugin_themes:
            if theme.name == name:
                return theme
        hint = did_you_mean(name, self.names()) or "themes: " + ", ".join(self.names())
        raise UnknownTheme(f"theme {name!r} not found in {self.local_dir} or in any plugin", hint)
