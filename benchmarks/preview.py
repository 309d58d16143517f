"""Live preview latency: from saving a one-page text edit to the rebuilt PDF, and to the
open preview page showing the new pages, for the 32-page sample book.

Run: python benchmarks/preview.py [--runs N]
Starts a real `bookbuild serve the-brave-little-fox --port 0` on a copy of the
repository in a temporary folder (your build/ and cache stay untouched), builds
the book once, opens the page in headless Chromium (/usr/bin/chromium; without
it only the PDF row is measured), then edits pages/05.md N times:
- save -> PDF: until build/the-brave-little-fox/interior.pdf is replaced
- save -> page: until the page has the new generation and every thumbnail of
  the new PDF has loaded (timed in the browser, on the same clock)
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SLUG = "the-brave-little-fox"
sys.path.insert(0, str(REPO / "tests" / "serve"))  # the small DevTools client the browser test uses

# Resolves with Date.now() once the page shows a later generation and all its thumbnails have loaded.
RELOADED = """new Promise(resolve => {
  const check = () => {
    const images = [...document.querySelectorAll('.page img')];
    if (Number(document.documentElement.dataset.generation) > %d && images.length
        && images.every(i => i.complete && i.naturalWidth > 0)) resolve(Date.now());
    else setTimeout(check, 5);
  };
  check();
})"""


def copy_repository(target: Path) -> None:
    for name in ("books", "themes", "plugins"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "bookbuild.toml", target / "bookbuild.toml")


def start_serve(repo: Path) -> tuple[subprocess.Popen, "queue.Queue[str]"]:
    env = {**os.environ, "CI": "1", "PYTHONUNBUFFERED": "1", "BOOKBUILD_CACHE_DIR": str(repo / ".cache")}
    env.pop("OPENAI_API_KEY", None)
    proc = subprocess.Popen([sys.executable, "-m", "bookbuild", "serve", SLUG, "--port", "0"], cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in iter(proc.stdout.readline, "")], daemon=True).start()
    return proc, lines


def wait_line(lines: "queue.Queue[str]", text: str, timeout: float = 600) -> str:
    deadline = time.monotonic() + timeout
    while True:
        line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        if text in line:
            return line


def wait_replaced(pdf: Path, before: int, timeout: float = 60) -> float:
    """time.time() when the PDF's inode changed (the build replaces it atomically)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if pdf.stat().st_ino != before:
                return time.time()
        except FileNotFoundError:
            pass
        time.sleep(0.002)
    raise SystemExit(f"{pdf} was not rebuilt in {timeout}s")


def measure(repo: Path, page, runs: int, lines: "queue.Queue[str]") -> tuple[list[float], list[float]]:
    spec = sorted((repo / "books" / SLUG / "pages").glob("*.md"))[4]
    pdf = repo / "build" / SLUG / "interior.pdf"
    to_pdf, to_page = [], []
    for run in range(runs):
        generation = int(page.evaluate("document.documentElement.dataset.generation")) if page else 0
        before = pdf.stat().st_ino
        saved = time.time()
        spec.write_text(spec.read_text() + f"\nA new sentence number {run}.\n")
        to_pdf.append(wait_replaced(pdf, before) - saved)
        if page:
            to_page.append(page.evaluate(RELOADED % generation, await_promise=True, timeout=60) / 1000 - saved)
        wait_line(lines, "rebuilt in", 60)
        time.sleep(0.3)  # let the machine settle between saves
    return to_pdf, to_page


def row(name: str, values: list[float]) -> str:
    if not values:
        return f"{name:<52} {'-':>8}  (no /usr/bin/chromium: not measured)"
    return f"{name:<52} {statistics.median(values):>8.2f}  min {min(values):.2f}, max {max(values):.2f}, {len(values)} saves"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bookbuild-bench-preview-") as tmp:
        repo = Path(tmp)
        copy_repository(repo)
        proc, lines = start_serve(repo)
        browser = None
        try:
            url = wait_line(lines, "preview: ").split("preview: ", 1)[1].strip()
            wait_line(lines, "watching")
            page = None
            if Path("/usr/bin/chromium").exists():
                from helpers.cdp import Chromium

                browser = Chromium(size=(1280, 2400))  # tall: every thumbnail in view, none left lazy
                page = browser.new_page()
                page.goto(url)
                page.wait_for("document.documentElement.dataset.generation >= 1", 60)
            to_pdf, to_page = measure(repo, page, args.runs, lines)
        finally:
            if browser:
                browser.close()
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=60)
    print(f"{'scenario (32-page sample, one-page text edit)':<52} {'median s':>8}")
    print("-" * 90)
    print(row("save -> rebuilt PDF (bookbuild serve)", to_pdf))
    print(row("save -> preview page shows the new pages", to_page))
    print(f"\nmachine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
