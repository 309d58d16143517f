"""No-op rebuild of the three sample books against Python's own start-up with click and
PyYAML imported: the least any `bookbuild` command can cost."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from process import REPO, fastest, row, run

TRIES = 7  # well under a second each: many runs, so a busy moment does not decide


def rows(workdir: Path) -> list[dict]:
    repo = workdir / "noop"
    shutil.copytree(REPO / "books", repo / "books")
    shutil.copy(REPO / "bookbuild.toml", repo / "bookbuild.toml")
    run(repo, "build")  # every sample, from scratch
    floor = fastest(TRIES, [sys.executable, "-c", "import click, yaml"])
    best = min(run(repo, "build")[0] for _ in range(TRIES))
    return [row("no-op rebuild, 3 samples (vs python -c 'import click, yaml')", f"{best:.3f} s", f"{floor:.3f} s", best / floor, "<= 2.5x and <= 0.3 s")]
