"""bookbuild: a content-as-code build system for KDP picture books and coloring books."""

import pluggy

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("bookbuild")

__all__ = ["__version__", "hookimpl"]
