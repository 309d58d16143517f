"""The watch loop: build once, then once per burst of saves, with the ordinary build.

Each rebuild opens the project afresh (settings, plugins/*.py, books), so an
edit to bookbuild.toml or a plugin counts like any other, and runs
bookbuild.engine.build.build: the same incremental engine and cache as
`bookbuild build`, no second build path. A spec error or a failed task ends that
rebuild, never the loop; the next save tries again.

The builds run on the thread that calls run(), the main thread in the CLI, so
Ctrl-C stops a build the way it stops `bookbuild build` (finished tasks stay
cached). File events arrive on watchdog's thread.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Sequence

from bookbuild.engine.reporter import Reporter
from bookbuild.errors import BookbuildError, SpecError
from .watcher import ChangeQueue, FileWatcher, WatchScope

if TYPE_CHECKING:
    from bookbuild.engine.build import BuildReport
    from bookbuild.engine.events import BuildEvent
    from bookbuild.errors import SpecProblem
    from bookbuild.project import Project
    from bookbuild.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Rebuild:
    """One run of the build, and what came of it."""

    number: int  # 0: the build at start
    changed: list[Path]
    settings: Settings | None = None  # None: bookbuild.toml itself could not be read
    report: BuildReport | None = None  # None: the specs stopped it before any task ran
    error: str = ""  # the spec or usage error that stopped it
    problems: list[SpecProblem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.report is not None and self.report.ok


class Listener(Protocol):
    """Who is told about rebuilds: the terminal, the preview page."""

    def reporter(self) -> Reporter: ...

    def started(self, rebuild: Rebuild) -> None: ...

    def finished(self, rebuild: Rebuild) -> None: ...


class TeeReporter(Reporter):
    """Hands every build event to several reporters."""

    def __init__(self, reporters: Sequence[Reporter]):
        self.reporters = list(reporters)

    def event(self, event: BuildEvent) -> None:
        for reporter in self.reporters:
            reporter.event(event)

    def close(self) -> None:
        for reporter in self.reporters:
            reporter.close()


class WatchLoop:
    def __init__(self, root: Path, names: Sequence[str], listeners: Sequence[Listener], queue: ChangeQueue | None = None):
        self.root = root
        self.names = tuple(names)
        self.listeners = list(listeners)
        self.queue = queue or ChangeQueue()
        self.watcher = FileWatcher(self.queue)
        self.rebuilds = 0

    def run(self) -> None:
        """Build now, then after every burst of saves, until stop() (or Ctrl-C)."""
        try:
            changed: list[Path] | None = []
            while changed is not None:
                self.rebuild(changed)
                if self.rebuilds == 1:
                    warm_up()
                changed = self.queue.wait()
        finally:
            self.watcher.stop()

    def stop(self) -> None:
        self.queue.close()

    def rebuild(self, changed: list[Path]) -> Rebuild:
        rebuild = Rebuild(self.rebuilds, changed)
        self.rebuilds += 1
        for listener in self.listeners:
            listener.started(rebuild)
        started = time.perf_counter()
        project = self._open(rebuild)
        self._follow(rebuild.settings)  # before the build: a save while it runs makes the next rebuild
        if project is not None:
            self._build(project, rebuild)
        rebuild.seconds = time.perf_counter() - started
        for listener in self.listeners:
            listener.finished(rebuild)
        return rebuild

    def _open(self, rebuild: Rebuild) -> Project | None:
        """The project read afresh: bookbuild.toml and plugins/ may have changed too."""
        from bookbuild.project import Project

        try:
            project = Project.open(self.root)
        except Exception as exc:  # noqa: BLE001 - reported by _failed, never the end of the loop
            _failed(rebuild, exc)
            return None
        rebuild.settings = project.settings
        return project

    def _build(self, project: Project, rebuild: Rebuild) -> None:
        from bookbuild.engine.build import build

        try:
            # Every PDFium use takes bookbuild.pdflock.LOCK itself: holding it for a whole
            # build would block the build's own checks, which run on other threads.
            rebuild.report = build(project, self.names, TeeReporter([listener.reporter() for listener in self.listeners]))
        except Exception as exc:  # noqa: BLE001 - reported by _failed, never the end of the loop
            _failed(rebuild, exc)
        finally:
            if "cache" in vars(project):  # opened (it is a cached_property): close it
                project.cache.close()

    def _follow(self, settings: Settings | None) -> None:
        """Watch what the settings name; with bookbuild.toml unreadable, keep the last folders (or the defaults)."""
        if settings is None and self.watcher.scope is None:
            from bookbuild.settings import CORE_FIELDS, Settings

            settings = Settings(self.root, {f.name: f.default for f in CORE_FIELDS})
        if settings is not None:
            self.watcher.follow(WatchScope.of(settings))


def _failed(rebuild: Rebuild, exc: Exception) -> None:
    """What stopped a rebuild, as the user should read it: a spec error with its problems, or one line."""
    if isinstance(exc, SpecError):
        rebuild.error, rebuild.problems = exc.format_message(), exc.problems
    elif isinstance(exc, BookbuildError):
        rebuild.error = exc.format_message()
    else:  # a plugin's bug: one line here, the traceback with -v
        log.debug("rebuild failed", exc_info=exc)
        rebuild.error = f"internal error: {type(exc).__name__}: {exc} (run with -v for details)"


def warm_up() -> None:
    """Ready the PDF renderer now, not on the first save: importing it, starting Pango and
    fontTools' table readers take most of a second, once per process. A throwaway page
    with an embedded font does all three; the build's own renders then start warm."""
    try:
        from weasyprint import HTML

        HTML(string="<p style='font-family: sans-serif'>warm-up</p>").write_pdf(full_fonts=True)
    except Exception:  # noqa: BLE001 - only an optimisation: the build reports a broken renderer itself
        log.debug("warm-up failed", exc_info=True)
