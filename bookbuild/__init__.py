"""bookbuild: a content-as-code build system for KDP picture books and coloring books.

The public API for plugins is what this package exports; everything else may move.

    from bookbuild import hookimpl, Task, Output, Finding, Field, ids
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: the no-op answer stays light
if TYPE_CHECKING:
    from typing import Any

    import pluggy

    hookimpl: pluggy.HookimplMarker

__version__ = "0.1.0"

# name -> module: imported on first use, so `import bookbuild` (every plugin does) stays light.
_PUBLIC = {
    "Task": "bookbuild.graph.task",
    "Graph": "bookbuild.graph.task",
    "TaskContext": "bookbuild.graph.context",
    "ids": "bookbuild.graph",
    "Output": "bookbuild.engine.outputs",
    "Finding": "bookbuild.findings",
    "Field": "bookbuild.spec.schema",
    "BookType": "bookbuild.booktypes",
    "BaseProvider": "bookbuild.providers",
    "Generated": "bookbuild.providers",
    "ImageRequest": "bookbuild.providers",
    "StoryRequest": "bookbuild.providers",
    "fingerprint": "bookbuild.providers",
    "meter": "bookbuild.engine.budget",
    "metering": "bookbuild.engine.budget",
    "Theme": "bookbuild.render.themes",
    "find_asset": "bookbuild.render.images",
    "read_asset": "bookbuild.render.images",
    "open_image": "bookbuild.render.images",
    "AssetError": "bookbuild.render.images",
    "fit_jpeg": "bookbuild.render.images",
    "render_pdf": "bookbuild.render.pdf",
    "render_params": "bookbuild.render.context",
    "BookbuildError": "bookbuild.errors",
    "BuildError": "bookbuild.errors",
    "ProviderError": "bookbuild.errors",
    "BudgetExceeded": "bookbuild.errors",
}

__all__ = ["__version__", "hookimpl", *_PUBLIC]


def __getattr__(name: str) -> Any:
    if name == "hookimpl":  # made on first use: the launcher's no-op answer imports no pluggy
        import pluggy

        globals()["hookimpl"] = value = pluggy.HookimplMarker("bookbuild")
        return value
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'bookbuild' has no attribute {name!r}")
