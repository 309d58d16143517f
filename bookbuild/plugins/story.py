"""The `story` task: a book's page texts and illustration prompts.

Hand-written pages/*.md are read as they are; an empty pages/ folder means the
story is written from the brief in book.yaml by the chosen provider.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bookbuild import hookimpl
from bookbuild.engine.outputs import Output
from bookbuild.errors import BuildError, SpecError, SpecProblem
from bookbuild.graph.task import Task
from bookbuild.providers import StoryRequest

if TYPE_CHECKING:
    from bookbuild.engine.executor import TaskContext
    from bookbuild.graph.task import Graph
    from bookbuild.project import Project
    from bookbuild.spec.model import Book

VERSION = "1"


def story_id(book: Book) -> str:
    return f"{book.slug}/story"


@hookimpl
def add_tasks(book: Book, graph: Graph, project: Project) -> None:
    if book.type != "picture":
        return
    slots = project.story_slots(book)
    if book.pages:
        _check_fits(book, slots)
        params: dict[str, Any] = {"source": "pages", "pages": [_page_json(p) for p in book.pages]}
        graph.add(Task(story_id(book), "story", __name__, VERSION, params, _from_pages, book=book.slug, label="pages", preview=True))
        return
    provider = project.provider
    request = brief(book, slots)
    params = {"source": "provider", "provider": provider.name, "provider_version": provider.version, "provider_params": provider.params("story"), "request": request.to_json()}
    graph.add(Task(story_id(book), "story", __name__, VERSION, params, _generate(provider, request), book=book.slug, label="story", costly=provider.name != "offline"))


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
    )


def _check_fits(book: Book, slots: int) -> None:
    if len(book.pages) > slots:
        problem = SpecProblem(book.source, None, "page_count", f"{len(book.pages)} story pages do not fit in {book.page_count} pages (the theme adds {book.page_count - slots})", f"raise page_count to {len(book.pages) + book.page_count - slots + (len(book.pages) + book.page_count - slots) % 2} or remove pages")
        raise SpecError([problem])


def _page_json(page) -> dict[str, Any]:
    return {"number": page.number, "text": page.text, "illustration": page.illustration, "characters": list(page.characters) if page.characters is not None else None, "text_position": page.text_position}


def _from_pages(ctx: TaskContext) -> Output:
    return Output(value={"pages": ctx.task.params["pages"]})


def _generate(provider, request: StoryRequest):
    def run(ctx: TaskContext) -> Output:
        result = provider.write_story(request)
        check_story(ctx.project, ctx.book, result.value)
        pages = [
            {"number": i, "text": p["text"], "illustration": p.get("illustration", ""), "characters": None, "text_position": "bottom"}
            for i, p in enumerate(result.value, 1)
        ]
        return Output(value={"pages": pages}, usage=result.usage)

    return run


def check_story(project: Project, book: Book, pages: list[dict[str, Any]]) -> None:
    """Every generated text and prompt passes the safety hooks before it can reach a page."""
    problems = []
    for number, page in enumerate(pages, 1):
        for kind, text in (("story text", page.get("text", "")), ("illustration prompt", page.get("illustration", ""))):
            for finding in (f for group in project.pm.hook.check_generated(book=book, kind=kind, text=text, project=project) for f in group or ()):
                if finding.severity == "error":
                    problems.append(f"page {number}: {finding.message}")
    if problems:
        raise BuildError("the generated story did not pass the safety checks:\n  " + "\n  ".join(problems))


def characters_shown(page: dict[str, Any], book: Book) -> list[tuple[str, str]]:
    """(name, visual) of the characters on a page: listed in its front matter, else named in its prompt."""
    names = page.get("characters")
    if names is None:
        prompt = page.get("illustration") or page.get("text", "")
        names = [c.name for c in book.characters if re.search(rf"\b{re.escape(c.name)}\b", prompt, re.IGNORECASE)]
    shown = [book.character(n) for n in names]
    return [(c.name, c.visual) for c in shown if c is not None]
