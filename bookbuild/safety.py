"""Child safety, dispatched by the core: every text a generator writes passes the
``check_generated`` hook of every plugin before it can reach a page.

A task whose output has been screened names the checks that passed it in its key
(``checks()``), so a newly added safety plugin screens what is already cached.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bookbuild.pluginmanager import implementers

if TYPE_CHECKING:
    from bookbuild.findings import Finding
    from bookbuild.project import Project
    from bookbuild.spec.model import Book


def checks(project: Project) -> list[list[str]]:
    """[plugin name, version] of every safety check: part of the key of screened output."""
    return implementers(project.pm, "check_generated")


def screen(project: Project, book: Book, kind: str, text: str) -> list[Finding]:
    """Every plugin's findings about one generated text ("story text", "illustration prompt")."""
    return [f for group in project.pm.hook.check_generated(book=book, kind=kind, text=text, project=project) for f in group or ()]


def story_problems(project: Project, book: Book, pages: list[dict[str, Any]], first: int = 1) -> list[str]:
    """One line per error in the story's texts and prompts: "page N: what was found"."""
    problems = []
    for number, page in enumerate(pages, first):
        for kind, text in (("story text", page.get("text", "")), ("illustration prompt", page.get("illustration", ""))):
            problems += [f"page {number}: {f.message}" for f in screen(project, book, kind, text) if f.severity == "error"]
    return problems
