"""The words a theme prints itself ("The End", "Test your colors"), in the book's language.

A theme keeps them in text.toml, one table per language tag ([en-US], [en-GB]); the
book's ``language`` picks the table. Plain ``en`` is American English, the spelling of
KDP's main market (amazon.com); a language the theme has no table for gets en-US words
and a warning from validate (see language_finding).
"""

from __future__ import annotations

import tomllib
from typing import TYPE_CHECKING

from bookbuild.errors import BookbuildError

if TYPE_CHECKING:
    from bookbuild.render.themes import Theme

WORDS_FILE = "text.toml"
DEFAULT_LANGUAGE = "en-US"
ALIASES = {"en": "en-US", "en-us": "en-US", "en-gb": "en-GB", "en-uk": "en-GB"}


def locale(language: str | None) -> str:
    """'en' -> 'en-US', 'en-gb' -> 'en-GB'; other tags unchanged."""
    tag = (language or "").strip()
    return ALIASES.get(tag.lower(), tag or DEFAULT_LANGUAGE)


def tables(theme: Theme) -> dict[str, dict[str, str]]:
    file = theme.path / WORDS_FILE
    if not file.is_file():
        return {}
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BookbuildError(f"{file}: invalid TOML: {exc}") from None


def theme_words(theme: Theme, language: str | None) -> dict[str, str]:
    """The theme's words for the book's language, en-US words where it has none."""
    found = tables(theme)
    return {**found.get(DEFAULT_LANGUAGE, {}), **found.get(locale(language), {})}


def has_language(theme: Theme, language: str | None) -> bool:
    found = tables(theme)
    return not found or locale(language) in found
