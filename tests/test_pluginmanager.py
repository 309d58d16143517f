"""The plugin surface: every hook documented and exercised; local plugins,
disabled plugins and the `plugins` command."""

from __future__ import annotations

import inspect
import re

from bookbuild import hookspecs
from bookbuild.project import Project

from helpers import REPO, write_files

HOOKS = sorted(name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(fn, "bookbuild_spec"))


def test_every_hook_is_documented_with_its_signature():
    doc = (REPO / "docs" / "plugins.md").read_text()
    for name in HOOKS:
        params = ", ".join(inspect.signature(getattr(hookspecs, name)).parameters)
        assert f"### {name}({params})" in doc, f"docs/plugins.md lacks a section for {name}({params})"


def test_every_hook_is_called_somewhere():
    source = "\n".join(p.read_text() for p in (REPO / "bookbuild").rglob("*.py"))
    for name in HOOKS:
        assert re.search(rf"hook\.{name}\(", source), f"no code calls the {name} hook"


def test_local_plugin_is_loaded_and_its_findings_reach_the_build(scratch_repo, cli):
    write_files(scratch_repo, {"plugins/house_style.py": '''
        from bookbuild import hookimpl
        from bookbuild.findings import Finding
        VERSION = "7"

        @hookimpl
        def validate_book(book):
            return [Finding("house-style", "warning", f"{book.title} is a test")]
    '''})
    result = cli("plugins")
    assert "bookbuild_local.house_style 7 [local]" in result.output
    assert "hooks: validate_book" in result.output
    result = cli("build")
    assert "warning [house-style] Small Fox is a test" in result.output


def test_broken_local_plugin_is_a_clear_error(scratch_repo, cli):
    write_files(scratch_repo, {"plugins/broken.py": "import nonexistent_module_xyz\n"})
    result = cli("build")
    assert result.exit_code == 1
    assert "plugins/broken.py:1: the plugin failed to load: ModuleNotFoundError: No module named 'nonexistent_module_xyz'" in result.output


def test_disabled_plugin_is_not_called(scratch_repo, cli):
    write_files(scratch_repo, {"plugins/noisy.py": '''
        from bookbuild import hookimpl
        from bookbuild.findings import Finding

        @hookimpl
        def validate_book(book):
            return [Finding("noisy", "warning", "should not appear")]
    ''', "bookbuild.toml": 'cache_dir = ".cache"\ndisabled_plugins = ["noisy"]\n'})
    result = cli("build")
    assert "should not appear" not in result.output
    assert result.exit_code == 0


def test_disabling_an_unknown_plugin_is_a_spec_error(scratch_repo, cli):
    (scratch_repo / "bookbuild.toml").write_text('cache_dir = ".cache"\ndisabled_plugins = ["cast_chek"]\n')
    write_files(scratch_repo, {"plugins/cast_check.py": "VERSION = '1'\n"})
    result = cli("plugins")
    assert result.exit_code == 2
    assert "bookbuild.toml:2: disabled_plugins: 'cast_chek' is not a loaded plugin (did you mean 'cast_check'?)" in result.output


def test_essential_checks_cannot_be_disabled_and_other_validators_still_run(scratch_repo, cli):
    """disabled_plugins = ["kdp"] once turned off every check, other plugins' included."""
    write_files(scratch_repo, {"plugins/house_style.py": '''
        from bookbuild import Finding, hookimpl

        @hookimpl
        def validate_book(book):
            return [Finding("house-style", "error", "every title needs a subtitle")]
    '''})
    (scratch_repo / "bookbuild.toml").write_text('cache_dir = ".cache"\ndisabled_plugins = ["kdp"]\n')
    refused = cli("build")
    assert refused.exit_code == 2
    assert "bookbuild.toml:2: disabled_plugins: 'kdp' (bookbuild.plugins.validators.kdp) is essential and cannot be disabled" in refused.output
    # Disabling a plugin that has nothing to do with validation leaves every check running.
    (scratch_repo / "bookbuild.toml").write_text('cache_dir = ".cache"\ndisabled_plugins = ["canva"]\n')
    built = cli("build")
    assert built.exit_code == 1 and "error [house-style] every title needs a subtitle" in built.output


def test_plugins_command_lists_builtins_with_hooks(scratch_repo, cli):
    result = cli("plugins")
    assert result.exit_code == 0
    assert "bookbuild.plugins.picture_book 1 [built-in]" in result.output
    assert "bookbuild.plugins.generators.offline 2 [built-in]" in result.output


def test_plugin_settings_section_and_book_field(scratch_repo):
    write_files(scratch_repo, {"plugins/series.py": '''
        from bookbuild import hookimpl
        from bookbuild.spec.schema import Field

        @hookimpl
        def register_settings():
            return {"series": (Field("name", default="none"),)}

        @hookimpl
        def register_book_fields():
            return (Field("series_number", int),)
    ''', "bookbuild.toml": '[series]\nname = "Forest Friends"\n'})
    book_yaml = scratch_repo / "books/small/book.yaml"
    book_yaml.write_text(book_yaml.read_text() + "series_number: 3\n")
    project = Project.open(scratch_repo)
    assert project.settings.section("series") == {"name": "Forest Friends"}
    assert project.load_books()[0].extra["series_number"] == 3


