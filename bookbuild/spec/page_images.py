"""Markdown images in a page's text (``![Milo](../assets/milo.png)``), resolved when
the page is loaded: relative to the page file (or, starting with ``/``, to the
repository), inside the repository only, an image file that exists. Anything else
is a spec problem naming the page, the line and the path, never a quiet alt text."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from bookbuild.render.assets import IMAGE_SUFFIXES
from .schema import Validator

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")


def image_sources(body: str) -> list[tuple[str, int]]:
    """(src as written, 0-based line in ``body``) of every Markdown image, in order."""
    if "![" not in body:
        return []  # most pages: no parser imported at all
    from bookbuild.render.markdown import parser

    found = []
    for token in parser().parse(body):
        for child in token.children or ():
            if child.type == "image":
                found.append((unquote(str(child.attrs.get("src", ""))), token.map[0] if token.map else 0))
    return found


def resolve_images(body: str, first_line: int, page: Path, root: Path, v: Validator) -> tuple[tuple[str, Path], ...]:
    """Every image of the page's text as (src, file); problems go to ``v`` with their line.
    ``first_line``: the file's line number of the body's first line."""
    resolved: dict[str, Path] = {}
    root = root.resolve()
    for src, line in image_sources(body):
        path = _resolve(src, page, root, first_line + line, v)
        if path is not None:
            resolved[src] = path
    return tuple(resolved.items())


def _resolve(src: str, page: Path, root: Path, line: int, v: Validator) -> Path | None:
    here = f"image {src!r}"
    if not src.strip():
        v.problem(line, None, "an image has no path", "write it like ![Milo by the river](../assets/milo.png)")
        return None
    if _SCHEME.match(src):
        v.problem(line, None, f"{here}: images must be files in the repository, not links", "download it into the book's assets/ and write ![...](../assets/NAME.png)")
        return None
    path = ((root / src.lstrip("/")) if src.startswith("/") else (page.parent / src)).resolve()
    if not path.is_relative_to(root):
        v.problem(line, None, f"{here} is outside the repository", "copy the picture into the book's assets/ folder")
        return None
    shown = path.relative_to(root)
    if not path.is_file():
        v.problem(line, None, f"{here}: no such file {shown}", "paths are relative to the page file: a picture in the book's assets/ is ../assets/NAME.png")
        return None
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        v.problem(line, None, f"{here}: {shown} is not a picture bookbuild prints", "use a PNG, JPEG or WebP file")
        return None
    return path
