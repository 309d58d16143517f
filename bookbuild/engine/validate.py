"""The ``validate`` task the core adds to every book: it dispatches the
``validate_book``, ``validate_pdf`` and ``validate_ebook`` hooks of every plugin over
the book's story, its print files and its ebook, so no plugin can take validation
away with it. It also reports the findings of every task marked ``reports`` (an
author's picture at too low a resolution, a proof made by the offline provider), first,
and hands the notes of every task marked ``notes`` (bookbuild.notes: what a task measured
in what it made) to the file checks, so they need not measure it again.

Its key names every plugin that validates (and its version): adding, removing or
upgrading a check reruns it, without rebuilding anything else.

The file checks run as soon as each file is made (``check_made_file``, called by the
build for the task that made it): their findings are left as a note keyed by the file's
bytes and everything this task's key names, so the cover's and the ebook's checks are
done while the pictures of the interior are still being drawn, and validate, on the
build's last stretch, only hashes the files. A file without such a note (made before,
or by a build that failed to check it) is checked here, as before.
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
FILE_NOTE = "validate.file"  # the file checks' findings on one file (check_made_file)
EBOOK_ROLE = "ebook"


def checked_files(book: Book) -> dict[str, tuple[str, str]]:
    """Task id -> (role, file name) of each file the checks read: the print files and the ebook."""
    files = {ids.task_id(book, role): (role, name) for role, name in ids.PDFS.items()}
    files[ids.ebook(book)] = (EBOOK_ROLE, ids.EBOOK_FILE)
    return files


def check_params(book: Book, project: Project) -> dict[str, Any]:
    """What the checks' findings depend on besides the files: the validate task's key."""
    return {"validators": implementers(project.pm, *HOOKS), "metadata": book.metadata(), "print": [book.trim.name, book.bleed, book.paper, book.ink, book.page_count, book.type]}


def add_validate_task(book: Book, graph: Graph, project: Project) -> None:
    """After every plugin's tasks are in: the book's story, print files and ebook are its inputs."""
    files = {dep: made for dep, made in checked_files(book).items() if dep in graph}
    story = ids.story(book) if ids.story(book) in graph else None
    reporting = tuple(t.id for t in graph if t.book == book.slug and t.reports)
    noting = tuple(t.id for t in graph if t.book == book.slug and t.notes)
    params = check_params(book, project)
    # Story page -> printed page, from the interior's sequence (in the interior's key, an input here).
    printed = PageMap.of_task(book, graph.tasks.get(ids.interior(book)))

    def run(ctx: TaskContext) -> Output:
        pages = ctx.input(story).value["pages"] if story else None
        findings = [Finding(**f) for dep in reporting for f in ctx.input(dep).value["findings"]]
        findings += _collect(project.pm.hook.validate_book(book=book, story=pages, project=project, pages=printed))
        notes = task_notes.merge(ctx.input(dep).value for dep in (*noting, *files))
        for dep, (role, name) in files.items():
            data = ctx.input(dep).file(name)
            noted = notes.get(_file_key(role, data, params))
            if noted is not None:  # checked when it was made
                findings += [Finding(**f) for f in noted]
            else:
                findings += _check_file(project, book, role, name, data, notes)
        return Output(value={"findings": [f.to_json() for f in findings]})

    deps = tuple(files) + ((story,) if story else ())
    deps += tuple(d for d in (*reporting, *noting) if d not in deps)
    graph.add(Task(ids.validate(book), ids.VALIDATE, PLUGIN, VERSION, params, run, deps=deps, book=book.slug, label="validate"))


def check_made_file(project: Project, task: Task, ctx: TaskContext, output: Output | None) -> None:
    """Called by the build for every task it ran: if the task made a print file or the
    ebook, the file checks run on it now and leave their findings in its output as a
    note (bookbuild.notes). A check that fails here leaves no note: validate runs it
    again and reports what is wrong."""
    made = checked_files(ctx.book).get(task.id)
    if made is None or output is None or not isinstance(output.value, dict) or made[1] not in output.files:
        return
    role, name = made
    data = output.files[name]
    notes = task_notes.merge([output.value, *(ctx.input(dep).value for dep in task.deps)])
    try:
        findings = _check_file(project, ctx.book, role, name, data, notes)
    except Exception:  # noqa: BLE001 - the validate task meets it again and says what it is
        return
    key = _file_key(role, data, check_params(ctx.book, project))
    output.value["notes"] = {**(output.value.get("notes") or {}), key: [f.to_json() for f in findings]}


def _file_key(role: str, data: bytes, params: dict[str, Any]) -> str:
    return task_notes.note_key(FILE_NOTE, data, role=role, checks=params, version=VERSION)


def _check_file(project: Project, book: Book, role: str, name: str, data: bytes, notes: Any) -> list[Finding]:
    with tempfile.TemporaryDirectory(prefix="bookbuild-validate-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        if role == EBOOK_ROLE:
            return _collect(project.pm.hook.validate_ebook(book=book, path=path, notes=notes))
        return _collect(project.pm.hook.validate_pdf(book=book, role=role, path=path, notes=notes))


def _collect(groups: list[Any]) -> list[Finding]:
    return [f for group in groups for f in group or ()]


def findings_of(output: Output) -> list[Finding]:
    return [Finding(**f) for f in output.value["findings"]]
