"""Shared fixtures: scratch book repositories in tmp_path (lektor's scratch_project).

Plugins installed in the environment are not loaded in tests (datasette's
sys._called_from_test), so results depend only on this repository's code.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "books"


HERMETIC = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "BOOKBUILD_PROVIDER", "BOOKBUILD_CACHE_DIR", "SOURCE_DATE_EPOCH", "CI")


def pytest_configure(config):
    sys._called_from_test = True
    # No real key, no inherited provider or cache: every test is offline and hermetic.
    for var in HERMETIC:
        os.environ.pop(var, None)


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


@pytest.fixture
def scratch_repo(tmp_path, monkeypatch) -> Path:
    """A repository with one small hand-written book (24 pages at 5x8) and its own cache."""
    root = tmp_path / "repo"
    write_files(root, {"bookbuild.toml": 'cache_dir = ".cache"\n', "books/small/book.yaml": SMALL_BOOK, **small_pages()})
    monkeypatch.chdir(root)
    return root


@pytest.fixture(scope="session")
def built_small(tmp_path_factory) -> Path:
    """scratch_repo built once per session; tests copy it (with its cache) to edit it."""
    from bookbuild.project import Project
    from bookbuild.engine.build import build

    root = tmp_path_factory.mktemp("built") / "repo"
    write_files(root, {"bookbuild.toml": 'cache_dir = ".cache"\n', "books/small/book.yaml": SMALL_BOOK, **small_pages()})
    project = Project.open(root)
    report = build(project)
    project.cache.close()
    assert report.ok, [r.error for b in report.books for r in b.failed]
    return root


@pytest.fixture
def built_copy(built_small, tmp_path, monkeypatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(built_small, root, copy_function=shutil.copy2)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def cli():
    """Run the bookbuild CLI in-process: cli(*args) -> click Result."""
    from bookbuild.cli import _register_extra_commands, cli as group

    _register_extra_commands()
    runner = CliRunner()

    def invoke(*args: str, **kwargs):
        return runner.invoke(group, list(args), catch_exceptions=False, **kwargs)

    return invoke
