"""Where the AI picture book's wall time goes: one build against the fake OpenAI server,
with every request's start and end at the server, every task's start and end in the
build, and the request slots' occupancy over time, printed as a short timeline.

Run: python benchmarks/ai_timeline.py [--latency 0.3] [--concurrency 4] [--jobs 0] [--tasks]

All times are seconds since the build process was started (one monotonic clock for
the server and the build). The build runs as `bookbuild build` does, with a small
tracer loaded first (``-c``) that wraps the executor's task body and the openai
provider's request slot to log their times. Besides the server's view (a request from
its body read to its answer written) it prints the client's: how long each request
holds its slot, upload and download included, which is what bounds the build.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

import openai_fake  # noqa: E402
from fakes.openai_server import FakeOpenAI  # noqa: E402

TRACER = """
import atexit, json, os, sys, time, threading
_log = []
_lock = threading.Lock()
def _note(*row):
    with _lock:
        _log.append((time.monotonic(), *row))
_note("process", "imports-start")
if os.environ.get("TIMELINE_NO_EARLY_IMPORTS"):  # to measure what importing early gains
    from bookbuild.plugins.generators.openai import OpenAIProvider
    OpenAIProvider.imports = ()
from bookbuild.engine import executor as _ex
_timed = _ex.Executor._timed
def _traced(self, task, inputs, meter):
    _note("start", task.id)
    try:
        return _timed(self, task, inputs, meter)
    finally:
        _note("end", task.id)
_ex.Executor._timed = _traced
_run = _ex.Executor.run
def _traced_run(self):
    _note("process", "executor-run")
    try:
        return _run(self)
    finally:
        _note("process", "executor-done")
_ex.Executor.run = _traced_run
if True:  # every request as the client sees it: from taking a request slot to giving it back
    from bookbuild.plugins.generators.openai import client as _client
    _call = _client.Connection.call
    def _traced_call(self, what, request):
        name = threading.current_thread().name + " " + what[:40]
        _note("call", name)
        def _in_slot(client):
            _note("slot", name)
            try:
                return request(client)
            finally:
                _note("free", name)
        try:
            return _call(self, what, _in_slot)
        finally:
            _note("back", name)
    _client.Connection.call = _traced_call
def _save():
    import resource
    _note("process", "atexit")
    me = resource.getrusage(resource.RUSAGE_SELF)
    _log.append((me.ru_utime + me.ru_stime, "cpu", "build process"))
    open(os.environ["TIMELINE_OUT"], "w").write(json.dumps(_log))
atexit.register(_save)
from bookbuild import providers as _providers
_import_early = _providers.import_early
def _traced_import_early(provider):
    _note("process", "imports-early")
    _import_early(provider)
_providers.import_early = _traced_import_early
_make_client = _client._make_client
def _traced_make_client(*a, **k):
    _note("process", "client-making")
    try:
        return _make_client(*a, **k)
    finally:
        _note("process", "client-made")
_client._make_client = _traced_make_client
from bookbuild.engine import build as _build
_report = _build._write_manifest
def _traced_manifest(*a, **k):
    _note("process", "manifest")
    return _report(*a, **k)
_build._write_manifest = _traced_manifest
from bookbuild.launch import main
main()
"""


def trace(root: Path, fake: FakeOpenAI, out: Path) -> tuple[float, float]:
    """(monotonic time the process was started, its wall time)."""
    env = {**os.environ, "BOOKBUILD_PROVIDER": "openai", "OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": fake.api_key, "CI": "1", "TIMELINE_OUT": str(out)}
    env.pop("BOOKBUILD_CACHE_DIR", None)
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", TRACER, "build"], cwd=root, env=env, capture_output=True, text=True)
    wall = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"bookbuild build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return started, wall


def occupancy(requests: list[tuple[float, float]], until: float, step: float) -> list[int]:
    """Requests in flight at each ``step`` (sampled at the middle of the step)."""
    return [sum(s <= (t + 0.5) * step < e for s, e in requests) for t in range(int(until / step) + 1)]


def slots_held(log: list, t0: float) -> list[tuple[float, float]]:
    """(taken, given back) of every request slot, from the tracer's notes."""
    taken: dict[str, float] = {}
    held = []
    for t, kind, name in log:
        if kind == "slot":
            taken[name] = t - t0
        elif kind == "free" and name in taken:
            held.append((taken.pop(name), t - t0))
    return held


def idle_slots(log: list, t0: float, size: int) -> tuple[float, dict[float, float]]:
    """Slot-seconds no request held between the first slot taken and the last given back:
    (while a request was waiting for one, {half second: while none was waiting}). The first
    is the hand-over; the second is work the build did not have ready (a task not started,
    CPU work between requests)."""
    events = sorted((t - t0, kind) for t, kind, _ in log if kind in ("call", "slot", "free"))
    slots = [t for t, kind in events if kind in ("slot", "free")]
    first, end = min(slots), max(slots)
    held = waiting = 0
    handing, idle = 0.0, {}
    last = None
    for t, kind in events:
        if last is not None and first <= last and t <= end and held < size:
            free = (t - last) * (size - held)
            if waiting:
                handing += free
            else:
                half = int(last * 2) / 2
                idle[half] = idle.get(half, 0.0) + free
        held += {"slot": 1, "free": -1}.get(kind, 0)
        waiting += {"call": 1, "slot": -1}.get(kind, 0)
        last = t
    return handing, idle


