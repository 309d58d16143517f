"""The worker processes: started early by a build, each with what its pool preloads."""

from __future__ import annotations

import sys

import pytest

from bookbuild.engine import workers
from bookbuild.launch import _builds


def loaded(name: str) -> tuple[bool, int]:
    import os

    return name in sys.modules, os.getpid()


def test_a_pool_loads_its_preload_even_when_the_server_was_started_without_it():
    workers.prestart(workers.PRELOAD).join()  # as the launcher does, before it knows the provider
    pool = workers.Workers(2, ("wave",))
    try:
        found, pid = pool.run(loaded, "wave")
    finally:
        pool.close()
    assert found
    assert pid != __import__("os").getpid()


@pytest.mark.parametrize("args, early", [
    (["build"], True), (["build", "small", "--format", "json"], True), (["-C", "repo", "build"], True),
    (["build", "-j", "2"], True), (["build", "-j", "1"], False), (["build", "--jobs=1"], False), (["build", "-j1"], False),
    (["build", "--help"], False), (["plan"], False), (["new", "build"], False), ([], False),
])  # fmt: skip
def test_the_launcher_starts_the_workers_early_only_for_a_build_that_may_use_them(args, early, monkeypatch):
    monkeypatch.delenv("BOOKBUILD_JOBS", raising=False)
    assert _builds(args) is early
    monkeypatch.setenv("BOOKBUILD_JOBS", "1")
    assert _builds(args) is False


# The fork server's preload in the test below: a server that would not end by itself once
# its parent is gone (here: an exit handler that waits an hour, as a slow teardown would).
SLOW_EXIT = """
import atexit, time
atexit.register(time.sleep, 3600)
"""

USES_WORKERS = """
import os
from bookbuild.engine import workers
pool = workers.Workers(2, ("slow_exit",))
print("worker", pool.run(os.getpid) != os.getpid(), flush=True)
pool.close()
"""


def test_a_captured_runs_output_ends_when_it_does_not_when_the_fork_server_has_torn_down(tmp_path):
    """The fork server holds the process's stdout; a run whose output is read to the end
    (CI, a pipe, the benchmarks) must not wait for the server's own exit after the build."""
    import os
    import subprocess

    (tmp_path / "slow_exit.py").write_text(SLOW_EXIT)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    done = subprocess.run([sys.executable, "-c", USES_WORKERS], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "worker True\n"
