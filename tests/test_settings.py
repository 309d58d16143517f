"""The bad-input corpus for bookbuild.toml and the environment: each mistake is one line
naming the file (or variable), its line and key, exit 2; never a traceback, never an
internal error, nothing half-written."""

from __future__ import annotations

import pytest

from helpers.faults import half_written

TOML = "bookbuild.toml"
BASE = 'cache_dir = ".cache"\n'


def toml(text: str | bytes):
    def setup(root, outside):
        (root / TOML).write_bytes(text if isinstance(text, bytes) else (BASE + text).encode())

    return setup


def also(make, then):
    def setup(root, outside):
        make(root, outside)
        then(root, outside)

    return setup


def a_file(name: str):
    def setup(root, outside):
        (root / name).write_text("not a folder\n")

    return setup


def toml_links_out(root, outside):
    outside.write_text(BASE + 'jobs = "all"\n')
    (root / TOML).unlink()
    (root / TOML).symlink_to(outside)


CASES = [
    ("jobs-negative", toml("jobs = -1\n"), f"{TOML}:2", "jobs: must be 0 or more, got -1"),
    ("jobs-huge", toml("jobs = 100000\n"), f"{TOML}:2", "at most 256 tasks can run at once"),
    ("jobs-text", toml('jobs = "4"\n'), f"{TOML}:2", "jobs: expected a whole number"),
    ("jobs-float", toml("jobs = 2.5\n"), f"{TOML}:2", "jobs: expected a whole number"),
    ("max-cost-negative", toml("max_cost = -5\n"), f"{TOML}:2", "max_cost: must be 0 or more, got -5"),
    ("max-cost-nan", toml("max_cost = nan\n"), f"{TOML}:2", "max_cost: must be a number of US dollars"),
    ("max-cost-infinite", toml("max_cost = inf\n"), f"{TOML}:2", "max_cost: must be a number of US dollars"),
    ("max-cost-bool", toml("max_cost = true\n"), f"{TOML}:2", "max_cost: expected a number"),
    ("cache-dir-is-a-file", also(toml(b'cache_dir = "notes.txt"\n'), a_file("notes.txt")), f"{TOML}:1", "cache_dir: notes.txt is a file, not a folder"),
    ("build-dir-is-a-file", also(toml('build_dir = "out"\n'), a_file("out")), f"{TOML}:2", "build_dir: out is a file, not a folder"),
    ("books-dir-is-a-file", also(toml('books_dir = "list"\n'), a_file("list")), f"{TOML}:2", "books_dir: list is a file, not a folder"),
    ("themes-dir-outside", toml('themes_dir = "/etc"\n'), f"{TOML}:2", "themes_dir: /etc leads outside the repository"),
    ("books-dir-outside", toml('books_dir = "../.."\n'), f"{TOML}:2", "books_dir: ../.. leads outside the repository"),
    ("plugins-dir-outside", toml('plugins_dir = "/usr/lib/python3"\n'), f"{TOML}:2", "plugins_dir: /usr/lib/python3 leads outside"),
    ("folder-empty-name", toml('build_dir = ""\n'), f"{TOML}:2", "build_dir: expected a folder name"),
    ("not-utf8", toml(BASE.encode() + b'provider = "caf\xe9"\n'), f"{TOML}:2", "is not UTF-8 text (byte 0xe9 on line 2)"),
    ("nul-byte", toml(BASE.encode() + b"jobs = 1\0\n"), f"{TOML}:2", "NUL byte on line 2"),
    ("utf16", toml(BASE.encode("utf-16")), TOML, "UTF-16"),
    ("two-megabytes", toml(BASE.encode() + b"# " + b"x" * (2 * 2**20) + b"\n"), TOML, "may be at most 1.0 MB"),
    ("links-out", toml_links_out, TOML, "leads outside the repository"),
    ("invalid-toml", toml("jobs = \n"), f"{TOML}:2", "invalid TOML"),
    ("nested-too-deep", toml("x = " + "[" * 5000 + "]" * 5000 + "\n"), TOML, "invalid TOML"),
    ("unknown-key", toml("job = 2\n"), f"{TOML}:2", "job: unknown key (did you mean 'jobs'?)"),
    ("unknown-section", toml("[openia]\n"), f"{TOML}:2", "[openia]: unknown section (did you mean 'openai'?)"),
    ("unknown-default-theme", toml('default_theme = "picture-bok"\n'), f"{TOML}:2", "default_theme: theme 'picture-bok' not found"),
    ("default-theme-a-path", toml('default_theme = "../../themes/x"\n'), f"{TOML}:2", "is not a theme name"),
    ("unknown-disabled-plugin", toml('disabled_plugins = ["nope"]\n'), f"{TOML}:2", "disabled_plugins: 'nope' is not a loaded plugin"),
    ("essential-disabled-plugin", toml('disabled_plugins = ["kdp"]\n'), f"{TOML}:2", "is essential and cannot be disabled"),
    ("disabled-plugins-not-a-list", toml('disabled_plugins = "kdp"\n'), f"{TOML}:2", "disabled_plugins: expected a list"),
    ("unknown-provider-value", toml('write_generated_pages = "sometimes"\n'), f"{TOML}:2", "'sometimes' is not allowed"),
]