def short(path: str) -> str:
    return {"/chat/completions": "chat", "/moderations": "mod", "/images/generations": "img", "/images/edits": "edit"}.get(path, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--tasks", action="store_true", help="list every task's start and end")
    parser.add_argument("--json", type=Path, help="write the raw timeline here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAI() as fake:
        root = Path(tmp) / "repo"
        openai_fake.make_repo(root, args.concurrency, args.jobs)
        fake.latency = args.latency
        out = Path(tmp) / "timeline.json"
        t0, wall = trace(root, fake, out)
        log = json.loads(out.read_text())
        requests = sorted(((r.started - t0, r.finished - t0, short(r.path)) for r in fake.logged()))
    marks = {name: t - t0 for t, kind, name in log if kind == "process"}
    cpu = next((t for t, kind, _ in log if kind == "cpu"), 0.0)
    tasks: dict[str, list[float]] = {}
    for t, kind, name in log:
        if kind in ("start", "end"):
            tasks.setdefault(name, []).append(t - t0)
    first, last = requests[0][0], max(e for _, e, _ in requests)
    n = len(requests)
    packed = args.latency * -(-n // args.concurrency)
    busy = sum(e - s for s, e, _ in requests)
    print(f"wall {wall:.2f} s; {n} requests; packed ideal {packed:.2f} s; ratio {wall / packed:.2f}x")
    print(f"  python start + imports until the tracer ran: {marks.get('imports-start', 0):.2f} s")
    print(f"  provider's imports start (import_early):     {marks.get('imports-early', 0):.2f} s")
    print(f"  executor starts running tasks:               {marks.get('executor-run', 0):.2f} s")
    print(f"  API client made (after importing openai):    {marks.get('client-making', 0):.2f}-{marks.get('client-made', 0):.2f} s")
    print(f"  first request at the server:                 {first:.2f} s")
    print(f"  last request answered:                       {last:.2f} s")
    print(f"  executor done:                               {marks.get('executor-done', 0):.2f} s")
    print(f"  manifest written:                            {marks.get('manifest', 0):.2f} s")
    print(f"  interpreter exits (atexit):                  {marks.get('atexit', 0):.2f} s")
    print(f"  process gone:                                {wall:.2f} s")
    print(f"  CPU time of the build process (its threads, not its workers): {cpu:.2f} s")
    span = last - first
    print(f"  request span {span:.2f} s vs packed {packed:.2f} s: slots busy {busy / (span * args.concurrency):.0%} of the span")
    held = slots_held(log, t0)
    if held:
        total = sum(e - s for s, e in held)
        span_c = max(e for _, e in held) - min(s for s, _ in held)
        print(f"  client side: each request holds its slot {total / len(held):.3f} s on average (server latency {args.latency} s); slots held {total / (span_c * args.concurrency):.0%} of the span")
        print(f"  packed at the client's round trip: {total / len(held) * -(-n // args.concurrency):.2f} s")
        handing, idle = idle_slots(log, t0, args.concurrency)
        where = " ".join(f"{t:.1f}s:{v:.2f}" for t, v in sorted(idle.items()) if v >= 0.01)
        print(f"  idle slot-seconds between the first request and the last: {sum(idle.values()):.2f} with no request waiting (by half second: {where}), {handing:.2f} while one waited (handing over)")
    step = args.latency / 2
    occ = occupancy([(s, e) for s, e, _ in requests], last, step)
    print(f"  slots in flight every {step * 1000:.0f} ms from 0: " + "".join(str(min(o, 9)) for o in occ))
    # The requests in order, four to a line, with their kind.
    print("  requests (start-end kind):")
    for i in range(0, n, 6):
        print("    " + "  ".join(f"{s:5.2f}-{e:5.2f} {k:4}" for s, e, k in requests[i : i + 6]))
    if args.tasks:
        print("  tasks (start-end):")
        for name, times in sorted(tasks.items(), key=lambda kv: kv[1][0]):
            print(f"    {times[0]:6.2f} {times[-1]:6.2f} {times[-1] - times[0]:5.2f}  {name}")
    else:  # the slowest non-request tasks: what the tail is made of
        late = sorted(tasks.items(), key=lambda kv: kv[1][-1])[-6:]
        print("  last tasks to finish (start-end):")
        for name, times in late:
            print(f"    {times[0]:6.2f} {times[-1]:6.2f}  {name}")
    if args.json:
        args.json.write_text(json.dumps({"wall": wall, "marks": marks, "requests": requests, "tasks": tasks, "log": [(t - t0, *rest) for t, *rest in log]}, indent=1))


if __name__ == "__main__":
    main()
