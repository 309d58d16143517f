"""HTML + CSS paged media -> PDF with WeasyPrint; images come from memory."""

from __future__ import annotations

import os
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bookbuild.errors import BuildError
from .markdown import to_html
from .themes import Theme

if TYPE_CHECKING:
    import pluggy

    from bookbuild.spec.model import Book

RESOURCE_SCHEME = "bookbuild:"
# WeasyPrint (Pango, fontconfig) is not documented as thread-safe; rendering is
# CPU-bound under the GIL anyway, so one render at a time costs little.
_RENDER_LOCK = threading.Lock()


def source_date() -> datetime | None:
    """SOURCE_DATE_EPOCH as a date: reproducible builds stamp this, never 'now'."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    return datetime.fromtimestamp(int(value), tz=timezone.utc)


RENDER_HOOKS = ("render_context", "jinja_environment")  # their plugins are in every render task's key


def render_html(theme: Theme, template: str, context: dict[str, Any], pm: pluggy.PluginManager | None = None, book: Book | None = None) -> str:
    """The template rendered; with ``pm``, plugins add filters (``jinja_environment``) and
    change what the template sees (``render_context``) first."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(loader=FileSystemLoader(str(theme.path / "templates")), autoescape=select_autoescape(default=True), undefined=StrictUndefined)
    env.filters["markdown"] = to_html
    if pm is not None:
        pm.hook.jinja_environment(env=env, theme=theme)
        for changes in pm.hook.render_context(book=book, template=template, context=context):
            context.update(changes or {})
    return env.get_template(template).render(**context)


def _weasyprint():
    try:
        import weasyprint
    except OSError as exc:  # the Python package is there, the system's Pango is not
        raise BuildError(
            f"WeasyPrint cannot load its system libraries ({exc}); on Debian/Ubuntu run "
            "scripts/system-deps.sh or: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ) from None
    return weasyprint


def render_pdf(theme: Theme, template: str, context: dict[str, Any], resources: dict[str, bytes], pm: pluggy.PluginManager | None = None, book: Book | None = None) -> bytes:
    HTML = _weasyprint().HTML

    html = render_html(theme, template, context, pm, book)
    fetcher = _fetcher(theme.path, resources)
    with _RENDER_LOCK:
        # full_fonts: KDP recommends embedding whole fonts rather than subsets (K-SAVE).
        return HTML(string=html, base_url=str(theme.path / "templates") + "/", url_fetcher=fetcher).write_pdf(full_fonts=True)


def _fetcher(theme_dir: Path, resources: dict[str, bytes]):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = theme_dir.resolve()

    class Fetcher(URLFetcher):
        """Serves bookbuild: images from memory and theme files from disk; nothing else."""

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith(RESOURCE_SCHEME):
                name = url[len(RESOURCE_SCHEME) :]
                return URLFetcherResponse(url, resources[name], {"Content-Type": _media_type(name)})
            if url.startswith("file:"):
                path = Path(url.removeprefix("file://").split("?")[0]).resolve()
                if path.is_relative_to(root):
                    return super().fetch(url, headers)
            raise ValueError(f"themes may only use their own files and the book's images, not {url}")

    return Fetcher(allowed_protocols=("file", "bookbuild"))


def _media_type(name: str) -> str:
    return "image/jpeg" if name.endswith((".jpg", ".jpeg")) else "image/png"
