"""Machines sharing a remote cache, through the CLI: fresh clones with empty local
caches, moto's S3 server on 127.0.0.1, the fake OpenAI server for paid work.

The small book here has 12 story pages (24 printed): the fewest KDP takes. It is built
once for the module (``seed``); a test that needs a full local cache copies that
machine, and a remote is filled by a no-op build of such a copy (uploads only)."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from bookbuild.engine.cache import Cache
from bookbuild.shard import Shard

from helpers import GENERATED_BOOK, SMALL_BOOK, small_pages, write_files
from helpers.diff_repo import STORY_PAGES
from helpers.fleet import machine, origin, pdfs
from fakes.openai_server import fake_openai  # noqa: F401  (fixtures, used by name)
from fakes.s3_server import ACCESS_KEY, PREFIX, SECRET_KEY, closed_endpoint, fake_s3  # noqa: F401

TOML = 'cache_dir = ".cache"\n'
SMALL = {"bookbuild.toml": TOML, "books/small/book.yaml": SMALL_BOOK, **small_pages(STORY_PAGES)}
TASKS = STORY_PAGES + 11  # a picture a page, the story, the cover's picture, interior layout, interior, cover, ebook pages, ebook cover, ebook, validate, text check and its gate
EDITED = ["story", "interior-layout", "interior", "ebook-pages", "ebook", "validate", "text-check"]  # what a page's new wording makes again


EPOCH = "1767225600"


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> tuple[Path, Path]:
    """The small book's repository, and a clone of it built once before any remote was set up."""
    from bookbuild.engine.build import build as run
    from bookbuild.project import Project

    base = tmp_path_factory.mktemp("fleet")
    repo = origin(base / "origin", SMALL)
    built = machine(repo, base / "seed")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)
        project = Project.open(built)
        assert project.cache.remote is None
        report = run(project)
        project.cache.close()
    assert report.ok
    return repo, built


class Fleet:
    def __init__(self, seed: tuple[Path, Path], tmp_path: Path):
        self.repo, self.seed, self.tmp = *seed, tmp_path

    def fresh(self, name: str) -> Path:
        """A new clone: an empty local cache."""
        return machine(self.repo, self.tmp / name)

    def seeded(self, name: str) -> Path:
        """A machine that built the book before the remote was set up (its cache is full)."""
        return Path(shutil.copytree(self.seed, self.tmp / name))

    def fill(self, cli) -> Path:
        """Put the book in the remote: a machine with a full cache builds (nothing runs, all goes up)."""
        main = self.seeded("main")
        out, _ = build(cli, main)  # the manifest stays: no output changed
        assert "every task cached" in out and f"{TASKS} local hits, 0 remote hits, {TASKS} uploads" in out
        return main


@pytest.fixture
def fleet(seed, tmp_path, monkeypatch) -> Fleet:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return Fleet(seed, tmp_path)


def build(cli, root: Path, *args: str) -> tuple[str, dict]:
    result = cli("-C", str(root), "build", *args)
    assert result.exit_code == 0, result.output
    return result.output, json.loads((root / "build/small/manifest.json").read_text()) if (root / "build/small").is_dir() else {}


def totals(manifest: dict) -> dict:
    keys = ("ran", "cached", "local_hits", "remote_hits", "uploads")
    return {k: manifest["totals"][k] for k in keys}


def remote_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bookbuild.remote" and r.levelno >= logging.WARNING]


STARTED = """
import os

from bookbuild import hookimpl


@hookimpl(wrapper=True)
def run_task(task, ctx):
    with open(os.environ["STARTED_LOG"], "a") as log:
        log.write(task.name + "\\n")
    return (yield)
"""


def ran(manifest: dict) -> list[str]:
    return [t["task"] for t in manifest["tasks"] if t["status"] == "ran"]


def reword(root: Path) -> None:
    """An author's edit on this machine: page 3's text (its picture stays)."""
    page = root / "books/small/pages/03.md"
    page.write_text(page.read_text().replace("This is page 3.", "This is page three."))


def fetched(fake_s3) -> set[str]:
    """Digests of the files downloaded since the last reset."""
    return {name.rsplit("/", 1)[1] for method, name in fake_s3.requests if method == "GET" and "/files/" in name}


def local_objects(root: Path) -> set[str]:
    return {p.name for p in (root / ".cache/objects").glob("??/*")}


def outputs_of(manifest: dict, kind: str) -> set[str]:
    return {d for t in manifest["tasks"] if t["kind"] == kind for d in t["outputs"].values()}


