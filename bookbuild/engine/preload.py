"""Imported once by the worker processes' fork server (bookbuild.engine.workers): the
libraries that rendering and picture work load, so every worker starts with them.
A library that cannot load (WeasyPrint without Pango) is left for the task that
needs it to report, with its own clear message."""

import contextlib

from bookbuild.engine import memory

memory.tune()  # inherited by every worker forked from here

with contextlib.suppress(Exception):
    import PIL.Image  # noqa: F401
    import PIL.ImageOps  # noqa: F401
with contextlib.suppress(Exception):
    import weasyprint  # noqa: F401
