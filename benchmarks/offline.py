"""Offline builds against their floors, as ratios measured in one run.

Run: python benchmarks/offline.py   (prints the table; benchmarks/run.py imports ``rows``)

- "50-page offline coloring vs 32-page offline picture book": a fresh full build
  (empty cache) of a new 50-page coloring book against one of the-brave-little-fox;
  goal: the coloring book takes at most 1.5x as long.
- "32-page offline picture book vs WeasyPrint floor": the picture book's fresh full
  build against the least any program could do for its interior: start Python,
  encode its pictures once (JPEG, bookbuild's settings) and have WeasyPrint lay
  out the same interior HTML with them; goal: at most 2x.

Each figure is the wall time of a fresh process (the shortest of ``repeat`` runs);
the machine may be shared, so read the ratios, not the seconds. The floor's HTML
and pictures are caught from a build of the picture book (its render_html and the
filling of its laid-out pages patched); its decoding of them is not counted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PICTURE_BOOK = "the-brave-little-fox"  # 32 pages
COLORING_BOOK = "bench-coloring"  # made here: `bookbuild new --type coloring`, 50 pages

BUILD = """
import sys
from bookbuild.launch import main  # what the `bookbuild` command runs
sys.argv[1:] = ["build", sys.argv[1]]
main()
"""

# Builds the book with the interior's HTML (its layout task's render_html), the images in
# its text (_interior_page) and its pictures (filled into the laid-out pages) kept.
CATCH = """
import pickle, sys
from bookbuild.plugins.picture_book import layout
from bookbuild.render import laidout, pdf

target = sys.argv[2]
caught = {"resources": {}}
real_html, real_page, real_fill = pdf.render_html, layout._interior_page, laidout.fill

def render_html(theme, template, *args, **kwargs):
    html = real_html(theme, template, *args, **kwargs)
    if template == "interior.html.j2":
        caught.update(html=html, base_url=str(theme.path / "templates") + "/", root=str(theme.path))
    return html

def interior_page(theme, ctx):
    context, images = real_page(theme, ctx)
    caught["resources"].update(images)
    return context, images

def fill(laid_out, pictures):
    caught["resources"].update(pictures)
    with open(target, "wb") as out:
        pickle.dump(caught, out)
    return real_fill(laid_out, pictures)

pdf.render_html, layout._interior_page, laidout.fill = render_html, interior_page, fill
""" + BUILD

# The floor: encode the pictures once and lay out the interior. Prints the seconds spent
# reading the caught input (not part of the floor).
FLOOR = """
import io, pickle, sys, time
started = time.perf_counter()
from PIL import Image
with open(sys.argv[1], "rb") as f:
    caught = pickle.load(f)
pixels = {name: Image.open(io.BytesIO(data)).convert("RGB") for name, data in caught["resources"].items() if name.endswith((".jpg", ".jpeg"))}
for image in pixels.values():
    image.load()
others = {name: data for name, data in caught["resources"].items() if name not in pixels}
setup = time.perf_counter() - started

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

resources = dict(others)
for name, image in pixels.items():
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, optimize=False, progressive=False, dpi=(300, 300))
    resources[name] = out.getvalue()

class Fetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if url.startswith("bookbuild:"):
            name = url[len("bookbuild:"):]
            kind = "image/jpeg" if name.endswith((".jpg", ".jpeg")) else "image/png"
            return URLFetcherResponse(url, resources[name], {"Content-Type": kind})
        return super().fetch(url, headers)

