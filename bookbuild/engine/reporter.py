"""Progress: a bar per book on a terminal (tqdm), nothing per task in CI or a pipe."""

from __future__ import annotations

import os
import sys
from typing import Any

from .events import BuildEvent


class Reporter:
    """Receives every build event; subclasses show progress. This one is silent."""

    def event(self, event: BuildEvent) -> None:
        pass

    def close(self) -> None:
        pass


class TerminalReporter(Reporter):
    def __init__(self, stream: Any = None):
        self.stream = stream or sys.stderr
        self.bars: dict[str, Any] = {}

    def event(self, event: BuildEvent) -> None:
        if event.kind == "build-started":
            from tqdm import tqdm

            for position, (book, total) in enumerate(event.data["tasks"].items()):
                self.bars[book] = tqdm(total=total, desc=book, unit="task", position=position, leave=True, file=self.stream, dynamic_ncols=True)
        elif event.kind in ("task-finished", "task-failed") and event.book in self.bars:
            bar = self.bars[event.book]
            bar.set_postfix_str(event.task.split("/", 1)[-1] + (" (cached)" if event.cached else ""), refresh=False)
            bar.update(1)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
        self.bars.clear()


def wants_progress(stream: Any = None) -> bool:
    stream = stream or sys.stderr
    return hasattr(stream, "isatty") and stream.isatty() and not os.environ.get("CI")
