"""The build pipeline, top to bottom.

1. load every named book (bookbuild.spec): all spec problems, then one SpecError
2. plan its tasks: the ``add_tasks`` hook of every plugin adds to one graph
3. take the build folder's lock (a second build waits, so nothing is paid for twice)
   and sweep up what killed builds left there
4. run the graph (Executor): cached tasks are skipped, the rest run concurrently
5. write build/<slug>/manifest.json when anything changed
6. collect the findings of each book's ``validate`` task
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from bookbuild import __version__, providers, safety
from bookbuild.errors import SpecError, SpecProblem, warn
from bookbuild.findings import Finding
from bookbuild.graph import ids
from bookbuild.graph.task import Graph, GraphError, Task
from bookbuild.pagemap import PageMap
from . import manifest, memory
from .artifacts import sweep_tmp
from .budget import Budget, Cap
from .events import BuildEvent
from .executor import Executor, TaskResult
from .flights import Flights
from .lock import FolderLock
from .remote_sync import Traffic
from .reporter import Reporter
from .validate import add_validate_task, check_made_file, findings_of
from .workers import LAYOUT, Workers

if TYPE_CHECKING:
    from bookbuild.engine.outputs import Output
    from bookbuild.graph.context import TaskContext
    from bookbuild.project import Project
    from bookbuild.shard import Shard
    from bookbuild.spec.model import Book


ExtraTasks = Callable[["Book", Graph], None]


@dataclass
class BookReport:
    book: Book
    results: list[TaskResult]
    findings: list[Finding] = field(default_factory=list)
    manifest_written: bool = False
    traffic: dict[str, Traffic] = field(default_factory=dict)  # what moved to or from a remote cache, by key

    @property
    def totals(self) -> dict:
        return manifest.totals(self.results, self.traffic)

    @property
    def failed(self) -> list[TaskResult]:
        """Tasks that failed or did not run (an input failed, or the budget ran out)."""
        return [r for r in self.results if r.status in ("failed", "skipped")]

    @property
    def published(self) -> list[str]:
        return [name for r in self.results for name in r.published]

    @property
    def pages(self) -> PageMap:
        """The interior's printed pages and the files they come from."""
        return PageMap.of_task(self.book, next((r.task for r in self.results if r.task.name == ids.INTERIOR), None))


@dataclass
class BuildReport:
    books: list[BookReport]

    @property
    def ok(self) -> bool:
        return not any(b.failed for b in self.books)

    @property
    def exit_code(self) -> int:
        """0 built, 2 a task failed on the author's input (a damaged image), else 1."""
        if self.ok:
            return 0
        return 2 if any(r.bad_input for b in self.books for r in b.failed) else 1

    @property
    def findings(self) -> list[Finding]:
        return [f for b in self.books for f in b.findings]


def plan_graph(project: Project, books: Iterable[Book], extra: ExtraTasks | None = None) -> Graph:
    graph = Graph()
    for book in books:
        project.pm.hook.add_tasks(book=book, graph=graph, project=project)
        add_validate_task(book, graph, project)  # the core's: no plugin can take it away
        safety.add_text_checks(book, graph, project)  # the core's too: every printed word is checked
        if extra is not None:  # a command's own tasks on top of the build (e.g. an export)
            extra(book, graph)
    try:
        graph.order()
    except GraphError as exc:
        raise SpecError([SpecProblem("plugins", None, None, str(exc), "a plugin's tasks do not fit together; see `bookbuild plugins`")]) from None
    return graph


