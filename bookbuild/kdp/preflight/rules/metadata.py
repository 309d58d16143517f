"""Book metadata against the limits of KDP's book-details form (KDP.md section 9)."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Iterator

from bookbuild.findings import Finding
from bookbuild.kdp import table

_AGES = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?$")


def title_length(meta: dict) -> Iterator[Finding]:
    """S-TTL: title and subtitle together under 200 characters."""
    title, subtitle = str(meta.get("title") or ""), str(meta.get("subtitle") or "")
    total = len(title) + len(subtitle)
    if total >= table.TITLE_SUBTITLE_MAX_CHARS:
        yield Finding(
            "metadata-title-length", "error",
            f"title and subtitle are {total} characters together; KDP needs fewer than "
            f"{table.TITLE_SUBTITLE_MAX_CHARS}; shorten the subtitle (keywords belong in the keyword slots)",
        )  # fmt: skip


def description_length(meta: dict) -> Iterator[Finding]:
    """S-EPB2, S-PUB: description at most 4000 characters, HTML tags included."""
    length = len(str(meta.get("description") or ""))
    if length > table.DESCRIPTION_MAX_CHARS:
        yield Finding(
            "metadata-description-length", "error",
            f"the description is {length} characters; KDP accepts at most {table.DESCRIPTION_MAX_CHARS} "
            f"(HTML tags count); cut {length - table.DESCRIPTION_MAX_CHARS} characters",
        )  # fmt: skip


def keywords(meta: dict) -> Iterator[Finding]:
    """S-CAT, S-BW, S-SPH: 7 keyword slots of 50 characters each."""
    words = [str(k) for k in meta.get("keywords") or []]
    if len(words) > table.KEYWORDS_MAX:
        yield Finding(
            "metadata-keywords", "error",
            f"{len(words)} keywords given; KDP has {table.KEYWORDS_MAX} keyword slots; keep the best "
            f"{table.KEYWORDS_MAX} (drop {', '.join(repr(w) for w in words[table.KEYWORDS_MAX:])})",
        )  # fmt: skip
    for word in words:
        if len(word) > table.KEYWORD_MAX_CHARS:
            yield Finding(
                "metadata-keywords", "error",
                f"keyword {word!r} is {len(word)} characters; a KDP keyword slot holds {table.KEYWORD_MAX_CHARS}; shorten it",
            )  # fmt: skip


def age_range(meta: dict) -> Iterator[Finding]:
    """K-AGE: a reading age min-max with min <= max; keep the span to 3-4 years."""
    text = meta.get("age_group")
    if text is None or text == "":
        return
    match = _AGES.match(str(text))
    if match is None:
        yield Finding("metadata-age-range", "error", f"age_group {text!r} is not an age range like '3-5'; write it as MIN-MAX in years")
        return
    low, high = int(match[1]), int(match[2] or match[1])
    if low > high:
        yield Finding("metadata-age-range", "error", f"age_group {text!r} starts above where it ends; write it as {high}-{low}")
    elif high - low > table.AGE_SPAN_MAX_YEARS:
        yield Finding(
            "metadata-age-range", "warning",
            f"age_group {text!r} spans {high - low} years; KDP advises a reading age span of at most "
            f"{table.AGE_SPAN_MAX_YEARS} years; narrow it to the readers the book is really for",
        )  # fmt: skip


def placeholders(meta: dict) -> Iterator[Finding]:
    """A title or author that stands in for the real one (placeholders.yaml): KDP prints what it is given."""
    known = _placeholders()
    title, author = str(meta.get("title") or "").strip(), str(meta.get("author") or "").strip()
    if title and (len(title) == 1 or title.lower() in known["titles"]):
        yield Finding(
            "metadata-placeholder", "warning",
            f"the title {title!r} looks like a placeholder; KDP prints it on the cover and lists the book under it: "
            "write the real title (title: in book.yaml)",
        )  # fmt: skip
    if author.lower() in known["authors"]:
        yield Finding(
            "metadata-placeholder", "warning",
            f"the author {author!r} looks like a placeholder (`bookbuild new` writes \"Your Name\"); KDP prints it on "
            "the cover: write the name to print (author: in book.yaml)",
        )  # fmt: skip


@functools.cache
def _placeholders() -> dict[str, frozenset[str]]:
    from bookbuild.spec.yamlsrc import load_own

    data = load_own((Path(__file__).resolve().parents[1] / "placeholders.yaml").read_text(encoding="utf-8"))
    return {key: frozenset(str(v).strip().lower() for v in data[key]) for key in ("titles", "authors")}


RULES = (title_length, description_length, keywords, age_range, placeholders)
