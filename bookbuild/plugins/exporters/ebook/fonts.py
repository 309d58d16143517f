"""The theme's fonts, as its own stylesheets declare them (@font-face), embedded whole.

A fixed-layout book cannot let the reader change fonts, so Amazon asks for the
book's fonts to travel with it (docs/ebook.md). The theme's CSS already says which
file is which family, weight and style; the text's family is the one the theme sets
first outside its @font-face rules (``html { font-family: ... }``). Fonts are copied
unchanged: the picture-book theme's fonts are under the SIL Open Font License, which
allows embedding them in documents, and its Reserved Font Names rule out a renamed subset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bookbuild.errors import BuildError

if TYPE_CHECKING:
    from bookbuild.render.themes import Theme

MEDIA_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}
_FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}", re.IGNORECASE)
_DECLARATION = re.compile(r"([\w-]+)\s*:\s*([^;]+)")
_URL = re.compile(r"url\(\s*['\"]?([^'\")]+?)['\"]?\s*\)")
_FAMILY = re.compile(r"font-family\s*:\s*([^;}]+)", re.IGNORECASE)
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_SAFE = re.compile(r"^[\w .-]+$")  # what may go into the ebook's CSS unquoted by us


@dataclass(frozen=True)
class Face:
    family: str
    weight: str
    style: str
    path: Path  # the file in the theme
    name: str  # its file name in the EPUB

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.path.suffix.lower()]


@dataclass(frozen=True)
class ThemeFonts:
    faces: tuple[Face, ...]
    family: str  # the text's family ("" when the theme embeds none)


def font_face_rules(css: str) -> list[dict[str, str]]:
    """Each @font-face rule's declarations (names lower-cased), comments left out."""
    css = _COMMENT.sub("", css)
    return [{k.lower(): v.strip() for k, v in _DECLARATION.findall(block)} for block in _FONT_FACE.findall(css)]


def text_families(css: str) -> list[str]:
    """The first family of every font-family outside the @font-face rules, in order."""
    return [first_family(m) for m in _FAMILY.findall(_FONT_FACE.sub("", _COMMENT.sub("", css)))]


def font_urls(rule: dict[str, str]) -> list[str]:
    return _URL.findall(rule.get("src", ""))


def first_family(value: str) -> str:
    return value.split(",")[0].strip().strip("'\"").strip()


def theme_fonts(theme: Theme) -> ThemeFonts:
    faces: list[Face] = []
    families: list[str] = []
    for css in sorted((theme.path / "css").rglob("*.css")) if (theme.path / "css").is_dir() else ():
        text = css.read_text(encoding="utf-8")
        for rule in font_face_rules(text):
            face = _face(theme, css, rule)
            if face and all(f.path != face.path for f in faces):
                if any(f.name == face.name for f in faces):  # two folders, one file name
                    face = Face(face.family, face.weight, face.style, face.path, f"{len(faces) + 1}-{face.name}")
                faces.append(face)
        families += text_families(text)
    declared = [f.family for f in faces]
    family = next((f for f in families if f in declared), declared[0] if declared else "")
    return ThemeFonts(tuple(faces), family)


def _face(theme: Theme, css: Path, rule: dict[str, str]) -> Face | None:
    family = first_family(rule.get("font-family", ""))
    urls = font_urls(rule)
    if not family or not urls:
        return None
    path = (css.parent / urls[0]).resolve()
    where = f"{css.relative_to(theme.path)} of theme {theme.name!r}"
    if not path.is_relative_to(theme.path.resolve()) or not path.is_file():
        raise BuildError(f"{where}: the font {urls[0]} is not a file in the theme")
    if path.suffix.lower() not in MEDIA_TYPES:
        raise BuildError(f"{where}: {path.name} is not a font an EPUB can carry (.ttf, .otf, .woff, .woff2)")
    if not _SAFE.match(family):
        raise BuildError(f"{where}: the font family {family!r} has characters an ebook stylesheet cannot carry; use letters, digits, spaces, '-', '_' or '.'")
    weight = rule.get("font-weight", "normal").strip()
    style = rule.get("font-style", "normal").strip()
    return Face(family, weight if _SAFE.match(weight) else "normal", style if _SAFE.match(style) else "normal", path, path.name)

