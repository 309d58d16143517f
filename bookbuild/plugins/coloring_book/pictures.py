"""What a coloring page's task hands to a worker process: a picture through the line-art
pipeline, as a PNG, with the line-art checks' measurements of it (its note).

Apart from tasks.py (which plans the book) so that a worker process imports the
imaging code it runs (numpy, OpenCV, Pillow and lineart/), not the modules that read
specs and lay out pages. Each function works on arrays from the first line to the PNG,
with big scratch arrays reused (lineart.scratch).
"""

from __future__ import annotations

from typing import Any


def trace_asset(source: bytes, size: tuple[int, int], line_art: dict[str, Any], name: str) -> tuple[bytes, dict[str, Any], tuple[int, int]]:
    """An author's image -> (line art PNG, its notes, the pixels of the drawing it was made from)."""
    from bookbuild.render.images import decode

    from .lineart.pipeline import drawing_size, flatten

    image = decode(source, name)
    return (*trace_page(image, size, line_art), drawing_size(flatten(image)))


def trace_png(source: Any, size: tuple[int, int], line_art: dict[str, Any], name: str | None = None) -> bytes:
    """Any image -> line art PNG through the shared pipeline (runs in a worker process).
    ``name``: the author's file the bytes came from, named if they cannot be decoded."""
    from .lineart import scratch
    from .lineart.pipeline import to_png

    with scratch.reused():
        return to_png(_trace(source, size, line_art, name))


def trace_page(source: Any, size: tuple[int, int], line_art: dict[str, Any]) -> tuple[bytes, dict[str, Any]]:
    """Any image -> (line art PNG, the checks' notes on it), in a worker process."""
    from .lineart import scratch

    with scratch.reused():
        return _noted(_trace(source, size, line_art), line_art)


def draw_page(design: dict[str, Any], seed: str, index: int, size: tuple[int, int], line_art: dict[str, Any]) -> tuple[bytes, dict[str, Any]]:
    """An offline design -> (line art PNG, the checks' notes on it), in a worker process."""
    from .draw import line_art_array
    from .lineart import scratch

    with scratch.reused():
        return _noted(line_art_array(design, seed, index, size, line_art), line_art)


def _trace(source: Any, size: tuple[int, int], line_art: dict[str, Any], name: str | None = None):
    from .lineart.pipeline import LineArtOptions, line_art_array

    if name is not None:
        from bookbuild.render.images import decode

        source = decode(source, name)
    return line_art_array(source, tuple(size), LineArtOptions(**line_art))


def _noted(ink: Any, line_art: dict[str, Any]) -> tuple[bytes, dict[str, Any]]:
    """The picture (an "L" array) as a PNG, and what the line-art checks measure in it
    where the interior places it (at the pipeline's resolution, which fills the art box),
    as a note for the book's validate task (bookbuild.notes): measured here, in the
    worker, not again in validate on the critical path."""
    from .lineart import measure
    from .lineart.pipeline import LineArtOptions, to_png

    options = LineArtOptions(**line_art)
    return to_png(ink), measure.note(ink, options.dpi, options.min_region_in, options.line_pt)
