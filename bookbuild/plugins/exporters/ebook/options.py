"""What a publisher can set: book.yaml's ``ebook`` and ``ai_content``. Imports nothing
heavy: it runs whenever a repository is opened."""

from __future__ import annotations

from typing import Any

from bookbuild.spec.schema import Field

from .aicontent import IMAGES, TEXT

COVER_LONG_SIDE = 2560  # KDP's recommended ebook cover (2560 x 1600)
COVER_MIN_LONG_SIDE = 1600  # KDP's ebook cover: 1600 px on the long side at the least


def _tools(value: list[Any]) -> list[str]:
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError("expected a list of tool names, e.g. [ChatGPT, Midjourney]")
    return [v.strip() for v in value]


def book_fields() -> tuple[Field, ...]:
    given = lambda values: {k: v for k, v in values.items() if v is not None}  # noqa: E731 - unset answers are worked out
    ai_fields = (
        Field("text", choices=tuple(k for k, _ in TEXT), help="AI-generated text: none, some-minimal, some-extensive, all-minimal, all-extensive"),
        Field("images", choices=tuple(k for k, _ in IMAGES), help="AI-generated images: none, few-minimal, few-extensive, many-minimal, many-extensive"),
        Field("translations", choices=tuple(k for k, _ in TEXT), help="AI translation: as for text"),
        Field("tools", list, check=_tools, help="the AI tools used, as KDP's form asks"),
    )
    return (
        Field("ebook", bool, help="also build the Kindle fixed-layout EPUB, build/<slug>/ebook.epub (picture books; default true)"),
        Field("ai_content", dict, fields=ai_fields, check=given, help="text, images, translations, tools: KDP's AI-generated-content answers (docs/ebook.md)"),
    )
