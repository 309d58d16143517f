"""Imported by the worker processes' fork server when a build waits on a network
service (bookbuild.engine.build): WeasyPrint loads once, while the first requests
are in flight, and every worker that lays out a PDF starts with it. A WeasyPrint
that cannot load (no Pango) is left for the render task to report clearly."""

import contextlib

with contextlib.suppress(Exception):
    import weasyprint  # noqa: F401
