"""What tests share, in one package (`from helpers import ...`): sample specs, file
writing, a paid provider; and beside this module the larger set-ups: canva.py (a
Canva repository and CLI), diff_repo.py (git histories), pdf_corpus.py (PDFs from
other tools), cdp.py (headless Chromium). The fake servers are in tests/fakes/."""

from __future__ import annotations

import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "books"


def write_files(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def build_ok(root: Path):
    """Build every book of the repository at ``root`` in this process (its cache closed
    after); the build must succeed. Returns the build's report."""
    from bookbuild.engine.build import build
    from bookbuild.project import Project

    project = Project.open(root)
    try:
        report = build(project)
    finally:
        project.cache.close()
    assert report.ok, [r.error for b in report.books for r in b.failed]
    return report


SMALL_BOOK = """
title: Small Fox
author: Test Author
age_group: 3-5
characters:
  - name: Pip
    visual: a small orange fox with a green scarf
  - name: Owl
    visual: a round grey owl with big yellow eyes
page_count: 24
trim: 5x8
bleed: true
paper: white
ink: premium-color
copyright_year: 2026
"""


# A book with no pages: the provider writes its story and draws its pictures.
GENERATED_BOOK = """
title: Pip and the Moon
author: Test Author
age_group: 3-5
theme: courage
setting: a snowy forest
characters:
  - name: Pip
    role: hero
    description: a curious fox who is afraid of the dark
    visual: a small orange fox with a green scarf
page_count: 24
trim: 5x8
copyright_year: 2026
"""


# A book the openai tests generate: two characters with looks (two reference pictures).
PIP_AND_TESS = """
title: Pip and Tess
author: Test Author
age_group: 3-5
setting: a sunny meadow
characters:
  - name: Pip
    visual: a small orange fox with a green scarf
  - name: Tess
    visual: a green turtle with a blue shell
page_count: 24
trim: 5x8
copyright_year: 2026
"""


def small_pages(count: int = 21) -> dict[str, str]:
    """Hand-written pages: Pip on odd pages, Owl on even ones."""
    pages = {}
    for i in range(1, count + 1):
        who = "Pip" if i % 2 else "Owl"
        pages[f"books/small/pages/{i:02d}.md"] = f"---\nillustration: {who} in the meadow, picture {i}\n---\nThis is page {i}. {who} smiles.\n"
    return pages


# A paid provider for tests (drop it in a repository as plugins/paid.py; the keys it makes
# are pinned in tests/engine/test_key_stability.py). With $PAID_LOG set it logs every call
# (one JSON line each) so tests count calls; $PAID_FLAG_STORIES stories come back unsafe
# first. A picture's colour follows its prompt, so a changed prompt changes the page.
PAID_PLUGIN = '''
import json
import os

from bookbuild import BaseProvider, Generated, hookimpl

LOG = os.environ.get("PAID_LOG")
FLAG_STORIES = int(os.environ.get("PAID_FLAG_STORIES", "0"))  # how many stories come back unsafe


def _log(kind, detail):
    if LOG:
        with open(LOG, "a") as f:
            f.write(json.dumps({"kind": kind, "detail": detail}) + "\\n")


def _logged(kind):
    if not LOG or not os.path.exists(LOG):
        return 0
    with open(LOG) as f:
        return sum(json.loads(line)["kind"] == kind for line in f)


class Paid(BaseProvider):
    name = "paid"
    version = "1"
    paid = True

    def params(self, kind):
        return {"model": "fake-1"}

    def estimate(self, kind, request):
        return 0.01 if kind == "story" else 0.04

    def write_story(self, request):
        bad = _logged("story") < FLAG_STORIES
        _log("story", request.seed)
        pages = [{"text": ("There was blood. " if bad and i == 2 else "") + f"Pip and Bo play. Page {i} is fun.",
                  "illustration": f"Pip and Bo in the meadow, scene {i}"} for i in range(1, request.pages + 1)]
        return Generated({"pages": pages, "characters": [{"name": "Bo", "visual": "a tall purple giraffe"}]},
                         {"input_tokens": 100, "output_tokens": 400, "requests": 1, "cost": 0.01})

    def draw_image(self, request):
        from PIL import Image

        _log("image", {"prompt": request.prompt, "characters": [list(c) for c in request.characters]})
        import hashlib

        colour = (len(request.prompt) * 7 % 256, 120, 90)
        image = Image.new("RGB", (64, 64), colour)
        # A mark of the whole prompt: no two requests share a picture (and so a cache object),
        # so a test can count exactly which paid outputs a damaged file costs again.
        mark = hashlib.sha256(request.prompt.encode()).digest()
        image.paste(tuple(mark[:3]), (0, 0, 16, 16))
        return Generated(image, {"images": 1, "requests": 1, "cost": 0.04})


@hookimpl
def register_providers():
    return [Paid()]
'''


def paid_calls(log: Path, kind: str | None = None) -> list[dict]:
    """The calls PAID_PLUGIN logged, of one kind ("story", "image") or all."""
    import json

    calls = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return [c for c in calls if kind is None or c["kind"] == kind]


def wait_until(condition, timeout: float = 10.0) -> bool:
    """Whether ``condition()`` came true within ``timeout`` seconds (checked every 5 ms): for
    a test that must see another thread reach a state (a request in flight, a waiter queued)."""
    import threading

    pause = threading.Event()
    for _ in range(int(timeout / 0.005)):
        if condition():
            return True
        pause.wait(0.005)
    return bool(condition())

