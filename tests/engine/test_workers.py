"""The worker processes: started early by a build, each with what its pool preloads."""

from __future__ import annotations

import sys

import pytest

from bookbuild.engine import workers
from bookbuild.launch import _builds


@workers.in_workers  # not run in this process while the workers start
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

PID = """
import os
from bookbuild.engine import workers

@workers.in_workers
def pid():
    return os.getpid()
"""

USES_WORKERS = """
import os
from bookbuild.engine import workers
from worker_pid import pid
pool = workers.Workers(2, ("slow_exit",))
print("worker", pool.run(pid) != os.getpid(), flush=True)
pool.close()
"""


def test_a_captured_runs_output_ends_when_it_does_not_when_the_fork_server_has_torn_down(tmp_path):
    """The fork server holds the process's stdout; a run whose output is read to the end
    (CI, a pipe, the benchmarks) must not wait for the server's own exit after the build."""
    import os
    import subprocess

    (tmp_path / "slow_exit.py").write_text(SLOW_EXIT)
    (tmp_path / "worker_pid.py").write_text(PID)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    done = subprocess.run([sys.executable, "-c", USES_WORKERS], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "worker True\n"


# A pool whose workers cannot start until the test lets them (each worker's start imports
# this, and it waits for a file), to see where work runs meanwhile.
HELD_START = """
import os, threading, time
from bookbuild.engine import workers

while not os.path.exists(os.environ["LET_WORKERS_START"]):
    time.sleep(0.01)

@workers.in_workers
def layout():
    return os.getpid()

first_running, release_first = threading.Event(), threading.Event()

def long_first():
    first_running.set()
    release_first.wait(30)
    return os.getpid()
"""

WHILE_STARTING = """
import os, threading
from pathlib import Path
from bookbuild.engine import workers
Path(os.environ["LET_WORKERS_START"]).touch()  # this process imports it at once
from held_start import first_running, layout, long_first, release_first
Path(os.environ["LET_WORKERS_START"]).unlink()  # the workers wait

here = os.getpid()
pool = workers.Workers(2, ("held_start",))
found = {}
first = threading.Thread(target=lambda: found.setdefault("first", pool.run(long_first)))
first.start()
first_running.wait(30)
second = threading.Thread(target=lambda: found.setdefault("second", pool.run(os.getpid)))
third = threading.Thread(target=lambda: found.setdefault("layout", pool.run(layout)))
second.start(); third.start()
Path(os.environ["LET_WORKERS_START"]).touch()
second.join(30); third.join(30)  # while the first still holds this process
release_first.set(); first.join(30)
print("first here:", found["first"] == here)
print("second here:", found["second"] == here)
print("layout here:", found["layout"] == here)
print("after start here:", pool.run(os.getpid) == here)
pool.close()
"""


def test_while_the_workers_start_one_piece_of_work_runs_in_the_builds_process(tmp_path):
    """The build's process is idle while the fork server imports WeasyPrint: it takes the
    first piece of work itself. A second waits for a worker, as does work marked
    in_workers (a layout: only the workers import WeasyPrint); once a worker has answered
    everything goes to the workers."""
    import os
    import subprocess

    (tmp_path / "held_start.py").write_text(HELD_START)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path]), "LET_WORKERS_START": str(tmp_path / "go")}
    done = subprocess.run([sys.executable, "-c", WHILE_STARTING], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "first here: True",
        "second here: False",
        "layout here: False",
        "after start here: False",
    ]