def build(project: Project, names: Iterable[str] = (), reporter: Reporter | None = None, dry_run: bool = False, max_cost: float | None = None, extra: ExtraTasks | None = None, shard: Shard | None = None, flights: Flights | None = None) -> BuildReport:
    """``extra(book, graph)`` lets a command add tasks that only it runs (an export);
    ``shard`` builds only the named books (default: all) that fall in it; ``flights``:
    shared with another build whose identical tasks must not run twice (diff)."""
    reporter = reporter or Reporter()
    providers.limit_requests(project.provider, project.settings.request_limit)
    workers = _workers(project, early=not dry_run)
    books = project.load_books(names, shard)
    if not books:
        return BuildReport([])  # an empty shard: no lock taken, no folder made
    if not dry_run:
        providers.import_early(project.provider)  # the API client loads while the build plans
    graph = plan_graph(project, books, extra)
    by_slug = {b.slug: b for b in books}

    def on_result(result: TaskResult) -> None:
        if dry_run:
            return
        kind = "task-failed" if result.status in ("failed", "skipped") else "task-finished"
        reporter.event(BuildEvent(kind, book=result.task.book, task=result.task.id, cached=result.cached, seconds=result.seconds, error=result.error))
        project.pm.hook.task_finished(result=result)

    env = lambda task: {"book": by_slug[task.book], "project": project, "workers": workers}  # noqa: E731
    executor = Executor(graph, project.cache, project.build_dir, env, _threads(project, graph), on_result, runner=_runner(project, None if dry_run else workers), budget=budget(project, max_cost), flights=flights)
    if dry_run:
        results = executor.plan()
        return BuildReport([BookReport(b, [results[t.id] for t in graph if t.book == b.slug]) for b in books])
    memory.tune()
    with build_folder(project, books):
        reporter.event(BuildEvent("build-started", data={"tasks": {b.slug: sum(t.book == b.slug for t in graph) for b in books}}))
        project.pm.hook.build_started(project=project, books=books)
        try:
            results = executor.run()
        finally:
            workers.close()
            reporter.close()
        traffic = project.cache.take_traffic()  # after the uploads this build started
        reports = [BookReport(b, [results[t.id] for t in graph if t.book == b.slug], traffic=traffic) for b in books]
        for report in reports:
            report.findings = _findings(report)
            project.pm.hook.after_build(book=report.book, results={r.task.name: r for r in report.results}, project=project)
            report.manifest_written = _write_manifest(project, report, executor.budget.to_keep())
            reporter.event(BuildEvent("book-finished", book=report.book.slug, data=report.totals))
            project.pm.hook.book_finished(book=report.book, totals=report.totals, project=project)
    return BuildReport(reports)


@contextmanager
def build_folder(project: Project, books: Iterable[Book]):
    """The build folder, held: one build at a time writes there (a second one waits and
    then finds the first one's work in the cache), cleared of killed builds' temporary files."""
    with FolderLock(project.build_dir, waiting=warn):
        for book in books:
            for folder, _, _ in os.walk(project.build_dir / book.slug):
                sweep_tmp(Path(folder))
        project.cache.sweep()
        yield


def run_tasks(project: Project, book: Book, tasks: list[Task], max_cost: float | None = None, record: bool = True) -> dict[str, TaskResult]:
    """Tasks a command asks for outside a build (`regenerate`, `new`), run by the same engine: the
    cache, the budget and the run_task hook apply, and (``record``) what they spent joins the book's manifest."""
    graph = Graph({t.id: t for t in tasks})
    providers.limit_requests(project.provider, project.settings.request_limit)
    workers = _workers(project)
    env = lambda task: {"book": book, "project": project, "workers": workers}  # noqa: E731
    executor = Executor(graph, project.cache, project.build_dir, env, _threads(project, graph), runner=_runner(project, workers), budget=budget(project, max_cost))
    with build_folder(project, [book]):
        try:
            results = executor.run()
        finally:
            workers.close()
        project.cache.flush()
        if record:
            manifest.record(project.build_dir, book.slug, list(results.values()))
    return results


def budget(project: Project, max_cost: float | None = None) -> Budget:
    """The caps of bookbuild.toml (and --max-cost): this build, each book over all its builds,
    every book together; the running totals come from the manifests in build/."""
    settings = project.settings
    limit = settings.max_cost if max_cost is None else max_cost
    this_build = Cap("this build", limit, "raise --max-cost or max_cost in bookbuild.toml") if limit else None
    spent = manifest.spent_by_book(project.build_dir) if settings.max_book_cost or settings.max_total_cost else {}
    everything = None
    if settings.max_total_cost:
        everything = Cap("all books over all their builds", settings.max_total_cost, "raise max_total_cost in bookbuild.toml", spent=sum(spent.values()))
    books: dict[str, Cap] = {}
    lock = threading.Lock()

    def caps(slug: str) -> list[Cap]:
        with lock:  # one Cap per book, however many threads ask first
            if settings.max_book_cost and slug not in books:
                where = project.rel(project.build_dir / slug / manifest.MANIFEST)
                books[slug] = Cap(f"book {slug} over all its builds", settings.max_book_cost, f"raise max_book_cost in bookbuild.toml (the running total is spent_to_date in {where})", spent=spent.get(slug, 0.0))
            return [c for c in (this_build, books.get(slug), everything) if c is not None]

    capped = bool(this_build or everything or settings.max_book_cost)
    return Budget(caps, known=manifest.price_factors(project.build_dir) if capped else None)


