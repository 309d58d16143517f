"""Progress: per-book bars with the time left on a terminal, a plain line now and then in CI."""

from __future__ import annotations

import io
import re

from bookbuild.engine import reporter
from bookbuild.engine.events import BuildEvent
from bookbuild.engine.reporter import PlainReporter, Progress, TerminalReporter, duration


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _finish(r, book: str, n: int, clock: Clock, seconds: float = 2.0, cached: bool = False) -> None:
    for i in range(n):
        clock.now += 0 if cached else seconds
        r.event(BuildEvent("task-finished", book=book, task=f"{book}/illustration:{i:02d}", cached=cached, seconds=0 if cached else seconds))


def test_time_left_comes_from_tasks_that_really_ran():
    clock = Clock()
    progress = Progress({"fox": 10, "owl": 10}, clock)
    for _ in range(5):  # cached tasks finish at once: no rate yet
        progress.finished(BuildEvent("task-finished", book="fox", cached=True))
    assert progress.seconds_left() is None
    for _ in range(5):
        clock.now += 3.0
        progress.finished(BuildEvent("task-finished", book="fox", seconds=3.0))
    assert progress.books_done() == 1 and progress.count == 10
    assert progress.seconds_left() == 30.0  # 10 tasks left, 3 s each so far


def test_ci_gets_a_plain_line_every_so_often_and_nothing_for_a_short_build():
    clock, out = Clock(), io.StringIO()
    plain = PlainReporter(out, every=15, clock=clock)
    plain.event(BuildEvent("build-started", data={"tasks": {"fox": 20, "owl": 20}}))
    _finish(plain, "fox", 5, clock, seconds=2)  # 10 s: nothing yet
    assert out.getvalue() == ""
    _finish(plain, "fox", 5, clock, seconds=2)
    lines = out.getvalue().splitlines()
    assert lines == ["progress: 0/2 books, 8/40 tasks, about 1m 04s left (fox 8/20)"]
    _finish(plain, "fox", 12, clock, seconds=2)
    _finish(plain, "owl", 18, clock, seconds=2)
    lines = out.getvalue().splitlines()
    assert all(re.fullmatch(r"progress: \d/2 books, \d+/40 tasks, about \d+s left( \(.*\))?|progress: .*about \dm \d\ds left.*", line) for line in lines)
    assert "\r" not in out.getvalue() and "\x1b" not in out.getvalue()


def test_a_terminal_gets_a_bar_per_book_and_one_for_all(monkeypatch):
    out = io.StringIO()
    bars = TerminalReporter(out)
    bars.event(BuildEvent("build-started", data={"tasks": {"fox": 3, "owl": 2}}))
    for book, n in (("fox", 3), ("owl", 2)):
        for i in range(n):
            bars.event(BuildEvent("task-finished", book=book, task=f"{book}/story", seconds=0.1))
    bars.close()
    text = out.getvalue()
    assert "2 books" in text and "fox" in text and "owl" in text
    assert re.search(r"5/5 \[\d\d:\d\d<\d\d:\d\d", text)  # tqdm's elapsed<remaining


def test_many_books_get_one_bar():
    out = io.StringIO()
    bars = TerminalReporter(out)
    bars.event(BuildEvent("build-started", data={"tasks": {f"book-{i}": 2 for i in range(reporter.MAX_BOOK_BARS + 1)}}))
    assert bars.overall is not None and bars.bars == {}
    bars.close()


def test_durations_read_like_a_person_wrote_them():
    assert [duration(s) for s in (4.4, 59.6, 65, 3599, 3725)] == ["4s", "1m 00s", "1m 05s", "59m 59s", "1h 02m"]


def test_build_in_ci_prints_plain_progress_lines_not_bars(scratch_repo, cli, monkeypatch):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(reporter, "PLAIN_EVERY_S", 0)  # a line after every task, so a short build shows them
    result = cli("build")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("progress: ")]
    assert len(lines) == 31  # every task but the last
    assert lines[-1].startswith("progress: 0/1 books, 31/32 tasks") and "left" in lines[-1]
    assert "\r" not in result.output and "it/s" not in result.output and "task/s" not in result.output
