"""The story: a book's page texts and illustration prompts.

Hand-written pages/*.md are read as they are (``story``). An empty pages/ folder
means the story is written from the brief in book.yaml by the chosen provider, in
two tasks: ``story-draft`` asks the provider (paid; its key holds the request and
the provider's fingerprint, nothing more), and ``story`` screens the draft with
every safety check there is (its key names them, so a new check screens a cached
draft without buying it again).

A draft is paid for, so it is never thrown away: one that fails a check is asked
for once more, the better of the two is kept (and cached), and when it still fails
nothing is printed but the story is written to pages/ for the author, each page
that failed marked with what failed. From then on its pages are the author's, and
the checks of printed text name the file and line to fix.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bookbuild import providers, safety
from bookbuild.engine.artifacts import write_atomic
from bookbuild.engine.hashing import sha256
from bookbuild.engine.outputs import Output
from bookbuild.errors import BuildError, SpecError, SpecProblem
from bookbuild.graph import ids
from bookbuild.graph.task import Task
from bookbuild.pagemap import PAGES_DIR
from bookbuild.providers import StoryRequest
from bookbuild.render.markdown import resource_name
from bookbuild.spec.load import BIBLE_FILE

if TYPE_CHECKING:
    from bookbuild.graph.context import TaskContext
    from bookbuild.graph.task import Graph
    from bookbuild.project import Project
    from bookbuild.render.themes import Theme
    from bookbuild.spec.model import Book, Page

VERSION = "1"
KEY_NAME = "bookbuild.plugins.story"  # the name in its keys before the code moved: kept, so nothing is bought again
DRAFT = "story-draft"


def add_story_tasks(book: Book, graph: Graph, project: Project, slots: int) -> None:
    if book.pages:
        _check_fits(book, slots)
        images: dict[str, bytes] = {}  # the text's images by resource name: their digests are in the key
        params: dict[str, Any] = {"source": "pages", "pages": [page_json(p, images) for p in book.pages]}
        run = lambda ctx: Output(value={"pages": ctx.task.params["pages"]}, files=images)  # noqa: E731
        graph.add(Task(ids.story(book), "story", __name__, VERSION, params, run, book=book.slug, label="pages", preview=True, key_name=KEY_NAME))
        return
    provider = project.provider_for(book)
    request = brief(book, slots)
    graph.add(draft_task(book, provider, request, ids.task_id(book, DRAFT), "story"))
    params = {"source": "provider", "safety": safety.checks(project)}
    graph.add(Task(ids.story(book), "story-check", __name__, VERSION, params, _screened, deps=(ids.task_id(book, DRAFT),), book=book.slug, label="story check", key_name=KEY_NAME))


def draft_task(book: Book, provider: providers.Provider, request: StoryRequest, task_id: str, label: str) -> Task:
    """A paid call for a whole story; its key is the request and the provider, nothing else."""
    params = {"source": "provider", **providers.fingerprint(provider, "story"), "request": request.to_json()}
    cost = provider.estimate("story", request)
    worst = provider.worst_case("story", request)
    return Task(task_id, "story", __name__, VERSION, params, _generate(provider, request), book=book.slug, label=label, costly=cost > 0, estimate=cost, worst_case=worst, spends="story", key_name=KEY_NAME)


def brief(book: Book, pages: int) -> StoryRequest:
    return StoryRequest(
        title=book.title,
        age_group=book.age_group,
        pages=pages,
        characters=tuple({"name": c.name, "role": c.role, "description": c.description, "visual": c.visual} for c in book.characters),
        theme=book.theme,
        educational_focus=book.educational_focus,
        moral=book.moral,
        setting=book.setting,
        language=book.language,
        seed=book.seed or book.title,
        description=book.description,
    )


def _check_fits(book: Book, slots: int) -> None:
    if len(book.pages) > slots:
        extra = book.page_count - slots
        wanted = len(book.pages) + extra
        problem = SpecProblem(book.source, None, "page_count", f"{len(book.pages)} story pages do not fit in {book.page_count} pages (the theme adds {extra})", f"raise page_count to {wanted + wanted % 2} or remove pages")
        raise SpecError([problem])


def page_json(page: Page, images: dict[str, bytes]) -> dict[str, Any]:
    """The page as the story task's key and value hold it; its text's images go into ``images``."""
    data = {"number": page.number, "text": page.text, "illustration": page.illustration, "characters": list(page.characters) if page.characters is not None else None, "text_position": page.text_position}
    if page.variant:
        data["variant"] = page.variant  # only when set: existing keys stay as they are
    if page.images:  # the same: {path as written: resource named by its content}
        data["images"] = {}
        for src, path in page.images:
            content = path.read_bytes()
            name = resource_name(sha256(content), path.suffix)
            images[name] = content
            data["images"][src] = name
    return data


def _generate(provider: providers.Provider, request: StoryRequest):
    def run(ctx: TaskContext) -> Output:
        usage: dict[str, float] = {}
        best: tuple[int, dict[str, Any]] | None = None
        for attempt in (1, 2):  # a draft that fails a check gets one fresh try; the better one is kept
            attempt_request = request if attempt == 1 else replace(request, seed=f"{request.seed}#retry")
            result = provider.write_story(attempt_request)
            usage = _add_usage(usage, result.usage)
            pages, bible = _story_parts(result.value)
            problems = safety.story_problems(ctx.project, ctx.book, pages)
            if best is None or len(problems) < best[0]:
                best = (len(problems), {"pages": _numbered(pages), "characters": bible})
            if not problems:
                break
        assert best is not None
        return Output(value=best[1], usage=usage)

    return run


def _screened(ctx: TaskContext) -> Output:
    """The draft, once every safety check there is now has passed it."""
    story = ctx.input(DRAFT).value
    problems = safety.story_problems(ctx.project, ctx.book, story["pages"])
    if problems:
        raise BuildError("the generated story does not pass the safety checks; nothing was printed:\n  " + "\n  ".join(problems) + "\n  " + _where_it_goes(ctx))
    return Output(value=story)


def _where_it_goes(ctx: TaskContext) -> str:
    folder = ctx.project.rel(ctx.book.root / "pages")
    if ctx.project.settings.write_generated_pages == "never" or any((ctx.book.root / "pages").glob("*.md")):
        return f'Nothing was bought in vain: the draft is cached. Set write_generated_pages = "always" in bookbuild.toml (with {folder}/ empty) to get it as pages to edit.'
    return f"It is written to {folder}/ for you to edit: the pages that passed as they are, each page named above marked with what failed; nothing is printed until they pass."


def _story_parts(value: Any) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """A provider returns a list of pages, or {"pages": [...], "characters": [...]} with a character bible."""
    if isinstance(value, dict):
        return list(value.get("pages", [])), [{"name": c["name"], "visual": c.get("visual", "")} for c in value.get("characters", [])]
    return list(value), []


def _numbered(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"number": i, "text": p["text"], "illustration": p.get("illustration", ""), "characters": p.get("characters"), "text_position": p.get("text_position", "bottom")}
        for i, p in enumerate(pages, 1)
    ]


def _add_usage(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    return {k: a.get(k, 0) + b.get(k, 0) for k in {*a, *b}}


def characters_shown(page: dict[str, Any], book: Book, bible: list[dict[str, str]] = ()) -> list[tuple[str, str]]:
    """(name, visual) of the characters on a page: listed in its front matter, else named
    in its prompt. The look comes from book.yaml, else from the generated character bible."""
    looks = {c["name"].lower(): c for c in bible}
    for c in book.characters:
        looks[c.name.lower()] = {"name": c.name, "visual": c.visual or looks.get(c.name.lower(), {}).get("visual", "")}
    names = page.get("characters")
    if names is None:  # in order of first mention, so every path to this page agrees
        prompt = page.get("illustration") or page.get("text", "")
        found = {c["name"]: re.search(rf"\b{re.escape(c['name'])}\b", prompt, re.IGNORECASE) for c in looks.values()}
        names = sorted((n for n, m in found.items() if m), key=lambda n: found[n].start())
    return [(looks[n.lower()]["name"], looks[n.lower()]["visual"]) for n in names if n.lower() in looks]


# -- a generated story written back for review ---------------------------------------------

GENERATED_NOTE = "generated by bookbuild from book.yaml; edit freely: bookbuild never overwrites this file"


def write_back(book: Book, results: dict[str, Any], project: Project) -> None:
    """Write a generated story into pages/NN.md (and its character bible into
    bible.yaml) so the author can edit one page, a pull request shows it as text,
    and the next build reads it back. A draft that failed the safety checks is
    written too, for the author to fix: each page that failed says what failed, and
    the checks of printed text keep it off the page until it passes."""
    story, draft = results.get("story"), results.get(DRAFT)
    if not book.generated_story or draft is None or draft.output is None or not _should_write(draft, project):
        return
    passed = story is not None and story.output is not None
    value = story.output.value if passed else draft.output.value
    write_story(book, value, project, {} if passed else _problems_by_page(book, project, value["pages"]))


def draft_pages(book: Book, project: Project) -> list[Path]:
    """`bookbuild new`: the story written at once, by the same tasks a build runs (so
    the first build reads back exactly what it would have written), into pages/NN.md."""
    from bookbuild.engine.build import run_tasks
    from bookbuild.graph.task import Graph

    graph = Graph()
    add_story_tasks(book, graph, project, story_slots(book, project.theme_for(book)))
    results = run_tasks(project, book, list(graph), record=False)
    story = results[ids.story(book)]
    if story.output is None:
        cause = next((r for r in results.values() if r.status == "failed"), story)  # the task that failed, not those it stopped
        raise BuildError(f"{cause.task.name}: {cause.error}")
    return write_story(book, story.output.value, project)


def story_slots(book: Book, theme: Theme) -> int:
    """Story pages the book has room for once the theme's front and back pages are in."""
    return book.page_count - theme.front_pages - theme.back_pages


