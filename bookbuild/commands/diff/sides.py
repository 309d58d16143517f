"""The two sides of a diff: a book repository at a revision, opened and built.

Both sides use the user's cache, so a task the base and the head share (every
picture a change did not touch) is made once, and a base that was built before
costs nothing. The sides are built one after the other and share one set of
flights (single-flight, engine/flights.py): the head takes from the cache what
the base made, and a paid request that failed on the base is not made again for
the head. Each side publishes into its own folder under --out, never into the
user's build/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from bookbuild.errors import SpecError

from bookbuild.engine.flights import Flights

if TYPE_CHECKING:
    from bookbuild.engine.build import BookReport
    from bookbuild.engine.executor import TaskResult
    from bookbuild.project import Project
    from bookbuild.spec.model import Book


@dataclass
class BookSide:
    """One book on one side: built (report), or why it could not be."""

    slug: str
    report: BookReport | None = None
    error: str = ""  # spec problems, or the tasks that failed
    loaded: Book | None = None  # a book only read, not built (one the change deletes)

    @property
    def book(self) -> Book | None:
        return self.report.book if self.report else self.loaded

    def published(self, name: str) -> bytes | None:
        """A file the build publishes (interior.pdf, cover.pdf), from the cache."""
        for result in self.report.results if self.report else ():
            if name in result.task.publish and result.output is not None:
                return result.output.file(result.task.publish[name])
        return None

    def result(self, kind: str) -> TaskResult | None:
        return next((r for r in self.report.results if r.task.kind == kind), None) if self.report else None


@dataclass
class Side:
    name: str  # "base" or "head"
    label: str  # what the report calls it: "a1b2c3d (commit subject)" or "working tree"
    project: Project
    books: dict[str, BookSide] = field(default_factory=dict)
    flights: Flights = field(default_factory=Flights)  # shared by both sides: one request, one run

    def slugs(self) -> set[str]:
        from bookbuild.spec import discover

        return {folder.name for folder in discover(self.project.settings)}

    def rel_dir(self, key: str) -> str:
        """A folder setting (books_dir, themes_dir, ...) relative to the repository, for matching git paths."""
        rel = Path(self.project.settings.values[key]).as_posix().strip("/")
        return "" if rel == "." else rel

    def build(self, slugs: Iterable[str]) -> None:
        slugs = sorted(slugs)
        if slugs:
            self.books.update(_run(self.project, slugs, self.flights))

    def task_keys(self) -> set[str]:
        """The cache key of every task this side built: what it already had made."""
        return {r.key for b in self.books.values() if b.report for r in b.report.results if r.key}

    def load(self, slugs: Iterable[str]) -> None:
        """Read books without building them: a deleted book's facts need no PDF, nor its AI calls."""
        for slug in sorted(slugs):
            try:
                self.books[slug] = BookSide(slug, loaded=self.project.load_books([slug])[0])
            except SpecError as exc:
                self.books[slug] = BookSide(slug, error=exc.format_message())

    def close(self) -> None:
        self.project.cache.close()


def open_side(name: str, label: str, project: Project, out: Path, cache_dir: Path, flights: Flights) -> Side:
    """Point the project's build output at out/<name> and its cache at the shared one."""
    project.redirect(out / name, cache_dir)
    return Side(name, label, project, flights=flights)


def _run(project: Project, slugs: list[str], flights: Flights) -> dict[str, BookSide]:
    """Build the books together; on spec problems, one by one, so each book gets its own message."""
    from bookbuild.engine.build import build

    try:
        report = build(project, slugs, flights=flights)
    except SpecError as exc:
        if len(slugs) == 1:
            return {slugs[0]: BookSide(slugs[0], error=exc.format_message())}
        return {slug: side for one in slugs for slug, side in _run(project, [one], flights).items()}
    return {b.book.slug: BookSide(b.book.slug, b, error=_failures(b)) for b in report.books}


def _failures(report: BookReport) -> str:
    """The tasks that failed themselves (not those that only waited on them)."""
    causes = [r for r in report.results if r.status == "failed"] or report.failed
    return "\n".join(f"{r.task.name}: {r.error}" for r in causes)
