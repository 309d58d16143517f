"""Fixtures for the live preview: the watch loop (and the server) running on a scratch repository."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bookbuild.commands.serve.loop import Rebuild, WatchLoop
from bookbuild.commands.serve.server import PreviewServer
from bookbuild.commands.serve.state import PreviewListener, PreviewState

TIMEOUT_S = 30  # one rebuild of the small book takes about a second; this is for a very busy machine


class Recorder:
    """A listener that keeps every finished rebuild, for tests to wait on."""

    def __init__(self) -> None:
        self.rebuilds: list[Rebuild] = []
        self._cond = threading.Condition()

    def reporter(self):
        from bookbuild.engine.reporter import Reporter

        return Reporter()

    def started(self, rebuild: Rebuild) -> None:
        pass

    def finished(self, rebuild: Rebuild) -> None:
        with self._cond:
            self.rebuilds.append(rebuild)
            self._cond.notify_all()

    def wait(self, count: int, timeout: float = TIMEOUT_S) -> Rebuild:
        """The count-th rebuild (1: the build at start), once it has finished."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self.rebuilds) >= count, timeout):
                raise AssertionError(f"rebuild {count} did not finish in {timeout}s (done: {len(self.rebuilds)})")
            return self.rebuilds[count - 1]


@dataclass
class Running:
    root: Path
    loop: WatchLoop
    recorder: Recorder
    state: PreviewState | None = None
    server: PreviewServer | None = None
    thread: threading.Thread = field(init=False)

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url


def _start(root: Path, serve: bool) -> Running:
    recorder = Recorder()
    listeners: list = [recorder]
    state = server = None
    if serve:
        state = PreviewState(root / "build")
        server = PreviewServer(state, "127.0.0.1", 0)
        server.start()
        listeners.insert(0, PreviewListener(state, root))
    running = Running(root, WatchLoop(root, (), listeners), recorder, state, server)
    running.thread = threading.Thread(target=running.loop.run, name="watch-loop", daemon=True)
    running.thread.start()
    return running


def _stop(running: Running) -> None:
    running.loop.stop()
    running.thread.join(TIMEOUT_S)
    if running.server is not None:
        running.server.stop()
    assert not running.thread.is_alive(), "the watch loop did not stop"


@pytest.fixture
def watching(built_copy):
    """`bookbuild watch` in-process on a built copy of the small book."""
    running = _start(built_copy, serve=False)
    yield running
    _stop(running)


@pytest.fixture
def serving(built_copy):
    """`bookbuild serve --port 0` in-process on a built copy of the small book."""
    running = _start(built_copy, serve=True)
    yield running
    _stop(running)