def test_plugin_command_is_added(scratch_repo, tmp_path):
    import subprocess
    import sys

    write_files(scratch_repo, {"plugins/hello.py": '''
        import click
        from bookbuild import hookimpl

        @hookimpl
        def register_commands(cli):
            @cli.command()
            def hello():
                "Say hello."
                click.echo("hello from a plugin")
    '''})
    out = subprocess.run([sys.executable, "-m", "bookbuild", "hello"], cwd=scratch_repo, capture_output=True, text=True)
    assert out.stdout.strip() == "hello from a plugin", out.stderr


def test_installed_plugin_loads_by_entry_point(scratch_repo, tmp_path):
    """A package with an entry point in the group `bookbuild` is loaded without any configuration."""
    import subprocess
    import sys

    site = tmp_path / "site"
    write_files(site, {
        "bb_stamp.py": '''
            from bookbuild import hookimpl
            from bookbuild.findings import Finding

            @hookimpl
            def validate_book(book):
                return [Finding("stamp", "warning", "checked by bb-stamp")]
        ''',
        "bb_stamp-2.1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: bb-stamp\nVersion: 2.1.0\n",
        "bb_stamp-2.1.0.dist-info/entry_points.txt": "[bookbuild]\nstamp = bb_stamp\n",
    })
    env = {**__import__("os").environ, "PYTHONPATH": str(site)}
    listing = subprocess.run([sys.executable, "-m", "bookbuild", "plugins"], cwd=scratch_repo, env=env, capture_output=True, text=True)
    assert "stamp 2.1.0 [entry point (bb-stamp)]" in listing.stdout, listing.stderr
    built = subprocess.run([sys.executable, "-m", "bookbuild", "build"], cwd=scratch_repo, env=env, capture_output=True, text=True)
    assert "warning [stamp] checked by bb-stamp" in built.stdout, built.stderr


# -- a repository plugin that fails: named by its file and line, whoever called it ----------

import pytest  # noqa: E402

from helpers.faults import half_written  # noqa: E402

HOOK_FAILURES = [
    # (plugin source, the hook named, exit code)
    ("def broken(:\n", "failed to load: SyntaxError", 1),
    ("import json\njson.loads('{')\n", "failed to load: JSONDecodeError", 1),
    ("@hookimpl\ndef register_settings():\n    raise ValueError('boom')\n", "register_settings hook raised ValueError: boom", 1),
    ("@hookimpl\ndef register_book_fields():\n    return 1 / 0\n", "register_book_fields hook raised ZeroDivisionError", 1),
    ("@hookimpl\ndef register_themes():\n    raise OSError('no theme here')\n", "register_themes hook raised OSError: no theme here", 1),
    ("@hookimpl\ndef add_tasks(book, graph, project):\n    {}['missing']\n", "add_tasks hook raised KeyError: 'missing'", 1),
    ("@hookimpl\ndef build_started(project, books):\n    raise RuntimeError('not today')\n", "build_started hook raised RuntimeError: not today", 1),
    ("@hookimpl\ndef render_context(book, template, context):\n    raise ValueError('bad context')\n", "render_context hook raised ValueError: bad context", 1),
    ("@hookimpl\ndef jinja_environment(env, theme):\n    env.filters['x'] = None\n    raise TypeError('no')\n", "jinja_environment hook raised TypeError: no", 1),
    ("@hookimpl\ndef validate_book(book, story, project):\n    return [1 / 0]\n", "validate_book hook raised ZeroDivisionError", 1),
    ("@hookimpl\ndef validate_pdf(book, role, path):\n    raise ValueError(role)\n", "validate_pdf hook raised ValueError", 1),
    ("@hookimpl\ndef after_build(book, results, project):\n    raise ValueError('after')\n", "after_build hook raised ValueError: after", 1),
    ("@hookimpl\ndef task_finished(result):\n    raise ValueError('progress')\n", "task_finished hook raised ValueError: progress", 1),
]


@pytest.mark.parametrize("source, words, code", HOOK_FAILURES, ids=[w.split()[0] for _, w, _ in HOOK_FAILURES])
def test_a_repository_plugin_that_raises_is_named_by_its_file_and_line(built_copy, cli, source, words, code):
    write_files(built_copy, {"plugins/house.py": "from bookbuild import hookimpl\n\n" + source})
    result = cli("build")
    assert result.exit_code == code, result.output
    assert "plugins/house.py:" in result.output and words in result.output, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert "bookbuild.plugins.picture_book" not in result.output  # never blamed on the built-in that called it
    assert half_written(built_copy) == []


def test_a_task_a_repository_plugin_added_says_where_it_raised(built_copy, cli):
    write_files(built_copy, {"plugins/extra.py": '''
        from bookbuild import Task, hookimpl

        def explode(ctx):
            raise ValueError("the extra task broke")

        @hookimpl
        def add_tasks(book, graph, project):
            graph.add(Task(f"{book.slug}/extra", "extra", "house", "1", {}, explode, book=book.slug))
    '''})
    result = cli("build")
    assert result.exit_code == 1
    assert "task small/extra (plugin house) failed: ValueError: the extra task broke (at plugins/extra.py:4)" in result.output
