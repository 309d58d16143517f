"""KDP preflight as a build step: the `validate` task checks each book's spec
and its built PDFs with the same rules as `bookbuild preflight`."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bookbuild import hookimpl
from bookbuild.engine.outputs import Output
from bookbuild.findings import Finding
from bookbuild.graph.task import Task

if TYPE_CHECKING:
    from bookbuild.engine.executor import TaskContext
    from bookbuild.graph.task import Graph
    from bookbuild.project import Project
    from bookbuild.spec.model import Book

VERSION = "1"
PDF_TASKS = {"interior": "interior.pdf", "cover": "cover.pdf"}


def print_spec(book: Book):
    from bookbuild.kdp.preflight import PrintSpec

    return PrintSpec(trim=book.trim, trim_width=book.trim.width, trim_height=book.trim.height, bleed=book.bleed, paper=book.paper, ink=book.ink, coloring=book.type == "coloring")


@hookimpl
def validate_book(book: Book) -> list[Finding]:
    from bookbuild.kdp.preflight import check_metadata

    return [Finding(f.rule, f.severity, f.message, f.page, f.file or "book.yaml") for f in check_metadata(book.metadata())]


@hookimpl
def validate_pdf(book: Book, role: str, path: Path) -> list[Finding]:
    from bookbuild.kdp.preflight import check_cover, check_interior

    if role == "interior":
        return check_interior(path, print_spec(book))
    if role == "cover":
        return check_cover(path, print_spec(book), book.page_count)
    return []


@hookimpl(trylast=True)
def add_tasks(book: Book, graph: Graph, project: Project) -> None:
    deps = tuple(f"{book.slug}/{name}" for name in PDF_TASKS if f"{book.slug}/{name}" in graph)
    story = f"{book.slug}/story" if f"{book.slug}/story" in graph else None
    validators = sorted({(name, _version(plugin)) for name, plugin in project.pm.list_name_plugin() if plugin is not None and _implements(project, plugin)})
    params = {"validators": validators, "metadata": book.metadata(), "print": [book.trim.name, book.bleed, book.paper, book.ink, book.page_count, book.type]}

    def run(ctx: TaskContext) -> Output:
        pages = ctx.input(story).value["pages"] if story else None
        findings: list[Finding] = [f for group in project.pm.hook.validate_book(book=book, story=pages, project=project) for f in group or ()]
        with tempfile.TemporaryDirectory(prefix="bookbuild-validate-") as tmp:
            for dep in deps:
                role = dep.split("/", 1)[1]
                path = Path(tmp) / PDF_TASKS[role]
                path.write_bytes(ctx.input(dep).file(PDF_TASKS[role]))
                findings += [f for group in project.pm.hook.validate_pdf(book=book, role=role, path=path) for f in group or ()]
        return Output(value={"findings": [f.to_json() for f in findings]})

    graph.add(Task(f"{book.slug}/validate", "validate", __name__, VERSION, params, run, deps=deps + ((story,) if story else ()), book=book.slug, label="validate"))


def _implements(project: Project, plugin: Any) -> bool:
    return any(h.name in ("validate_book", "validate_pdf") for h in project.pm.get_hookcallers(plugin) or ())


def _version(plugin: Any) -> str:
    return str(getattr(plugin, "VERSION", getattr(plugin, "__version__", "")))


def findings_of(output: Output) -> list[Finding]:
    return [Finding(**f) for f in output.value["findings"]]
