"""`bookbuild diff` across a git history of the small book, one kind of change per commit.

The commits: start -> edit (one page's text) -> insert (a page in the middle,
later files renumbered) -> look (Pip's visual) -> trim (5x8 to 6x9) -> add (a
second book) -> delete (the first book). All diffs share one cache, as a CI job
would, so each builds only what its commit changed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers.diff_repo import commit, edit, insert_page, make_repo, repo_state, shared_cache


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> Path:
    return shared_cache(tmp_path_factory)


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("history") / "repo")
    pages = root / "books/small/pages"
    edit(pages / "04.md", "Owl smiles.", "Owl laughs.")
    commit(root, "edit")
    insert_page(pages, 6, "A new page in the middle.")
    commit(root, "insert")
    edit(root / "books/small/book.yaml", "a small orange fox with a green scarf", "a small orange fox with a blue hat")
    commit(root, "look")
    edit(root / "books/small/book.yaml", "trim: 5x8", "trim: 6x9")
    commit(root, "trim")
    shutil.copytree(root / "books/small", root / "books/other")
    edit(root / "books/other/book.yaml", "title: Small Fox", "title: Other Fox")
    commit(root, "add")
    shutil.rmtree(root / "books/small")
    commit(root, "delete")
    return root


@pytest.fixture
def diff(history, cache_dir, cli, monkeypatch, tmp_path):
    """diff(base, head) -> (report.md text, out folder), run like a user would."""
    monkeypatch.setenv("BOOKBUILD_CACHE_DIR", str(cache_dir))

    def run(base: str, head: str) -> tuple[str, Path]:
        out = tmp_path / "out"
        before = repo_state(history)
        result = cli("-C", str(history), "diff", base, head, "--out", str(out))
        assert result.exit_code == 0, result.output
        assert repo_state(history) == before  # nothing in the repository moved
        assert not (history / "build").exists()  # both sides built under --out
        return (out / "report.md").read_text(encoding="utf-8"), out

    return run


def images_of(out: Path) -> list[str]:
    html = (out / "report.html").read_text(encoding="utf-8")
    names = re.findall(r'<img src="([^"]+)"', html)
    assert all((out / n).is_file() for n in names), "report.html refers to a missing image"
    return names


def page_lines(md: str) -> list[str]:
    return [l for l in md.splitlines() if l.startswith("- page") or l.startswith("- unchanged") or l.startswith("- cover")]


def test_text_edit_shows_that_one_page(diff):
    md, out = diff("start", "edit")
    assert "| small | changed | 1 changed, ebook changed | 0 |" in md
    assert page_lines(md) == ["- page 6 (pages/04.md): text changed, 4% of the page"]
    assert "- ebook: page 6 changed (15 pages)" in md  # title, copyright, 12 story pages, The End: no blanks
    assert "  - before: This is page 4. Owl smiles." in md and "  - after: This is page 4. Owl laughs." in md
    assert "-This is page 4. Owl smiles.\n+This is page 4. Owl laughs." in md  # the Markdown diff
    assert "Print: metadata, trim, page count and spine unchanged." in md
    assert sorted(images_of(out)) == ["images/small/base-006.png", "images/small/head-006.png"]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'class="box"' in html and "<del>smiles.</del> <ins>laughs.</ins>" in html


def test_inserted_page_is_one_insertion(diff):
    md, out = diff("edit", "insert")
    lines = page_lines(md)
    # The page as printed: its text, and the proof mark of a book the offline provider drew.
    assert lines[0] == "- page 8 (pages/06.md): inserted: A new page in the middle. Proof · offline draft, not for sale"
    # The 24-page book keeps its size: the last blank page makes room; everything between only moved.
    assert lines[1:] == ["- page 24 (blank) of the base: deleted", "- unchanged, moved: pages 8-23 are now 9-24"]
    # The ebook has no blank page to give up: one page more. Its table of contents points
    # at "The End", now one file further on.
    assert "- ebook: page 8 inserted; navigation changed (16 pages)" in md
    assert "Renumbered, text unchanged: 06.md → 07.md, 07.md → 08.md" in md
    assert md.count("```diff") == 1 and "+A new page in the middle." in md  # one new file, not seven diffs
    assert "images/small/head-008.png" in images_of(out)


def test_character_look_changes_exactly_the_pages_showing_her(diff):
    md, _ = diff("insert", "look")
    changed = [l for l in page_lines(md) if "picture changed" in l]
    # Pip is on the odd pages and on the inserted page 06, with Owl.
    assert [l.split(":")[0] for l in changed] == [f"- page {n} (pages/{s})" for n, s in [(3, "01.md"), (5, "03.md"), (7, "05.md"), (8, "06.md"), (10, "08.md"), (12, "10.md"), (14, "12.md")]]
    assert len(page_lines(md)) == len(changed) + 1 and "- cover: picture or text changed" in md  # she is on the cover too
    assert "-    visual: a small orange fox with a green scarf" in md


def test_trim_change_shows_in_print_facts(diff):
    md, out = diff("look", "trim")
    assert "| trim | 5x8 in | 6x9 in |" in md
    assert "| page size | 5.125 x 8.250 in | 6.125 x 9.250 in |" in md
    assert "| cover size | 10.306 x 8.250 in | 12.306 x 9.250 in |" in md
    assert "spine width" not in md  # pages and paper did not change, so neither did the spine
    assert "- pages 1-24 (title to blank): page size changed" in md and "- cover: size changed" in md
    assert len(images_of(out)) == 2 * 24 + 2


def test_book_added(diff):
    md, out = diff("trim", "add")
    assert "| other | new book | 24 pages | 0 |" in md
    assert "### other: Other Fox (new book)" in md and "| title | Other Fox |" in md
    assert "### small" not in md  # the book that did not change is not listed
    assert len([n for n in images_of(out) if n.startswith("images/other/")]) == 24


def test_book_deleted_is_reported_without_building_it(diff, history):
    md, out = diff("add", "delete")
    assert "| small | deleted | - | - |" in md
    assert "### small: Small Fox (deleted)" in md and "| pages | 24 |" in md
    assert "Files deleted: 14 (book.yaml, pages/01.md" in md
    assert not (out / "base" / "small").exists()  # read for its facts, never built
    assert images_of(out) == []


def test_unchanged_range_says_so(diff):
    md, out = diff("delete", "delete")
    assert "No book changed" in md
    assert images_of(out) == []
