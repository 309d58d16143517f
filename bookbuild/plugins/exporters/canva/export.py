"""`bookbuild canva export BOOK`: the book's build plus three kinds of Canva task.

    illustration:NN ─> canva-asset:NN ─┐
    cover-art ───────> canva-asset:cover ├─> canva-autofill ─> canva-export ─> build/<slug>/canva.pdf
    story ──────────────────────────────┘

The executor caches them like any task, so a re-export with nothing changed
uploads nothing, autofills nothing and exports nothing. An upload's key is the
image's content hash (and who is signed in: asset ids belong to a Canva user);
the autofill's key is the exact request body (asset ids and page texts) plus the
template's id and last edit time, so editing the template in Canva is noticed.
The access token never enters a key, a manifest or an output: the tasks reach
Canva through the client object their closures hold.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from bookbuild.errors import UsageError
from bookbuild.engine.outputs import Output
from bookbuild.graph.task import Task
from . import VERSION

from . import mapping
from .errors import ENTERPRISE, CanvaError

if TYPE_CHECKING:
    from bookbuild.engine.build import BookReport
    from bookbuild.graph.context import TaskContext
    from bookbuild.findings import Finding
    from bookbuild.graph.task import Graph
    from bookbuild.project import Project
    from bookbuild.spec.model import Book

    from .client import CanvaClient

PLUGIN = "bookbuild.plugins.exporters.canva"  # the tasks are that plugin's: its VERSION is in their keys
OUTPUT = "canva.pdf"
KINDS = ("canva-asset", "canva-autofill", "canva-export")


@dataclass
class ExportConfig:
    """What to fill and how, from bookbuild.toml [canva] with the book's `canva:` on top."""

    template_id: str
    fields: dict[str, str]
    explicit: bool  # the user's own mapping (every field must exist) or the default
    quality: str
    title: str

    @classmethod
    def of(cls, book: Book, section: dict[str, Any]) -> "ExportConfig":
        own = book.extra.get("canva") or {}
        template_id = own.get("brand_template_id") or section.get("brand_template_id") or ""
        if not template_id:
            raise UsageError(
                f"{book.slug}: no brand template to fill: set brand_template_id in [canva] of bookbuild.toml, "
                f"or canva: brand_template_id in {book.source}; `bookbuild canva templates` lists yours"
            )
        fields = own.get("fields") or section.get("fields") or {}
        quality = own.get("export_quality") or section.get("export_quality") or "regular"
        return cls(template_id, dict(fields or mapping.DEFAULT_FIELDS), bool(fields), quality, own.get("title") or book.title)


@dataclass
class Plan:
    """What the export command learned while adding the tasks (printed after the build)."""

    notes: list[str] = field(default_factory=list)
    autofill_id: str = ""


class Uploads:
    """One upload per distinct picture: pages that show the same picture have tasks with
    the same key, which may run at once; the first uploads, the others wait for its asset,
    so every task with that key returns the same asset id (what the cache keeps)."""

    def __init__(self, client: CanvaClient):
        self.client = client
        self._lock = threading.Lock()
        self._by_digest: dict[str, Future] = {}

    def asset(self, digest: str, data: Callable[[], bytes]) -> dict[str, Any]:
        with self._lock:
            future, first = self._by_digest.get(digest), digest not in self._by_digest
            if first:
                future = self._by_digest[digest] = Future()
        assert future is not None
        if first:
            try:
                future.set_result(self.client.upload_asset(asset_name(digest), data()))
            except BaseException as exc:
                future.set_exception(exc)
        return future.result()


def asset_name(digest: str) -> str:
    return f"bookbuild-{digest[:16]}.jpg"  # from the content: same key, same name


def canva_tasks(client: CanvaClient, config: ExportConfig, template: dict[str, Any], dataset: dict[str, Any], plan: Plan) -> Callable[[Book, Graph], None]:
    """The ``extra`` for engine.build: adds the Canva tasks for one book to its graph."""
    account = client.session.tokens.account
    uploads = Uploads(client)

    def add(book: Book, graph: Graph) -> None:
        pages = _story_pages(book, graph)
        resolved = mapping.resolve(config.fields, config.explicit, dataset, pages)
        if resolved.problems:
            raise UsageError(_mapping_error(book, config, template, dataset, resolved.problems))
        plan.notes += resolved.notes
        assets = {f"page.{n}": graph.add(asset_task(uploads, book, f"{book.slug}/illustration:{n:02d}", f"canva-asset:{n:02d}", account)).id for n in resolved.image_pages}
        if resolved.uses_cover:
            assets["cover"] = graph.add(asset_task(uploads, book, f"{book.slug}/cover-art", "canva-asset:cover", account)).id
        autofill = graph.add(autofill_task(client, book, config, template, resolved.fields, assets, account))
        graph.add(export_task(client, book, config.quality, autofill.id))
        plan.autofill_id = autofill.id

    return add


