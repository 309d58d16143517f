"""Plain helpers the tests import (`from helpers import ...`): sample specs and file writing."""

from __future__ import annotations

import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "books"


def write_files(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


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


def small_pages(count: int = 21) -> dict[str, str]:
    """Hand-written pages: Pip on odd pages, Owl on even ones."""
    pages = {}
    for i in range(1, count + 1):
        who = "Pip" if i % 2 else "Owl"
        pages[f"books/small/pages/{i:02d}.md"] = f"---\nillustration: {who} in the meadow, picture {i}\n---\nThis is page {i}. {who} smiles.\n"
    return pages
