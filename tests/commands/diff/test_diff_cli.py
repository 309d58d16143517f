"""`bookbuild diff` as a command: the working tree as HEAD, AI calls, usage errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import PAID_PLUGIN
from helpers.diff_repo import edit, make_repo, repo_state, shared_cache



@pytest.fixture
def cache(tmp_path_factory, monkeypatch) -> Path:
    path = shared_cache(tmp_path_factory)
    monkeypatch.setenv("BOOKBUILD_CACHE_DIR", str(path))
    return path


def test_working_tree_against_a_commit(tmp_path, cli, cache, monkeypatch):
    root = make_repo(tmp_path / "repo")
    pages = root / "books/small/pages"
    edit(pages / "02.md", "Owl smiles.", "Owl waves.")  # not staged
    (pages / "11.md").unlink()
    (pages / "12.md").unlink()  # two pages fewer: 11 blank pages at the end, one too many for KDP
    before = repo_state(root)
    monkeypatch.chdir(root)
    result = cli("diff", "HEAD")
    assert result.exit_code == 0, result.output
    assert repo_state(root) == before  # status, index, refs, worktrees: untouched
    assert sorted(p.name for p in (root / "build").iterdir()) == ["diff"]  # the user's build/ holds only the report
    md = (root / "build/diff/report.md").read_text(encoding="utf-8")
    assert re.search(r"`[0-9a-f]{7,} \(start\)` → `working tree`", md)
    assert "- page 4 (pages/02.md): text changed" in md
    assert "- page 13 (pages/11.md) of the base: deleted: This is page 11. Pip smiles." in md
    assert "- page 14 (pages/12.md) of the base: deleted: This is page 12. Owl smiles." in md
    assert "- new: interior page 14: error [blank-pages] pages 14-24 are blank" in md
    assert "small: changed: 1 changed, 2 inserted, 2 deleted" in result.output


def test_new_ai_calls_are_counted_and_priced(tmp_path, cli, cache):
    root = make_repo(tmp_path / "repo", {"bookbuild.toml": 'provider = "paid"\n', "plugins/paid.py": PAID_PLUGIN})
    edit(root / "books/small/pages/03.md", "Pip in the meadow, picture 3", "Pip on a boat")
    result = cli("-C", str(root), "diff", "HEAD", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    md = (tmp_path / "out/report.md").read_text(encoding="utf-8")
    assert "| small | changed | 1 changed, ebook changed | 1 (about $0.04) |" in md  # one new picture; the others are cached
    assert "**AI calls:** 1 new (paid), about $0.04." in md
    # The base was never built here: its 12 pictures and cover art were paid for by this run, plus the new one.
    assert "this run paid $0.56 for AI calls" in md
    again = cli("-C", str(root), "diff", "HEAD", "--out", str(tmp_path / "out"))
    md = (tmp_path / "out/report.md").read_text(encoding="utf-8")
    assert again.exit_code == 0 and "| small | changed | 1 changed, ebook changed | 1 (about $0.04) |" in md  # what the change costs, paid or not
    assert "this run paid" not in md  # everything came from the cache


def test_a_side_that_does_not_load_is_reported(tmp_path, cli, cache):
    root = make_repo(tmp_path / "repo")
    (root / "books/small/pages/05-again.md").write_text("Another page five.\n")  # untracked, and a spec error
    result = cli("-C", str(root), "diff", "HEAD", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output  # the report is the answer: the change breaks the book
    md = (tmp_path / "out/report.md").read_text(encoding="utf-8")
    assert "| small | did not build | - |" in md
    assert "**head did not build:**" in md and "page number 5 is also used by" in md
    assert "Findings" not in md and "unchanged" not in md  # nothing to compare with a side that did not load
    assert "+Another page five." in md


def test_a_broken_bookbuild_toml_is_a_usage_error(tmp_path, cli, cache):
    root = make_repo(tmp_path / "repo")
    (root / "bookbuild.toml").write_text("provider = [\n")
    result = cli("-C", str(root), "diff", "HEAD", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "bookbuild.toml" in result.output and "Traceback" not in result.output


def test_book_repository_in_a_subfolder_of_the_git_repository(tmp_path, cli, cache):
    top = make_repo(tmp_path / "top", folder="site")
    edit(top / "site/books/small/pages/03.md", "Pip smiles.", "Pip grins.")
    edit(top / "README.md", "Not", "Still not")  # outside the book repository: no book changes
    result = cli("-C", str(top / "site"), "diff", "start")
    assert result.exit_code == 0, result.output
    md = (top / "site/build/diff/report.md").read_text(encoding="utf-8")
    assert "- page 5 (pages/03.md): text changed" in md and "README" not in md


def test_not_a_git_repository(tmp_path, cli):
    (tmp_path / "bookbuild.toml").write_text("")
    result = cli("-C", str(tmp_path), "diff", "main")
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.output and "Traceback" not in result.output


def test_unknown_revision(tmp_path, cli):
    root = make_repo(tmp_path / "repo")
    for args in (("nope",), ("HEAD", "nope")):
        result = cli("-C", str(root), "diff", *args)
        assert result.exit_code == 2
        assert "unknown revision 'nope'" in result.output and "fetch-depth: 0" in result.output
    assert not (root / "build").exists()


def test_diff_in_help(cli):
    result = cli("diff", "--help")
    assert result.exit_code == 0 and "BASE" in result.output and "--threshold" in result.output


@pytest.mark.parametrize("target", ["/etc/passwd", "../../../../../../../../etc/passwd"])
def test_a_committed_link_out_of_the_repository_is_refused_by_name(tmp_path, cli, cache, target):
    from helpers.diff_repo import commit

    root = make_repo(tmp_path / "repo")
    page = root / "books/small/pages/03.md"
    page.unlink()
    page.symlink_to(target)  # what a hostile pull request could commit
    commit(root, "evil")
    result = cli("-C", str(root), "diff", "start", "evil", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert "books/small/pages/03.md at " in result.output and "bookbuild reads only files inside the repository" in result.output
    assert "root:" not in result.output and "internal error" not in result.output