def _workers(project: Project, early: bool = False) -> Workers:
    """The build's worker processes. ``early``: their fork server starts now and loads
    WeasyPrint while this process loads and plans the books, so the layouts do not import
    it each. Otherwise a network provider's build waits on requests first: its workers can
    load WeasyPrint meanwhile; a CPU-bound provider needs them drawing at once."""
    render = () if project.provider.cpu_bound and not early else LAYOUT
    workers = Workers(project.settings.job_count, (*project.provider.preload, *render))
    if early:
        workers.prestart()
    return workers


def _runner(project: Project, workers: Workers | None) -> Callable[[Task, TaskContext], Output]:
    """The run_task hook; the first task that runs starts the worker processes, so a
    build with work finds them ready and a no-op build (or a plan) never starts them."""

    def run(task: Task, ctx: TaskContext) -> Output:
        if workers is not None:
            workers.warm()
        output = project.pm.hook.run_task(task=task, ctx=ctx)
        check_made_file(project, task, ctx, output)  # a print file or the ebook: checked now, not at the end
        return output

    return run


def _threads(project: Project, graph: Graph) -> int:
    """Two threads per job: a worker process that finishes a picture finds the next one
    queued, while the finished task's output is stored and its followers start on this
    process's threads (a fresh offline build's workers sat ~10 ms between pictures of
    60 ms without it). When tasks wait on a network service, twice as many more as
    the provider allows requests in flight: a task doing its CPU work between requests
    (or waiting for a worker process) leaves a thread queued on the freed request
    slot, so the next request starts the moment one finishes, and near the end every
    picture still to draw is already under way: the request slots go to the longest
    chain first (bookbuild.engine.urgency), so the last requests end together."""
    threads = project.settings.job_count
    if threads > 1:  # with worker processes: a task queued on each, so a freed worker takes the next at once
        threads *= 2
    if any(t.costly for t in graph) and not project.provider.cpu_bound:
        threads += 2 * project.provider.concurrency
    return threads


def _findings(report: BookReport) -> list[Finding]:
    """The validate task's and the text check's findings, each page named by its file as
    the book is now (not as the cached findings had it: a renamed page file rebuilds nothing)."""
    pages = report.pages
    found = []
    for r in report.results:
        if r.output is None:
            continue
        if r.task.kind == ids.VALIDATE:
            found += [pages.locate(f) for f in findings_of(r.output)]
        elif r.task.kind == safety.CHECK:
            found += safety.findings(report.book, r.output.value, pages)
    return found


def _write_manifest(project: Project, report: BookReport, factors: dict[str, float]) -> bool:
    """Rewrite the manifest only when this build changed something: a no-op build touches no file."""
    path = project.build_dir / report.book.slug / manifest.MANIFEST
    changed = any(r.status != "cached" for r in report.results) or report.published
    if path.is_file() and not changed:
        return False
    book = report.book
    data = {
        "book": book.slug,
        "title": book.title,
        "version": book.version,
        "bookbuild": __version__,
        "provider": project.provider.name if book.generated_story or any(r.task.costly for r in report.results) else None,
        "print": {"trim": book.trim.name, "pages": book.page_count, "bleed": book.bleed, "paper": book.paper, "ink": book.ink},
        "outputs": {n: d for r in report.results if r.output is not None for n, d in _published(r).items()},
        "totals": report.totals,
        **({"remote_cache": project.cache.remote.describe()} if project.cache.remote else {}),
        manifest.SPENT_TO_DATE: round(manifest.spent_to_date(project.build_dir, book.slug) + report.totals["cost"], 6),
        **({manifest.PRICE_FACTORS: factors} if factors else {}),
        "tasks": [manifest.task_entry(r, report.traffic) for r in report.results],
        "findings": [f.to_json() for f in report.findings],
    }
    manifest.write(project.build_dir, book.slug, data)
    return True


def _published(result: TaskResult) -> dict[str, str]:
    out = result.output
    return {name: out.file_digests[file] for name, file in result.task.publish.items()} if out else {}
