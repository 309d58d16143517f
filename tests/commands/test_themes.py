"""`bookbuild themes`: every theme a book can name, where it comes from, which books use it."""

from __future__ import annotations

import shutil

from bookbuild.plugins.themes.builtin import builtin_themes_dir
from helpers import SMALL_BOOK, small_pages, write_files

PLUGIN_THEME = '''
from pathlib import Path
from bookbuild import Theme, hookimpl

@hookimpl
def register_themes():
    return [Theme("storytime", Path(__file__).parent / "storytime")]
'''


def test_themes_lists_built_in_repository_and_plugin_themes(tmp_path, monkeypatch, cli):
    root = write_files(tmp_path / "repo", {"bookbuild.toml": 'cache_dir = ".cache"\n', "books/small/book.yaml": SMALL_BOOK, **small_pages(3), "plugins/storytime.py": PLUGIN_THEME})
    shutil.copytree(builtin_themes_dir() / "picture-book", root / "themes/picture-book")  # an author's copy of a built-in
    shutil.copytree(builtin_themes_dir() / "picture-book", root / "themes/bedtime")
    shutil.copytree(builtin_themes_dir() / "picture-book", root / "plugins/storytime")
    (root / "themes/notes").mkdir()  # a folder without templates/ is not a theme
    monkeypatch.chdir(root)
    result = cli("themes")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    row = {line.split()[0]: line for line in lines if line and not line.startswith(" ")}
    assert row["picture-book"].split(None, 1)[1] == "this repository: themes/picture-book/ (in place of the built-in one)"
    assert row["bedtime"].split(None, 1)[1] == "this repository: themes/bedtime/"
    assert row["storytime"].split(None, 1)[1] == "plugin bookbuild_local.storytime: plugins/storytime/"
    assert row["coloring-book"].split(None, 1)[1].startswith("built in (bookbuild ")
    assert "notes" not in row
    notes = {lines[i].split()[0]: lines[i + 1].strip() for i in range(len(lines) - 1) if lines[i + 1].startswith(" ")}
    assert notes["picture-book"] == "default for picture books; used by small"
    assert notes["coloring-book"] == "default for coloring books"
    assert notes["bedtime"] == "for picture books"


def test_themes_works_before_any_book_exists(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    result = cli("themes")
    assert result.exit_code == 0
    assert "picture-book" in result.output and "used by" not in result.output
