"""A build with nothing to do is answered from the last build's stamp (engine/noop.py),
and any change to what a build reads or writes sends the next build to the real thing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import bookbuild
from bookbuild.engine.noop import answer


def ready(cli) -> None:
    """Built, then built again with nothing to do: the second build left a stamp."""
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert answer(["build"]) is not None


def ran(result) -> bool:
    assert result.exit_code == 0, result.output
    return "every task cached" not in result.output


def test_the_stamp_answers_as_the_real_build_would(built_copy, cli):
    slow = cli("build").output
    fast = answer(["build"])
    assert fast is not None
    code, text = fast
    assert code == 0
    assert _untimed(text) == _untimed(slow)
    assert "small: " in text and "nothing to do" in text
    assert _untimed(cli("build").output) == _untimed(slow)  # the in-process runner takes the same path


def _untimed(text: str) -> str:
    return "\n".join(line.split(" in ")[0] if "every task cached)" in line else line for line in text.splitlines())


def test_a_build_that_ran_tasks_stamps_the_next_no_op(scratch_repo, cli):
    assert ran(cli("build"))
    found = answer(["build"])
    assert found is not None and "nothing to do, every task cached" in found[1]


def edit_page_same_size(root: Path) -> None:
    page = root / "books/small/pages/03.md"
    page.write_text(page.read_text().replace("smiles", "smirks"))


def edit_spec(root: Path) -> None:
    spec = root / "books/small/book.yaml"
    spec.write_text(spec.read_text().replace("Small Fox", "Small Fix"))


def add_asset(root: Path) -> None:
    from PIL import Image

    (root / "books/small/assets").mkdir(exist_ok=True)
    Image.new("RGB", (1600, 2500), (10, 120, 200)).save(root / "books/small/assets/page-02.png")  # enough for 300 DPI


def delete_output(root: Path) -> None:
    (root / "build/small/interior.pdf").unlink()


def damage_output_same_size(root: Path) -> None:
    path = root / "build/small/cover.pdf"
    data = bytearray(path.read_bytes())
    data[-20] ^= 0x01
    path.write_bytes(bytes(data))


def clear_cache(root: Path) -> None:
    shutil.rmtree(root / ".cache" / "objects")
    (root / ".cache" / "index.db").unlink()


@pytest.mark.parametrize("change", [edit_page_same_size, edit_spec, add_asset, clear_cache])
def test_a_change_to_what_the_build_reads_runs_it(built_copy, cli, change):
    ready(cli)
    change(built_copy)
    assert answer(["build"]) is None
    assert ran(cli("build"))
    assert (built_copy / "build/small/interior.pdf").is_file()
    assert answer(["build"]) is not None  # and it stamps again


@pytest.mark.parametrize("change", [delete_output, damage_output_same_size])
def test_a_changed_output_is_put_back(built_copy, cli, change):
    ready(cli)
    outputs = {p.name: p.read_bytes() for p in (built_copy / "build/small").iterdir() if p.suffix != ".json"}
    change(built_copy)
    assert answer(["build"]) is None
    assert cli("build").exit_code == 0
    assert {p.name: p.read_bytes() for p in (built_copy / "build/small").iterdir() if p.suffix != ".json"} == outputs
    assert answer(["build"]) is not None


def add_plugin(root: Path) -> None:
    (root / "plugins").mkdir()
    (root / "plugins/extra.py").write_text("from bookbuild import hookimpl\n")


def edit_plugin(root: Path) -> None:
    (root / "plugins/extra.py").write_text("from bookbuild import hookimpl\nVERSION = '2'\n")


def add_theme(root: Path) -> None:
    (root / "themes/mine/templates").mkdir(parents=True)
    (root / "themes/mine/theme.yaml").write_text("name: mine\n")


def edit_settings(root: Path) -> None:
    (root / "bookbuild.toml").write_text('cache_dir = ".cache"\njobs = 1\n')


def remove_a_page(root: Path) -> None:
    (root / "books/small/pages/21.md").unlink()


def touch_package(root: Path) -> None:
    """bookbuild's own code changed (an upgrade): its files' times move."""
    path = Path(bookbuild.__file__).parent / "graph" / "ids.py"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000))


@pytest.mark.parametrize("change", [add_plugin, add_theme, edit_settings, remove_a_page, touch_package])
def test_any_change_to_the_inputs_is_looked_at(built_copy, cli, change):
    """Whether or not a key moves, the real build decides: the stamp never answers."""
    ready(cli)
    package_file = Path(bookbuild.__file__).parent / "graph" / "ids.py"
    before = package_file.stat()
    try:
        change(built_copy)
        assert answer(["build"]) is None
    finally:
        os.utime(package_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    result = cli("build")
    assert result.exit_code in (0, 1, 2), result.output


def test_plugin_code_edits_are_looked_at(built_copy, cli):
    add_plugin(built_copy)
    ready(cli)
    edit_plugin(built_copy)
    assert answer(["build"]) is None


@pytest.mark.parametrize("name, value", [("BOOKBUILD_PROVIDER", "offline"), ("SOURCE_DATE_EPOCH", "1700000000"), ("OPENAI_API_KEY", "test-key"), ("MY_PLUGIN_SETTING", "x")])
def test_the_environment_is_part_of_the_stamp(built_copy, cli, monkeypatch, name, value):
    ready(cli)
    monkeypatch.setenv(name, value)
    assert answer(["build"]) is None
    cli("build")
    assert answer(["build"]) is not None  # stamped again, for this environment
    monkeypatch.delenv(name)
    assert answer(["build"]) is None


def test_each_command_line_has_its_own_stamp(built_copy, cli):
    ready(cli)
    assert answer(["build", "small"]) is None
    cli("build", "small")
    assert answer(["build", "small"]) is not None
    assert answer(["-C", str(built_copy), "build"]) is None  # same repository, another command line
    for other in (["build", "--format", "json"], ["plan"], ["build", "--help"], ["-v", "build"]):
        cli(*other)
        assert answer(other) is None


def test_another_folder_does_not_use_the_stamp(built_copy, cli, monkeypatch):
    ready(cli)
    (built_copy / "books").joinpath("sub").mkdir()
    monkeypatch.chdir(built_copy / "books" / "sub")
    assert answer(["build"]) is None


def test_a_failed_build_leaves_no_stamp(built_copy, cli):
    spec = built_copy / "books/small/book.yaml"
    spec.write_text(spec.read_text().replace("page_count: 24", "page_count: banana"))
    assert cli("build").exit_code == 2
    assert cli("build").exit_code == 2
    assert answer(["build"]) is None


def test_a_stamp_that_does_not_read_is_ignored(built_copy, cli):
    ready(cli)
    for stamp in (built_copy / ".cache" / "noop").glob("*.json"):
        stamp.write_text("{not json")
    assert answer(["build"]) is None
    assert cli("build").exit_code == 0
    assert answer(["build"]) is not None


def test_a_file_a_plugin_reads_at_the_repository_root_is_looked_at(built_copy, cli):
    (built_copy / "wordlist.yaml").write_text("blocked:\n  - dragon*\n")
    ready(cli)
    (built_copy / "wordlist.yaml").write_text("blocked:\n  - spider*\n")
    assert answer(["build"]) is None


@pytest.mark.parametrize("settings", [
    'cache_dir = "elsewhere/cache"\n',
    "jobs = 2 # cache_dir is set below\ncache_dir = 'elsewhere/cache'  # a comment\n",
    'cache_dir = "elsewhere/cache"\n\n[openai]\nstyle = "cache_dir = \\"not/this\\""\n',
    '"cache_dir" = "elsewhere/cache"\n',
    'provider = """auto"""  # cache_dir = "not/this"\ncache_dir = "elsewhere/cache"\n',
    'cache_dir = "elsewhere\\u002fcache"\n',
])  # fmt: skip
def test_the_stamp_is_found_wherever_bookbuild_toml_puts_the_cache(built_copy, cli, monkeypatch, settings):
    """However bookbuild.toml spells its cache_dir (read plainly or by the TOML parser),
    the no-op looks for its stamp in the cache the build used."""
    monkeypatch.delenv("BOOKBUILD_CACHE_DIR", raising=False)
    (built_copy / "bookbuild.toml").write_text(settings)
    first = cli("build")
    assert first.exit_code == 0, first.output
    ready(cli)
    assert list((built_copy / "elsewhere/cache/noop").glob("*.json"))
    assert not (built_copy / "not").exists()


@pytest.mark.parametrize("text", [
    'cache_dir = ".c"\n', 'x = 1\ncache_dir=".c" # hi\n', '[t]\ncache_dir = "a"\n', 'cache_dir = "a\\\\b"\n',
    "cache_dir = 'a#b'\n", 's = """\ncache_dir = "x"\n"""\n', "# cache_dir\nprovider = 'auto'\n",
    'cache_dir.x = "a"\n', 'cache_dir = "a" # "b"\n', "cache_dir = ''\n",
])  # fmt: skip
def test_bookbuild_toml_is_read_as_the_toml_parser_reads_it(tmp_path, text):
    import tomllib

    from bookbuild.engine import noop

    (tmp_path / "bookbuild.toml").write_text(text)
    assert noop._config(tmp_path).get("cache_dir") == tomllib.loads(text).get("cache_dir")
