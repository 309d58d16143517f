"""Page text: CommonMark (markdown-it-py) without raw HTML, so a page cannot
smuggle markup into the PDF.

Images in the text (``![Milo](../assets/milo.png)``) were found when the page was
loaded (bookbuild.spec.page_images); here each is pointed at its bytes, which the
render task hands WeasyPrint from memory (``bookbuild:NAME``). An image nobody
resolved is an error, never an alt text printed in its place.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

from bookbuild.errors import BuildError

RESOURCE_SCHEME = "bookbuild:"
# ![alt](path), ![alt](<path with spaces>), ![alt](path "title"): a picture, not words
_IMAGE = re.compile(r"!\[([^\]]*)\]\((?:<[^>]*>|[^)\s]*)(?:\s+\"[^\"]*\")?\s*\)")


@lru_cache(maxsize=1)
def parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(["replacements", "smartquotes"])


def to_html(text: str, images: dict[str, str] | None = None, base: str = RESOURCE_SCHEME) -> str:
    """``images``: each image's path as written -> the resource name of its bytes, which
    the HTML links as ``base`` + name (an ebook keeps them in its own images/ folder)."""
    md = parser()
    tokens = md.parse(text or "")
    for token in tokens:
        for child in token.children or ():
            if child.type == "image":
                child.attrSet("src", base + _resource(unquote(str(child.attrGet("src") or "")), images))
    return md.renderer.render(tokens, md.options, {})


def alt_texts_only(text: str) -> str:
    """The Markdown with each image taken down to its alt text: the words a reader can
    meet (an ebook keeps alt text for screen readers), never a file's path."""
    return _IMAGE.sub(lambda m: f" {m.group(1)} ", text or "")


def without_images(text: str) -> str:
    """The Markdown with its images taken out: what sizes the type and counts as words
    (their paths and alt text are not printed)."""
    return _IMAGE.sub(" ", text or "")


def words_html(text: str) -> str:
    """The text's HTML without its images: for comparing the words a reader sees."""
    md = parser()
    tokens = md.parse(text or "")
    for token in tokens:
        token.children = [c for c in token.children or () if c.type != "image"] if token.children else token.children
    return md.renderer.render(tokens, md.options, {})


def _resource(src: str, images: dict[str, str] | None) -> str:
    if not images or src not in images:
        raise BuildError(f"the page text shows the image {src!r}, which was not found when its page was loaded; images belong in hand-written pages/*.md, like ![Milo](../assets/milo.png)")
    return images[src]


def resource_name(digest: str, suffix: str) -> str:
    """The name an image's bytes are served under: by content, so two paths to one file agree."""
    return f"text-image-{digest}{suffix.lower()}"


def markdown_filter(context: dict[str, Any]) -> Any:
    """The themes' ``markdown`` filter: ``context["text_images"]`` (looked up when a page
    renders) says where the text's images are. A plain function, so plugins can wrap it."""
    return lambda text: to_html(text, context.get("text_images"))
