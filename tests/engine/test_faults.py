"""Builds under faults: killed with SIGKILL at random points, two at once on one
repository, a disk that fills up. After each, the next build exits 0 with PDFs
byte-identical to an undisturbed build's (SOURCE_DATE_EPOCH set), leaves nothing
half-written, and pays for nothing twice (PAID_PLUGIN, its calls counted)."""

from __future__ import annotations

import errno
import os
import queue
import random
import resource
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from bookbuild.engine import artifacts
from bookbuild.engine.lock import FolderLock
from helpers import PAID_PLUGIN, SMALL_BOOK, paid_calls, small_pages, write_files
from helpers.faults import half_written, outputs, run, start

EPOCH = "1700000000"
KILLS = 20
PAID_IMAGES = 22  # the small book's 21 pages and its cover


def make_repo(root: Path, paid: bool = False) -> Path:
    toml = 'cache_dir = ".cache"\n' + ('provider = "paid"\n' if paid else "")
    files = {"bookbuild.toml": toml, "books/small/book.yaml": SMALL_BOOK, **small_pages()}
    if paid:
        files["plugins/paid.py"] = PAID_PLUGIN
    return write_files(root, files)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The small book built once, undisturbed, in a process of its own: its PDFs, and how
    many objects a whole build stores in the cache."""
    root = make_repo(tmp_path_factory.mktemp("reference") / "repo")
    result = run(root, "build")
    assert result.returncode == 0, result.stderr
    return outputs(root), len(stored(root))


@pytest.fixture(scope="module")
def paid_reference(tmp_path_factory) -> dict[str, bytes]:
    """The PDFs of the small book drawn by the paid provider, built undisturbed."""
    folder = tmp_path_factory.mktemp("paid-reference")
    root = make_repo(folder / "repo", paid=True)
    result = run(root, "build", env={"PAID_LOG": str(folder / "calls.log")})
    assert result.returncode == 0, result.stderr
    return outputs(root)


def stored(root: Path) -> list[Path]:
    """The objects in the cache so far: how far a build has come."""
    return list((root / ".cache" / "objects").glob("??/*"))


def wipe(root: Path) -> None:
    shutil.rmtree(root / "build", ignore_errors=True)
    shutil.rmtree(root / ".cache", ignore_errors=True)


def kill_when(root: Path, ready, env: dict | None = None) -> bool:
    """Start a build and SIGKILL it (and its worker processes) once ``ready()``; True if it
    was killed, False if it finished first."""
    proc = start(root, "build", env=env, start_new_session=True)
    try:
        pause = threading.Event()
        while proc.poll() is None and not ready():
            pause.wait(0.002)
        if proc.poll() is not None:
            return False
        os.killpg(proc.pid, signal.SIGKILL)  # kill -9, the whole process group
        proc.wait()
        return True
    finally:
        proc.stdout.close()
        proc.stderr.close()


def test_kill_9_at_random_points_never_leaves_a_partial_pdf_and_the_next_build_recovers(tmp_path, reference):
    pdfs, whole = reference
    root = make_repo(tmp_path / "repo")
    rng = random.Random(12)
    killed = 0
    for i in range(KILLS):
        if i % 4 == 0:
            wipe(root)  # every fourth build starts cold; the others resume where the kill left off
        # Kill once the build has stored a random number more objects: at start-up, between
        # and during cache writes, while rendering, publishing or writing the manifest.
        target = len(stored(root)) + rng.randint(0, max(0, whole - len(stored(root))))  # killed writes may leave extra entries
        killed += kill_when(root, lambda: len(stored(root)) >= target)
        for name, data in outputs(root).items():
            assert data == pdfs[name], f"kill {i}: build/small/{name} is not the whole PDF"
        assert [p for p in half_written(root) if not p.startswith("temporary file")] == []
    assert killed >= KILLS // 2  # most kills landed while the build was running
    result = run(root, "build")
    assert result.returncode == 0, result.stderr
    assert outputs(root) == pdfs
    assert half_written(root) == []  # the killed builds' temporary files were swept
    verify = run(root, "cache", "verify")
    assert verify.returncode == 0 and "no damage found" in verify.stdout, verify.stdout + verify.stderr


def test_a_killed_paid_build_pays_again_only_for_what_was_in_flight(tmp_path, paid_reference):
    root = make_repo(tmp_path / "repo", paid=True)
    log = tmp_path / "calls.log"
    env = {"PAID_LOG": str(log)}
    proc = start(root, "build", env=env, start_new_session=True)
    # Kill it once it has paid for a few pictures: the calls log says so.
    _until(lambda: len(paid_calls(log, "image")) >= 5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()
    paid_before = len(paid_calls(log, "image"))
    result = run(root, "build", env=env)
    assert result.returncode == 0, result.stderr
    assert outputs(root) == paid_reference
    in_flight = len(paid_calls(log, "image")) - PAID_IMAGES
    assert 0 <= in_flight <= paid_before  # only calls the kill cut off were paid again
    assert half_written(root) == []


def test_two_builds_at_once_pay_once(tmp_path):
    root = make_repo(tmp_path / "repo", paid=True)
    log = tmp_path / "calls.log"
    first = start(root, "build", env={"PAID_LOG": str(log)})
    second = start(root, "build", env={"PAID_LOG": str(log)})
    results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in (first, second)]
    for p in (first, second):
        p.stdout.close()
        p.stderr.close()
    assert [code for code, _, _ in results] == [0, 0], results
    assert len(paid_calls(log, "image")) == PAID_IMAGES  # not twice
    assert half_written(root) == []


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path):
    root = make_repo(tmp_path / "repo", paid=True)
    log = tmp_path / "calls.log"
    with FolderLock(root / "build"):  # this test is "the first build"
        proc = start(root, "build", env={"PAID_LOG": str(log)})
        line = _lines(proc.stderr).get(timeout=120)
        assert "waiting for another build in" in line and f"(process {os.getpid()})" in line
        assert paid_calls(log) == []  # nothing paid while it waits
    assert proc.wait(timeout=300) == 0
    assert len(paid_calls(log, "image")) == PAID_IMAGES
    proc.stdout.close()


def _lines(stream) -> queue.Queue:
    """Lines of a child's stream as they come, for waiting on one without sleeping."""
    lines: queue.Queue = queue.Queue()

    def pump():
        for line in stream:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _until(condition, timeout: float = 120) -> None:
    event = threading.Event()
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        event.wait(0.02)


