"""`bookbuild diff`, top to bottom.

1. find the git repository; resolve BASE (and HEAD, or take the working tree)
2. list the files that differ; a book changed if its folder did, every book if
   bookbuild.toml, the themes or the repository's plugins did
3. export BASE (and HEAD) with git archive into a temporary folder
4. build the changed books on both sides into out/base and out/head, sharing
   the user's cache; the head's paid tasks whose keys the base lacks are the
   AI calls the change adds
5. compare each book (compare.py) and write report.md, report.html and the PNGs
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import compare, report
from bookbuild.engine.flights import Flights
from bookbuild.errors import UsageError
from .git import WORKING_TREE, Change, Repo
from .model import DiffReport
from .sides import Side, open_side
from .textdiff import book_diffs, file_diffs

if TYPE_CHECKING:
    from bookbuild.project import Project
    from bookbuild.shard import Shard

SHARED_FILES = ("bookbuild.toml",)
SHARED_DIRS = ("themes_dir", "plugins_dir")


@dataclass(frozen=True)
class DiffOptions:
    base: str
    head: str | None  # None: the working tree
    out: Path
    dpi: float = 72
    threshold: int = 32
    shard: Shard | None = None  # only the changed books in this shard


def run_diff(project: Project, options: DiffOptions) -> DiffReport:
    """``project``: the user's book repository as it is on disk (its cache is the shared one)."""
    started = time.perf_counter()
    repo = Repo.find(project.root)
    base_sha = repo.resolve(options.base)
    head_sha = repo.resolve(options.head) if options.head else None
    changes = repo.changes(base_sha, head_sha)
    out = options.out.resolve()
    _clear_previous(out)
    sides: list[Side] = []
    flights = Flights()  # both sides: a request is made once, a failed paid one not again
    with tempfile.TemporaryDirectory(prefix="bookbuild-diff-") as tmp:
        try:
            for name, sha in (("base", base_sha), ("head", head_sha)):
                sides.append(_side(name, repo, sha, Path(tmp), project, out, flights))
            diff = _diff(sides[0], sides[1], changes, out, options)
        finally:
            for side in sides:
                side.close()
    diff.seconds = time.perf_counter() - started
    report.write(diff, out)
    return diff


def _side(name: str, repo: Repo, sha: str | None, tmp: Path, user: Project, out: Path, flights: Flights) -> Side:
    """A revision exported and opened (sha None: the user's project, in place)."""
    from bookbuild.errors import SpecError
    from bookbuild.project import Project

    label = _describe(repo, sha)
    try:
        project = user if sha is None else Project.open(repo.export(sha, tmp / name))
    except SpecError as exc:  # a broken bookbuild.toml or plugin: there is no side to build
        raise UsageError(f"the {name} ({label}) cannot be opened: {exc.format_message()}") from None
    return open_side(name, label, project, out, user.settings.cache_path, flights)


def _diff(base: Side, head: Side, changes: list[Change], out: Path, options: DiffOptions) -> DiffReport:
    slugs = books_changed(changes, base, head)
    if options.shard is not None:
        slugs = set(options.shard.select(slugs))
    in_base, in_head = slugs & base.slugs(), slugs & head.slugs()
    base.build(in_base & in_head)
    base.load(in_base - in_head)  # deleted: its facts, never a build
    head.build(in_head)
    canvas = compare.Canvas(out, options.dpi, options.threshold)
    diff = DiffReport(base=base.label, head=head.label)
    base_keys = base.task_keys()
    for slug in sorted(slugs):
        book = compare.compare_book(slug, base.books.get(slug), head.books.get(slug), canvas, base_keys)
        mine = [c for c in changes if _book_folder(c.path, base, head).rpartition("/")[2] == slug]
        folder = _book_folder(mine[0].path, base, head) if mine else ""
        book.files = book_diffs(mine, base.project.root, head.project.root, folder)
        diff.books.append(book)
    diff.shared_files = file_diffs([c for c in changes if _shared(c.path, base, head)], base.project.root, head.project.root)
    diff.spent = {side.name: _spent(side) for side in (base, head)}
    return diff


def books_changed(changes: list[Change], base: Side, head: Side) -> set[str]:
    """Books whose folder differs; every book when an input they all share differs."""
    books = base.slugs() | head.slugs()
    if any(_shared(c.path, base, head) for c in changes):
        return books
    return {slug for c in changes if (slug := _book_folder(c.path, base, head).rpartition("/")[2]) in books}


def _book_folder(path: str, base: Side, head: Side) -> str:
    """The book folder a changed file is in ("books/fox"), or "" when it is in none."""
    for side in (head, base):
        books = side.rel_dir("books_dir")
        books += "/" if books else ""
        if path.startswith(books) and "/" in path[len(books) :]:
            return books + path[len(books) :].split("/", 1)[0]
    return ""


def _shared(path: str, base: Side, head: Side) -> bool:
    if path in SHARED_FILES:
        return True
    return any(path.startswith(side.rel_dir(key) + "/") for side in (base, head) for key in SHARED_DIRS)


def _spent(side: Side) -> float:
    return round(sum(b.report.totals["cost"] for b in side.books.values() if b.report), 4)


def _describe(repo: Repo, sha: str | None) -> str:
    if sha is None:
        return WORKING_TREE
    return f"{repo.short(sha)} ({repo.subject(sha)})"


def _clear_previous(out: Path) -> None:
    """Remove what an earlier diff wrote here (not the built PDFs: they are reused)."""
    shutil.rmtree(out / "images", ignore_errors=True)
    for name in (report.MARKDOWN, report.HTML):
        (out / name).unlink(missing_ok=True)
