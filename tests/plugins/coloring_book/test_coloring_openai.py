"""AI line art through the real openai client against the fake OpenAI server:
the provider is asked for coloring pages, and what it returns prints as clean
line art after the shared pipeline."""

from __future__ import annotations

import json

from PIL import Image

from helpers import write_files
from fakes.openai_server import fake_openai  # noqa: F401  (fixture, used by name)
from helpers.line_art import AI_BOOK, assert_clean_line_art


def test_ai_coloring_pages_from_the_openai_provider_are_clean_line_art(fake_openai, tmp_path, monkeypatch, cli):
    root = write_files(tmp_path / "repo", {"bookbuild.toml": 'cache_dir = ".cache"\njobs = 4\n', "books/sea/book.yaml": AI_BOOK})
    monkeypatch.chdir(root)
    monkeypatch.setenv("BOOKBUILD_PROVIDER", "openai")
    result = cli("build")
    assert result.exit_code == 0, result.output
    prompts = [body["prompt"] for body in fake_openai.bodies("/images/generations")]
    assert len(prompts) == 11  # one picture per right-hand page, each bought once
    # The line-art rules, once each; no illustration style (it is not part of line art).
    assert all("coloring page" in p and p.count("no grey") == 1 and "watercolour" not in p for p in prompts)

    from bookbuild.plugins.coloring_book.checks import _placed_images

    placed = list(_placed_images(root / "build/sea/interior.pdf"))
    assert len(placed) == 11
    for picture in placed:
        assert_clean_line_art(Image.fromarray(picture.pixels))  # the fake's pastel pictures, traced to pure black on white
    manifest = json.loads((root / "build/sea/manifest.json").read_text())
    assert manifest["findings"] == [] and manifest["totals"]["images"] == 11
    fake_openai.reset()
    assert cli("build").exit_code == 0 and fake_openai.count() == 0


def test_a_coloring_books_own_openai_settings_are_used_and_style_is_not_in_its_keys(fake_openai, tmp_path, monkeypatch, cli):
    book = AI_BOOK + "openai:\n  image_model: gpt-image-1-mini\n  image_quality: low\n"
    root = write_files(tmp_path / "repo", {"bookbuild.toml": 'cache_dir = ".cache"\n[openai]\nimage_model = "gpt-image-1"\n', "books/sea/book.yaml": book})
    monkeypatch.chdir(root)
    monkeypatch.setenv("BOOKBUILD_PROVIDER", "openai")

    plan = cli("plan", "--explain")
    assert plan.exit_code == 0, plan.output
    pages = [line for line in plan.output.splitlines() if '"source": "ai"' in line]
    assert len(pages) == 11
    assert all('"model": "gpt-image-1-mini"' in line and '"quality": "low"' in line and '"style"' not in line for line in pages)

    assert cli("build").exit_code == 0
    assert {body["model"] for body in fake_openai.bodies("/images/generations")} == {"gpt-image-1-mini"}
    fake_openai.reset()
    (root / "books/sea/book.yaml").write_text(book + "  style: bold crayon\n")  # a style the line art never uses
    rebuilt = cli("build")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert fake_openai.count("/images/generations") == 0
