"""Imported once by the worker processes' fork server (bookbuild.engine.workers): the
allocator settings and Pillow, so every worker starts with them. WeasyPrint is
preloaded only where the pool would otherwise sit idle (bookbuild.render.warm): for
a CPU-bound provider its import would hold up the first pictures."""

import contextlib

from bookbuild.engine import memory

memory.tune()  # inherited by every worker forked from here

with contextlib.suppress(Exception):
    import PIL.Image  # noqa: F401
    import PIL.ImageOps  # noqa: F401
