"""A catalogue on a CI fleet: N small generated books built as 4 shards on fresh
machines against a warm remote cache, against one machine building them cold.

Run: python benchmarks/fleet.py [--books 100] [--shards 4]

The books (generated specs: a story and pictures from a paid provider, the test
suite's fake one, which logs every call) live in a git repository that each
"machine" clones: its own folder, its own empty local cache. The remote is moto's
S3 server on 127.0.0.1 (a child process, as in the tests). Steps, each a fresh
`bookbuild build` process:

1. cold: one machine, no remote: what a runner pays today (--no-baseline: skipped,
   and the warm-up stands for it)
2. warm-up: one machine, cold, with the remote: the same work plus the uploads
3. shard i/N: N fresh machines with the warm remote, one after another here (on a
   fleet they run at once, so the fleet's wall time is the slowest shard)

Prints each step's wall time, paid requests, tasks run, remote hits, bytes down
and up, and the ratio cold / slowest shard. Works in a temporary folder; needs no
network or key.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from fakes.s3_server import ACCESS_KEY, SECRET_KEY, S3Backend  # noqa: E402
from helpers import PAID_PLUGIN, write_files  # noqa: E402
from helpers.diff_repo import git  # noqa: E402

BUCKET = "bookbuild-fleet-bench"
ANIMALS = ("fox", "owl", "hedgehog", "otter", "badger", "wren", "hare", "mole", "frog", "duck")
COLOURS = ("orange", "grey", "brown", "green", "blue", "red", "yellow", "white")
THEMES = ("courage", "sharing", "kindness", "patience", "curiosity", "friendship")
PLACES = ("a snowy forest", "a sunny meadow", "a quiet river", "a windy hill", "a busy garden")


def book_spec(i: int, rng: random.Random) -> str:
    """A small generated picture book: 24 pages, a story and pictures from the provider."""
    hero, friend = rng.sample(ANIMALS, 2)
    name = f"{hero.title()} {i}"
    return f"""\
title: {name} and the {rng.choice(("Moon", "Storm", "Lost Kite", "Big Hill", "Quiet Night"))}
author: Benchmark Author
age_group: 3-5
theme: {rng.choice(THEMES)}
setting: {rng.choice(PLACES)}
characters:
  - name: {name}
    role: hero
    description: a small {hero} who is learning something new
    visual: a small {rng.choice(COLOURS)} {hero} with a {rng.choice(COLOURS)} scarf
  - name: {friend.title()}
    role: friend
    description: a kind {friend}
    visual: a round {rng.choice(COLOURS)} {friend} with big eyes
page_count: 24
trim: 5x8
copyright_year: 2026
"""


def make_origin(root: Path, books: int) -> Path:
    rng = random.Random(15)
    files = {
        "bookbuild.toml": 'provider = "paid"\ncache_dir = ".cache"\n',
        "plugins/paid.py": PAID_PLUGIN,
        ".gitignore": "build/\n.cache/\n",
        **{f"books/book-{i:03d}/book.yaml": book_spec(i, rng) for i in range(books)},
    }
    write_files(root, files)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "catalogue")
    return root


def build(origin: Path, machine: Path, env: dict[str, str], *args: str) -> dict:
    """One fresh clone, one `bookbuild build` process: its wall time and what it moved."""
    git(origin, "clone", "-q", str(origin), str(machine))
    log = machine.parent / f"{machine.name}-calls.jsonl"
    env = {**env, "PAID_LOG": str(log)}
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "bookbuild", "build", *args], cwd=machine, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    totals = [json.loads(p.read_text())["totals"] for p in sorted((machine / "build").glob("*/manifest.json"))]
    # Exit 1 with every task done is KDP errors in the books: not what this measures, but
    # printed (a task that failed stops the benchmark).
    if proc.returncode not in (0, 1) or any(t["failed"] or t["skipped"] for t in totals):
        raise SystemExit(f"bookbuild build {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    errors = re.findall(r"\berror \[([a-z0-9-]+)\]", proc.stdout)
    if errors:
        print(f"  {machine.name}: {len(errors)} KDP errors: " + ", ".join(f"{rule} x{errors.count(rule)}" for rule in sorted(set(errors))), flush=True)
    sums = {k: sum(t[k] for t in totals) for k in ("tasks", "ran", "remote_hits", "uploads", "bytes_down", "bytes_up")}
    return {"wall": wall, "books": len(totals), "requests": len(log.read_text().splitlines()) if log.exists() else 0, **sums}


def row(name: str, r: dict) -> str:
    return (
        f"{name:<14} {r['wall']:8.1f} {r['books']:6d} {r['requests']:9d} {r['ran']:6d} {r['remote_hits']:8d} {r['uploads']:8d}"
        f" {r['bytes_down'] / 1e6:9.1f} {r['bytes_up'] / 1e6:9.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--books", type=int, default=100)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--no-baseline", action="store_true", help="skip step 1; compare with the warm-up (cold plus uploads)")
    args = parser.parse_args()
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "BOOKBUILD_", "OPENAI_"))}
    base_env.update(CI="1", SOURCE_DATE_EPOCH="1767225600", AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_EC2_METADATA_DISABLED="true")
    with tempfile.TemporaryDirectory(prefix="bookbuild-fleet-") as tmp, S3Backend() as backend:
        import boto3

        boto3.client("s3", endpoint_url=backend.url, region_name="us-east-1", aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY).create_bucket(Bucket=BUCKET)
        remote_env = {
            **base_env,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": backend.url,
            "BOOKBUILD_REMOTE_CACHE": f"s3://{BUCKET}/catalogue",
        }
        origin = make_origin(Path(tmp) / "origin", args.books)
        print(f"{args.books} books, {args.shards} shards, moto S3 on {backend.url}", flush=True)
        print(f"{'step':<14} {'wall s':>8} {'books':>6} {'requests':>9} {'ran':>6} {'r-hits':>8} {'uploads':>8} {'MB down':>9} {'MB up':>9}", flush=True)
        if not args.no_baseline:
            cold = build(origin, Path(tmp) / "cold", base_env)
            print(row("cold", cold), flush=True)
        warm_up = build(origin, Path(tmp) / "warm-up", remote_env)
        print(row("warm-up", warm_up), flush=True)
        if args.no_baseline:
            cold = warm_up
        shards = []
        for i in range(1, args.shards + 1):
            shards.append(build(origin, Path(tmp) / f"shard{i}", remote_env, "--shard", f"{i}/{args.shards}"))
            print(row(f"shard {i}/{args.shards}", shards[-1]), flush=True)
    slowest = max(s["wall"] for s in shards)
    total = sum(s["wall"] for s in shards)
    print(f"books over the shards: {sum(s['books'] for s in shards)} of {args.books}; paid requests in the shards: {sum(s['requests'] for s in shards)}")
    print(f"fleet wall (slowest shard) {slowest:.1f} s: {cold['wall'] / slowest:.1f}x faster than one machine cold ({cold['wall']:.1f} s)")
    uploads = "" if args.no_baseline else f"; the warm-up's uploads cost {warm_up['wall'] - cold['wall']:+.1f} s over cold"
    print(f"all shards one after another {total:.1f} s: {cold['wall'] / total:.1f}x{uploads}")
    print(f"bytes: {warm_up['bytes_up'] / 1e6:.1f} MB up once; {sum(s['bytes_down'] for s in shards) / 1e6:.1f} MB down over the shards")


if __name__ == "__main__":
    main()
