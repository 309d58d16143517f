"""Child safety, dispatched by the core: every text printed for a child, generated or
written by the author, passes the ``check_generated`` hook of every plugin first.

- A generated story is screened by its book type (``story_problems``) before it
  becomes the book's story.
- After every plugin's tasks, the core adds a book's ``text-check`` task: the words
  the themes print (title, subtitle, author, dedication, the back-cover text) and
  every story page's text (a picture in it by its alt text) and illustration prompt,
  whoever wrote them. Each text's
  verdict is cached by its content (``VERDICT``), so an unchanged page costs nothing,
  not even a moderation request, when another page changes. Findings name the file,
  the line and the printed page.
- A ``text-safety`` gate waits for the check; the book's print files wait for the
  gate (``Task.gates``: not an input, their keys stay), so a text that fails is
  never printed.

Whatever has been screened names the checks that passed it in its key (``checks()``):
every check plugin, its version and what its verdicts depend on (``check_fingerprint``:
a word list's contents), so a new or changed check screens what is already cached.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bookbuild.engine.hashing import task_key
from bookbuild.engine.outputs import Output
from bookbuild.findings import Finding
from bookbuild.graph import ids
from bookbuild.graph.task import Task
from bookbuild.pagemap import PageMap, page_file
from bookbuild.pluginmanager import implementers

if TYPE_CHECKING:
    from bookbuild.graph.context import TaskContext
    from bookbuild.graph.task import Graph
    from bookbuild.project import Project
    from bookbuild.spec.model import Book

PLUGIN = "bookbuild.safety"
VERSION = "1"
CHECK, GATE = "text-check", "text-safety"
VERDICT = "text-verdict"  # the cache entry of one text's findings
BOOK_FILE = "book.yaml"
# What the themes print from book.yaml besides the story, by the key that holds it.
PRINTED_FIELDS = ("title", "subtitle", "author", "dedication", "description")


def checks(project: Project) -> list[Any]:
    """Every safety check: [plugin name, version] of each, then what their verdicts depend
    on (if any plugin says). Part of the key of everything screened."""
    found: list[Any] = implementers(project.pm, "check_generated")
    fingerprints = [f for f in project.pm.hook.check_fingerprint(project=project) if f is not None]
    return found + ([{"data": fingerprints}] if fingerprints else [])


def screen(project: Project, book: Book, kind: str, text: str) -> list[Finding]:
    """Every plugin's findings about one text ("story text", "illustration prompt", "title")."""
    return [f for group in project.pm.hook.check_generated(book=book, kind=kind, text=text, project=project) for f in group or ()]


def story_problems(project: Project, book: Book, pages: list[dict[str, Any]], first: int = 1) -> list[str]:
    """One line per error in the story's texts and prompts: "page N: what was found"."""
    problems = []
    for number, page in enumerate(pages, first):
        for kind, text in (("story text", page.get("text", "")), ("illustration prompt", page.get("illustration", ""))):
            problems += [f"page {number}: {f.message}" for f in screen(project, book, kind, text) if f.severity == "error"]
    return problems


# -- the words a book prints --------------------------------------------------------------


def add_text_checks(book: Book, graph: Graph, project: Project) -> None:
    """The book's text-check and gate, after every plugin's tasks; its print files wait for the gate."""
    story = ids.story(book) if ids.story(book) in graph else None
    printed = printed_fields(book)
    params = {"fields": printed, "checks": checks(project)}

    def select(deps: dict[str, Output]) -> dict[str, Any]:
        pages = deps[story].value["pages"] if story else []
        return {"pages": [[p.get("text", ""), p.get("illustration", "")] for p in pages]}

    def run(ctx: TaskContext) -> Output:
        from bookbuild.render.markdown import alt_texts_only

        texts = [(f"field:{key}", key, value) for key, value in printed.items()]
        for index, (text, prompt) in enumerate(select(ctx.inputs)["pages"], 1):
            # A picture in the text: its alt text is words a reader meets, its path is not.
            texts += [(f"page:{index}", "page text", alt_texts_only(text)), (f"page:{index}", "illustration prompt", prompt)]
        found, keys = [], []
        for (where, kind, _), (verdict, key) in zip(texts, _verdicts(ctx, [(kind, text) for _, kind, text in texts], params["checks"])):
            found += [dict(f, where=where, kind=kind) for f in verdict]
            keys += [key] if key else []
        return Output(value={"findings": found}, uses=tuple(dict.fromkeys(keys)))

    check_id = ids.task_id(book, CHECK)
    graph.add(Task(check_id, CHECK, PLUGIN, VERSION, params, run, deps=(story,) if story else (), select=select if story else None, book=book.slug, label="text check"))
    gate_id = ids.task_id(book, GATE)
    graph.add(Task(gate_id, GATE, PLUGIN, VERSION, {}, _gate, deps=(check_id,), book=book.slug, label="text safety"))
    for task in graph:
        if task.book == book.slug and task.publish and gate_id not in task.gates:
            task.gates = (*task.gates, gate_id)  # not an input: the print files keep their keys


def printed_fields(book: Book) -> dict[str, str]:
    """What the themes print from book.yaml (render.context.book_context), by the key that sets it."""
    from bookbuild.render.context import book_context

    printed = book_context(book)
    fields = {key: printed[key] for key in PRINTED_FIELDS if printed.get(key)}
    if "description" in fields and not book.description:  # the back cover prints the moral then
        fields["moral"] = fields.pop("description")
    return fields


