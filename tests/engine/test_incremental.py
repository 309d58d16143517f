"""Incremental rules on a real book: a no-op build does nothing; an edit redoes
exactly the tasks that read what changed."""

from __future__ import annotations

import json
from pathlib import Path

from bookbuild.engine.build import build
from bookbuild.project import Project
from helpers import build_ok


def rebuild(root: Path):
    return build_ok(root).books[0]


def ran(book) -> set[str]:
    return {r.task.name for r in book.results if r.status == "ran"}


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    out = root / "build" / "small"
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(out.iterdir())}


def test_noop_rebuild_runs_nothing_and_touches_no_file(built_copy, cli):
    before = snapshot(built_copy)
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert "small: 32 tasks: nothing to do, every task cached" in result.output
    assert snapshot(built_copy) == before  # same bytes, same mtimes, manifest included


def test_page_text_edit_redoes_only_story_interior_and_checks(built_copy):
    page = built_copy / "books/small/pages/05.md"
    page.write_text(page.read_text().replace("This is page 5.", "This is page five, edited."))
    book = rebuild(built_copy)
    # The ebook is zipped again with the new words: its pictures and cover are as they were.
    redone = {"story", "interior-layout", "interior", "ebook-pages", "ebook", "validate", "text-check"}
    assert ran(book) == redone
    manifest = json.loads((built_copy / "build/small/manifest.json").read_text())
    assert {t["task"] for t in manifest["tasks"] if not t["cached"]} == redone
    assert manifest["totals"]["ran"] == 7 and manifest["totals"]["cached"] == 25


def test_illustration_prompt_edit_redraws_one_picture(built_copy):
    page = built_copy / "books/small/pages/07.md"
    page.write_text(page.read_text().replace("in the meadow", "by the river"))
    book = rebuild(built_copy)
    # The ebook's pages are the same (a prompt is not in them): only the picture is re-zipped.
    assert ran(book) == {"story", "illustration:07", "interior-layout", "interior", "ebook", "validate", "text-check"}


def test_character_look_change_redraws_only_pictures_showing_it(built_copy):
    yaml = built_copy / "books/small/book.yaml"
    yaml.write_text(yaml.read_text().replace("a round grey owl", "a round brown owl"))
    book = rebuild(built_copy)
    owl_pages = {f"illustration:{i:02d}" for i in range(2, 22, 2)}  # Owl is on the even pages
    # New pictures, the same words: the pages are not laid out again, the pictures go into their places.
    assert ran(book) == owl_pages | {"cover-art", "interior", "cover", "ebook-cover", "ebook", "validate"}


def test_deleted_output_comes_back_from_cache(built_copy):
    (built_copy / "build/small/interior.pdf").unlink()
    book = rebuild(built_copy)
    assert ran(book) == set()
    assert (built_copy / "build/small/interior.pdf").stat().st_size > 100_000


def test_plan_lists_every_task_and_what_would_run(built_copy, cli):
    page = built_copy / "books/small/pages/03.md"
    page.write_text(page.read_text().replace("picture 3", "picture three"))
    result = cli("plan")
    assert result.exit_code == 0
    assert "small: 32 tasks, 8 to run, 24 cached" in result.output
    lines = {line.split()[1]: line.split()[0] for line in result.output.splitlines() if line.startswith("  ") and len(line.split()) > 2 and line.split()[0] in ("cached", "run")}
    assert lines["illustration:03"] == "run" and lines["illustration:04"] == "cached"
    assert lines["interior"] == "run" and lines["cover"] == "cached"
    assert "AI calls: 0, estimated cost $0.00 (provider: offline)" in result.output
    # a dry run changes nothing
    assert cli("plan").output == result.output


def test_killed_build_resumes_without_redoing_finished_tasks(scratch_repo, monkeypatch):
    """A task failing mid-build (as a kill would) keeps everything already finished."""
    from bookbuild.plugins.picture_book import layout as render

    original = render._interior

    def exploding(theme):
        def run(ctx):
            raise KeyboardInterrupt  # what Ctrl-C looks like inside a task

        return run

    monkeypatch.setattr(render, "_interior", exploding)
    project = Project.open(scratch_repo)
    try:
        build(project)
    except KeyboardInterrupt:
        pass
    finally:
        project.cache.close()
    assert not (scratch_repo / "build/small/interior.pdf").exists()
    assert not list((scratch_repo / "build").rglob("*.tmp"))
    monkeypatch.setattr(render, "_interior", original)
    book = rebuild(scratch_repo)
    assert "illustration:01" not in ran(book)  # drawn before the interruption, cached
    assert {"interior", "validate"} <= ran(book)
