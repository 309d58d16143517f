"""Progress of a long build: bars with an ETA on a terminal (tqdm), plain lines in CI.

On a terminal each book gets a bar (tasks done of its tasks, the task now
finishing, the time left), and a build of several books a bar for all of them
on top. In CI or a pipe there is no terminal to redraw: a long build prints a
plain line every PLAIN_EVERY_S seconds instead (books done, tasks done, the time
left), and a short one prints nothing, so logs stay readable.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any, Callable

from .events import BuildEvent

PLAIN_EVERY_S = 15.0  # a line this often in CI: enough to see a long AI build move
MAX_BOOK_BARS = 8  # more books than this: only the bar for all of them (and the current book)


class Reporter:
    """Receives every build event; subclasses show progress. This one is silent."""

    def event(self, event: BuildEvent) -> None:
        pass

    def close(self) -> None:
        pass


class Progress:
    """Tasks done per book and the time left, from the rate tasks finish at so far."""

    def __init__(self, totals: dict[str, int], clock: Callable[[], float]):
        self.totals = dict(totals)
        self.done = {book: 0 for book in totals}
        self.clock = clock
        self.started = clock()
        self.first_ran: float | None = None  # cached tasks finish at once: the rate counts from the first real one
        self.ran = 0

    def finished(self, event: BuildEvent) -> None:
        if event.book in self.done:
            self.done[event.book] += 1
        if not event.cached:
            self.ran += 1
            self.first_ran = self.first_ran if self.first_ran is not None else self.clock() - event.seconds

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    @property
    def count(self) -> int:
        return sum(self.done.values())

    def books_done(self) -> int:
        return sum(self.done[b] >= self.totals[b] for b in self.totals)

    def seconds_left(self) -> float | None:
        """None until a task has really run (a rate from cached tasks alone means nothing)."""
        if not self.ran or self.first_ran is None:
            return None
        spent = max(self.clock() - self.first_ran, 1e-6)
        return (self.total - self.count) * spent / self.ran


def duration(seconds: float) -> str:
    """'45s', '3m 05s', '1h 02m'."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m {seconds % 60:02d}s"
    return f"{seconds // 3600}h {seconds % 3600 // 60:02d}m"


class TerminalReporter(Reporter):
    """tqdm bars: one per book (up to MAX_BOOK_BARS), and one for the whole build of several books."""

    def __init__(self, stream: Any = None):
        self.stream = stream or sys.stderr
        self.bars: dict[str, Any] = {}
        self.overall: Any = None

    def event(self, event: BuildEvent) -> None:
        if event.kind == "build-started":
            from tqdm import tqdm

            tasks: dict[str, int] = event.data["tasks"]
            position = 0
            if len(tasks) > 1:
                self.overall = tqdm(total=sum(tasks.values()), desc=f"{len(tasks)} books", unit="task", position=0, leave=True, file=self.stream, dynamic_ncols=True)
                position = 1
            if len(tasks) <= MAX_BOOK_BARS:
                for offset, (book, total) in enumerate(tasks.items()):
                    self.bars[book] = tqdm(total=total, desc=book, unit="task", position=position + offset, leave=True, file=self.stream, dynamic_ncols=True)
        elif event.kind in ("task-finished", "task-failed"):
            task = event.task.split("/", 1)[-1] + (" (cached)" if event.cached else "")
            if event.book in self.bars:
                self.bars[event.book].set_postfix_str(task, refresh=False)
                self.bars[event.book].update(1)
            if self.overall is not None:
                self.overall.set_postfix_str(f"{event.book}: {task}", refresh=False)
                self.overall.update(1)

    def close(self) -> None:
        for bar in [*self.bars.values(), *([self.overall] if self.overall is not None else [])]:
            bar.close()
        self.bars.clear()
        self.overall = None


class PlainReporter(Reporter):
    """CI logs: every PLAIN_EVERY_S seconds one line of progress; nothing for a short build."""

    def __init__(self, stream: Any = None, every: float | None = None, clock: Callable[[], float] = time.monotonic):
        self.stream = stream or sys.stderr
        self.every = PLAIN_EVERY_S if every is None else every
        self.clock = clock
        self.progress: Progress | None = None
        self.last = 0.0

    def event(self, event: BuildEvent) -> None:
        if event.kind == "build-started":
            self.progress = Progress(event.data["tasks"], self.clock)
            self.last = self.progress.started
        elif event.kind in ("task-finished", "task-failed") and self.progress is not None:
            self.progress.finished(event)
            if self.clock() - self.last >= self.every and self.progress.count < self.progress.total:
                self.last = self.clock()
                print(self.line(), file=self.stream, flush=True)

    def line(self) -> str:
        p = self.progress
        assert p is not None
        books = [f"{b} {p.done[b]}/{p.totals[b]}" for b in p.totals if 0 < p.done[b] < p.totals[b]]
        left = p.seconds_left()
        eta = f", about {duration(left)} left" if left is not None else ""
        shown = "; ".join(books[:3]) + (f" and {len(books) - 3} more" if len(books) > 3 else "")
        return f"progress: {p.books_done()}/{len(p.totals)} books, {p.count}/{p.total} tasks{eta}" + (f" ({shown})" if shown else "")


def wants_progress(stream: Any = None) -> bool:
    stream = stream or sys.stderr
    return hasattr(stream, "isatty") and stream.isatty() and not os.environ.get("CI")


def for_console(stream: Any = None) -> Reporter:
    """Bars on a terminal, plain lines in CI or a pipe."""
    return TerminalReporter(stream) if wants_progress(stream) else PlainReporter(stream)
