"""`bookbuild regenerate`: a fresh version of one page's picture or text, on purpose.

Everything else is cached by content, so asking again would give the same
answer; this changes the page's spec (its `variant`, or its text) so that the
next build asks the provider anew for that page only.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bookbuild.errors import UsageError
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


def regenerate(project: Project, slug: str, number: int, text: bool, picture: bool) -> list[str]:
    (book,) = project.load_books([slug])
    path = page_file(book, number)
    front, body = _read(path)
    done = []
    if picture:
        front["variant"] = int(front.get("variant") or 0) + 1
        done.append(f"{project.rel(path)}: variant {front['variant']}: the next build draws a new picture for this page")
    if text:
        body = _fresh_text(project, book, number, int(front.get("text_variant") or 0) + 1)
        front["text_variant"] = int(front.get("text_variant") or 0) + 1
        done.append(f"{project.rel(path)}: new text written (the old text is in git)")
    _write(path, front, body)
    return done


def _fresh_text(project: Project, book: Book, number: int, variant: int) -> str:
    from bookbuild.plugins.picture_book.story import brief, story_problems

    index = [p.number for p in book.pages].index(number)
    request = replace(brief(book, len(book.pages)), seed=f"{book.seed or book.title}#page{number}v{variant}")
    result = project.provider_for(book).write_story(request)
    pages = result.value["pages"] if isinstance(result.value, dict) else result.value
    problems = story_problems(project, book, [pages[index]])
    if problems:
        raise UsageError(f"the new text for page {number} did not pass the safety checks ({'; '.join(problems)}); try again")
    return pages[index]["text"]


def _read(path: Path) -> tuple[dict, str]:
    import yaml

    front, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return (yaml.safe_load(front) or {}), body


def _write(path: Path, front: dict, body: str) -> None:
    import yaml

    from bookbuild.engine.artifacts import write_atomic

    head = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    write_atomic(path, f"---\n{head}---\n{body.strip()}\n".encode())
