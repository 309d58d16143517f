"""The README's tutorial, a new user's first hour, step by step through the CLI: new, build,
commit, keep watch running, edit page 3's text, see only that page change in watch and in
diff, commit, diff again."""

from __future__ import annotations

import os
import subprocess
import threading

import pytest

from bookbuild.commands.serve.console import ConsoleListener
from bookbuild.commands.serve.loop import WatchLoop

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1"}
TIMEOUT_S = 60
NEW_TEXT = "Milo's best friend was Tess. Tess was a green turtle with a blue shell. They met every morning by the river."


def git(root, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(root.parent)}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


class Console(ConsoleListener):
    """watch's own console output, collected, with a way to wait for the next rebuild."""

    def __init__(self, root):
        self.lines: list[str] = []
        self.done = 0
        self.cond = threading.Condition()
        super().__init__(root, echo=lambda text="", err=False: self.lines.append(text))

    def reporter(self):
        from bookbuild.engine.reporter import Reporter

        return Reporter()

    def finished(self, rebuild) -> None:
        super().finished(rebuild)
        with self.cond:
            self.done += 1
            self.cond.notify_all()

    def wait(self, count: int) -> list[str]:
        with self.cond:
            assert self.cond.wait_for(lambda: self.done >= count, TIMEOUT_S), self.lines
            return list(self.lines)


@pytest.fixture
def watching(tmp_path):
    running = []

    def start(root):
        console = Console(root)
        loop = WatchLoop(root, (), [console])
        thread = threading.Thread(target=loop.run, daemon=True)
        thread.start()
        running.append((loop, thread))
        return console

    yield start
    for loop, thread in running:
        loop.stop()
        thread.join(TIMEOUT_S)


def test_a_new_users_first_hour(tmp_path, cli, monkeypatch, watching):
    root = tmp_path / "my-books"
    root.mkdir()
    monkeypatch.chdir(root)
    git(root, "init", "-q", "-b", "main")

    # 1. a new book, its story already in pages/
    assert cli("new", "books/my-first-book").exit_code == 0
    page = root / "books/my-first-book/pages/03.md"
    assert page.is_file()

    # 2. build it; commit: the build and the cache stay out of git
    assert cli("build").exit_code == 0
    git(root, "add", "-A")
    committed = git(root, "diff", "--cached", "--name-only").split()
    assert "bookbuild.toml" in committed and "books/my-first-book/pages/03.md" in committed
    assert not [f for f in committed if f.startswith(("build/", ".bookbuild/"))]
    git(root, "commit", "-q", "-m", "My first book")
    assert git(root, "status", "--porcelain") == ""

    # 3. watch, edit page 3's text: watch names the one printed page that changed
    console = watching(root)
    console.wait(1)
    front, _ = page.read_text().split("\n---\n", 1)
    page.write_text(f"{front}\n---\n{NEW_TEXT}\n")
    lines = console.wait(2)
    assert "  my-first-book: rebuilt story, interior-layout, interior, ebook-pages, ebook, validate, text-check -> interior.pdf, ebook.epub" in lines
    assert "    printed page changed: page 5 (pages/03.md)" in lines
    assert not [line for line in lines if "error [" in line]

    # 4. diff against the last commit: one page changed, named by page and file
    result = cli("diff", "HEAD")
    assert result.exit_code == 0, result.output
    assert "my-first-book: changed: 1 changed" in result.output
    report = (root / "build/diff/report.md").read_text()
    assert "**Pages:** 1 changed, ebook changed (31 unchanged of 32)" in report and "- ebook: page 5 changed (32 pages)" in report
    assert "- page 5 (pages/03.md): text changed" in report
    assert "They met every morning by the river." in report

    # 5. commit the edit; diff the two commits: the same one page
    git(root, "commit", "-q", "-am", "A new page 3")
    again = cli("diff", "HEAD~1", "HEAD")
    assert again.exit_code == 0, again.output
    report = (root / "build/diff/report.md").read_text()
    assert "**Pages:** 1 changed, ebook changed (31 unchanged of 32)" in report and "- page 5 (pages/03.md): text changed" in report
    assert git(root, "status", "--porcelain") == ""  # diff builds inside build/, which git ignores
