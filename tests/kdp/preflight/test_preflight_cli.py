"""`bookbuild preflight`: exit codes 0/1/2, text and JSON output, clear errors, no tracebacks."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from bookbuild.commands.preflight import preflight_command

from helpers.pdf_corpus import corpus  # noqa: F401 (a fixture)


@click.group()
def cli() -> None:
    """A stand-in for the main group (the command is registered there elsewhere)."""


cli.add_command(preflight_command)


def run(*args: str):
    result = CliRunner().invoke(cli, ["preflight", *map(str, args)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def test_clean_book_exits_0(corpus):
    result = run(corpus.clean_text(), "--trim", "6x9", "--no-bleed")
    assert result.exit_code == 0
    assert result.stdout.strip() == "clean: no findings"


def test_errors_exit_1_with_one_line_per_finding(corpus):
    result = run(corpus.low_dpi(), "--trim", "8.5x8.5", "--bleed")
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    # the file as the user named it, the page, severity, rule, measurement, requirement, fix
    assert lines[0].startswith(str(corpus.low_dpi()) + " page 3: error [image-resolution] image placed at 150 DPI (")
    assert "KDP needs 300; supply a 2400 px wide image" in lines[0]
    assert lines[1].startswith(str(corpus.low_dpi()) + " page 5: warning [image-resolution]")
    assert lines[-1] == "1 error, 1 warning"


def test_warnings_only_exit_0(corpus):
    result = run(corpus.bw_colour(), "--trim", "6x9", "--no-bleed", "--ink", "bw")
    assert result.exit_code == 0
    assert result.stdout.strip().splitlines()[-1].startswith("0 errors, 4 warnings")


def test_json_shape(corpus):
    result = run(corpus.margins(), "--trim", "6x9", "--no-bleed", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert list(data) == ["findings"]
    assert [f["page"] for f in data["findings"]] == [3, 4, 6]
    for finding in data["findings"]:
        assert {"rule", "severity", "page", "message"} <= set(finding)
        assert finding["rule"] == "text-outside-margin" and finding["severity"] == "error"


def test_json_clean(corpus):
    result = run(corpus.clean_text(), "--trim", "6x9", "--no-bleed", "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, {"findings": []})


def test_bleed_is_guessed_from_page_one(corpus):
    result = run(corpus.clean_picture(), "--trim", "8.5x8.5")
    assert result.exit_code == 0
    assert "--bleed" in result.stderr


def test_interior_and_cover(corpus):
    result = run(corpus.clean_picture(), "--cover", corpus.clean_cover(24), "--trim", "8.5x8.5", "--bleed")
    assert (result.exit_code, result.stdout.strip()) == (0, "clean: no findings")


def test_cover_findings_name_the_cover_file(corpus):
    result = run(corpus.clean_picture(), "--cover", corpus.cover_spine_text(24), "--trim", "8.5x8.5", "--bleed")
    assert result.exit_code == 1
    assert "cover-spine-24.pdf page 1: error [spine-text]" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "1 error, 0 warnings"


def test_cover_for_another_page_count(corpus):
    result = run(corpus.clean_picture(), "--cover", corpus.clean_cover(32), "--trim", "8.5x8.5", "--bleed")
    assert result.exit_code == 1
    assert "error [cover-size]" in result.stdout and "24 pages" in result.stdout


def test_encrypted_but_openable_is_a_finding(corpus):
    result = run(corpus.owner_locked(), "--trim", "6x9", "--no-bleed")
    assert result.exit_code == 1
    assert "error [encrypted]" in result.stdout


@pytest.mark.parametrize(
    "builder, words",
    [("truncated", "truncated"), ("not_a_pdf", "is not a PDF"), ("password_locked", "password-protected")],
)
def test_unreadable_files_exit_2(corpus, builder, words):
    result = run(getattr(corpus, builder)(), "--trim", "6x9", "--no-bleed")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and words in result.stderr


def test_unreadable_cover_exits_2(corpus):
    result = run(corpus.clean_picture(), "--cover", corpus.truncated(), "--trim", "8.5x8.5", "--bleed")
    assert result.exit_code == 2 and "truncated" in result.stderr


@pytest.mark.parametrize(
    "args, words",
    [
        (["--trim", "big"], "expected a trim like 8.5x8.5"),
        (["--trim", "6x9", "--ink", "premium-color", "--paper", "cream"], "not a KDP option"),
        (["--trim", "6x9", "--ink", "purple"], "purple"),
        ([], "--trim"),
    ],
)
def test_usage_errors_exit_2(corpus, args, words):
    result = run(corpus.clean_text(), *args)
    assert result.exit_code == 2
    assert words in result.stderr


def test_missing_file_exits_2(tmp_path):
    result = run(tmp_path / "missing.pdf", "--trim", "6x9")
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_module_imports_only_click():
    import ast
    import inspect as pyinspect

    import bookbuild.commands.preflight as module

    tree = ast.parse(pyinspect.getsource(module))
    top = {alias.name for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}
    assert top <= {"annotations", "click"}
