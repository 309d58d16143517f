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
from bookbuild.spec.model import Book
from bookbuild.spec.pages import split_front_matter


def page_file(book: Book, number: int) -> Path:
    if not book.pages:
        raise UsageError(
            f"{book.slug}'s story is written anew from book.yaml on each build, so it has no page files to change; "
            'set write_generated_pages = "always" in bookbuild.toml and build once to write them to pages/'
        )
    for page in book.pages:
        if page.number == number:
            return book.root / "pages" / Path(page.source).name
    raise UsageError(f"{book.slug} has no page {number}; its pages are {', '.join(str(p.number) for p in book.pages)}")


def regenerate(project: Project, slug: str, number: int, text: bool, picture: bool, max_cost: float | None = None) -> list[str]:
    (book,) = project.load_books([slug])
    path = page_file(book, number)
    page = next(p for p in book.pages if p.number == number)
    front, body = _read(path)
    done = []
    if text:
        variant = page.text_variant + 1
        new_text = _fresh_text(project, book, number, variant, max_cost)
        front = _set_key(front, "text_variant", variant)
        if new_text.strip() == page.text.strip():
            done.append(f"{project.rel(path)}: the provider ({project.provider.name}) wrote the same text again; the page is unchanged")
        else:
            body = new_text
            done.append(f"{project.rel(path)}: new text written (the old text is in git)")
    if picture:
        front = _set_key(front, "variant", page.variant + 1)
        done.append(f"{project.rel(path)}: variant {page.variant + 1}: the next build draws a new picture for this page")
    _write(path, front, body)
    return done


def _fresh_text(project: Project, book: Book, number: int, variant: int, max_cost: float | None) -> str:
    from bookbuild.engine.build import run_tasks

    task = project.pm.hook.regenerate_text_task(book=book, project=project, number=number, variant=variant)
    if task is None:
        raise UsageError(f"{book.slug} is a {book.type} book: no plugin writes new page text for it")
    result = run_tasks(project, book, [task], max_cost)[task.id]
    if result.output is None:
        raise BuildError(f"no new text for page {number}: {result.error}")
    index = [p.number for p in book.pages].index(number)
    return result.output.value["pages"][index]["text"]


def _read(path: Path) -> tuple[str, str]:
    front, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return front, body


def _set_key(front: str, key: str, value: int) -> str:
    """Set a top-level key in the front matter text, keeping its comments and layout."""
    line = f"{key}: {value}"
    pattern = re.compile(rf"^{re.escape(key)}\s*:.*$", re.MULTILINE)
    if pattern.search(front):
        return pattern.sub(line, front, count=1)
    return (front if not front or front.endswith("\n") else front + "\n") + line + "\n"


def _write(path: Path, front: str, body: str) -> None:
    write_atomic(path, f"---\n{front}---\n{body.strip()}\n".encode())
