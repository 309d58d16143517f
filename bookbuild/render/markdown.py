"""Page text: CommonMark (markdown-it-py) without raw HTML, so a page cannot
smuggle markup into the PDF."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(["replacements", "smartquotes"])


def to_html(text: str) -> str:
    return _parser().render(text or "")
