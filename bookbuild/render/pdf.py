"""HTML + CSS paged media -> PDF with WeasyPrint; images come from memory."""

from __future__ import annotations

import os
import re
import threading
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from bookbuild.engine.workers import in_workers
from bookbuild.errors import BookbuildError, BuildError, SpecError, SpecProblem, UsageError
from .markdown import RESOURCE_SCHEME, markdown_filter
from .streams import FOLDER as STREAMS_FOLDER
from .themes import Theme

if TYPE_CHECKING:
    import pluggy

    from bookbuild.spec.model import Book

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
    try:
        return datetime.fromtimestamp(int(value), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH={value!r} is not a date: it takes whole seconds since 1970-01-01 UTC, like $(git log -1 --format=%ct)") from None


RENDER_HOOKS = ("render_context", "jinja_environment")  # their plugins are in every render task's key


def render_html(theme: Theme, template: str, context: dict[str, Any], pm: pluggy.PluginManager | None = None, book: Book | None = None, fallback: Path | None = None, cache_dir: Path | None = None) -> str:
    """The template rendered; with ``pm``, plugins add filters (``jinja_environment``) and
    change what the template sees (``render_context``) first. ``fallback``: a plugin's own
    templates folder, for templates the theme does not ship (its own copy wins)."""
    return template_renderer(theme, pm, book, fallback, cache_dir)(template, context)


TEMPLATES_FOLDER = "templates"  # under the cache directory: Jinja's compiled templates


def template_renderer(theme: Theme, pm: pluggy.PluginManager | None = None, book: Book | None = None, fallback: Path | None = None, cache_dir: Path | None = None) -> Callable[[str, dict[str, Any]], str]:
    """render(template, context) like render_html, with one Jinja environment: each template
    is compiled once however many pages it renders (an ebook renders one per page).
    ``cache_dir``: the project's cache, where Jinja keeps templates compiled (by their
    source's checksum and Python's version) for the next build: compiling an interior's
    templates is ~15-40 ms of a render that sits on the build's last stretch."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

    folders = [theme.path / "templates", *([fallback] if fallback else [])]
    loader = ChoiceLoader([FileSystemLoader(str(f)) for f in folders])
    env = Environment(loader=loader, autoescape=select_autoescape(default=True), undefined=StrictUndefined, bytecode_cache=_compiled(cache_dir))
    shown: dict[str, Any] = {}  # the context being rendered: the markdown filter finds its text's images there
    env.filters["markdown"] = markdown_filter(shown)
    if theme.config.get("fonts"):  # type sized with the theme's fonts (render/covers.py)
        from .covers import template_functions

        env.globals.update(template_functions(theme))
    if pm is not None:
        pm.hook.jinja_environment(env=env, theme=theme)

    def render(template: str, context: dict[str, Any]) -> str:
        if pm is not None:
            for changes in pm.hook.render_context(book=book, template=template, context=context):
                context.update(changes or {})
        shown.clear()
        shown.update(context)
        try:
            return env.get_template(template).render(**context)
        except Exception as exc:  # noqa: BLE001 - whatever a template does wrong, say which template and line
            raise template_error(theme, template, exc, sorted(context)) from None

    return render


def _compiled(cache_dir: Path | None) -> Any:
    """Jinja's cache of compiled templates in ``cache_dir``; None (compile every time)
    without one, or where the folder cannot be made."""
    if cache_dir is None:
        return None
    folder = cache_dir / TEMPLATES_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _quiet_bytecode_cache()(str(folder))


@lru_cache(maxsize=1)
def _quiet_bytecode_cache() -> type:
    from jinja2 import FileSystemBytecodeCache

    class QuietBytecodeCache(FileSystemBytecodeCache):
        """A compiled template that cannot be read or written is compiled again, never an error."""

        def load_bytecode(self, bucket: Any) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # noqa: BLE001 - damaged (not marshal data, a folder in the way): compile it
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:  # a full or read-only cache: this render has its template already
                pass

    return QuietBytecodeCache


class TemplateError(SpecError):
    """A theme's template that cannot be rendered (exit 2): the template, its line, what is wrong."""

    def __init__(self, where: str, line: int | None, message: str, hint: str | None):
        self.problems = [SpecProblem(where, line, None, message, hint)]
        super(SpecError, self).__init__(str(self.problems[0]))

    def __reduce__(self):
        p = self.problems[0]
        return (type(self), (p.path, p.line, p.message, p.hint))


def template_error(theme: Theme, template: str, exc: Exception, given: list[str]) -> BookbuildError:
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError

    if isinstance(exc, BookbuildError):
        return exc  # a function the template called said what is wrong already
    if isinstance(exc, TemplateSyntaxError):
        return TemplateError(_shown(theme, exc.name or template), exc.lineno, f"template syntax: {exc.message}", "see https://jinja.palletsprojects.com/templates/")
    if isinstance(exc, TemplateNotFound):
        return TemplateError(_shown(theme, template), _template_line(exc, theme), f"no template {exc.name!r} in the theme's templates/", "check the name in extends, include or import")
    line = _template_line(exc, theme)
    where = _shown(theme, _template_file(exc, theme) or template)
    if isinstance(exc, UndefinedError):
        return TemplateError(where, line, exc.message or "undefined", "names a template can use: " + ", ".join(given))
    return TemplateError(where, line, f"{type(exc).__name__}: {exc}", None)


def _frames(exc: BaseException, theme: Theme) -> list[tuple[str, int]]:
    """(template file, line) of each frame in a template of this theme, outermost first."""
    folders = {os.path.normpath(theme.path / "templates"), str((theme.path / "templates").resolve())}
    found, tb = [], exc.__traceback__
    while tb is not None:
        name = os.path.normpath(tb.tb_frame.f_code.co_filename)
        folder = next((f for f in folders if name.startswith(f + os.sep)), None)
        if folder is not None:
            found.append((name[len(folder) + 1 :], tb.tb_lineno))
        tb = tb.tb_next
    return found


def _template_line(exc: BaseException, theme: Theme) -> int | None:
    frames = _frames(exc, theme)
    return frames[-1][1] if frames else None


def _template_file(exc: BaseException, theme: Theme) -> str | None:
    frames = _frames(exc, theme)
    return frames[-1][0] if frames else None


def _shown(theme: Theme, name: str) -> str:
    """A template as the author finds it: themes/<name>/templates/page.html."""
    if theme.origin == "repository":
        return f"{theme.path.parent.name}/{theme.name}/templates/{name}"
    return f"templates/{name} of the {theme.name} theme ({theme.origin})"


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
    offload: Callable[..., Any] | None = None, cache_dir: Path | None = None,
) -> bytes:
    """``trim_boxes(page_number)``: where each page is trimmed; it becomes the page's TrimBox
    (the BleedBox is the whole page), as PDF/X tools and printers expect of bleed files.
    ``offload`` (a task's ``ctx.offload``): lay the HTML out in a worker process, so a
    long layout neither holds the threads that wait on a network service nor waits for
    another book's layout; ``trim_boxes`` must then pickle (a bound method of a geometry).
    ``cache_dir``: the project's cache, where the fonts' compressed streams are kept for
    the next render (render/streams.py)."""
    html = render_html(theme, template, context, pm, book, cache_dir=cache_dir)  # here: plugins' hooks run in this process
    streams = streams_folder(cache_dir)
    if offload is None:
        return html_to_pdf(html, theme.path, resources, trim_boxes, streams)
    return offload(html_to_pdf, html, theme.path, resources, trim_boxes, streams)