def write_story(book: Book, value: dict[str, Any], project: Project, failed: dict[int, list[str]] | None = None) -> list[Path]:
    """The story's pages into pages/NN.md, each page that ``failed`` a check saying what."""
    failed = failed or {}
    folder = book.root / PAGES_DIR
    if any(folder.glob("*.md")):
        return []  # someone's pages are there: never overwrite them
    provider = project.provider_for(book)
    draft = provider.name if provider.proof else None  # its words stay a proof in pages/ too
    written = []
    for page in value["pages"]:
        written.append(folder / f"{page['number']:02d}.md")
        write_page(written[-1], page, draft, failed.get(page["number"], ()), None if provider.proof else provider.name)
    if value.get("characters"):
        write_bible(book.root / BIBLE_FILE, value["characters"])
    return written


def _problems_by_page(book: Book, project: Project, pages: list[dict[str, Any]]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for page in pages:
        for problem in safety.story_problems(project, book, [page], first=page["number"]):
            found.setdefault(page["number"], []).append(problem.split(": ", 1)[1])
    return found


def _should_write(result: Any, project: Project) -> bool:
    mode = project.settings.write_generated_pages
    return mode == "always" or (mode == "paid" and result.task.costly)


DRAFT_NOTE = "draft: a proof provider wrote this text; delete the line once the words are yours"


def write_page(path, page: dict[str, Any], draft: str | None = None, problems: tuple[str, ...] | list[str] = (), generated: str | None = None) -> None:
    """``draft``: the proof provider that wrote the text (offline): the page says so.
    ``generated``: the AI provider that wrote it: KDP's AI-content question must say so.
    ``problems``: what the safety checks found on it: the page says it is not printed."""
    import yaml

    front = {"illustration": page["illustration"]}
    if page.get("characters") is not None:
        front["characters"] = list(page["characters"])
    if draft:
        front["draft"] = draft
    if generated:
        front["generated"] = generated
    notes = f"# {GENERATED_NOTE}\n" + (f"# {DRAFT_NOTE}\n" if draft else "")
    notes += "".join(f"# NOT PRINTED until fixed: {problem}\n" for problem in problems)
    text = f"---\n{notes}{yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)}---\n{page['text'].strip()}\n"
    write_atomic(path, text.encode())


def write_bible(path, characters: list[dict[str, str]]) -> None:
    import yaml

    body = yaml.safe_dump({"characters": [{"name": c["name"], "visual": c["visual"]} for c in characters]}, sort_keys=False, allow_unicode=True, width=1000)
    write_atomic(path, f"# The character bible: {GENERATED_NOTE}.\n# A character's visual in book.yaml wins over this one.\n{body}".encode())


# -- `bookbuild regenerate --text` -----------------------------------------------------------


def regenerate_text_task(book: Book, project: Project, number: int, variant: int) -> Task:
    """A fresh story drafted with a new seed, for one page's text asked for on purpose
    (``number``: its file's number). It is an ordinary draft task: cached, within the
    budget, recorded in the manifest."""
    place = [p.number for p in book.pages].index(number) + 1  # the page's place in the story
    request = replace(brief(book, len(book.pages)), seed=providers.page_variant_seed(book.seed or book.title, place, variant))
    return draft_task(book, project.provider_for(book), request, ids.task_id(book, f"regenerate-text:{number:02d}"), f"new text for pages/{number:02d}.md")
