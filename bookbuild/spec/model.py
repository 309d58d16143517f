"""The typed book model every later stage reads. Frozen: stages never edit specs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bookbuild.kdp.table import Trim


@dataclass(frozen=True)
class Character:
    name: str
    role: str = ""
    description: str = ""
    visual: str = ""  # the look every illustration must keep
    # Listed only in bible.yaml (a generated story's invented character), not in book.yaml.
    from_bible: bool = False


@dataclass(frozen=True)
class Page:
    """One story page written by hand in pages/NN.md."""

    number: int  # from the file name: pages/07.md -> 7
    source: str  # path relative to the repository, for messages
    text: str  # Markdown body
    illustration: str = ""  # illustration prompt (front matter key)
    characters: tuple[str, ...] | None = None  # who is shown; None: names found in the prompt
    text_position: str = "bottom"  # where the theme prints the text over the picture
    variant: int = 0  # > 0: a fresh picture for the same prompt (bookbuild regenerate)
    text_variant: int = 0  # how often `bookbuild regenerate --text` rewrote the text
    draft: str = ""  # the proof provider (offline) that wrote the text, until the author takes it on
    generated: str = ""  # the AI provider that wrote the text (bookbuild writes it): KDP's AI-content answer counts it
    fit: str = "cover"  # how the author's picture assets/page-NN fills the page (spec.fields.FITS)
    # Markdown images in the text: (the path as written, the file), checked to exist
    # inside the repository when the page was loaded.
    images: tuple[tuple[str, Path], ...] = ()
    text_line: int = 1  # the line of the file the text starts on, for messages


@dataclass(frozen=True)
class Book:
    slug: str
    root: Path  # books/<slug>
    source: str  # "books/<slug>/book.yaml", for messages
    title: str
    author: str
    type: str
    age_group: str
    page_count: int
    trim: Trim
    bleed: bool
    paper: str
    ink: str
    book_theme: str
    version: str = "1.0.0"
    subtitle: str = ""
    theme: str = ""
    educational_focus: str = ""
    moral: str = ""
    setting: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()
    language: str = "en"
    dedication: str = ""
    copyright_year: int | None = None
    seed: str = ""
    proof_mark: bool = True  # mark pages made by a proof provider (the offline one) as a proof
    characters: tuple[Character, ...] = ()
    pages: tuple[Page, ...] = ()  # empty: the story is generated from the brief
    extra: dict[str, Any] = field(default_factory=dict)  # keys added by plugins
    # Where book_theme was chosen, for messages: (file, line, key); None: the book type's default.
    theme_from: tuple[str, int | None, str] | None = field(default=None, compare=False)
    repository: Path | None = field(default=None, compare=False)  # no file the book reads may lead out of it

    @property
    def generated_story(self) -> bool:
        return not self.pages

    @property
    def cast(self) -> tuple[Character, ...]:
        """The characters book.yaml lists (not those a generated story's bible added)."""
        return tuple(c for c in self.characters if not c.from_bible)

    def character(self, name: str) -> Character | None:
        return next((c for c in self.characters if c.name.lower() == name.lower()), None)

    def metadata(self) -> dict[str, Any]:
        """The fields KDP's upload form asks for (checked against KDP's limits)."""
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "author": self.author,
            "description": self.description,
            "keywords": list(self.keywords),
            "age_group": self.age_group,
        }
