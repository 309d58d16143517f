"""The installed command's process: it ends without the interpreter's teardown
(bookbuild.launch.leave), and nothing a correct exit does is lost on the way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


def run(code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # output block-buffered, as in a pipe
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("code, status, stderr", [
    ("None", 0, ""), ("0", 0, ""), ("2", 2, ""), ("141", 141, ""), ("'bookbuild: gone wrong'", 1, "bookbuild: gone wrong\n"),
])  # fmt: skip
def test_leave_keeps_the_status_and_message_of_sys_exit(code, status, stderr):
    out = run(f"from bookbuild.launch import leave\nleave({code})\nprint('never here')")
    assert (out.returncode, out.stderr, out.stdout) == (status, stderr, "")


def test_leave_waits_for_threads_runs_exit_handlers_and_flushes_a_piped_output():
    # Block-buffered stdout (a pipe), a thread still working, exit handlers (a plugin's,
    # a temporary folder's clean-up): all as the interpreter's own exit would have them.
    out = run(
        """
        import atexit, sys, tempfile, threading, time, os
        from bookbuild.launch import leave
        folder = tempfile.TemporaryDirectory()
        open(os.path.join(folder.name, "x"), "w").close()
        sys.stdout.write("line\\n" * 20000)
        def late():
            time.sleep(0.2)
            print("thread done")
        threading.Thread(target=late).start()
        atexit.register(lambda: print("handler ran", flush=False))
        print(folder.name, file=sys.stderr)
        leave(3)
        """
    )
    assert out.returncode == 3
    lines = out.stdout.splitlines()
    assert lines[:20000] == ["line"] * 20000
    assert lines[20000:] == ["thread done", "handler ran"]
    assert not Path(out.stderr.strip()).exists()  # the temporary folder was removed at exit


def test_the_command_builds_and_reports_through_a_pipe_with_its_exit_code(tmp_path):
    """`python -m bookbuild` (the installed command's path): a failing spec still exits 2
    with its message; a good book builds, and its summary reaches the pipe whole."""
    new = subprocess.run([sys.executable, "-m", "bookbuild", "new", "books/piped", "--type", "coloring"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert new.returncode == 0, new.stderr
    spec = tmp_path / "books/piped/book.yaml"
    good = spec.read_text()
    spec.write_text(good.replace("page_count: 24 ", "page_count: 23 "))  # KDP wants an even count
    bad = subprocess.run([sys.executable, "-m", "bookbuild", "build"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "page_count" in bad.stdout + bad.stderr
    spec.write_text(good)
    built = subprocess.run([sys.executable, "-m", "bookbuild", "build", "--format", "json"], cwd=tmp_path, capture_output=True, text=True, timeout=300, env={**os.environ, "CI": "1", "BOOKBUILD_CACHE_DIR": str(tmp_path / ".cache")})
    assert built.returncode == 0, built.stderr
    report = json.loads(built.stdout)
    assert (tmp_path / "build/piped/interior.pdf").stat().st_size > 10_000
    assert report  # the whole JSON document arrived: it parsed
