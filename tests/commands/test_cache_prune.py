"""`bookbuild cache prune`: frees what no current book and no recent build uses, says how
much, and never drops a result a current book uses (paid ones least of all)."""

from __future__ import annotations

import json
import re

from bookbuild.engine.cache import Cache
from helpers import PAID_PLUGIN, SMALL_BOOK, paid_calls, small_pages, write_files


def _tasks_cached(cli) -> tuple[int, int]:
    totals = json.loads(cli("build", "--format", "json").stdout)["books"][0]["totals"]
    return totals["ran"], totals["cached"]


def _removed(output: str) -> int:
    return int(re.search(r"(?:would remove|removed) (\d+) task result", output).group(1))


def test_prune_keeps_everything_the_books_use(built_copy, cli):
    result = cli("cache", "prune")
    assert result.exit_code == 0, result.output
    # 32 tasks and the safety verdict of each printed text (21 pages' text and prompt, title, author)
    assert _removed(result.output) == 0 and "kept 76 task results" in result.output
    assert _tasks_cached(cli) == (0, 32)


def test_prune_frees_what_an_edit_left_behind(built_copy, cli):
    page = built_copy / "books/small/pages/03.md"
    page.write_text(page.read_text().replace("picture 3", "picture three"))
    assert _tasks_cached(cli)[0] == 6  # story, illustration:03, interior-layout, interior, validate, text-check
    before = Cache(built_copy / ".cache").stats()["tasks"]
    dry = cli("cache", "prune", "--dry-run")
    assert "would remove" in dry.output and Cache(built_copy / ".cache").stats()["tasks"] == before
    result = cli("cache", "prune")
    gone = _removed(result.output)
    # the old story, picture 3, layout, interior, validate, text check, and the old prompt's verdict
    assert gone == _removed(dry.output) == 7
    assert re.search(r"\d+ files?: \d+\.\d MB freed in \.cache", result.output)
    assert Cache(built_copy / ".cache").stats()["tasks"] == before - gone
    assert _tasks_cached(cli)[0] == 0  # nothing the book uses was lost
    page.write_text(page.read_text().replace("picture three", "picture 3"))  # undo: the old picture is gone
    assert _tasks_cached(cli)[0] >= 1


def test_prune_keeps_what_the_last_build_of_a_removed_book_used(built_copy, cli):
    write_files(built_copy, {"books/other/book.yaml": SMALL_BOOK.replace("Small Fox", "Other Fox"), **{k.replace("small", "other"): v for k, v in small_pages().items()}})
    assert cli("build").exit_code == 0
    import shutil

    shutil.rmtree(built_copy / "books/other")  # its build/other/manifest.json is still there
    assert _removed(cli("cache", "prune").output) == 0
    shutil.rmtree(built_copy / "build/other")
    assert _removed(cli("cache", "prune").output) > 0


def test_paid_results_a_book_uses_are_never_pruned(tmp_path, monkeypatch, cli):
    log = tmp_path / "calls.log"
    monkeypatch.setenv("PAID_LOG", str(log))
    root = write_files(tmp_path / "repo", {"bookbuild.toml": 'cache_dir = ".cache"\nprovider = "paid"\n', "plugins/paid.py": PAID_PLUGIN, "books/small/book.yaml": SMALL_BOOK, **small_pages(21)})
    monkeypatch.chdir(root)
    assert cli("build").exit_code == 0
    images = len(paid_calls(log, "image"))
    page = root / "books/small/pages/05.md"
    page.write_text(page.read_text().replace("picture 5", "picture five"))
    assert cli("build").exit_code == 0 and len(paid_calls(log, "image")) == images + 1
    result = cli("cache", "prune")
    assert "1 paid result (made for $0.04) among them" in result.output  # the old picture 5, which no book uses now
    assert cli("build").exit_code == 0 and len(paid_calls(log, "image")) == images + 1  # nothing bought again


def test_prune_keeps_every_paid_result_while_a_book_cannot_be_planned(tmp_path, monkeypatch, cli):
    log = tmp_path / "calls.log"
    monkeypatch.setenv("PAID_LOG", str(log))
    root = write_files(tmp_path / "repo", {"bookbuild.toml": 'cache_dir = ".cache"\nprovider = "paid"\nwrite_generated_pages = "never"\n', "plugins/paid.py": PAID_PLUGIN, "books/gen/book.yaml": "title: Gen\nauthor: A\npage_count: 24\ntrim: 5x8\n"})
    monkeypatch.chdir(root)
    assert cli("build").exit_code == 0
    calls = len(paid_calls(log))
    cache = Cache(root / ".cache")
    checks = [k for k, (_, entry) in cache.task_entries().items() if entry["task"] == "story"]  # the free story check
    cache.remove(checks, [digest for k, (digest, _) in cache.task_entries().items() if k in checks])
    cache.close()
    import shutil

    shutil.rmtree(root / "build")  # no manifest either: only the plan could tell what the book uses
    result = cli("cache", "prune")
    assert "kept every paid result: gen cannot be planned to the end" in result.output
    assert cli("build").exit_code == 0 and len(paid_calls(log)) == calls  # every picture still cached