html = weasyprint.HTML(string=caught["html"], base_url=caught["base_url"], url_fetcher=Fetcher(allowed_protocols=("file", "bookbuild")))
pdf = html.write_pdf(full_fonts=True)
assert pdf.startswith(b"%PDF")
print("SETUP", setup)
"""


def _env(repo: Path, cache: str) -> dict[str, str]:
    env = {**os.environ, "CI": "1", "BOOKBUILD_CACHE_DIR": str(repo / cache)}
    env.pop("OPENAI_API_KEY", None)
    env.pop("BOOKBUILD_PROVIDER", None)
    return env


def _run(repo: Path, script: str, *args: str, cache: str = ".cache") -> tuple[float, str]:
    """Wall seconds of a fresh Python process running ``script``, and its output."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", script, *args], cwd=repo, env=_env(repo, cache), capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode:
        raise SystemExit(f"benchmark step {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return wall, proc.stdout


def fresh_build(repo: Path, slug: str) -> float:
    """A full build from an empty cache and no build folder."""
    shutil.rmtree(repo / ".cache", ignore_errors=True)
    shutil.rmtree(repo / "build" / slug, ignore_errors=True)
    return _run(repo, BUILD, slug)[0]


def floor(repo: Path, caught: Path) -> float:
    wall, out = _run(repo, FLOOR, str(caught))
    setup = float(next(line for line in out.splitlines() if line.startswith("SETUP")).split()[1])
    return wall - setup


def prepare(workdir: Path) -> Path:
    """A copy of the sample books, and a new 50-page offline coloring book."""
    repo = workdir / "offline"
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    shutil.copytree(REPO / "books", repo / "books")
    shutil.copy(REPO / "bookbuild.toml", repo / "bookbuild.toml")
    subprocess.run([sys.executable, "-m", "bookbuild", "new", f"books/{COLORING_BOOK}", "--type", "coloring"], cwd=repo, env=_env(repo, ".cache"), check=True, capture_output=True)
    spec = repo / "books" / COLORING_BOOK / "book.yaml"
    text = spec.read_text()
    if "page_count: 24 " not in text:
        raise SystemExit(f"{spec}: expected `page_count: 24` from bookbuild new")
    spec.write_text(text.replace("page_count: 24 ", "page_count: 50 "))
    return repo


def rows(workdir: Path, repeat: int = 1) -> list[dict]:
    """The two offline scenarios: scenario, measured (s), floor (s), ratio, goal (the
    largest ratio wanted)."""
    repo = prepare(Path(workdir))
    caught = repo / "interior.pickle"
    _run(repo, CATCH, PICTURE_BOOK, str(caught), cache=".cache-catch")
    shutil.rmtree(repo / ".cache-catch", ignore_errors=True)
    picture = coloring = weasy = float("inf")
    for _ in range(max(1, repeat)):  # interleaved, so a busy spell hits all three alike
        picture = min(picture, fresh_build(repo, PICTURE_BOOK))
        coloring = min(coloring, fresh_build(repo, COLORING_BOOK))
        weasy = min(weasy, floor(repo, caught))
    return [
        _row("50-page offline coloring vs 32-page offline picture book", coloring, picture, 1.5),
        _row("32-page offline picture book vs WeasyPrint floor", picture, weasy, 2.0),
    ]


def _row(scenario: str, measured: float, floor: float, goal: float) -> dict:
    return {"scenario": scenario, "measured": round(measured, 2), "floor": round(floor, 2), "ratio": round(measured / floor, 2), "goal": goal}


def table(found: list[dict]) -> str:
    lines = [f"{'scenario':<58} {'measured s':>10} {'floor s':>8} {'ratio':>6} {'goal':>6}", "-" * 92]
    for row in found:
        mark = "ok" if row["ratio"] <= row["goal"] else "over"
        lines.append(f"{row['scenario']:<58} {row['measured']:>10.2f} {row['floor']:>8.2f} {row['ratio']:>5.2f}x {'<=' + format(row['goal'], 'g') + 'x':>6} {mark}")
    return "\n".join(lines)


def main() -> None:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    with tempfile.TemporaryDirectory(prefix="bookbuild-offline-") as tmp:
        print(table(rows(Path(tmp), repeat)))


if __name__ == "__main__":
    main()