@pytest.fixture
def outside(tmp_path):
    path = tmp_path / "outside.toml"
    path.write_text("")
    return path


@pytest.mark.parametrize("setup, where, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["build", "plan"])
def test_bookbuild_toml_mistakes_name_the_file_line_and_key(scratch_repo, cli, outside, setup, where, words, command):
    setup(scratch_repo, outside)
    result = cli(command)
    assert result.exit_code == 2, result.output
    assert where in result.output and words in result.output, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert half_written(scratch_repo) == []


# -- the environment ---------------------------------------------------------------------


def test_cache_dir_variable_that_is_a_file(scratch_repo, cli, monkeypatch):
    (scratch_repo / "cachefile").write_text("x")
    monkeypatch.setenv("BOOKBUILD_CACHE_DIR", str(scratch_repo / "cachefile"))
    result = cli("build")
    assert result.exit_code == 2 and f"BOOKBUILD_CACHE_DIR={scratch_repo / 'cachefile'} is a file, not a folder" in result.output
    assert half_written(scratch_repo) == []


@pytest.mark.parametrize("value", ["yesterday", "1.5e9", "99999999999999999999"])
def test_source_date_epoch_that_is_not_a_date(scratch_repo, cli, monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = cli("build")
    assert result.exit_code == 2 and f"SOURCE_DATE_EPOCH={value!r} is not a date" in result.output
    assert "internal error" not in result.output and half_written(scratch_repo) == []


def test_unknown_provider_variable(scratch_repo, cli, monkeypatch):
    monkeypatch.setenv("BOOKBUILD_PROVIDER", "opnai")
    result = cli("build")
    assert result.exit_code == 2 and "BOOKBUILD_PROVIDER" in result.output and "internal error" not in result.output


def test_directory_option_that_is_no_folder(scratch_repo, cli):
    result = cli("-C", str(scratch_repo / "missing"), "build")
    assert result.exit_code == 2 and "missing" in result.output and "does not exist" in result.output


@pytest.mark.parametrize("variable", ["BOOKBUILD_JOBS", "BOOKBUILD_REQUESTS"])
@pytest.mark.parametrize("value, words", [("many", "not a whole number"), ("-3", "must be 0 or more"), ("999", "at most 256")])
def test_count_variable_that_is_not_a_count(scratch_repo, cli, monkeypatch, variable, value, words):
    monkeypatch.setenv(variable, value)
    result = cli("build")
    assert result.exit_code == 2
    assert variable in result.output and words in result.output
    assert "Traceback" not in result.output and half_written(scratch_repo) == []


def test_jobs_from_the_command_line_the_environment_and_the_file(scratch_repo, monkeypatch):
    from bookbuild.project import Project

    (scratch_repo / "bookbuild.toml").write_text('cache_dir = ".cache"\njobs = 3\n')
    settings = Project.open(scratch_repo).settings
    assert settings.job_count == 3
    monkeypatch.setenv("BOOKBUILD_JOBS", "5")
    assert settings.job_count == 5
    settings.run_jobs = 2  # --jobs 2
    assert settings.job_count == 2


def test_requests_from_the_command_line_over_the_environment(scratch_repo, monkeypatch):
    from bookbuild.project import Project

    settings = Project.open(scratch_repo).settings
    assert settings.request_limit == 0  # none given: each provider's own concurrency
    monkeypatch.setenv("BOOKBUILD_REQUESTS", "3")
    assert settings.request_limit == 3
    settings.run_requests = 1  # --requests 1
    assert settings.request_limit == 1


def test_requests_option_is_checked(scratch_repo, cli):
    result = cli("build", "--requests", "0")
    assert result.exit_code == 2 and "--requests" in result.output


def test_jobs_option_builds_and_is_checked(scratch_repo, cli):
    assert cli("build", "--jobs", "1").exit_code == 0
    result = cli("build", "--jobs", "0")
    assert result.exit_code == 2 and "--jobs" in result.output
