"""A damaged cache heals in the next build: damaged files are found when used, dropped
and made again in the same build; a damaged index is set aside and rebuilt from the
objects. Each case checks the next build exits 0, its PDFs are byte-identical to an
undamaged build's (SOURCE_DATE_EPOCH set), and it pays (PAID_PLUGIN, counted) for
exactly the paid outputs whose own files were damaged: no other paid output is lost."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from bookbuild.engine.cache import ENTRY_MAGIC
from helpers import PAID_PLUGIN, SMALL_BOOK, paid_calls, small_pages, write_files
from helpers.faults import half_written, outputs

EPOCH = "1700000000"


def _cli(*args: str):
    from bookbuild.cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def paid_built(tmp_path_factory):
    """The small book drawn by the paid provider, built once: its PDFs, manifest and cache."""
    root = tmp_path_factory.mktemp("paid") / "repo"
    write_files(root, {"bookbuild.toml": 'cache_dir = ".cache"\nprovider = "paid"\n', "plugins/paid.py": PAID_PLUGIN, "books/small/book.yaml": SMALL_BOOK, **small_pages()})
    saved = {k: os.environ.get(k) for k in ("SOURCE_DATE_EPOCH", "PAID_LOG")}
    os.environ.update(SOURCE_DATE_EPOCH=EPOCH, PAID_LOG=str(root.parent / "first.log"))
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = _cli("build")
    finally:
        os.chdir(cwd)
        for k, v in saved.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    assert result.exit_code == 0, result.output
    assert len(paid_calls(root.parent / "first.log", "image")) == 22  # 21 pages and the cover
    return root


@pytest.fixture
def repo(paid_built, tmp_path, monkeypatch):
    root = tmp_path / "repo"
    shutil.copytree(paid_built, root, symlinks=True)
    shutil.rmtree(root / "build")  # the next build publishes every PDF from the cache
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("PAID_LOG", str(tmp_path / "calls.log"))
    return root


# -- what is in the cache --------------------------------------------------------------------


def objects(root: Path) -> dict[str, Path]:
    folder = root / ".cache" / "objects"
    return {p.name: p for p in folder.glob("??/*") if p.is_file()}


def entry_objects(root: Path) -> list[Path]:
    return [p for p in objects(root).values() if p.read_bytes().startswith(ENTRY_MAGIC)]


def file_objects(root: Path) -> list[Path]:
    return [p for p in objects(root).values() if not p.read_bytes().startswith(ENTRY_MAGIC)]


def paid_tasks_holding(paid_built: Path, digests: set[str]) -> int:
    """How many paid tasks have an output among ``digests``: what damaging them must cost again."""
    manifest = json.loads((paid_built / "build/small/manifest.json").read_text())
    return sum(1 for t in manifest["tasks"] if t["usage"].get("cost") and set(t["outputs"].values()) & digests)


# -- ways to damage a file -----------------------------------------------------------------


def flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def empty(path: Path) -> None:
    path.write_bytes(b"")


def delete(path: Path) -> None:
    path.unlink()


def garbage(path: Path) -> None:
    path.write_bytes(os.urandom(4096))


# -- the cases: damage(root) -> the digests of the output files it damaged ------------------------


def damaging(select, how):
    """Damage the objects ``select(root)`` picks, each with ``how``."""

    def damage(root):
        hit = select(root)
        for p in hit:
            how(p)
        return {p.name for p in hit}  # an entry's digest is no task's output: it counts for nothing

    return damage


def pdfs(root):
    return [p for p in file_objects(root) if p.read_bytes()[:5] == b"%PDF-"]


def a_picture(root):
    return [next(p for p in file_objects(root) if p.read_bytes()[:3] == b"\xff\xd8\xff")]


def every_file_object(how):
    return damaging(file_objects, how)


def the_pdfs(how):
    return damaging(pdfs, how)


def one_picture(how):
    return damaging(a_picture, how)


def every_entry_object(how):
    return damaging(entry_objects, how)


def the_index(how):
    def damage(root):
        how(root / ".cache" / "index.db")
        return set()

    return damage


def index_pages_overwritten(root):
    path = root / ".cache" / "index.db"
    data = bytearray(path.read_bytes())
    data[100:4096] = os.urandom(3996)  # the header's end and the first page
    path.write_bytes(bytes(data))
    return set()


def index_of_another_shape(root):
    path = root / ".cache" / "index.db"
    path.unlink()
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE tasks (id INTEGER, name TEXT)")
    db.execute("INSERT INTO tasks VALUES (1, 'x')")
    db.commit()
    db.close()
    return set()


def index_rows_damaged(root):
    db = sqlite3.connect(root / ".cache" / "index.db")
    db.execute("UPDATE tasks SET body = substr(body, 1, 40)")
    db.commit()
    db.close()
    return set()


def stale_journal(root):
    (root / ".cache" / "index.db-journal").write_bytes(os.urandom(2048))
    return set()


def index_and_pdfs(root):
    garbage(root / ".cache" / "index.db")
    return the_pdfs(flip)(root)


CASES = [
    ("every-file-flipped", every_file_object(flip)),
    ("every-file-truncated", every_file_object(truncate)),
    ("every-file-emptied", every_file_object(empty)),
    ("every-file-deleted", every_file_object(delete)),
    ("pdfs-flipped", the_pdfs(flip)),
    ("pdfs-truncated", the_pdfs(truncate)),
    ("one-picture-flipped", one_picture(flip)),
    ("one-picture-deleted", one_picture(delete)),
    ("entries-garbage", every_entry_object(garbage)),
    ("entries-truncated", every_entry_object(truncate)),
    ("entries-deleted", every_entry_object(delete)),
    ("index-garbage", the_index(garbage)),
    ("index-emptied", the_index(empty)),
    ("index-truncated", the_index(truncate)),
    ("index-deleted", the_index(delete)),
    ("index-pages-overwritten", index_pages_overwritten),
    ("index-of-another-shape", index_of_another_shape),
    ("index-rows-damaged", index_rows_damaged),
    ("index-stale-journal", stale_journal),
    ("index-and-pdfs", index_and_pdfs),
]


@pytest.mark.parametrize("damage", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_the_next_build_heals_the_cache(paid_built, repo, tmp_path, damage):
    damaged = damage(repo)
    result = _cli("build")
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert outputs(repo) == outputs(paid_built)  # byte-identical PDFs
    assert half_written(repo) == []
    # Damage the build did not need to read (a picture inside a cached PDF) is found by verify,
    # and the build after that makes it again: nothing more is paid than what was damaged.
    _cli("cache", "verify")
    shutil.rmtree(repo / "build")
    again = _cli("build")
    assert again.exit_code == 0 and outputs(repo) == outputs(paid_built)
    # No other paid output lost, and nothing paid twice: exactly what was damaged is paid again.
    # (PAID_PLUGIN draws every prompt a picture of its own: were two tasks to share one object,
    # whichever healed it first would spare the other, and the count would depend on timing.)
    assert len(paid_calls(tmp_path / "calls.log")) == paid_tasks_holding(paid_built, damaged)
    verify = _cli("cache", "verify")
    assert verify.exit_code == 0 and "no damage found" in verify.output, verify.output


def test_a_damaged_index_is_set_aside_with_a_warning(repo, tmp_path):
    garbage(repo / ".cache" / "index.db")
    result = _cli("build")
    assert result.exit_code == 0
    assert "warning: the cache index" in result.output and "was damaged" in result.output and "set aside as index.db.damaged-" in result.output
    assert "76 task results recovered" in result.output  # 32 tasks, 44 safety verdicts of printed texts
    (aside,) = (repo / ".cache").glob("index.db.damaged-*")
    assert aside.stat().st_size == 4096  # kept as it was, for a look
    assert paid_calls(tmp_path / "calls.log") == []


def test_every_file_damaged_takes_one_build_not_one_per_file(repo):
    every_file_object(flip)(repo)
    assert _cli("build").exit_code == 0
    assert _cli("build").output.count("nothing to do") == 1


def test_verify_finds_damage_removes_it_and_mends_entries_from_their_other_copy(paid_built, repo, tmp_path):
    picture = one_picture(flip)(repo)
    every_entry_object(garbage)(repo)
    result = _cli("cache", "verify")
    assert result.exit_code == 1
    holders = paid_tasks_holding(paid_built, picture)
    assert f"damaged: 77 files removed (76 of them task entries, written again from their copy in the index), {holders} task results dropped" in result.output
    assert _cli("cache", "verify").exit_code == 0
    assert _cli("build").exit_code == 0
    assert len(paid_calls(tmp_path / "calls.log")) == holders


def test_verify_finds_entries_the_index_lost(repo):
    db = sqlite3.connect(repo / ".cache" / "index.db")
    db.execute("DELETE FROM tasks WHERE key IN (SELECT key FROM tasks LIMIT 5)")
    db.commit()
    db.close()
    result = _cli("cache", "verify")
    assert result.exit_code == 0 and "5 task results the index had lost were found again" in result.output
    assert _cli("cache", "stats").output.count("76 task results") == 1


def test_clear_works_on_a_damaged_index(repo):
    garbage(repo / ".cache" / "index.db")
    result = _cli("cache", "clear")
    assert result.exit_code == 0 and "cache cleared" in result.output
    assert objects(repo) == {} and not (repo / ".cache" / "index.db").exists()


def test_an_objects_folder_that_is_a_file_is_named(repo):
    shutil.rmtree(repo / ".cache" / "objects")
    (repo / ".cache" / "objects").write_text("not a folder")
    result = _cli("build")
    assert result.exit_code == 1
    assert f"{repo / '.cache' / 'objects'} is a file where a folder should be" in result.output
    assert "internal error" not in result.output and half_written(repo) == []


# -- caches of earlier versions (diskcache's cache.db) -------------------------------------------


def legacy_cache(root: Path) -> None:
    """Turn the cache into the diskcache layout bookbuild used before: ("task", key) -> meta,
    ("file", digest) -> bytes, all in cache.db (large values in its own files)."""
    import diskcache

    from bookbuild.engine.cache import Cache, parse_entry

    folder = root / ".cache"
    cache = Cache(folder)
    rows = cache.index.items()
    old = diskcache.Cache(str(folder), eviction_policy="none", size_limit=2**62)
    for key, digest, body in rows:
        entry = parse_entry(body)
        for d in entry["files"].values():
            old.set(("file", d), cache.objects.get(d))
        old.set(("task", key), {"value": entry["value"], "files": entry["files"], "usage": entry["usage"], "seconds": entry["seconds"], "task": entry["task"], "plugin": entry["plugin"]})
    old.close()
    cache.close()
    shutil.rmtree(folder / "objects")
    (folder / "index.db").unlink()


def test_an_old_cache_is_moved_over_and_pays_nothing(paid_built, repo, tmp_path):
    legacy_cache(repo)
    result = _cli("build")
    assert result.exit_code == 0 and "moved 76 cached task results from the old cache format" in result.output
    assert outputs(repo) == outputs(paid_built)
    assert paid_calls(tmp_path / "calls.log") == []
    assert not (repo / ".cache" / "cache.db").exists()


def test_an_old_cache_too_damaged_to_read_is_set_aside(paid_built, repo):
    legacy_cache(repo)
    garbage(repo / ".cache" / "cache.db")
    result = _cli("build")
    assert result.exit_code == 0, result.output
    assert "the old cache index" in result.output and "set aside as cache.db.damaged-" in result.output
    assert outputs(repo) == outputs(paid_built)
    assert half_written(repo) == []
