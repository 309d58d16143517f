"""One `bookbuild` run in a fresh process, as a user runs it: wall time and peak memory.

Peak memory is the largest resident set of the process or of any one of its worker
processes: its own ru_maxrss, and the high-water mark (VmHWM) of every process below
it, read from /proc while it runs (workers are the fork server's children, which
RUSAGE_CHILDREN never sees)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHILD = """
import resource, sys
from bookbuild.launch import Launcher
try:
    Launcher().main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
else:
    code = 0
sys.stdout.flush()
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print("BENCH", peak, code, file=sys.stderr)
from bookbuild.launch import leave  # the command's own exit, after the figures
leave(code)
"""


def run(repo: Path, *args: str, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak MB, last line of stdout) of `bookbuild ARGS` in ``repo``, offline, its own cache."""
    env = {**os.environ, "CI": "1", "BOOKBUILD_CACHE_DIR": str(repo / ".cache"), **(env or {})}
    env.pop("OPENAI_API_KEY", None)
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-c", CHILD, *args], cwd=repo, env=env, stdout=out, stderr=err, text=True)
        workers_kb = 0
        while proc.poll() is None:
            workers_kb = max(workers_kb, *(_high_water(pid) for pid in _below(proc.pid)), 0)
            time.sleep(0.05)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    line = next((l for l in stderr.splitlines() if l.startswith("BENCH")), "BENCH 0 crashed")
    _, rss_kb, code = line.split()
    if code not in ("0", "None"):
        raise SystemExit(f"bookbuild {' '.join(args)} failed ({code}):\n{stdout}\n{stderr}")
    return wall, max(int(rss_kb), workers_kb) / 1024, stdout.strip().splitlines()[-1] if stdout.strip() else ""


def _below(root: int) -> list[int]:
    """Every process under ``root`` (its workers, their fork server)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, parent in parents.items() if parent == pid]
        found += children
        frontier += children
    return found


def _high_water(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            return next((int(l.split()[1]) for l in f if l.startswith("VmHWM")), 0)
    except (OSError, ValueError):
        return 0


def fastest(times: int, command: list[str], cwd: Path | None = None) -> float:
    """The fastest of ``times`` runs of a command: a busy moment on the machine does not decide."""
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - started)
    return best


def row(scenario: str, measured: str, floor: str = "", ratio: float | None = None, goal: str = "") -> dict:
    return {"scenario": scenario, "measured": measured, "floor": floor, "ratio": "" if ratio is None else f"{ratio:.2f}x", "goal": goal}
