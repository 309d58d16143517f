"""Themes: a folder of Jinja2 templates, CSS and fonts, plus theme.toml.

A repository's themes/<name>/ wins over a plugin's theme of the same name, so
an author can copy a built-in theme and change it.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from bookbuild.errors import BookbuildError
from bookbuild.spec.schema import did_you_mean

THEME_FILE = "theme.toml"
_DIGESTS: dict[tuple, str] = {}  # (path, files' mtimes and sizes) -> digest, per process


@dataclass(frozen=True)
class Theme:
    name: str
    path: Path
    origin: str = "repository"  # or the plugin that ships it

    @cached_property
    def config(self) -> dict[str, Any]:
        file = self.path / THEME_FILE
        try:
            return tomllib.loads(file.read_text(encoding="utf-8")) if file.is_file() else {}
        except tomllib.TOMLDecodeError as exc:
            raise BookbuildError(f"{file}: invalid TOML: {exc}") from None

    @property
    def front_pages(self) -> int:
        return int(self.config.get("front_pages", 0))

    @property
    def back_pages(self) -> int:
        return int(self.config.get("back_pages", 0))

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

    def names(self) -> list[str]:
        local = [p.name for p in self.local_dir.iterdir() if p.is_dir()] if self.local_dir.is_dir() else []
        return sorted(set(local) | {t.name for t in self.plugin_themes})

    def find(self, name: str) -> Theme:
        local = self.local_dir / name
        if (local / "templates").is_dir():
            return Theme(name, local)
        for theme in self.plugin_themes:
            if theme.name == name:
                return theme
        hint = did_you_mean(name, self.names()) or "themes: " + ", ".join(self.names())
        raise BookbuildError(f"theme {name!r} not found in {self.local_dir} or in any plugin ({hint})")
