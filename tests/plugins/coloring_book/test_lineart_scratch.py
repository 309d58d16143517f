"""lineart.scratch: the allocator's settings for page-sized scratch arrays, set while any
block is open in the process and put back when the last one closes (threads overlap:
the build's own process may draw a picture while it checks a PDF)."""

from __future__ import annotations

import threading

import pytest

from bookbuild.engine import memory
from bookbuild.plugins.coloring_book.lineart import scratch


class _Libc:
    def __init__(self):
        self.calls: list[tuple] = []

    def mallopt(self, option, value):
        self.calls.append(("mallopt", option, value))
        return 1

    def malloc_trim(self, pad):
        self.calls.append(("trim", pad))
        return 1


@pytest.fixture
def libc(monkeypatch):
    fake = _Libc()
    monkeypatch.setattr(scratch, "_libc", lambda: fake)
    return fake


RAISED = [("mallopt", memory.M_MMAP_THRESHOLD, scratch.SCRATCH_MMAP), ("mallopt", scratch.M_TRIM_THRESHOLD, scratch.SCRATCH_TRIM)]
RESTORED = [("mallopt", memory.M_MMAP_THRESHOLD, memory.MMAP_THRESHOLD), ("mallopt", scratch.M_TRIM_THRESHOLD, scratch.TRIM_THRESHOLD)]


@pytest.mark.parametrize("worker", [True, False])
def test_the_builds_settings_come_back_when_the_last_block_closes(libc, monkeypatch, worker):
    monkeypatch.setattr(scratch, "_in_worker", lambda: worker)
    with scratch.reused():
        assert libc.calls == RAISED
        with scratch.reused():  # nested (or another thread's): nothing set twice, nothing put back early
            pass
        assert libc.calls == RAISED
    # a worker keeps the freed heap for its next picture; any other process gives it back
    assert libc.calls == RAISED + RESTORED + ([] if worker else [("trim", 0)])


def test_overlapping_blocks_on_threads_keep_the_settings_until_both_end(libc, monkeypatch):
    monkeypatch.setattr(scratch, "_in_worker", lambda: True)
    inside, release = threading.Event(), threading.Event()

    def other():
        with scratch.reused():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    with scratch.reused():
        thread.start()
        assert inside.wait(10)
    assert libc.calls == RAISED  # the first block closed; the other thread's is still open
    release.set()
    thread.join(10)
    assert libc.calls == RAISED + RESTORED


def test_an_error_inside_still_puts_the_settings_back(libc, monkeypatch):
    monkeypatch.setattr(scratch, "_in_worker", lambda: True)
    with pytest.raises(ValueError), scratch.reused():
        raise ValueError("a picture that cannot be drawn")
    assert libc.calls == RAISED + RESTORED
    with scratch.reused():
        assert libc.calls == RAISED + RESTORED + RAISED  # counted from zero again
