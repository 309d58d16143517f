"""The budget against the fake OpenAI server: what a capped build spent when the server
bills 1x, 2x, 4x (...) what the price table says a picture costs.

Run: python benchmarks/budget_fake.py [--cap 0.5] [--scales 1 2 4 8] [--concurrency 4]

For each price scale it builds a new 32-page generated picture book (the one of
benchmarks/openai_fake.py: two characters, so two reference pictures) with `bookbuild build --max-cost CAP`, the fake reporting
(and billing) ``scale`` times the tokens of every answer, and prints: the cap, what
the server billed (its own tally of the usage it reported), what the manifest says
was spent, the pictures paid for, and whether the cap held. Then the same with the
repository cap (max_total_cost) over three builds in a row. Works in a temporary
folder; needs no network or key.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

from fakes.openai_server import FakeOpenAI  # noqa: E402
from openai_fake import make_repo as make_book  # noqa: E402  (the same 32-page book, Pip and Owl)


def make_repo(root: Path, concurrency: int, toml: str = "") -> None:
    make_book(root, concurrency, concurrency)
    settings = root / "bookbuild.toml"
    settings.write_text(f"{toml}\n{settings.read_text()}")


@contextmanager
def priced_repo(scale: float, concurrency: int, toml: str = "") -> Iterator[tuple[Path, FakeOpenAI]]:
    """A new repository with the book, and a fake server billing ``scale`` times the table."""
    with FakeOpenAI() as fake, tempfile.TemporaryDirectory(prefix="bookbuild-budget-") as tmp:
        fake.token_scale = scale
        make_repo(Path(tmp), concurrency, toml)
        yield Path(tmp), fake


def build(root: Path, fake: FakeOpenAI, *args: str) -> int:
    env = {**os.environ, "BOOKBUILD_PROVIDER": "openai", "OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": fake.api_key, "CI": "1"}
    env.pop("BOOKBUILD_CACHE_DIR", None)
    proc = subprocess.run([sys.executable, "-c", "from bookbuild.cli import main; main()", "build", *args], cwd=root, env=env, capture_output=True, text=True)
    return proc.returncode


def manifest(root: Path) -> dict:
    path = root / "build/pip/manifest.json"  # openai_fake's book
    return json.loads(path.read_text()) if path.is_file() else {"totals": {"cost": 0.0, "images": 0}, "spent_to_date": 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=float, default=0.5, help="USD: --max-cost of each build")
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 2, 4, 8], help="how many times the table's price the server bills")
    parser.add_argument("--concurrency", type=int, default=4, help="[openai] concurrency and jobs")
    args = parser.parse_args()

    print(f"one build, --max-cost {args.cap:.2f}, concurrency {args.concurrency}")
    print(f"{'price':>6} {'cap':>6} {'billed':>8} {'manifest':>9} {'pictures':>9} {'requests':>9}  held")
    for scale in args.scales:
        with priced_repo(scale, args.concurrency) as (root, fake):
            build(root, fake, "--max-cost", str(args.cap))
            spent = manifest(root)["totals"]
            held = "yes" if fake.billed() <= args.cap + 1e-9 else "NO"
            print(f"{scale:>5g}x {args.cap:>6.2f} {fake.billed():>8.4f} {spent['cost']:>9.4f} {spent['images']:>9} {fake.count():>9}  {held}")

    print(f"\nmax_total_cost = {args.cap:.2f}, three builds in a row (the running total is the manifest's spent_to_date)")
    print(f"{'price':>6} {'build':>6} {'billed':>8} {'to date':>8}  held")
    for scale in args.scales:
        with priced_repo(scale, args.concurrency, f"max_total_cost = {args.cap}") as (root, fake):
            for number in (1, 2, 3):
                build(root, fake)
                held = "yes" if fake.billed() <= args.cap + 1e-9 else "NO"
                print(f"{scale:>5g}x {number:>6} {fake.billed():>8.4f} {manifest(root)['spent_to_date']:>8.4f}  {held}")


if __name__ == "__main__":
    main()
