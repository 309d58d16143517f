"""HTML + CSS paged media -> PDF with WeasyPrint; images come from memory."""

from __future__ import annotations

import os
import re
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from bookbuild.errors import BuildError
from .markdown import to_html
from .themes import Theme

if TYPE_CHECKING:
    import pluggy

    from bookbuild.spec.model import Book

RESOURCE_SCHEME = "bookbuild:"
PT_PER_IN = 72.0
# A page's trim in inches from its top-left corner: (left, top, right, bottom).
TrimBoxes = Callable[[int], tuple[float, float, float, float]]
_SUBSET_TAG = re.compile(rb"^/[A-Z]{6}\+")  # "ABCDEF+": PDF 32000-1 9.6.4, the mark of a font subset
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
    if theme.config.get("fonts"):  # type sized with the theme's fonts (render/covers.py)
        from .covers import template_functions

        env.globals.update(template_functions(theme))
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


def render_pdf(
    theme: Theme, template: str, context: dict[str, Any], resources: dict[str, bytes],
    pm: pluggy.PluginManager | None = None, book: Book | None = None, trim_boxes: TrimBoxes | None = None,
) -> bytes:
    """``trim_boxes(page_number)``: where each page is trimmed; it becomes the page's TrimBox
    (the BleedBox is the whole page), as PDF/X tools and printers expect of bleed files."""
    HTML = _weasyprint().HTML

    html = render_html(theme, template, context, pm, book)
    fetcher = _fetcher(theme.path, resources)
    with _RENDER_LOCK:
        # full_fonts: KDP recommends embedding whole fonts rather than subsets (K-SAVE).
        document = HTML(string=html, base_url=str(theme.path / "templates") + "/", url_fetcher=fetcher)
        return document.write_pdf(full_fonts=True, finisher=finisher(trim_boxes))


def finisher(trim_boxes: TrimBoxes | None):
    """Last touches on the PDF objects before WeasyPrint writes them out."""

    def finish(document: Any, pdf: Any) -> None:
        _name_whole_fonts(pdf)
        if trim_boxes is not None:
            _set_page_boxes(pdf, trim_boxes)

    return finish


def _dictionaries(pdf: Any, kind: str) -> list[Any]:
    import pydyf

    return [o for o in pdf.objects if isinstance(o, pydyf.Dictionary) and o.get("Type") == kind]


def _name_whole_fonts(pdf: Any) -> None:
    """Fonts embedded whole carry their own name: WeasyPrint gives every font a subset-style
    "ABCDEF+" tag, and pdffonts or Acrobat would then call a whole font a subset."""
    fonts = _dictionaries(pdf, "/Font")
    whole = [f for f in fonts if f.get("Subtype") != "/Type3"]  # bitmap (emoji) fonts are made of used glyphs only
    for font in whole:  # the Type0 fonts and their CIDFont descendants
        font["BaseFont"] = _SUBSET_TAG.sub(b"/", _bytes(font["BaseFont"]))
    for descriptor in _dictionaries(pdf, "/FontDescriptor"):
        if any(key in descriptor for key in ("FontFile", "FontFile2", "FontFile3")):
            descriptor["FontName"] = _SUBSET_TAG.sub(b"/", _bytes(descriptor["FontName"]))


def _bytes(value: Any) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode()


def _set_page_boxes(pdf: Any, trim_boxes: TrimBoxes) -> None:
    import pydyf

    for number, page in enumerate(_dictionaries(pdf, "/Page"), 1):
        xs, ys = [float(v) for v in page["MediaBox"][::2]], [float(v) for v in page["MediaBox"][1::2]]
        x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        left, top, right, bottom = trim_boxes(number)
        trim = (x0 + left * PT_PER_IN, y1 - bottom * PT_PER_IN, x0 + right * PT_PER_IN, y1 - top * PT_PER_IN)
        page["TrimBox"] = pydyf.Array([round(v, 3) for v in trim])
        page["BleedBox"] = pydyf.Array([x0, y0, x1, y1])


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