def test_a_fresh_clone_builds_an_ai_book_with_no_requests_and_the_same_pdfs(fake_openai, fake_s3, cli, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("BOOKBUILD_PROVIDER", "openai")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    repo = origin(tmp_path / "origin", {"bookbuild.toml": TOML, "books/pip/book.yaml": GENERATED_BOOK})
    a, b = machine(repo, tmp_path / "a"), machine(repo, tmp_path / "b")

    first = cli("-C", str(a), "build")
    assert first.exit_code == 0, first.output
    paid = fake_openai.count()
    made = json.loads((a / "build/pip/manifest.json").read_text())
    assert paid > 20 and made["totals"]["uploads"] == made["totals"]["tasks"] == made["totals"]["ran"]
    # Every task's result, and each printed text's safety verdict (an edit elsewhere moderates nothing again)
    assert len(fake_s3.objects("tasks")) == Cache(a / ".cache").stats()["tasks"] > made["totals"]["tasks"]

    fake_openai.reset()
    fake_s3.reset()
    second = cli("-C", str(b), "build")
    assert second.exit_code == 0, second.output
    assert fake_openai.count() == 0  # not one paid request
    assert pdfs(b, "pip") == pdfs(a, "pip") and set(pdfs(b, "pip")) == {"interior.pdf", "cover.pdf", "ebook.epub"}
    manifest = json.loads((b / "build/pip/manifest.json").read_text())
    got = manifest["totals"]
    assert got["remote_hits"] == got["tasks"] and got["ran"] == got["local_hits"] == got["uploads"] == got["bytes_up"] == 0
    # Every entry once; of the files only what the build published, the ebook fetched as the
    # PDFs are, not made again (the pictures stay on the remote).
    published = fetched(fake_s3)
    assert published == set(manifest["outputs"].values()) and fake_s3.count("GET", "files") == len(published) == 3
    files = fake_s3.objects("files")
    entries = fake_s3.objects("tasks")  # the tasks' own: the verdicts stay up there, the text check is cached
    assert got["bytes_down"] == sum(entries[f"{PREFIX}/v1/tasks/{t['key']}"] for t in manifest["tasks"]) + sum(files[f"{PREFIX}/v1/files/{d}"] for d in published)
    assert fake_s3.count("PUT") == 0
    assert "remote cache s3://" in second.output and f"0 local hits, {got['tasks']} remote hits, 0 uploads" in second.output

    fake_s3.reset()
    again = cli("-C", str(b), "build")  # the story is now in pages/NN.md: the tasks that read it get new keys
    ran = json.loads((b / "build/pip/manifest.json").read_text())["totals"]["ran"]
    assert fake_openai.count() == 0 and fake_s3.count("GET", "tasks") == ran < 7  # local hits: the remote is not asked

    # No credential in any object, manifest, output or log line.
    texts = [data for _, data in fake_s3.everything()]
    texts += [p.read_bytes() for root in (a, b) for p in (root / "build").rglob("*") if p.is_file()]
    texts += [r.output.encode() for r in (first, second, again)] + [caplog.text.encode()]
    assert not [t for t in texts if SECRET_KEY.encode() in t or ACCESS_KEY.encode() in t]


def test_shards_on_two_machines_fill_the_remote_for_a_third(fake_s3, cli, tmp_path, monkeypatch):
    """Runner 1 and 2 each build their shard of a two-book catalogue; a laptop gets both."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    pip = {"books/pip/book.yaml": SMALL_BOOK.replace("Small Fox", "Pip Fox"), **{k.replace("/small/", "/pip/"): v for k, v in small_pages(STORY_PAGES).items()}}
    repo = origin(tmp_path / "catalogue", {**SMALL, **pip})
    assert Shard(1, 2).has("small") and Shard(2, 2).has("pip")  # one book each
    built = {}
    for i in (1, 2):
        runner = machine(repo, tmp_path / f"runner{i}")
        assert cli("-C", str(runner), "build", "--shard", f"{i}/2").exit_code == 0
        built[i] = sorted(p.name for p in (runner / "build").iterdir() if p.is_dir())
    assert built == {1: ["small"], 2: ["pip"]}

    fake_s3.reset()
    laptop = machine(repo, tmp_path / "laptop")
    result = cli("-C", str(laptop), "build")
    assert result.exit_code == 0 and "every task cached" in result.output
    assert f"0 local hits, {2 * TASKS} remote hits, 0 uploads" in result.output and fake_s3.count("PUT") == 0
    assert pdfs(laptop, "pip") == pdfs(tmp_path / "runner2", "pip") and pdfs(laptop, "small") == pdfs(tmp_path / "runner1", "small")


def test_a_dead_remote_warns_once_the_build_goes_on_and_a_later_build_catches_up(fleet, fake_s3, cli, caplog, monkeypatch):
    a = fleet.seeded("a")  # a runner with a warm local cache, and an edit
    reword(a)
    monkeypatch.setenv("AWS_ENDPOINT_URL", closed_endpoint())
    out, manifest = build(cli, a)
    assert ran(manifest) == EDITED and manifest["totals"]["remote_hits"] == manifest["totals"]["uploads"] == 0
    assert manifest["remote_cache"]["state"].startswith("unreachable")
    assert len(remote_warnings(caplog)) == 1 and "this build used the local cache only" in out
    assert pdfs(a, "small")["cover.pdf"] == pdfs(fleet.seed, "small")["cover.pdf"] != pdfs(a, "small")["interior.pdf"]

    monkeypatch.setenv("AWS_ENDPOINT_URL", fake_s3.endpoint)  # back: what was made meanwhile, and before, goes up
    out, manifest = build(cli, a)
    assert "every task cached" in out and f"{TASKS} local hits, 0 remote hits, {TASKS} uploads" in out
    assert len(fake_s3.objects("tasks")) == TASKS

    fake_s3.reset()
    out, _ = build(cli, a)  # noted as uploaded: not asked again
    assert fake_s3.count() == 0 and f"{TASKS} local hits, 0 remote hits, 0 uploads" in out


def test_a_failing_remote_warns_once_and_a_passing_500_costs_nothing(fleet, fake_s3, cli, caplog):
    fake_s3.fail(500)
    a = fleet.fresh("a")  # a fresh runner: everything is made here
    out, manifest = build(cli, a)
    assert manifest["totals"]["ran"] == TASKS and manifest["remote_cache"]["state"].startswith("failing (An error occurred (InternalError)")
    assert len(remote_warnings(caplog)) == 1 and pdfs(a, "small") == pdfs(fleet.seed, "small")

    fake_s3.heal()
    fleet.fill(cli)
    fake_s3.fail(500, times=2)  # a hiccup: retried
    b = fleet.fresh("b")
    out, manifest = build(cli, b)
    assert totals(manifest) == {"ran": 0, "cached": TASKS, "local_hits": 0, "remote_hits": TASKS, "uploads": 0}
    assert len(remote_warnings(caplog)) == 1 and pdfs(b, "small") == pdfs(fleet.seed, "small")


def test_a_remote_that_never_answers_times_out_and_the_build_goes_on(fleet, fake_s3, cli, caplog):
    a = fleet.seeded("a")
    reword(a)
    (a / "bookbuild.toml").write_text(TOML + "[cache]\ntimeout = 0.3\n")
    fake_s3.stall()
    out, manifest = build(cli, a)
    assert ran(manifest) == EDITED and "Read timeout" in manifest["remote_cache"]["state"]
    assert len(remote_warnings(caplog)) == 1


def test_a_fresh_clone_fetches_only_the_files_it_reads(fleet, fake_s3, cli):
    """Entries come first; a file when something reads it: the PDFs to publish, and the
    pictures only once a page changes and the interior is made again."""
    fleet.fill(cli)
    seeded = json.loads((fleet.seed / "build/small/manifest.json").read_text())
    pictures = outputs_of(seeded, "illustration") | outputs_of(seeded, "ebook-cover")  # what the interior and the ebook read
    fake_s3.reset()
    b = fleet.fresh("b")
    out, manifest = build(cli, b)
    assert fetched(fake_s3) == set(manifest["outputs"].values()) and fake_s3.count("GET", "files") == 3  # interior, cover, ebook
    assert not pictures & local_objects(b) and pdfs(b, "small") == pdfs(fleet.seed, "small")

    remote_only = [t for t in manifest["tasks"] if set(t["outputs"].values()) - local_objects(b)]
    assert len(remote_only) == STORY_PAGES + 4  # the pictures (the pages' and the cover's), the ebook's cover, the laid-out interior and ebook pages
    result = cli("-C", str(b), "cache", "verify")  # entries whose files are on the remote only are not damage
    assert result.exit_code == 0 and f"{len(remote_only)} task results from the remote cache have files there only" in result.output
    fake_s3.reset()
    result = cli("-C", str(b), "cache", "prune")  # the books use every result: nothing goes, here or on the remote
    assert result.exit_code == 0 and "removed 0 task results and 0 files" in result.output
    assert fake_s3.count("DELETE") == fake_s3.count("PUT") == 0

    fake_s3.reset()
    out, _ = build(cli, b)  # nothing to read: nothing asked
    assert fake_s3.count() == 0

    reword(b)
    out, manifest = build(cli, b)
    assert ran(manifest) == EDITED and fetched(fake_s3) == pictures and fake_s3.count("GET", "files") == len(pictures)
    assert pictures <= local_objects(b)


def test_after_a_lazy_fetch_a_dead_remote_means_the_pictures_are_made_again(fleet, fake_s3, cli, caplog, monkeypatch):
    """The price of fetching lazily: a picture the build needs and the remote cannot give
    is made again here (in the same build, like a damaged local file), never a failure."""
    fleet.fill(cli)
    b = fleet.fresh("b")
    build(cli, b)
    reword(b)
    write_files(b, {"plugins/started.py": STARTED})
    monkeypatch.setenv("STARTED_LOG", str(b / "started.log"))
    monkeypatch.setenv("AWS_ENDPOINT_URL", closed_endpoint())
    out, manifest = build(cli, b)
    drawn = [f"illustration:{i:02d}" for i in range(1, STORY_PAGES + 1)]  # what the interior reads
    drawn += ["cover-art", "ebook-cover"]  # and what the ebook reads: its cover, made from the cover's picture
    assert sorted(ran(manifest)) == sorted(EDITED + drawn)
    # The interior found one picture missing; every picture it lacked was made again at once, then it ran once more.
    assert (b / "started.log").read_text().split().count("interior") == 2
    assert len(remote_warnings(caplog)) == 1 and manifest["remote_cache"]["state"].startswith("unreachable")
    assert pdfs(b, "small")["cover.pdf"] == pdfs(fleet.seed, "small")["cover.pdf"]


def test_a_damaged_local_file_is_healed_from_the_remote(fleet, fake_s3, cli):
    main = fleet.fill(cli)
    interior = json.loads((main / "build/small/manifest.json").read_text())["outputs"]["interior.pdf"]
    path = main / ".cache/objects" / interior[:2] / interior
    path.write_bytes(path.read_bytes()[:-100])
    shutil.rmtree(main / "build")
    fake_s3.reset()
    out, manifest = build(cli, main)
    assert manifest["totals"]["ran"] == 0 and fetched(fake_s3) == {interior} and pdfs(main, "small") == pdfs(fleet.seed, "small")


def test_damaged_and_lost_objects_are_made_again_and_replaced(fleet, fake_s3, cli, caplog):
    fleet.fill(cli)
    made = {t["task"]: t for t in json.loads((fleet.seed / "build/small/manifest.json").read_text())["tasks"]}
    entry = f"{PREFIX}/v1/tasks/{made['illustration:05']['key']}"
    pdf, cover = (f"{PREFIX}/v1/files/{made[t]['outputs'][n]}" for t, n in (("interior", "interior.pdf"), ("cover", "cover.pdf")))
    fake_s3.write(entry, fake_s3.read(entry)[:-40])  # cut short
    fake_s3.write(pdf, b"%PDF-1.7 not what it was")  # other bytes
    fake_s3.client().delete_object(Bucket=fake_s3.bucket, Key=cover)  # gone (an expiry rule, say)

    b = fleet.fresh("b")
    out, manifest = build(cli, b)
    assert sorted(ran(manifest)) == ["cover", "illustration:05", "interior"]  # made again here, in this build
    assert manifest["totals"]["remote_hits"] == TASKS - 3 and manifest["totals"]["uploads"] == 3
    assert pdfs(b, "small") == pdfs(fleet.seed, "small")
    assert len(remote_warnings(caplog)) == 2  # the damaged entry and the damaged file; a missing one is a miss

    c = fleet.fresh("c")
    out, manifest = build(cli, c)  # b repaired the remote
    assert manifest["totals"]["remote_hits"] == TASKS and pdfs(c, "small") == pdfs(fleet.seed, "small")
    assert len(remote_warnings(caplog)) == 2


def test_read_mode_uses_the_remote_and_never_writes(fleet, fake_s3, cli, monkeypatch):
    fleet.fill(cli)
    before = fake_s3.objects()
    monkeypatch.setenv("BOOKBUILD_REMOTE_CACHE_MODE", "read")
    pr = fleet.fresh("pull-request")
    (pr / "bookbuild.toml").write_text(TOML + '[cache]\nmode = "readwrite"\n')  # the environment wins over the change
    reword(pr)
    fake_s3.reset()

    out, manifest = build(cli, pr)
    assert ran(manifest) == EDITED and manifest["totals"]["remote_hits"] == TASKS - len(EDITED)
    assert manifest["totals"]["uploads"] == 0 and "(read)" in out
    assert fake_s3.count("PUT") == 0 and fake_s3.objects() == before


def test_cache_stats_shows_the_remote(fleet, fake_s3, cli, monkeypatch):
    a = fleet.fill(cli)
    result = cli("-C", str(a), "cache", "stats")
    assert result.exit_code == 0
    files = fake_s3.objects("files")
    assert f"remote cache: {fake_s3.url} (readwrite)\n  {TASKS} task results, {len(files)} files," in result.output

    monkeypatch.setenv("AWS_ENDPOINT_URL", closed_endpoint())
    result = cli("-C", str(a), "cache", "stats")
    assert result.exit_code == 0 and "unreachable (Could not connect" in result.output
