"""A whole `bookbuild build` with BOOKBUILD_PROVIDER=openai against the fake, and the [openai] settings."""

from __future__ import annotations

import json

import pytest

from bookbuild.engine.build import build
from bookbuild.errors import SpecError
from bookbuild.project import Project

from helpers import GENERATED_BOOK as BOOK, build_ok, write_files
from fakes.openai_server import fake_openai  # noqa: F401  (fixtures, used by name)


def build_once(root) -> tuple:
    report = build_ok(root)
    return report, json.loads((root / "build/pip/manifest.json").read_text())


def test_a_generated_book_builds_against_the_fake_and_a_rebuild_makes_no_requests(fake_openai, tmp_path, monkeypatch):
    # One job (CPU work), three requests in flight: the provider's slots are its own.
    toml = 'cache_dir = ".cache"\njobs = 1\n[openai]\nconcurrency = 3\n'
    root = write_files(tmp_path / "repo", {"bookbuild.toml": toml, "books/pip/book.yaml": BOOK})
    monkeypatch.setenv("BOOKBUILD_PROVIDER", "openai")
    fake_openai.latency = 0.05

    report, manifest = build_once(root)
    assert fake_openai.max_in_flight == 3

    counts = fake_openai.counts()
    pictures = 21 + 1 + 1  # 21 story pages (the theme adds 3), the cover art, Pip's reference picture
    assert counts["/chat/completions"] == 1 and len(fake_openai.drawn()) == pictures
    assert (root / "build/pip/interior.pdf").is_file() and (root / "build/pip/cover.pdf").is_file()
    totals = manifest["totals"]
    assert totals["images"] == pictures and totals["requests"] == fake_openai.count()  # moderation included
    assert totals["cost"] == pytest.approx(fake_openai.billed(), abs=1e-4)  # what the server billed (the manifest rounds to 4 places)
    assert manifest["provider"] == "openai"

    fake_openai.reset()
    build_once(root)
    assert fake_openai.count() == 0


def test_openai_settings_are_checked_like_book_keys(tmp_path):
    toml = '[openai]\nimage_size = "huge"\nconcurency = 2\nimage_quality = "ultra"\n'
    root = write_files(tmp_path / "repo", {"bookbuild.toml": toml})

    with pytest.raises(SpecError) as caught:
        Project.open(root)

    message = caught.value.format_message()
    assert "bookbuild.toml:2: openai.image_size: 'huge' is not an image size" in message
    assert "openai.concurency: unknown key (did you mean 'concurrency'?)" in message
    assert "openai.image_quality: 'ultra' is not allowed" in message


def test_settings_reach_the_provider(tmp_path, monkeypatch):
    toml = '[openai]\nimage_model = "gpt-image-1-mini"\nimage_quality = "low"\n[openai.prices]\n"gpt-image-1-mini" = { low = { "1024x1536" = 0.5 } }\n'
    root = write_files(tmp_path / "repo", {"bookbuild.toml": toml})
    monkeypatch.setenv("BOOKBUILD_PROVIDER", "openai")

    provider = Project.open(root).provider

    assert provider.name == "openai"
    assert provider.params("image")["model"] == "gpt-image-1-mini"
    assert provider.prices["gpt-image-1-mini"]["low"]["1024x1536"] == 0.5
    assert provider.prices["gpt-image-1-mini"]["low"]["1024x1024"] == 0.002  # the rest of the table stays


def test_a_story_flagged_twice_is_never_printed(fake_openai, tmp_path, monkeypatch):
    book = BOOK.replace("theme: courage", "theme: FLAGME")  # the fake echoes it into page 1 every time
    root = write_files(tmp_path / "repo", {"bookbuild.toml": 'cache_dir = ".cache"\n', "books/pip/book.yaml": book})
    monkeypatch.setenv("BOOKBUILD_PROVIDER", "openai")
    project = Project.open(root)

    report = build(project)
    project.cache.close()

    story = next(r for r in report.books[0].results if r.task.name == "story")
    assert story.status == "failed" and not report.ok
    assert "page 1: OpenAI moderation flagged the story text (violence)" in story.error
    assert fake_openai.count("/chat/completions") == 2  # written once more, then given up
    # Nothing drawn from the story; the characters' reference pictures come from book.yaml's
    # looks alone (drawn while the story is written, kept for the next build).
    from_story = [d for d in fake_openai.drawn() if not d["prompt"].startswith("A character reference picture")]
    assert from_story == [] and not (root / "build/pip/interior.pdf").exists()
    # Paid for, so kept: written to pages/ for the author, the page that failed saying why.
    assert "# NOT PRINTED until fixed: OpenAI moderation flagged the story text (violence)" in (root / "books/pip/pages/01.md").read_text()
    assert "NOT PRINTED" not in (root / "books/pip/pages/02.md").read_text()


def test_a_book_chooses_its_own_models(fake_openai, tmp_path, monkeypatch):
    book = BOOK + "openai:\n  image_quality: low\n  text_model: gpt-4.1-nano\n"
    root = write_files(tmp_path / "repo", {"bookbuild.toml": 'cache_dir = ".cache"\n', "books/pip/book.yaml": book})
    monkeypatch.setenv("BOOKBUILD_PROVIDER", "openai")
    build_once(root)
    assert {b["model"] for b in fake_openai.bodies("/chat/completions")} == {"gpt-4.1-nano"}
    assert {b["quality"] for b in fake_openai.bodies("/images/generations")} == {"low"}


def test_a_books_unknown_openai_key_is_a_spec_error(tmp_path):
    book = BOOK + "openai:\n  image_qualty: low\n"
    root = write_files(tmp_path / "repo", {"books/pip/book.yaml": book})
    with pytest.raises(SpecError) as info:
        Project.open(root).load_books()
    assert "books/pip/book.yaml:15: openai.image_qualty: unknown key (did you mean 'image_quality'?)" in str(info.value.problems[0])
