"""The keys book.yaml and pages/*.md accept. Plugins add book keys through the
``register_book_fields`` hook; INTERFACE.md lists the core ones."""

from __future__ import annotations

import re

from bookbuild.kdp import geometry, table
from .schema import Field

AGE_GROUPS = ("0-2", "3-5", "6-8", "9-12")
TEXT_POSITIONS = ("bottom", "top", "none")
# How an author's picture (assets/page-NN) fills its page: cover it (cropping evenly),
# fit inside the margins (all of it shown, on white), or cover it keeping one side.
FITS = ("cover", "contain", "top", "bottom", "left", "right")

_SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$")
TRIM_PATTERN = r"^\s*\d+(\.\d+)?\s*[xX]\s*\d+(\.\d+)?\s*$"  # WxH in inches; which sizes KDP prints is the check's


def _semver(value: str) -> str:
    if not _SEMVER.match(value):
        raise ValueError(f"expected a version like 1.0.0 (semver), got {value!r}; quote it in YAML: version: \"1.0.0\"")
    return value


def _trim(value: str) -> table.Trim:
    try:
        return geometry.parse_trim(value)
    except geometry.KdpError as exc:
        raise ValueError(str(exc)) from None


def _keywords(value: list) -> tuple[str, ...]:
    if not all(isinstance(k, str) for k in value):
        raise ValueError("expected a list of text keywords")
    return tuple(value)


def _year(value: int) -> int:
    if not 1900 <= value <= 2999:
        raise ValueError(f"expected a four-digit year, got {value}")
    return value


CHARACTER_FIELDS = (
    Field("name", required=True, help="what the story calls the character"),
    Field("role", help="hero, friend, mentor, ..."),
    Field("description", help="who the character is, for the story"),
    Field("visual", help="the look every illustration keeps, colours included"),
)

BOOK_FIELDS = (
    Field("title", required=True, help="the book's title"),
    Field("subtitle"),
    Field("author", required=True, help="the name printed on the cover"),
    Field("version", default="1.0.0", check=_semver, json={"pattern": _SEMVER.pattern}),
    Field("type", help="the kind of book (plugins register them: `bookbuild new --help` lists them)"),
    Field("age_group", default="3-5", choices=AGE_GROUPS),
    Field("theme", help="what the story is about, e.g. courage"),
    Field("educational_focus"),
    Field("moral"),
    Field("setting", help="where the story happens, e.g. a snowy forest"),
    Field("characters", list, default=[], fields=CHARACTER_FIELDS),
    Field("page_count", int, required=True, help="interior pages, even, within KDP's limits"),
    Field("trim", default=table.TRIMS["8.5x8.5"], check=_trim, help="KDP trim size in inches, WxH: a standard trim or a custom one (4-8.5 x 6-11.69)", json={"pattern": TRIM_PATTERN}),
    Field("bleed", bool, default=True),
    Field("paper", default="white", choices=table.PAPERS),
    Field("ink", default=None, choices=table.INKS, help="default: premium-color for picture books, bw for coloring books"),
    Field("book_theme", default=None, help="a folder in themes/ or a plugin's theme"),
    Field("description", help="the book description for KDP"),
    Field("keywords", list, default=(), check=_keywords, help="KDP's search keywords (up to 7)", json={"items": {"type": "string"}}),
    Field("language", default="en"),
    Field("dedication"),
    Field("copyright_year", int, check=_year, json={"minimum": 1900, "maximum": 2999}),
    Field("seed", help="any text; changes the offline provider's choices"),
    Field("proof_mark", bool, default=True, help="print a small \"proof\" mark on pages the offline provider wrote or drew (false: no mark; validate still warns)"),
)

PAGE_FIELDS = (
    Field("illustration", help="the page's illustration prompt"),
    Field("characters", list, help="names of the characters shown (default: names in the prompt)", json={"items": {"type": "string"}}),
    Field("text_position", default="bottom", choices=TEXT_POSITIONS),
    Field("fit", default="cover", choices=FITS, help="how your picture assets/page-NN fills the page: cover (crop evenly), contain (all of it, inside the margins), or top/bottom/left/right (cover, keeping that side)"),
    Field("variant", int, default=0, help="bump it (or run `bookbuild regenerate`) for a fresh picture"),
    Field("text_variant", int, default=0, help="how often `bookbuild regenerate --text` rewrote this page"),
    Field("draft", help="the proof provider that wrote this page's text (bookbuild writes it): the page is marked as a proof until you delete the line, once the words are yours"),
    Field("generated", help="the AI provider that wrote this page's text (bookbuild writes it when it writes a generated story back): the ebook tells KDP the text is AI-generated; keep the line, edited or not"),
)