def _gate(ctx: TaskContext) -> Output:
    from bookbuild.errors import BuildError

    errors = [f for f in ctx.input(CHECK).value["findings"] if f["severity"] == "error"]
    if errors:
        count = len({(f["where"], f["kind"]) for f in errors})
        noun = "text" if count == 1 else "texts"
        raise BuildError(f"{count} printed {noun} did not pass the safety checks (the findings name the file and line); the print files were not written: reword and build again")
    return Output(value={"passed": True})


SCREENING_AT_ONCE = 8  # texts screened at once: a check that asks a service (moderation) keeps its requests in flight


def _verdicts(ctx: TaskContext, texts: list[tuple[str, str]], check_key: list[Any]) -> list[tuple[list[dict[str, Any]], str]]:
    """``_verdict`` of each (kind, text), in order. Several at once: a check that asks a
    service for each text (moderation) then has as many requests in flight as the service
    takes, instead of one after another (a title and an author, or every page of a book
    written by hand, checked in the time of a few requests). Each on a copy of this
    context: the running task's meter counts their requests, its urgency orders them."""
    unique = list(dict.fromkeys(texts))  # the same text twice is screened once
    if len(unique) <= 1:
        done = {item: _verdict(ctx, *item, check_key) for item in unique}
    else:
        import contextvars
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(min(SCREENING_AT_ONCE, len(unique)), thread_name_prefix="bookbuild-screen") as pool:
            futures = {item: pool.submit(contextvars.copy_context().run, _verdict, ctx, *item, check_key) for item in unique}
            done = {item: future.result() for item, future in futures.items()}
    return [done[item] for item in texts]


def _verdict(ctx: TaskContext, kind: str, text: str, check_key: list[Any]) -> tuple[list[dict[str, Any]], str]:
    """One text's findings and the key they are cached under: from the cache when this
    text was checked before by the same checks."""
    if not text.strip():
        return [], ""
    cache = ctx.project.cache
    key = task_key(VERDICT, PLUGIN, VERSION, {"kind": kind, "text": text, "checks": check_key}, {})
    hit = cache.lookup(key)
    if hit is not None:
        return hit[0].value["findings"], key
    found = [_entry(f) for f in screen(ctx.project, ctx.book, kind, text)]
    if any(f["severity"] == "error" for f in found):
        found = _with_lines(ctx, kind, text, found)
    cache.store(key, Output(value={"findings": found}), {"seconds": 0.0, "task": VERDICT, "plugin": PLUGIN})
    return found, key


def _entry(finding: Finding) -> dict[str, Any]:
    return {"rule": finding.rule, "severity": finding.severity, "message": finding.message, "lines": []}


def _with_lines(ctx: TaskContext, kind: str, text: str, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Which lines of the text an error is on: each line checked alone; a finding no single
    line makes (moderation judging the whole page) is about every line."""
    lines = [(n, line) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    if len(lines) < 2:
        return [dict(f, lines=[lines[0][0]] if lines else [1]) for f in found]
    alone = {n: [f for f in screen(ctx.project, ctx.book, kind, line) if f.severity == "error"] for n, line in lines}
    located = []
    for f in found:
        on = [n for n, errors in alone.items() if errors] if f["severity"] == "error" else []
        located.append(dict(f, lines=on or [n for n, _ in lines]))
    return located


def findings(book: Book, value: dict[str, Any], pages: PageMap) -> list[Finding]:
    """The check's findings for people: the file (relative to the book folder, as every
    finding names it) and its line, and the printed page."""
    out = []
    for f in value["findings"]:
        where, _, name = f["where"].partition(":")
        if where == "page":
            out.append(_page_finding(book, int(name), f, pages))
        else:
            out.append(Finding(f["rule"], f["severity"], f"{_at(_field_line(book, name))}{name}: {f['message']}", file=BOOK_FILE))
    return out


def _page_finding(book: Book, index: int, f: dict[str, Any], pages: PageMap) -> Finding:
    printed = pages.printed(index)
    page = book.pages[index - 1] if index <= len(book.pages) else None
    if page is None:  # a generated story, not written to pages/ yet
        return Finding(f["rule"], f["severity"], f"story page {index}: {f['message']}", page=printed)
    if f["kind"] == "illustration prompt":  # in the front matter
        lines = [n] if (n := _front_matter_line(book, page.source, "illustration")) else []
    else:
        lines = [page.text_line + n - 1 for n in f["lines"]]
    return Finding(f["rule"], f["severity"], f"{_at(lines)}{f['message']}", page=printed, file=page_file(page.source))


def _at(lines: list[int] | int | None) -> str:
    if isinstance(lines, int):
        lines = [lines]
    if not lines:
        return ""
    return f"line {lines[0]}: " if len(lines) == 1 else f"lines {', '.join(map(str, lines))}: "


def _field_line(book: Book, key: str) -> int | None:
    """The line of book.yaml that sets ``key`` (read again: the Book keeps no lines)."""
    return _line_of(book.root / BOOK_FILE, key)


def _front_matter_line(book: Book, source: str, key: str) -> int | None:
    from bookbuild.spec.pages import split_front_matter

    path = book.root / page_file(source)
    try:
        front, _, offset = split_front_matter(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    line = _line_of_text(front, key)
    return line + offset if line else None


def _line_of(path: Any, key: str) -> int | None:
    try:
        return _line_of_text(path.read_text(encoding="utf-8"), key)
    except (OSError, ValueError):
        return None


def _line_of_text(text: str, key: str) -> int | None:
    from bookbuild.spec import yamlsrc

    try:
        return yamlsrc.line_of(yamlsrc.load(text), key)
    except ValueError:
        return None
