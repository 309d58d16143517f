"""A 32-page generated picture book built with the openai provider against the fake
OpenAI server (tests/fakes/openai_server.py), every request delayed by a latency.

Run: python benchmarks/openai_fake.py [--latency 0.3] [--concurrency 4] [--jobs 8]

Prints the build's wall time next to two ideals: latency x ceil(requests /
concurrency) (every request perfectly packed), and the critical path (the story's
requests one after another, then the pictures in rounds of ``concurrency``, each
picture being prompt check + drawing + picture check in a row). The difference
is bookbuild's own work (upscaling, PDF rendering) and scheduling. A second build
must make zero requests. Works in a temporary folder; needs no network or key.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from fakes.openai_server import FakeOpenAI  # noqa: E402

BOOK = """\
title: Pip and the Northern Lights
author: Benchmark Author
age_group: 3-5
theme: courage
setting: a snowy forest at night
characters:
  - name: Pip
    role: hero
    description: a curious fox who is afraid of the dark
    visual: a small orange fox with a white-tipped tail and a green scarf
  - name: Owl
    role: friend
    description: a wise old owl
    visual: a round grey owl with big yellow eyes
page_count: 32
trim: 8.5x8.5
copyright_year: 2026
"""


def make_repo(root: Path, concurrency: int, jobs: int) -> None:
    (root / "books/pip").mkdir(parents=True)
    (root / "books/pip/book.yaml").write_text(BOOK)
    settings = f"""\
        cache_dir = ".cache"
        jobs = {jobs}
        [openai]
        concurrency = {concurrency}
        """
    (root / "bookbuild.toml").write_text(textwrap.dedent(settings))


def build(root: Path, fake: FakeOpenAI) -> float:
    env = {**os.environ, "BOOKBUILD_PROVIDER": "openai", "OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": fake.api_key, "CI": "1"}
    env.pop("BOOKBUILD_CACHE_DIR", None)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", "from bookbuild.launch import main; main()", "build"], cwd=root, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"bookbuild build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.3, help="seconds the fake waits before each answer")
    parser.add_argument("--concurrency", type=int, default=4, help="[openai] concurrency")
    parser.add_argument("--jobs", type=int, default=8, help="bookbuild.toml jobs (tasks at once)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAI() as fake:
        root = Path(tmp) / "repo"
        make_repo(root, args.concurrency, args.jobs)
        fake.latency = args.latency
        wall = build(root, fake)
        first = {"wall": wall, "counts": fake.counts(), "requests": fake.count(), "in_flight": fake.max_in_flight}
        first["totals"] = json.loads((root / "build/pip/manifest.json").read_text())["totals"]
        fake.reset()
        rebuild = build(root, fake)
        report(args, first, rebuild, fake.count())


def report(args: argparse.Namespace, first: dict, rebuild: float, rebuild_requests: int) -> None:
    requests, counts, totals = first["requests"], first["counts"], first["totals"]
    pictures = counts.get("/images/generations", 0)
    story_requests = requests - 3 * pictures  # chat + moderation batches, in a row
    packed = args.latency * math.ceil(requests / args.concurrency)
    critical = args.latency * (story_requests + 3 * math.ceil(pictures / args.concurrency))
    print(f"requests: {requests} {counts}, at most {first['in_flight']} in flight")
    print(f"build:    {first['wall']:6.2f} s wall   ideal packed {packed:5.2f} s   ideal critical path {critical:5.2f} s   (latency {args.latency} s, concurrency {args.concurrency}, jobs {args.jobs})")
    print(f"manifest: {totals['images']} images, {totals['requests']} requests, ${totals['cost']:.2f} at list prices")
    print(f"rebuild:  {rebuild:6.2f} s wall, {rebuild_requests} requests")


if __name__ == "__main__":
    main()