def _story_pages(book: Book, graph: Graph) -> int:
    if book.type != "picture" or f"{book.slug}/story" not in graph:
        raise UsageError(f"{book.slug}: canva export fills a template from a picture book's story and illustrations; this is a {book.type} book")
    return sum(1 for task in graph if task.book == book.slug and task.kind == "illustration")


def _mapping_error(book: Book, config: ExportConfig, template: dict[str, Any], dataset: dict[str, Any], problems: list[str]) -> str:
    where = f"canva.fields in {book.source}" if (book.extra.get("canva") or {}).get("fields") else "[canva.fields] in bookbuild.toml"
    lines = "\n".join(f"  {p}" for p in problems)
    return (
        f"{book.slug}: the field mapping ({where}) does not fit brand template {config.template_id} "
        f"({template.get('title', '')}):\n{lines}\n  the template's fields: {mapping.describe_dataset(dataset)}"
    )


# -- the tasks ---------------------------------------------------------------------------------


def asset_task(uploads: Uploads, book: Book, source: str, name: str, account: str) -> Task:
    """Upload one picture; keyed by its content hash, so the same picture is uploaded once."""

    def select(deps: dict[str, Output]) -> dict[str, Any]:
        return {"image": deps[source].file_digests["image.jpg"]}

    def run(ctx: TaskContext) -> Output:
        image = ctx.inputs[source]
        digest = image.file_digests["image.jpg"]
        asset = uploads.asset(digest, lambda: image.file("image.jpg"))
        return Output(value={"asset_id": asset["id"], "name": asset_name(digest)})

    label = "cover art" if source.endswith("cover-art") else f"page {source.rsplit(':', 1)[-1]}"
    return Task(f"{book.slug}/{name}", "canva-asset", PLUGIN, VERSION, {"account": account}, run, deps=(source,), select=select, book=book.slug, label=f"upload {label}")


def autofill_task(client: CanvaClient, book: Book, config: ExportConfig, template: dict[str, Any], fields: dict[str, str], assets: dict[str, str], account: str) -> Task:
    """One design from the brand template; keyed by the exact autofill request."""
    story = f"{book.slug}/story"
    texts = mapping.book_texts(book)

    def data(deps: dict[str, Output]) -> dict[str, Any]:
        asset_ids = {key: deps[task_id].value["asset_id"] for key, task_id in assets.items()}
        return mapping.autofill_data(fields, texts, deps[story].value["pages"], asset_ids)

    def run(ctx: TaskContext) -> Output:
        design = client.autofill(config.template_id, config.title, data(ctx.inputs))
        return Output(value={"design_id": design.id, "title": design.title, "page_count": design.page_count, "trial_uses_remaining": design.trial_uses_remaining})

    params = {"account": account, "brand_template_id": config.template_id, "template_updated_at": template.get("updated_at"), "title": config.title}
    return Task(f"{book.slug}/canva-autofill", "canva-autofill", PLUGIN, VERSION, params, run, deps=(story, *assets.values()), select=lambda deps: {"data": data(deps)}, book=book.slug, label="autofill")


def export_task(client: CanvaClient, book: Book, quality: str, autofill: str) -> Task:
    """The design as PDF, downloaded at once (the URLs expire) into build/<slug>/canva.pdf."""

    def run(ctx: TaskContext) -> Output:
        design_id = ctx.input(autofill).value["design_id"]
        urls = client.export_pdf(design_id, quality)
        parts = [client.download(url, f"download the PDF of design {design_id}") for url in urls]
        return Output(value={"design_id": design_id, "downloads": len(parts)}, files={OUTPUT: join_pdfs(parts, design_id)})

    params = {"format": {"type": "pdf", "export_quality": quality}}
    return Task(f"{book.slug}/canva-export", "canva-export", PLUGIN, VERSION, params, run, deps=(autofill,), publish={OUTPUT: OUTPUT}, book=book.slug, label="export PDF")


def join_pdfs(parts: list[bytes], design_id: str) -> bytes:
    """Canva does not say whether a PDF export is one file or one per page (APIS.md A5): accept both."""
    for part in parts:
        if not part.startswith(b"%PDF-"):
            raise CanvaError(f"download the PDF of design {design_id}", "not_a_pdf", f"the download is not a PDF (starts with {part[:16]!r})")
    if len(parts) == 1:
        return parts[0]
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# -- after the build: what the export did, and KDP's preflight of Canva's PDF -------------------


def summary(report: BookReport) -> str:
    results = [r for r in report.results if r.task.kind in KINDS and r.output is not None]
    assets = {r.output.value["asset_id"] for r in results if r.task.kind == "canva-asset"}  # type: ignore[union-attr]
    if all(r.status == "cached" for r in results):
        return f"nothing to do, every Canva task cached ({len(assets)} pictures in Canva already)"
    # Pages showing the same picture share one upload (one key, run once): count pictures, not tasks.
    uploaded = len({r.output.value["asset_id"] for r in results if r.task.kind == "canva-asset" and r.status == "ran"})  # type: ignore[union-attr]
    steps = [f"{uploaded} of {len(assets)} distinct pictures uploaded"]
    steps += [f"{kind.split('-', 1)[1]} {'ran' if r.status == 'ran' else 'cached'}" for kind in KINDS[1:] for r in results if r.task.kind == kind]
    return ", ".join(steps)


