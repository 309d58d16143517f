"""The command line as a user meets it: help, new, cache, exit codes, start-up cost."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bookbuild.cli import cli as group

COMMANDS = ["new", "build", "plan", "validate", "preflight", "plugins", "cache", "regenerate", "diff", "watch", "serve", "canva", "schema", "themes"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(cli, command):
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert "Usage: " in result.output and len(result.output.splitlines()) > 3


def test_help_lists_every_command(cli):
    result = cli("--help")
    for command in COMMANDS:
        assert f"  {command}" in result.output


def test_help_does_not_import_heavy_packages():
    code = "import sys; from bookbuild.cli import main; sys.argv=['bookbuild','--help']\ntry: main()\nexcept SystemExit: pass\nprint(sorted(m for m in ('weasyprint','PIL','openai','pypdf','pypdfium2','diskcache','tqdm') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_the_command_line_loads_no_command_it_does_not_run():
    """Every command line imports bookbuild.cli; a command's own machinery (diff's page
    matching, git export, image comparison) loads only when that command runs."""
    code = "import sys, bookbuild.cli\nprint(sorted(m for m in sys.modules if m.startswith('bookbuild.commands.diff.') and m != 'bookbuild.commands.diff.command'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_new_book_builds_at_once(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("new", "books/my-book", "--type", "picture")
    assert result.exit_code == 0, result.output
    assert "created bookbuild.toml" in result.output
    assert (tmp_path / "books/my-book/book.yaml").is_file()
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "build/my-book/interior.pdf").stat().st_size > 100_000
    assert (tmp_path / "build/my-book/cover.pdf").is_file()
    assert "error" not in result.output


def test_new_refuses_an_existing_book_and_bad_names(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("new", "books/one").exit_code == 0
    again = cli("new", "books/one")
    assert again.exit_code == 2 and "books/one/book.yaml already exists" in again.output
    bad = cli("new", "books/My Book")
    assert bad.exit_code == 2 and "lowercase letters, digits and dashes" in bad.output


def test_cache_stats_and_clear(built_copy, cli):
    stats = cli("cache", "stats")
    assert stats.exit_code == 0
    # 32 tasks, and the safety verdict of each printed text (21 pages' text and prompt, title, author)
    assert "76 task results" in stats.output
    streams = built_copy / ".cache" / "pdf-streams"  # the fonts' compressed streams (render/streams.py)
    assert any(p.is_file() for p in streams.iterdir())
    cleared = cli("cache", "clear")
    assert cleared.exit_code == 0 and "cache cleared" in cleared.output
    assert "0 task results, 0 files" in cli("cache", "stats").output
    assert not streams.exists()


def test_cache_dir_from_environment(scratch_repo, cli, monkeypatch, tmp_path):
    monkeypatch.setenv("BOOKBUILD_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert str(tmp_path / "elsewhere") in cli("cache", "stats").output


def test_build_json_summary(built_copy, cli):
    result = cli("build", "--format", "json")
    data = json.loads(result.output)
    assert data["books"][0]["book"] == "small"
    assert data["books"][0]["totals"]["cached"] == 32


def test_unknown_command_is_a_usage_error(cli):
    result = CliRunnerInvoke(["biuld"])
    assert result.exit_code == 2 and "No such command 'biuld'" in result.output


def CliRunnerInvoke(args):
    from click.testing import CliRunner

    return CliRunner().invoke(group, args)


def test_failed_task_exits_1_with_the_task_named(scratch_repo, cli, monkeypatch):
    from bookbuild.plugins.generators import offline

    def broken(self, request):
        raise RuntimeError("the drawing went wrong")

    monkeypatch.setattr(offline.OfflineProvider, "draw_image", broken)
    monkeypatch.setattr(offline.OfflineProvider, "cpu_bound", False)  # draw in this process, where the patch is
    result = cli("build")
    assert result.exit_code == 1
    assert "illustration:01: task small/illustration:01 (plugin bookbuild.plugins.picture_book.illustrations) failed: RuntimeError: the drawing went wrong" in result.output
    assert "Traceback" not in result.output
    assert not (scratch_repo / "build/small/interior.pdf").exists()


def test_a_folder_without_books_says_what_to_do(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("build")
    assert result.exit_code == 2
    assert "no books here: nothing matches books/*/book.yaml" in result.output
    assert "bookbuild new books/<slug>" in result.output


def test_a_key_in_the_shell_buys_nothing_unless_the_provider_is_named(scratch_repo, cli, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "test-key-not-real")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9")  # nothing listens: any request would fail the build
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert 'note: the openai provider is set up but not used (provider: offline)' in result.output
    manifest = (scratch_repo / "build/small/manifest.json").read_text()
    assert '"cost": 0' in manifest and "test-key-not-real" not in manifest
