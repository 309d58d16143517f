"""`bookbuild watch`: which saves count, one rebuild per burst, the PDF follows an edit,
a spec error is reported and the watch goes on, Ctrl-C ends it cleanly."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time

from bookbuild.commands.serve.watcher import ChangeQueue, WatchScope
from bookbuild.settings import load_settings

PAGE = "books/small/pages/03.md"
PDF = "build/small/interior.pdf"


def test_scope_wants_sources_and_nothing_else(tmp_path):
    (tmp_path / "bookbuild.toml").write_text('cache_dir = ".cache"\n')
    scope = WatchScope.of(load_settings(tmp_path))
    wanted = ["books/a/book.yaml", "books/a/pages/01.md", "books/a/assets/page-01.png", "themes/t/style.css", "plugins/p.py", "bookbuild.toml"]
    ignored = [
        "build/a/interior.pdf", ".cache/ab/cd.val", ".git/index", "README.md",
        "books/a/pages/.01.md.swp", "books/a/pages/01.md~", "books/a/.#book.yaml", "plugins/__pycache__/p.cpython-311.pyc",
        "books/a/pages/4913", "books/a/.git/HEAD",
    ]
    assert [p for p in wanted if not scope.wants(tmp_path / p)] == []
    assert [p for p in ignored if scope.wants(tmp_path / p)] == []
    assert scope.describe() == "bookbuild.toml (and books/, themes/, plugins/ once made)"  # only what is there
    for folder in ("books", "plugins"):
        (tmp_path / folder).mkdir()
    assert scope.describe() == "books/, plugins/, bookbuild.toml (and themes/ once made)"


def test_a_burst_of_saves_is_one_batch_and_temp_files_are_left_out(tmp_path):
    queue = ChangeQueue(quiet=0.05)
    real, temp = tmp_path / "01.md", tmp_path / "sedX1Y2Z3"
    real.write_text("x")

    def editor() -> None:
        for _ in range(4):
            queue.add(real)
            time.sleep(0.01)
        queue.add(temp, created=True)  # like sed -i: a temp file, renamed over the real one

    threading.Thread(target=editor).start()
    assert queue.wait() == [real]


def test_an_edit_rebuilds_the_pdf_once_per_burst(watching):
    first = watching.recorder.wait(1)
    assert first.ok and first.number == 0
    before = (watching.root / PDF).read_bytes()
    page = watching.root / PAGE
    for word in ("one", "two", "three"):  # three saves in a row: one rebuild
        page.write_text(page.read_text() + f"\nAnd then {word}.\n")
    rebuild = watching.recorder.wait(2)
    assert rebuild.ok, rebuild.error
    assert rebuild.changed == [page]
    assert "interior" in [r.task.name for b in rebuild.report.books for r in b.results if r.status == "ran"]
    assert (watching.root / PDF).read_bytes() != before
    # No second rebuild for the same burst: the next one is for the next save.
    marker = watching.root / "books/small/pages/05.md"
    marker.write_text(marker.read_text() + "\nA marker line.\n")
    assert watching.recorder.wait(3).changed == [marker]


def test_a_spec_error_is_reported_and_the_watch_goes_on(watching):
    watching.recorder.wait(1)
    book = watching.root / "books/small/book.yaml"
    good = book.read_text()
    book.write_text(good.replace("trim: 5x8", "trim: 5x12"))  # taller than any trim KDP prints
    broken = watching.recorder.wait(2)
    assert broken.report is None
    assert "books/small/book.yaml:" in broken.error and "trim" in broken.error
    book.write_text(good)
    fixed = watching.recorder.wait(3)
    assert fixed.ok, fixed.error
    assert watching.thread.is_alive()


def test_watch_command_prints_rebuilds_and_stops_cleanly_on_ctrl_c(built_copy):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "bookbuild", "watch"], cwd=built_copy, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = _lines(proc)
        assert "watching books/, bookbuild.toml (and themes/, plugins/ once made)" in _until(lines, "watching")
        page = built_copy / PAGE
        page.write_text(page.read_text() + "\nA new line.\n")
        assert f"changed: {PAGE}" in _until(lines, "changed:")
        assert "small: rebuilt story, interior-layout, interior, ebook-pages, ebook, validate, text-check -> interior.pdf, ebook.epub" in _until(lines, "small:")
        assert "printed page changed: page 5 (pages/03.md)" in _until(lines, "printed page")  # title, copyright, 01, 02, 03
        assert "rebuilt in" in _until(lines, "rebuilt in")
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        assert "Traceback" not in proc.stderr.read()
    finally:
        proc.kill()
        proc.wait()


def _lines(proc: subprocess.Popen) -> queue.Queue:
    """stdout lines as they come (read on a thread, so a silent process cannot hang the test)."""
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in iter(proc.stdout.readline, "")], daemon=True).start()
    return lines


def _until(lines: queue.Queue, text: str, timeout: float = 30) -> str:
    """The next line with text in it; the lines before it are skipped."""
    deadline = time.monotonic() + timeout
    seen = []
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if text in line:
            return line
        seen.append(line)
    raise AssertionError(f"no line with {text!r} in {timeout}s; got: {seen}")
