"""What a book prints with its theme, checked: characters the theme's fonts lack (named
with the page file), and a language the theme has no words for.

A character none of the theme's fonts has (an emoji, a Chinese name, a letter of another
script) is drawn by Pango with whatever installed font has it (fontconfig's fallback), so
the book prints differently on another machine, or, where no installed font has it, as an
empty box or not at all. bookbuild ships no fallback font: the fonts that cover emoji and
CJK (Debian's fonts-noto-color-emoji, fonts-noto-cjk) are 10-90 MB, and a colour emoji font
embeds as low-resolution bitmaps; so the warning says which font would print them here and
how to make the book print the same everywhere.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from bookbuild import hookimpl
from bookbuild.findings import Finding

if TYPE_CHECKING:
    from bookbuild.pagemap import PageMap
    from bookbuild.project import Project
    from bookbuild.spec.model import Book

VERSION = "2"  # 2: page findings carry the printed page from the core's page map (the core names the file)
RULE = "missing-glyphs"
FONT_SUFFIXES = (".ttf", ".otf")
BOOK_KEYS = ("title", "subtitle", "author", "description", "dedication")


@hookimpl
def validate_book(book: Book, story: list[dict[str, Any]] | None, project: Project, pages: PageMap) -> list[Finding]:
    from bookbuild.render import typeset

    theme = project.theme_for(book)
    fonts = [typeset.metrics(p) for p in sorted((theme.path / "fonts").glob("*")) if p.suffix.lower() in FONT_SUFFIXES]
    findings = _language(book, theme)
    if not fonts:
        return findings
    covered = lambda ch: ch.isspace() or any(f.covers(ch) for f in fonts)  # noqa: E731
    names = sorted({p.stem.split("-")[0] for p in (theme.path / "fonts").glob("*") if p.suffix.lower() in FONT_SUFFIXES})
    for where, page, text in _texts(book, story, pages):
        missing = list(dict.fromkeys(ch for ch in text if not covered(ch)))
        if missing:
            # a page's finding carries its printed page; the core names its file: page 4 (pages/02.md)
            findings.append(Finding(RULE, "warning", _message(where if page is None else "", missing, ", ".join(names), theme.name), page, where if page is None else None))
    return findings


def _language(book: Book, theme: Any) -> list[Finding]:
    from bookbuild.render.words import DEFAULT_LANGUAGE, WORDS_FILE, has_language, locale, tables

    if has_language(theme, book.language):
        return []
    offered = ", ".join(tables(theme)) or DEFAULT_LANGUAGE
    return [Finding(
        "language", "warning",
        f"language: {book.language}: the {theme.name} theme has words for {offered} only, so the words it prints itself "
        f"(\"The End\", the copyright line) come out in {DEFAULT_LANGUAGE}; add a [{locale(book.language)}] table to "
        f"themes/{theme.name}/{WORDS_FILE}, or set language to one of {offered}",
        None, book.source,
    )]  # fmt: skip


def _texts(book: Book, story: list[dict[str, Any]] | None, pages: PageMap) -> list[tuple[str, int | None, str]]:
    """(file, printed page or None, text) of everything the book prints from the author's words."""
    texts = [(book.source, None, " ".join(str(getattr(book, key) or "") for key in BOOK_KEYS))]
    for index, page in enumerate(story or [], 1):
        printed = pages.printed(index)
        texts.append((f"story page {index}" if printed is None else "", printed, page.get("text") or ""))
    return texts


def _message(where: str, chars: list[str], fonts: str, theme: str) -> str:
    found = {c: system_font(c) for c in chars}
    parts = []
    for font, group in _grouped(found).items():
        listed = f"{''.join(group[:12])}{'...' if len(group) > 12 else ''} ({', '.join(f'U+{ord(c):04X}' for c in group[:6])})"
        if font:
            parts.append(f"{listed} print with {font} from this machine's fonts, so the book prints differently where that font is missing")
        else:
            parts.append(f"{listed} are in no font on this machine, so they print as empty boxes or not at all")
    fix = (
        f"add a font that has them to themes/{theme}/fonts and its CSS, install the same fonts on every machine that builds "
        "the book (Debian: fonts-noto-core; fonts-noto-cjk for Chinese, Japanese, Korean), or leave them out"
    )
    return f"{where + ': ' if where else ''}characters the theme's fonts ({fonts}) lack: {'; '.join(parts)}; {fix}"


def _grouped(found: dict[str, str | None]) -> dict[str | None, list[str]]:
    groups: dict[str | None, list[str]] = {}
    for ch, font in found.items():
        groups.setdefault(font, []).append(ch)
    return groups


@lru_cache(maxsize=256)
def system_font(ch: str) -> str | None:
    """The family fontconfig would fall back to for this character, if any (fc-list)."""
    if shutil.which("fc-list") is None:
        return None
    try:
        out = subprocess.run(["fc-list", f":charset={ord(ch):x}", "family"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    families = sorted(line.split(",")[0].strip() for line in out.splitlines() if line.strip())
    return families[0] if families else None
