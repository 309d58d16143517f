"""`--format json`: stdout is exactly one JSON document whatever happens (a clean run,
findings, a failed task, a spec error, a bad option), so CI scripts always get one."""

from __future__ import annotations

import json

import pytest

from helpers import SMALL_BOOK, small_pages, write_files

JSON_COMMANDS = [["build"], ["validate"], ["plan"]]


def _repo(tmp_path, monkeypatch, book: str = SMALL_BOOK, pages: int = 21):
    root = write_files(tmp_path / "repo", {"bookbuild.toml": 'cache_dir = ".cache"\n', "books/small/book.yaml": book, **small_pages(pages)})
    monkeypatch.chdir(root)
    return root


def _document(result) -> dict:
    """stdout parses as one JSON document (json.loads refuses anything before or after it)."""
    return json.loads(result.stdout)


@pytest.mark.parametrize("command", JSON_COMMANDS)
@pytest.mark.parametrize(
    "change, file, line, key",
    [
        (("trim: 5x8", "trim: 9x12"), "books/small/book.yaml", 10, "trim"),
        (("title: Small Fox", "tittle: Small Fox"), "books/small/book.yaml", 1, "tittle"),
        (("page_count: 24", "page_count: many"), "books/small/book.yaml", 9, "page_count"),
    ],
)
def test_a_spec_error_is_one_json_document_with_every_problem_located(tmp_path, monkeypatch, cli, command, change, file, line, key):
    _repo(tmp_path, monkeypatch, SMALL_BOOK.replace(*change))
    result = cli(*command, "--format", "json")
    assert result.exit_code == 2
    data = _document(result)
    assert data["findings"] == [] and data["error"]["exit_code"] == 2
    located = [(p["file"], p["line"], p["key"]) for p in data["error"]["problems"]]
    assert (file, line, key) in located
    assert "Error:" in result.stderr  # people still read it on the terminal


@pytest.mark.parametrize("command", JSON_COMMANDS)
def test_a_bad_toml_and_a_bad_option_are_json_too(tmp_path, monkeypatch, cli, command):
    root = _repo(tmp_path, monkeypatch)
    bad_option = cli(*command, "--format", "json", "--no-such-option")
    assert bad_option.exit_code == 2 and "--no-such-option" in _document(bad_option)["error"]["message"]
    (root / "bookbuild.toml").write_text('provider = "nobody"\n')
    bad_toml = cli(*command, "--format", "json")
    assert bad_toml.exit_code == 2
    assert _document(bad_toml)["error"]["problems"][0]["file"] == "bookbuild.toml"


def test_no_books_is_json(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "--format", "json")
    assert result.exit_code == 2 and "no books here" in _document(result)["error"]["message"]


def test_a_failed_task_is_json_from_validate_and_build(tmp_path, monkeypatch, cli):
    from bookbuild.plugins.generators import offline

    def broken(self, request):
        raise RuntimeError("the drawing went wrong")

    _repo(tmp_path, monkeypatch)
    monkeypatch.setattr(offline.OfflineProvider, "draw_image", broken)
    monkeypatch.setattr(offline.OfflineProvider, "cpu_bound", False)
    for command in ("validate", "build"):
        result = cli(command, "--format", "json")
        assert result.exit_code == 1
        (book,) = _document(result)["books"]
        assert any("the drawing went wrong" in f["error"] for f in book["failed"])


def test_findings_in_json_name_the_printed_page_and_the_file(tmp_path, monkeypatch, cli):
    root = _repo(tmp_path, monkeypatch)
    (root / "books/small/pages/04.md").unlink()  # numbers need not follow on: 01 02 03 05 ...
    (root / "books/small/pages/05.md").write_text("---\nillustration: Pip\n---\n" + " ".join(["Pip ran up the hill to see the sun come up."] * 8) + "\n")
    result = cli("validate", "--format", "json")
    data = _document(result)
    long = [f for f in data["findings"] if f["rule"] == "reading-level" and "words;" in f["message"]]
    assert [(f["page"], f["file"], f["book"]) for f in long] == [(6, "pages/05.md", "small")]  # title, copyright, 01, 02, 03, 05
    text = cli("validate")
    assert "page 6 (pages/05.md): warning [reading-level]" in text.output


def test_plan_json_lists_every_task_and_the_cost(tmp_path, monkeypatch, cli):
    _repo(tmp_path, monkeypatch)
    data = _document(cli("plan", "--format", "json"))
    assert data["provider"] == "offline" and data["estimated_cost"] == 0
    (book,) = data["books"]
    names = [t["task"] for t in book["tasks"]]
    assert {"story", "interior", "cover", "validate", "illustration:21"} <= set(names)
    assert book["to_run"] == len(names) and book["ai_calls"] == 0


def test_preflight_json_on_an_unreadable_pdf(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "not.pdf").write_text("hello")
    result = cli("preflight", "not.pdf", "--trim", "6x9", "--format", "json")
    assert result.exit_code == 2 and "not.pdf" in _document(result)["error"]["message"]
