"""AI line art through the real openai client against the fake OpenAI server:
the provider is asked for coloring pages, and what it returns prints as clean
line art after the shared pipeline."""

from __future__ import annotations

import json

from helpers import write_files
from fakes.openai_server import fake_openai  # noqa: F401  (fixture, used by name)
from test_coloring_sources import AI_BOOK, assert_clean_line_art


def test_ai_coloring_pages_from_the_openai_provider_are_clean_line_art(fake_openai, tmp_path, monkeypatch, cli):
    root = write_files(tmp_path / "repo", {"bookbuild.toml": 'cache_dir = ".cache"\njobs = 4\n', "books/sea/book.yaml": AI_BOOK})
    monkeypatch.chdir(root)
    monkeypatch.setenv("BOOKBUILD_PROVIDER", "openai")
    result = cli("build")
    assert result.exit_code == 0, result.output
    prompts = [body["prompt"] for body in fake_openai.bodies("/images/generations")]
    assert len(prompts) == 11  # one picture per right-hand page, each bought once
    assert all("colouring-book page" in p and "no grey" in p for p in prompts)

    from bookbuild.plugins.coloring_book.checks import _placed_images

    placed = list(_placed_images(root / "build/sea/interior.pdf"))
    assert len(placed) == 11
    for picture in placed:
        assert_clean_line_art(picture.image)  # the fake's pastel pictures, traced to pure black on white
    manifest = json.loads((root / "build/sea/manifest.json").read_text())
    assert manifest["findings"] == [] and manifest["totals"]["images"] == 11
    fake_openai.reset()
    assert cli("build").exit_code == 0 and fake_openai.count() == 0
