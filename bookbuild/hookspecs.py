"""Every extension point of bookbuild, grouped by stage in the order they run.

Plugins implement these with ``@bookbuild.hookimpl``; a plugin may take fewer
arguments than a spec lists. Each docstring ends with how results combine.
docs/plugins.md has a section per hook; tests/test_pluginmanager.py keeps both in step; tests/test_hookspecs.py uses each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

import pluggy

if TYPE_CHECKING:
    import click

    from bookbuild.booktypes import BookType
    from bookbuild.engine.executor import TaskResult
    from bookbuild.engine.outputs import Output
    from bookbuild.findings import Finding
    from bookbuild.graph.context import TaskContext
    from bookbuild.graph.task import Graph, Task
    from bookbuild.pagemap import PageMap
    from bookbuild.project import Project
    from bookbuild.providers import Provider
    from bookbuild.render.themes import Theme
    from bookbuild.settings import Settings
    from bookbuild.spec.model import Book
    from bookbuild.spec.schema import Field

hookspec = pluggy.HookspecMarker("bookbuild")

# ---- discovery ---------------------------------------------------------------


@hookspec
def register_settings() -> dict[str, tuple[Field, ...]]:
    """Add a ``[section]`` to bookbuild.toml: {section name: fields}. Results are merged."""


@hookspec
def register_book_fields() -> tuple[Field, ...]:
    """Add keys to book.yaml; their values land in ``book.extra``. Results are concatenated."""


@hookspec
def register_book_types() -> list[BookType]:
    """Kinds of book (``type:`` in book.yaml) with their defaults and scaffold. Concatenated."""


@hookspec
def register_providers(settings: Settings) -> list[Provider]:
    """Generation back-ends (offline, openai, ...) by name, configured from the
    repository's settings (their own [section]). Results are concatenated."""


@hookspec
def register_themes() -> list[Theme]:
    """Themes a plugin ships; a repository's themes/<name>/ wins over them. Concatenated."""


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add subcommands to the ``bookbuild`` CLI."""


# ---- graph -------------------------------------------------------------------


@hookspec
def add_tasks(book: Book, graph: Graph, project: Project) -> None:
    """Add this plugin's tasks for one book to the graph (tasks name their inputs).

    Called in plugin order; a task may depend on any task added before or after it,
    the graph is checked once all plugins have run. The core then adds the book's
    ``validate`` task, which dispatches the check hooks below.
    """


@hookspec(firstresult=True)
def regenerate_text_task(book: Book, project: Project, number: int, variant: int) -> Task | None:
    """The task `bookbuild regenerate --page N --text` runs: a fresh story draft (its
    value like the ``story`` task's) from which page ``number``'s text is taken.
    The book type's plugin answers; the first answer wins."""


# ---- running -----------------------------------------------------------------


@hookspec(firstresult=True)
def run_task(task: Task, ctx: TaskContext) -> Output:
    """Run one task that is not cached and return its Output. The core answers it;
    a plugin wraps it (``@hookimpl(wrapper=True)``, then ``output = yield``) to time,
    log or report tasks, or to see their errors, as pytest's runtest hooks do."""


# ---- rendering ---------------------------------------------------------------


@hookspec
def jinja_environment(env: Any, theme: Theme) -> None:
    """Change the Jinja2 environment of a theme's templates: add filters, tests, globals."""


@hookspec
def render_context(book: Book | None, template: str, context: dict[str, Any]) -> dict[str, Any] | None:
    """Values to add to (or replace in) what ``template`` ("interior.html.j2",
    "cover.html.j2") sees, without replacing the render plugin. Merged in plugin order.
    Plugins implementing this or ``jinja_environment`` are part of every render task's key."""


# ---- checks ------------------------------------------------------------------


@hookspec
def validate_book(book: Book, story: list[dict[str, Any]] | None, project: Project, pages: PageMap) -> list[Finding]:
    """Findings about the spec and the story text (metadata limits, reading level).
    ``story`` is the list of story pages ({"text", "illustration", ...}) or None
    for books without one; ``pages.printed(i)`` is the printed page of story page i,
    for the finding's ``page`` (the core adds the page's file). Concatenated."""


@hookspec
def validate_pdf(book: Book, role: str, path: Any, notes: Mapping[str, Any]) -> list[Finding]:
    """Findings about a built PDF; ``role`` is "interior" or "cover", ``path`` a file.
    ``notes``: what the book's tasks measured in what they made (bookbuild.notes), by
    the key of the content measured: a check may take a note for content it finds in
    the file instead of measuring it again. Called on the thread of the task that made
    the file, as soon as it is made; validate reuses those findings and calls it again
    only for a file checked no earlier (bookbuild.engine.validate). Concatenated."""


@hookspec
def validate_ebook(book: Book, path: Any, notes: Mapping[str, Any]) -> list[Finding]:
    """Findings about a built ebook (``build/<slug>/ebook.epub``, fixed-layout EPUB 3),
    ``path`` a file; called for books that have an ``ebook`` task. ``notes`` as for
    ``validate_pdf``. Concatenated."""


@hookspec
def check_generated(book: Book, kind: str, text: str, project: Project) -> list[Finding]:
    """Safety checks on every text printed for a child, generated or written by the author,
    and on illustration prompts, before they reach a page (moderation, a word list).
    ``kind`` says what the text is: "story text", "page text", "illustration prompt",
    "title", "dedication", ... Concatenated; any error keeps the text off the page. Called
    from several threads at once (a book's texts are screened together)."""


@hookspec
def check_fingerprint(project: Project) -> Any:
    """What this plugin's ``check_generated`` verdicts depend on besides its VERSION (a word
    list's contents, a repository's own additions), as JSON. Part of the key of every
    screened text, so a change checks cached text again. Concatenated."""


# ---- events ------------------------------------------------------------------


@hookspec
def after_build(book: Book, results: dict[str, Any], project: Project) -> None:
    """Once per book after its tasks ran (not on a dry run); ``results`` maps task
    names ("story", "interior", ...) to their TaskResult. May write into the book
    folder, e.g. generated pages for review in git."""


@hookspec
def build_started(project: Project, books: list[Book]) -> None:
    """Before any task runs (not on a dry run): the books about to be built."""


@hookspec
def task_finished(result: TaskResult) -> None:
    """A task ran, came from the cache, failed or was skipped (``result.status``), with its
    seconds, output and error. For progress displays and live previews."""


@hookspec
def book_finished(book: Book, totals: dict[str, Any], project: Project) -> None:
    """A book's tasks are done and its manifest written: ``totals`` counts its tasks
    (ran, cached, failed, skipped) and what it spent (tokens, images, cost)."""
