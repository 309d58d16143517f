"""`bookbuild diff` on CI runners: --shard, and a pull request's runner that reads
what main's runner put in the remote cache (moto's S3 server on 127.0.0.1)."""

from __future__ import annotations

import pytest

from bookbuild.shard import Shard

from helpers import PAID_PLUGIN, paid_calls, small_pages
from helpers.diff_repo import BOOK, STORY_PAGES, commit, edit, git, make_repo, shared_cache
from fakes.s3_server import fake_s3  # noqa: F401  (a fixture, used by name)


def test_diff_takes_its_shard(tmp_path, cli, tmp_path_factory, monkeypatch):
    monkeypatch.setenv("BOOKBUILD_CACHE_DIR", str(shared_cache(tmp_path_factory)))
    pip = {"books/pip/book.yaml": BOOK.replace("Small Fox", "Pip Fox"), **{k.replace("/small/", "/pip/"): v for k, v in small_pages(STORY_PAGES).items()}}
    root = make_repo(tmp_path / "repo", pip)
    assert Shard(1, 2).has("small") and Shard(2, 2).has("pip")
    for slug in ("small", "pip"):
        edit(root / f"books/{slug}/pages/02.md", "Owl smiles.", "Owl waves.")

    result = cli("-C", str(root), "diff", "HEAD", "--shard", "2/2", "--out", str(tmp_path / "out"))

    assert result.exit_code == 0, result.output
    assert result.output.startswith("pip: changed") and "small" not in result.output
    md = (tmp_path / "out/report.md").read_text(encoding="utf-8")
    assert "| pip | changed |" in md and "| small |" not in md
    assert not (tmp_path / "out/base/small").exists()  # the other shard's book is not even built

    other = cli("-C", str(root), "diff", "HEAD", "--shard", "1/2", "--out", str(tmp_path / "out1"))
    assert other.exit_code == 0 and other.output.startswith("small: changed") and "pip" not in other.output


def test_a_pull_requests_diff_pays_only_for_its_change(tmp_path, cli, fake_s3, monkeypatch):
    """main's runner built the book; the pull request's runner (a fresh clone, an empty
    cache, the remote read-only) gets the base from the remote and pays for one picture."""
    monkeypatch.setenv("PAID_LOG", str(tmp_path / "calls.jsonl"))
    origin = make_repo(tmp_path / "origin", {"bookbuild.toml": 'provider = "paid"\ncache_dir = ".cache"\n', "plugins/paid.py": PAID_PLUGIN})
    main = tmp_path / "main"
    git(origin, "clone", "-q", str(origin), str(main))
    assert cli("-C", str(main), "build").exit_code == 0
    assert len(paid_calls(tmp_path / "calls.jsonl", "image")) == STORY_PAGES + 1  # the pages and the cover

    pr = tmp_path / "pull-request"
    git(origin, "clone", "-q", str(origin), str(pr))
    edit(pr / "books/small/pages/03.md", "Pip in the meadow, picture 3", "Pip on a boat")
    commit(pr, "boat")
    (tmp_path / "calls.jsonl").unlink()
    monkeypatch.setenv("BOOKBUILD_REMOTE_CACHE_MODE", "read")
    fake_s3.reset()

    result = cli("-C", str(pr), "diff", "start", "HEAD", "--out", str(tmp_path / "out"))

    assert result.exit_code == 0, result.output
    assert [c["detail"]["prompt"] for c in paid_calls(tmp_path / "calls.jsonl")] == ["Pip on a boat"]
    md = (tmp_path / "out/report.md").read_text(encoding="utf-8")
    assert "| small | changed | 1 changed, ebook changed | 1 (about $0.04) |" in md and "this run paid $0.04 for AI calls" in md
    assert fake_s3.count("PUT") == 0 and fake_s3.count("GET", "tasks") > STORY_PAGES


@pytest.fixture(autouse=True)
def _epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
