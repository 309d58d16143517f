"""The sample books built from scratch, the Kindle edition's cost, a one-page edit,
and start-up: wall time and peak memory, each in a fresh process."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from process import REPO, row, run

NOOP_TRIES = 5  # a no-op takes well under a second: more runs, so a busy moment does not decide


def ran_tasks(repo: Path, slug: str) -> int:
    data = json.loads((repo / "build" / slug / "manifest.json").read_text())
    return data["totals"]["ran"]


def timed(wall: float, rss: float) -> str:
    return f"{wall:.2f} s, {rss:.0f} MB"


def ebook_rows(samples: Path, base: Path, tries: int = 2) -> list[dict]:
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
        row(f"full build, offline: {slug}, with ebook", timed(*best["with"]), f"{best['without'][0]:.2f} s without", 1 + share, f"ebook adds <= +25% (fastest of {tries})"),
        row(f"full build, offline: {slug}, ebook: false", timed(*best["without"]), goal=f"fastest of {tries}"),
        row(f"no-op rebuild: {slug}, with ebook", timed(*noop["with"]), f"{noop['without'][0]:.3f} s without"),
    ]


def rows(workdir: Path) -> list[dict]:
    found: list[dict] = []
    repo = workdir / "samples"
    shutil.copytree(REPO / "books", repo / "books")
    shutil.copy(REPO / "bookbuild.toml", repo / "bookbuild.toml")
    books = sorted(p.name for p in (repo / "books").iterdir() if (p / "book.yaml").exists())
    for slug in books:
        wall, rss, _ = run(repo, "build", slug)
        pages = next(l for l in (repo / "books" / slug / "book.yaml").read_text().splitlines() if l.startswith("page_count")).split(":")[1].strip()
        found.append(row(f"full build, offline: {slug} ({pages} pages)", timed(wall, rss), goal=f"{ran_tasks(repo, slug)} tasks ran"))
    found += ebook_rows(REPO / "books", workdir / "ebook")
    page = sorted((repo / "books" / "the-brave-little-fox" / "pages").glob("*.md"))[4]
    page.write_text(page.read_text() + "\nA new sentence for the benchmark.\n")
    wall, rss, _ = run(repo, "build", "the-brave-little-fox")
    found.append(row("one-page text edit rebuild (32 pages)", timed(wall, rss), goal=f"{ran_tasks(repo, 'the-brave-little-fox')} tasks ran"))
    wall, rss, _ = run(repo, "--help")
    found.append(row("bookbuild --help (start-up)", timed(wall, rss)))
    return found
