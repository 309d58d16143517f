"""What a publisher can set: book.yaml's ``ebook`` and ``ai_content``, and ``[ebook]``
in bookbuild.toml. Imports nothing heavy: it runs whenever a repository is opened."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bookbuild.spec.schema import Field

from .aicontent import IMAGES, TEXT

if TYPE_CHECKING:
    from bookbuild.project import Project

SECTION = "ebook"
# The long side of a page in pixels, at most: the print pictures are 300 px an inch, so
# an 8.5 in page keeps its 2550 px; 2560 is KDP's recommended cover height and twice
# the 1200 px short side of a Fire HD screen (Amazon asks for 2x zoom). docs/ebook.md.
LONG_SIDE = 2560
LONG_SIDE_RANGE = (1024, 4096)
COVER_LONG_SIDE = 2560  # KDP's recommended ebook cover (2560 x 1600); one picture, so never smaller
COVER_MIN_LONG_SIDE = 1600  # KDP's ebook cover: 1600 px on the long side at the least
JPEG_QUALITY = 85
JPEG_QUALITY_RANGE = (60, 95)


def _between(low: int, high: int, what: str):
    def check(value: int) -> int:
        if not low <= value <= high:
            raise ValueError(f"{value} is outside {low}-{high}: {what}")
        return value

    return check


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


def settings_fields() -> tuple[Field, ...]:
    return (
        Field("long_side", int, default=LONG_SIDE, check=_between(*LONG_SIDE_RANGE, "pixels on a page's long side"), help="pixels on the long side of an ebook page, at most (never more than the print's 300 per inch)"),
        Field("jpeg_quality", int, default=JPEG_QUALITY, check=_between(*JPEG_QUALITY_RANGE, "JPEG quality"), help="JPEG quality of the ebook's pictures: smaller files cost less to deliver"),
    )


def section(project: Project) -> dict[str, Any]:
    values = {"long_side": LONG_SIDE, "jpeg_quality": JPEG_QUALITY}
    values.update({k: v for k, v in project.settings.section(SECTION).items() if v is not None})
    return values
