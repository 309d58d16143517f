"""The ``validate`` task the core adds to every book: it dispatches the
``validate_book``, ``validate_pdf`` and ``validate_ebook`` hooks of every plugin over
the book's story, its print files and its ebook, so no plugin can take validation
away with it. It also reports the findings of every task marked ``reports`` (an
author's picture at too low a resolution, a proof made by the offline provider), first,
and hands the notes of every task marked ``notes`` (bookbuild.notes: what a task measured
in what it made) to the file checks, so they need not measure it again.

Its key names every plugin that validates (and its version): adding, removing or
upgrading a check reruns it, without rebuilding anything else.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bookbuild import notes as task_notes
from bookbuild.engine.outputs import Output
from bookbuild.findings import Finding
from bookbuild.graph import ids
from bookbuild.graph.task import Task
from bookbuild.pagemap import PageMap
from bookbuild.pluginmanager import implementers

if TYPE_CHECKING:
    from bookbuild.graph.context import TaskContext
    from bookbuild.graph.task import Graph
    from bookbuild.project import Project
    from bookbuild.spec.model import Book

PLUGIN = "bookbuild.engine.validate"
VERSION = "1"
HOOKS = ("validate_book", "validate_pdf", "validate_ebook")


def add_validate_task(book: Book, graph: Graph, project: Project) -> None:
    """After every plugin's tasks are in: the book's story, print files and ebook are its inputs."""
    pdfs = tuple(ids.task_id(book, name) for name in ids.PDFS if ids.task_id(book, name) in graph)
    story = ids.story(book) if ids.story(book) in graph else None
    ebook = ids.ebook(book) if ids.ebook(book) in graph else None
    reporting = tuple(t.id for t in graph if t.book == book.slug and t.reports)
    noting = tuple(t.id for t in graph if t.book == book.slug and t.notes)
    params = {"validators": implementers(project.pm, *HOOKS), "metadata": book.metadata(), "print": [book.trim.name, book.bleed, book.paper, book.ink, book.page_count, book.type]}
    # Story page -> printed page, from the interior's sequence (in the interior's key, an input here).
    printed = PageMap.of_task(book, graph.tasks.get(ids.interior(book)))

    def run(ctx: TaskContext) -> Output:
        pages = ctx.input(story).value["pages"] if story else None
        findings = [Finding(**f) for dep in reporting for f in ctx.input(dep).value["findings"]]
        findings += _collect(project.pm.hook.validate_book(book=book, story=pages, project=project, pages=printed))
        notes = task_notes.merge(ctx.input(dep).value for dep in noting)
        with tempfile.TemporaryDirectory(prefix="bookbuild-validate-") as tmp:
            for dep in pdfs:
                role = dep.split("/", 1)[1]
                path = Path(tmp) / ids.PDFS[role]
                path.write_bytes(ctx.input(dep).file(ids.PDFS[role]))
                findings += _collect(project.pm.hook.validate_pdf(book=book, role=role, path=path, notes=notes))
            if ebook:
                path = Path(tmp) / ids.EBOOK_FILE
                path.write_bytes(ctx.input(ebook).file(ids.EBOOK_FILE))
                findings += _collect(project.pm.hook.validate_ebook(book=book, path=path, notes=notes))
        return Output(value={"findings": [f.to_json() for f in findings]})

    deps = pdfs + ((story,) if story else ()) + ((ebook,) if ebook else ())
    deps += tuple(d for d in (*reporting, *noting) if d not in deps)
    graph.add(Task(ids.validate(book), ids.VALIDATE, PLUGIN, VERSION, params, run, deps=deps, book=book.slug, label="validate"))


def _collect(groups: list[Any]) -> list[Finding]:
    return [f for group in groups for f in group or ()]


def findings_of(output: Output) -> list[Finding]:
    return [Finding(**f) for f in output.value["findings"]]