def preflight(path: Any, book: Book) -> tuple[list[Finding], str | None]:
    """KDP's interior checks on Canva's PDF, and a note when the template lacks the bleed."""
    from bookbuild.kdp.preflight import PrintSpec
    from bookbuild.kdp.preflight import check_interior
    from bookbuild.kdp.preflight.inspect import page_size_in

    return check_interior(path, PrintSpec.for_book(book)), bleed_note(page_size_in(path), book)


def bleed_note(size: tuple[float, float], book: Book) -> str | None:
    from bookbuild.kdp import table

    width, height = book.trim.width, book.trim.height
    with_bleed = (width + table.BLEED_IN, height + 2 * table.BLEED_IN)
    if not book.bleed or not _same(size, (width, height)):
        return None
    return (
        f"Canva's PDF export has no bleed option, so the brand template itself must be sized trim + bleed: "
        f"{with_bleed[0]:g} x {with_bleed[1]:g} in for this {book.trim.name} book ({table.BLEED_IN:g} in more on the outside "
        f"edge, {table.BLEED_IN:g} in at the top and the bottom), with pictures running to its edges. Resize the template in "
        f"Canva (Resize > Custom size, in inches), or set bleed: false in {book.source} if nothing should run off the page"
    )


def _same(a: tuple[float, float], b: tuple[float, float]) -> bool:
    from bookbuild.kdp import table

    return all(abs(x - y) <= table.PAGE_SIZE_TOLERANCE_IN for x, y in zip(a, b))


def run_export(project: Project, name: str, client: CanvaClient, echo: Callable[..., None]) -> int:
    """The export command's work; returns the exit status (1 when a task failed or KDP errors were found)."""
    from bookbuild.engine.build import build
    from bookbuild.engine.reporter import for_console

    book = project.load_books([name])[0]
    config = ExportConfig.of(book, project.settings.section("canva"))
    template = client.brand_template(config.template_id)  # also checks the sign-in, before any build work
    plan = Plan()
    reporter = for_console()  # a bar on a terminal, plain lines in CI, as `build` shows
    result = build(project, [name], reporter, extra=canva_tasks(client, config, template, client.dataset(config.template_id), plan)).books[0]
    for note in plan.notes:
        echo(f"note: {note}")
    if _failed(result, echo):
        return 1
    path = project.build_dir / book.slug / OUTPUT
    echo(f"{book.slug}: Canva: {summary(result)} -> {project.rel(path)}")
    _echo_design(result, plan, config, template, echo)
    return _echo_preflight(project, path, book, echo)


def _echo_design(result: BookReport, plan: Plan, config: ExportConfig, template: dict[str, Any], echo: Callable[..., None]) -> None:
    autofill = next(r for r in result.results if r.task.id == plan.autofill_id)
    design = autofill.output.value  # type: ignore[union-attr]
    echo(f"  design {design['design_id']} from brand template {config.template_id} ({template.get('title', '')}); open it in Canva to edit")
    if autofill.status == "ran" and design.get("trial_uses_remaining") is not None:
        echo(f"  note: this Canva account is on the autofill trial, {design['trial_uses_remaining']} autofills left: {ENTERPRISE}")


def _echo_preflight(project: Project, path: Any, book: Book, echo: Callable[..., None]) -> int:
    from bookbuild.errors import BuildError
    from bookbuild.findings import has_errors
    from bookbuild.kdp.preflight import UnreadablePdf
    from bookbuild.kdp.preflight import report as preflight_report

    try:
        findings, note = preflight(path, book)
    except UnreadablePdf as exc:
        raise BuildError(f"the PDF Canva exported cannot be checked: {exc}") from None
    echo(preflight_report.as_text(findings, {"interior": project.rel(path)}))
    if note:
        echo(f"note: {note}")
    return 1 if has_errors(findings) else 0


def _failed(result: BookReport, echo: Callable[..., None]) -> bool:
    """Each reason once (every upload fails alike when the sign-in expired), with what it stopped."""
    # "not run: X failed" is a consequence; "not run: over the budget" is a reason of its own.
    failed = [r for r in result.failed if not r.error.startswith("not run: ") or "failed" not in r.error.split(";")[0]]
    if not result.failed:
        return False
    echo(f"{result.book.slug}: FAILED", err=True)
    reasons: dict[str, list[str]] = {}
    for r in failed:
        reasons.setdefault(r.error, []).append(r.task.name)
    for reason, tasks in reasons.items():
        names = ", ".join(tasks[:4]) + (f" and {len(tasks) - 4} more" if len(tasks) > 4 else "")
        echo(f"  {names}: {reason}", err=True)
    if len(result.failed) > len(failed):
        echo(f"  ({len(result.failed) - len(failed)} tasks that need them did not run)", err=True)
    return True
