"""Speed and memory of whole `bookbuild` processes, as one table.

Run: python benchmarks/run.py   (or: make bench)

Each row comes from a module beside this one that exposes ``rows(workdir) -> list[dict]``
(keys: scenario, measured, floor, ratio, goal): the scenario, what it took, the floor or
ideal it is measured against, their ratio, and the goal. Every module works in its own
folder under one temporary directory, so your build/ and cache stay untouched. Ratios
are taken within one run: on a busy machine the absolute times move, the ratios less.
A module that is not there yet is named in a note under the table.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]  # the modules beside this one; the fake OpenAI server

# In table order: the AI build, the no-op, the offline books against each other and the
# floor (offline.py), peak memory, then the samples and the ebook.
MODULES = ("ai", "noop", "offline", "memory", "samples")
COLUMNS = ("scenario", "measured", "floor", "ratio", "goal")
HEADINGS = ("scenario", "measured", "floor or ideal", "ratio", "goal")


def compiled() -> None:
    """bookbuild's bytecode written, as pip writes it when it installs a package: with
    PYTHONDONTWRITEBYTECODE set (or a checkout just edited), every measured process would
    compile bookbuild from source while its floors import precompiled packages."""
    import compileall

    compileall.compile_dir(str(HERE.parent / "bookbuild"), quiet=1)


def collect(names: tuple[str, ...] = MODULES) -> tuple[list[dict], list[str]]:
    rows: list[dict] = []
    notes: list[str] = []
    compiled()
    with tempfile.TemporaryDirectory(prefix="bookbuild-bench-") as tmp:
        for name in names:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                notes.append(f"benchmarks/{name}.py is not there yet: its rows are missing")
                continue
            folder = Path(tmp) / name
            folder.mkdir()
            started = time.perf_counter()
            rows += module.rows(folder)
            notes.append(f"{name}: {time.perf_counter() - started:.0f} s")
    return rows, notes


def table(rows: list[dict]) -> str:
    cells = [list(HEADINGS)] + [[_cell(r.get(c, "")) for c in COLUMNS] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(COLUMNS))]
    lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _cell(value: object) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def main() -> None:
    names = tuple(sys.argv[1:]) or MODULES
    rows, notes = collect(names)
    print(table(rows))
    print(f"\nmachine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; " + "; ".join(notes))


if __name__ == "__main__":
    main()