# -- a full disk -------------------------------------------------------------------------------


def _cli(*args: str):
    from bookbuild.cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def paid_repo(tmp_path, monkeypatch):
    root = make_repo(tmp_path / "repo", paid=True)
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("PAID_LOG", str(tmp_path / "calls.log"))
    return root


def no_space_under(folder: Path):
    """The write layer (artifacts._write), failing with ENOSPC for every file under ``folder``."""
    real = artifacts._write

    def write(handle, data):
        path = Path(os.readlink(f"/proc/self/fd/{handle.fileno()}"))  # the temporary file being written
        if path.is_relative_to(folder.resolve()):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(handle, data)

    return write


@pytest.mark.parametrize("folder, named", [
    ("build", "no space left on the disk that holds {root}/build/small"),
    (".cache", "no space left on the disk that holds {root}/.cache/objects/"),
])  # fmt: skip
def test_a_full_disk_names_the_folder_and_the_next_build_recovers(paid_repo, paid_reference, tmp_path, monkeypatch, folder, named):
    monkeypatch.setattr(artifacts, "_write", no_space_under(paid_repo / folder))
    result = _cli("build")
    assert result.exit_code == 1
    assert named.format(root=paid_repo) in result.output, result.output
    assert "internal error" not in result.output and "Errno 28" not in result.output
    assert half_written(paid_repo) == []
    paid_first = len(paid_calls(tmp_path / "calls.log"))
    monkeypatch.undo()
    monkeypatch.chdir(paid_repo)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("PAID_LOG", str(tmp_path / "calls.log"))
    result = _cli("build")
    assert result.exit_code == 0, result.output
    assert outputs(paid_repo) == paid_reference
    paid_again = len(paid_calls(tmp_path / "calls.log")) - paid_first
    # The recovery pays for exactly what the failed build could not keep: with the build
    # folder full, nothing (the cache has every picture); with the cache full, what it paid.
    kept = paid_first if folder == "build" else 0
    assert paid_again == PAID_IMAGES - kept
    assert half_written(paid_repo) == []


def test_a_full_cache_index_names_the_folder(scratch_repo, monkeypatch):
    """A real SQLITE_FULL: the index may not grow past its current size."""
    from bookbuild.engine.build import build
    from bookbuild.project import Project

    project = Project.open(scratch_repo)
    db = project.cache.index._open()
    (pages,) = db.execute("PRAGMA page_count").fetchone()
    db.execute(f"PRAGMA max_page_count = {pages}")
    report = build(project)
    project.cache.close()
    errors = {r.error for b in report.books for r in b.failed if not r.error.startswith("not run")}
    assert errors == {f"cannot write the cache index: no space left on the disk that holds {scratch_repo / '.cache'}; free some space there, then run the build again"}
    assert half_written(scratch_repo) == []
    assert _cli("build").exit_code == 0


def test_a_file_size_limit_the_kernel_enforces(tmp_path, reference):
    """No root needed for a real write error: RLIMIT_FSIZE makes the kernel refuse large writes (EFBIG)."""
    pdfs, _ = reference
    root = make_repo(tmp_path / "repo")

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))

    result = run(root, "build", preexec_fn=limit)
    assert result.returncode == 1
    assert "larger than this system lets a process write (see `ulimit -f`)" in result.stdout + result.stderr
    assert "internal error" not in result.stdout + result.stderr and "Traceback" not in result.stderr
    assert half_written(root) == []
    assert run(root, "build").returncode == 0
    assert outputs(root) == pdfs and half_written(root) == []
