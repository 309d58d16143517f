"""What `bookbuild watch` prints: the saves, then per book what was rebuilt and how long it took."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import click

from bookbuild.engine.reporter import Reporter, for_console
from .secrets import redact
from .watcher import WatchScope

if TYPE_CHECKING:
    from bookbuild.engine.build import BookReport
    from .loop import Rebuild

SHOWN_PATHS = 3  # changed files named on one line; the rest are counted
SHOWN_PAGES = 6  # changed pages named after a rebuild; the rest are counted


class ConsoleListener:
    def __init__(self, root: Path, echo: Callable[..., None] = click.echo):
        self.root = root
        self.echo = echo
        self.signatures: dict[str, list[str]] = {}  # each book's interior pages as last seen

    def reporter(self) -> Reporter:
        return for_console()

    def started(self, rebuild: Rebuild) -> None:
        if rebuild.changed:
            self.echo(f"{_clock()} changed: {self._paths(rebuild.changed)}")

    def finished(self, rebuild: Rebuild) -> None:
        if rebuild.report is None:
            self.echo(redact(f"{_clock()} Error: {rebuild.error}"), err=True)
            self.echo("  not rebuilt; still watching: fix it and save again", err=True)
            if rebuild.number == 0:
                self.echo("watching (Ctrl-C to stop)")
            return
        build_dir = rebuild.settings.path("build_dir") if rebuild.settings is not None else self.root / "build"
        for book in rebuild.report.books:
            self._book(book)
            self._pages(book, build_dir / book.book.slug / "interior.pdf", first=rebuild.number == 0)
        if not rebuild.report.books:
            self.echo("  no books yet: make one with `bookbuild new books/<slug>`")
        self.echo(f"{_clock()} {'built' if rebuild.number == 0 else 'rebuilt'} in {rebuild.seconds:.2f}s")
        if rebuild.number == 0 and rebuild.settings is not None:
            self.echo(f"watching {WatchScope.of(rebuild.settings).describe()} (Ctrl-C to stop)")

    def _book(self, book: BookReport) -> None:
        slug = book.book.slug
        if book.failed:
            self.echo(f"  {slug}: FAILED", err=True)
            for result in book.failed:
                self.echo(redact(f"    {result.task.name}: {result.error}"), err=True)
            return
        ran = [r.task.name for r in book.results if r.status == "ran"]
        what = f"rebuilt {_names(ran)}" if ran else "up to date"
        files = ", ".join(book.published)
        self.echo(f"  {slug}: {what}" + (f" -> {files}" if files else ""))
        for finding in book.findings:
            self.echo(f"    {finding}")

    def _pages(self, book: BookReport, pdf: Path, first: bool) -> None:
        """Which printed pages a rebuild changed, each with its file: 'page 5 (pages/03.md)'."""
        from .pages import page_signatures

        slug = book.book.slug
        if book.failed or not pdf.is_file() or (slug in self.signatures and "interior.pdf" not in book.published):
            return
        now = page_signatures(pdf.read_bytes())
        before = self.signatures.get(slug)
        self.signatures[slug] = now
        if before is None or first:
            return
        changed = [n for n in range(1, max(len(before), len(now)) + 1) if before[n - 1 : n] != now[n - 1 : n]]
        if changed:
            shown = ", ".join(book.pages.label(n) for n in changed[:SHOWN_PAGES])
            more = f" and {len(changed) - SHOWN_PAGES} more" if len(changed) > SHOWN_PAGES else ""
            self.echo(f"    printed {'page' if len(changed) == 1 else f'pages ({len(changed)})'} changed: {shown}{more}")
        else:
            self.echo("    no printed page changed")

    def _paths(self, paths: list[Path]) -> str:
        shown = [str(p.relative_to(self.root)) if p.is_relative_to(self.root) else str(p) for p in paths[:SHOWN_PATHS]]
        more = len(paths) - len(shown)
        return ", ".join(shown) + (f" (+{more} more)" if more else "")


def _names(names: list[str]) -> str:
    """'interior, story, validate'; many tasks of one kind as 'illustration x29'."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name.split(":", 1)[0], []).append(name)
    parts = []
    for kind, members in groups.items():
        parts.append(members[0] if len(members) == 1 else f"{kind} x{len(members)}")
    return ", ".join(parts)


def _clock() -> str:
    return time.strftime("%H:%M:%S")
