"""Where a fresh build's wall time goes: every task's start and end, and every piece of
work handed to a worker process (when it was sent, when a worker began and ended it, and
which worker), over the process's whole life.

Run: python benchmarks/timeline.py [book]   (default: the-brave-little-fox, offline, empty cache)

Times are seconds from the moment the build's process was started (Python's own start-up
included). A figure, not a test: the machine may be busy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent

CHILD = """
import time
T0 = time.time()
import json, os, sys, threading
import timeline_probe
timeline_probe.install(T0)
import atexit
atexit.register(timeline_probe.dump, os.environ["TIMELINE_OUT"])  # the last exit handler to run
from bookbuild.launch import main  # what the `bookbuild` command runs
sys.argv[1:] = ["build", sys.argv[1]]
main()
"""


def run(slug: str) -> tuple[float, list[dict]]:
    with tempfile.TemporaryDirectory(prefix="bookbuild-timeline-") as tmp:
        repo = Path(tmp)
        shutil.copytree(REPO / "books", repo / "books")
        shutil.copy(REPO / "bookbuild.toml", repo / "bookbuild.toml")
        out = repo / "timeline.json"
        env = {**os.environ, "CI": "1", "BOOKBUILD_CACHE_DIR": str(repo / ".cache"), "TIMELINE_OUT": str(out), "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
        env.pop("OPENAI_API_KEY", None)
        env.pop("BOOKBUILD_PROVIDER", None)
        started = time.time()
        proc = subprocess.run([sys.executable, "-c", CHILD, slug], cwd=repo, env=env, capture_output=True, text=True)
        wall = time.time() - started
        if proc.returncode:
            raise SystemExit(f"build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        data = json.loads(out.read_text())
    offset = data["t0"] - started  # Python's start-up before the first line ran
    events = [{**e, "start": e["start"] - started, "end": e["end"] - started} for e in data["events"]]
    events.append({"what": "python start-up + first line", "start": 0.0, "end": offset, "where": "main"})
    events.append({"what": "process ended", "start": data["exit"] - started, "end": wall, "where": "main"})
    return wall, sorted(events, key=lambda e: e["start"])


def main() -> None:
    slug = sys.argv[1] if len(sys.argv) > 1 else "the-brave-little-fox"
    wall, events = run(slug)
    scale = 60 / wall
    print(f"{slug}: {wall:.2f} s wall, fresh process, empty cache\n")
    for e in events:
        bar = " " * int(e["start"] * scale) + "#" * max(1, int((e["end"] - e["start"]) * scale))
        print(f"{e['start']:6.2f} {e['end']:6.2f} {e['end'] - e['start']:5.2f}  {e['where']:<8} {e['what'][:44]:<44} {bar}")


if __name__ == "__main__":
    main()
