"""A shelf of built books for the ebook tests, built once per session: the sample picture
books (books/: a hand-written 8.5x8.5 book, a generated 8x10 book), a book fresh from
`bookbuild new`, and a landscape 8.25x6 board book without bleed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import SAMPLES, write_files
from helpers.ebook import picture_books

BOARD_BOOK = """
title: Good Night, Moon Bear
author: Ada Ink
age_group: 0-2
characters:
  - name: Bear
    visual: a small round brown bear with a blue nightcap
page_count: 24
trim: 8.25x6
bleed: false
paper: white
ink: premium-color
copyright_year: 2026
ebook: true
"""


def board_pages(count: int = 21) -> dict[str, str]:
    return {f"books/board/pages/{i:02d}.md": f"---\nillustration: Bear under the stars, scene {i}\ntext_position: {'top' if i % 3 else 'bottom'}\n---\nGood night, star {i}.\n" for i in range(1, count + 1)}


@pytest.fixture(scope="session")
def shelf(tmp_path_factory) -> Path:
    from bookbuild.commands.new import create_book
    from bookbuild.engine.build import build
    from bookbuild.project import Project

    root = tmp_path_factory.mktemp("shelf") / "repo"
    for slug in picture_books(SAMPLES):  # the coloring sample has no ebook (and is slow to draw)
        shutil.copytree(SAMPLES / slug, root / "books" / slug)
    # never: the generated sample keeps its story generated (not written into pages/), so a
    # rebuild finds every task cached and the tests read the ebook the build made
    write_files(root, {"bookbuild.toml": 'cache_dir = ".cache"\nwrite_generated_pages = "never"\n', "books/board/book.yaml": BOARD_BOOK, **board_pages()})
    create_book(root, Path("books/fresh"), "picture", "A Fresh Start")
    project = Project.open(root)
    report = build(project)
    project.cache.close()
    assert report.ok, [f"{r.task.id}: {r.error}" for b in report.books for r in b.failed]
    return root