def streams_folder(cache_dir: Path | None) -> Path | None:
    """Where the fonts' compressed streams are kept in the project's cache (render/streams.py)."""
    return cache_dir / STREAMS_FOLDER if cache_dir is not None else None


@in_workers  # WeasyPrint is imported in the workers' fork server, not in the build's process
def html_to_pdf(
    html: str, theme_dir: Path, resources: dict[str, bytes], trim_boxes: TrimBoxes | None = None, streams: Path | None = None,
    holes: dict[str, Any] | None = None, keep: Callable[[Any], None] | None = None,
) -> bytes:
    """WeasyPrint's part of render_pdf: HTML to PDF bytes, images from ``resources``,
    font streams compressed once and kept in ``streams`` (a folder). For
    bookbuild.render.laidout: ``holes``, more images (WeasyPrint's image cache by URL), and
    ``keep``, given the finished PDF objects before they are written."""
    from .embed import image_cache

    HTML = _weasyprint().HTML
    fetcher = _fetcher(theme_dir, resources)
    images = image_cache(resources, RESOURCE_SCHEME)  # plain PNGs go in as they are
    images.update(holes or {})
    with _RENDER_LOCK:
        # full_fonts: KDP recommends embedding whole fonts rather than subsets (K-SAVE).
        document = HTML(string=html, base_url=str(theme_dir / "templates") + "/", url_fetcher=fetcher)
        return document.write_pdf(full_fonts=True, finisher=finisher(trim_boxes, streams, keep), cache=images)


def finisher(trim_boxes: TrimBoxes | None, streams: Path | None = None, keep: Callable[[Any], None] | None = None):
    """Last touches on the PDF objects before WeasyPrint writes them out."""

    def finish(document: Any, pdf: Any) -> None:
        _name_whole_fonts(pdf)
        if trim_boxes is not None:
            _set_page_boxes(pdf, trim_boxes)
        if streams is not None:  # without a folder, pydyf compresses them as it always did
            from .streams import FontStreams

            FontStreams(streams).apply(_font_streams(pdf))
        if keep is not None:
            keep(pdf)

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


def _font_streams(pdf: Any) -> list[Any]:
    """The streams fonts point to: their files (FontFile, FontFile2, FontFile3 of a
    descriptor) and their ToUnicode maps."""
    import pydyf

    wanted = {_bytes(d[k]) for d in _dictionaries(pdf, "/FontDescriptor") for k in ("FontFile", "FontFile2", "FontFile3") if k in d}
    wanted |= {_bytes(f["ToUnicode"]) for f in _dictionaries(pdf, "/Font") if "ToUnicode" in f}
    return [o for o in pdf.objects if isinstance(o, pydyf.Stream) and o.reference in wanted]


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
    return "image/jpeg" if name.endswith((".jpg", ".jpeg")) else "image/webp" if name.endswith(".webp") else "image/png"
