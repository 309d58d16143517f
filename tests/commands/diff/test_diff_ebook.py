"""`bookbuild diff` and the ebook: a change that reaches only the ebook is still a change,
and turning the ebook off or on says so. The commits: start -> declare (KDP's
AI-content answers in book.yaml: ebook metadata only) -> off (`ebook: false`) -> on."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.diff_repo import commit, edit, make_repo, shared_cache


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("ebook-history") / "repo")
    spec = root / "books/small/book.yaml"
    spec.write_text(spec.read_text() + "ai_content:\n  text: some-extensive\n  tools: [ChatGPT]\n")
    commit(root, "declare")
    spec.write_text(spec.read_text() + "ebook: false\n")
    commit(root, "off")
    edit(spec, "ebook: false\n", "")
    commit(root, "on")
    return root


@pytest.fixture
def diff(history, cli, monkeypatch, tmp_path, tmp_path_factory):
    monkeypatch.setenv("BOOKBUILD_CACHE_DIR", str(shared_cache(tmp_path_factory)))

    def run(base: str, head: str) -> str:
        result = cli("-C", str(history), "diff", base, head, "--out", str(tmp_path / "out"))
        assert result.exit_code == 0, result.output
        return (tmp_path / "out/report.md").read_text(encoding="utf-8")

    return run


def test_a_change_only_the_ebook_shows_is_reported(diff):
    md = diff("start", "declare")
    assert "| small | changed | ebook changed | 0 |" in md  # not "no change in print": the Kindle edition changed
    assert "**Pages:** ebook changed (24 unchanged of 24)" in md  # every printed page is as it was
    assert "- ebook: metadata changed (15 pages)" in md  # no page of it changed, only what KDP's form will read


def test_turning_the_ebook_off_and_on_is_reported(diff):
    assert "- ebook: no ebook any more" in diff("declare", "off")
    md = diff("off", "on")
    assert "| small | changed | ebook added | 0 |" in md and "- ebook: new ebook, 15 pages" in md
