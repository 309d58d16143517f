"""Speed and memory of whole `bookbuild` processes on the sample books.

Run: python benchmarks/run.py   (or: make bench)
Each row is one fresh process: wall time from start to exit, and the peak RSS of
the process or of its largest worker process, whichever is higher.
Works on a copy of books/ in a temporary folder, so your build/ and cache stay untouched.
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
CHILD = """
import resource, sys
sys.argv = ["bookbuild", *sys.argv[1:]]
from bookbuild.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print("BENCH", peak, code, file=sys.stderr)
"""


def run(repo: Path, *args: str) -> tuple[float, float, str]:
    env = {**os.environ, "CI": "1", "BOOKBUILD_CACHE_DIR": str(repo / ".cache")}
    env.pop("OPENAI_API_KEY", None)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, *args], cwd=repo, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    line = next(l for l in proc.stderr.splitlines() if l.startswith("BENCH"))
    _, rss_kb, code = line.split()
    if code not in ("0", "None"):
        raise SystemExit(f"bookbuild {' '.join(args)} failed ({code}):\n{proc.stdout}\n{proc.stderr}")
    return wall, int(rss_kb) / 1024, proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""


def ran_tasks(repo: Path, slug: str) -> int:
    data = json.loads((repo / "build" / slug / "manifest.json").read_text())
    return data["totals"]["ran"]


NOOP_TRIES = 5  # a no-op takes well under a second: more runs, so a busy moment does not decide


def ebook_rows(samples: Path, base: Path, tries: int = 2) -> list[tuple[str, float, float, str]]:
    """What the Kindle edition costs: the 32-page sample built from scratch with it and
    without it (ebook: false), alternately, each in its own copy and cache; the fastest
    of ``tries`` runs of each, so a busy moment on the machine does not decide. Then a
    no-op rebuild of each, the fastest of NOOP_TRIES."""
    slug = "the-brave-little-fox"
    copies = {}
    for name, extra in (("with", ""), ("without", "ebook: false\n")):
        root = base / name
        shutil.copytree(samples / slug, root / "books" / slug)
        shutil.copy(REPO / "bookbuild.toml", root / "bookbuild.toml")
        spec = root / "books" / slug / "book.yaml"
        spec.write_text(spec.read_text() + extra)
        copies[name] = root
    full: dict[str, list[tuple[float, float]]] = {"with": [], "without": []}
    for _ in range(tries):
        for name, root in copies.items():
            shutil.rmtree(root / ".cache", ignore_errors=True)
            shutil.rmtree(root / "build", ignore_errors=True)
            wall, rss, _ = run(root, "build", slug)
            full[name].append((wall, rss))
    best = {name: min(times) for name, times in full.items()}
    noop = {name: min(run(root, "build", slug)[:2] for _ in range(NOOP_TRIES)) for name, root in copies.items()}
    share = (best["with"][0] - best["without"][0]) / best["without"][0]
    return [
        (f"full build, offline: {slug}, with ebook", *best["with"], f"fastest of {tries}; the ebook adds {share:+.0%} (limit +25%)"),
        (f"full build, offline: {slug}, ebook: false", *best["without"], f"fastest of {tries}"),
        (f"no-op rebuild: {slug}, with ebook", *noop["with"], f"without: {noop['without'][0]:.2f}s, a difference of {noop['with'][0] - noop['without'][0]:+.2f}s"),
    ]


def main() -> None:
    rows: list[tuple[str, float, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="bookbuild-bench-") as tmp:
        repo = Path(tmp)
        shutil.copytree(REPO / "books", repo / "books")
        shutil.copy(REPO / "bookbuild.toml", repo / "bookbuild.toml")
        books = sorted(p.name for p in (repo / "books").iterdir() if (p / "book.yaml").exists())
        for slug in books:
            wall, rss, _ = run(repo, "build", slug)
            pages = next(l for l in (repo / "books" / slug / "book.yaml").read_text().splitlines() if l.startswith("page_count")).split(":")[1].strip()
            rows.append((f"full build, offline: {slug} ({pages} pages)", wall, rss, f"{ran_tasks(repo, slug)} tasks ran"))
        wall, rss, summary = run(repo, "build")
        rows.append(("no-op rebuild, all samples", wall, rss, summary))
        rows += ebook_rows(REPO / "books", Path(tmp) / "ebook")
        page = sorted((repo / "books" / "the-brave-little-fox" / "pages").glob("*.md"))[4]
        page.write_text(page.read_text() + "\nA new sentence for the benchmark.\n")
        wall, rss, _ = run(repo, "build", "the-brave-little-fox")
        rows.append(("one-page text edit rebuild (32 pages)", wall, rss, f"{ran_tasks(repo, 'the-brave-little-fox')} tasks ran"))
        run(repo, "new", "books/bench-coloring", "--type", "coloring")  # 8.5x11, 3-5, offline
        spec = repo / "books" / "bench-coloring" / "book.yaml"
        spec.write_text(spec.read_text().replace("page_count: 24 ", "page_count: 50 "))
        wall, rss, _ = run(repo, "build", "bench-coloring")
        rows.append(("full build, offline: coloring book (50 pages)", wall, rss, f"{ran_tasks(repo, 'bench-coloring')} tasks ran, validate included"))
        wall, rss, _ = run(repo, "--help")
        rows.append(("bookbuild --help (start-up)", wall, rss, ""))
    print(f"{'scenario':<56} {'wall s':>8} {'peak MB':>8}  notes")
    print("-" * 98)
    for name, wall, rss, note in rows:
        print(f"{name:<56} {wall:>8.2f} {rss:>8.0f}  {note}")
    print(f"\nmachine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
