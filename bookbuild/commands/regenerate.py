"""`bookbuild regenerate`: a fresh version of one page's picture or text, on purpose.

Everything else is cached by content, so asking again would give the same
answer; this changes the page's spec (its ``variant``, or its text) so that the
next build asks the provider anew for that page only. New text comes from the
book type's ``regenerate_text_task``, run by the engine like any build task:
cached, within the budget, recorded in the book's manifest.
"""

from __future__ import annotations

import re
from pathlib import Path

from bookbuild.engine.artifacts import write_atomic
from bookbuild.errors import BuildError, UsageError
from bookbuild.project import Project
from bookbuild.kdp.preflight import fmt
from bookbuild.pagemap import page_file
from bookbuild.spec.model import Book, Page
from bookbuild.spec.pages import split_front_matter


FREE_TRIES = 8  # a free provider is asked again, with the next variants, until the page reads differently


def _page_path(project: Project, book: Book, number: int) -> Path:
    if not book.pages:
        never = project.settings.write_generated_pages == "never"
        fix = 'set write_generated_pages = "always" in bookbuild.toml and build once' if never else "build it once"
        raise UsageError(f"{book.slug}'s story is not in page files yet, so there is no page to change; {fix} to write it to {project.rel(book.root / 'pages')}/")
    for page in book.pages:
        if page.number == number:
            return book.root / "pages" / Path(page.source).name
    numbers = fmt.pages(p.number for p in book.pages)
    raise UsageError(f"{book.slug} has no page file numbered {number} (pages/{number:02d}.md); --page takes a page file's number: {numbers}")


def regenerate(project: Project, slug: str, number: int, text: bool, picture: bool, max_cost: float | None = None) -> list[str]:
    (book,) = project.load_books([slug])
    path = _page_path(project, book, number)
    page = next(p for p in book.pages if p.number == number)
    where = _label(project, book, page)
    front, body = _read(path)
    done = []
    if text:
        variant, new_text = _fresh_text(project, book, page, max_cost)
        front = _set_key(front, "text_variant", variant)
        provider = project.provider_for(book)
        front = _set_key(front, "draft", provider.name) if provider.proof else _drop_key(front, "draft")  # a proof's words say so
        if new_text.strip() == page.text.strip():
            done.append(f"{where}: the {project.provider_for(book).name} provider wrote the same text again; the page is unchanged (write it yourself, or change the brief)")
        else:
            body = new_text
            done.append(f"{where}: new text written (text_variant {variant}; the old text is in git)")
    if picture:
        front = _set_key(front, "variant", page.variant + 1)
        done.append(f"{where}: variant {page.variant + 1}: the next build draws a new picture for this page")
    _write(path, front, body)
    return done


def _label(project: Project, book: Book, page: Page) -> str:
    """'page 7 (pages/05.md)': the printed page and the file, as findings name them."""
    from bookbuild.engine.build import plan_graph
    from bookbuild.graph import ids
    from bookbuild.pagemap import PageMap

    pages = PageMap.of_task(book, plan_graph(project, [book]).tasks.get(ids.interior(book)))
    printed = pages.printed(book.pages.index(page) + 1)
    return pages.label(printed) if printed is not None else page_file(page.source)


def _fresh_text(project: Project, book: Book, page: Page, max_cost: float | None) -> tuple[int, str]:
    """(the variant that gave it, the new text). A paid provider is asked once; a free one
    again with the next variants until the text differs (a short page has few ways to say it)."""
    from bookbuild.engine.build import run_tasks

    index = book.pages.index(page)
    variant, tries = page.text_variant, FREE_TRIES
    while True:
        variant += 1
        task = project.pm.hook.regenerate_text_task(book=book, project=project, number=page.number, variant=variant)
        if task is None:
            raise UsageError(f"{book.slug} is a {book.type} book: no plugin writes new page text for it")
        result = run_tasks(project, book, [task], max_cost)[task.id]
        if result.output is None:
            raise BuildError(f"no new text for {page_file(page.source)}: {result.error}")
        text = result.output.value["pages"][index]["text"]
        tries -= 1
        if text.strip() != page.text.strip() or task.costly or tries == 0:
            return variant, text


def _read(path: Path) -> tuple[str, str]:
    front, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return front, body


def _drop_key(front: str, key: str) -> str:
    return re.sub(rf"^{re.escape(key)}\s*:.*\n?", "", front, flags=re.MULTILINE)


def _set_key(front: str, key: str, value: int | str) -> str:
    """Set a top-level key in the front matter text, keeping its comments and layout."""
    line = f"{key}: {value}"
    pattern = re.compile(rf"^{re.escape(key)}\s*:.*$", re.MULTILINE)
    if pattern.search(front):
        return pattern.sub(line, front, count=1)
    return (front if not front or front.endswith("\n") else front + "\n") + line + "\n"


def _write(path: Path, front: str, body: str) -> None:
    write_atomic(path, f"---\n{front}---\n{body.strip()}\n".encode())
