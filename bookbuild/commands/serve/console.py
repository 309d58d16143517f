"""What `bookbuild watch` prints: the saves, then per book what was rebuilt and how long it took."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import click

from bookbuild.engine.reporter import Reporter, TerminalReporter, wants_progress
from .secrets import redact
from .watcher import WatchScope

if TYPE_CHECKING:
    from bookbuild.engine.build import BookReport
    from .loop import Rebuild

SHOWN_PATHS = 3  # changed files named on one line; the rest are counted


class ConsoleListener:
    def __init__(self, root: Path, echo: Callable[..., None] = click.echo):
        self.root = root
        self.echo = echo

    def reporter(self) -> Reporter:
        return TerminalReporter() if wants_progress() else Reporter()

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
        for book in rebuild.report.books:
            self._book(book)
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
            page = f"page {finding.page}: " if finding.page is not None else ""
            self.echo(f"    {finding.severity} [{finding.rule}] {page}{finding.message}")

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
