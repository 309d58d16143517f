"""Scratch git repositories of the small test book, for `bookbuild diff` tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from helpers import SMALL_BOOK, small_pages, write_files

# A fixed seed: a copy of the book under another title draws the same pictures (cached).
BOOK = SMALL_BOOK + "seed: fox\n"
STORY_PAGES = 12  # 24 printed pages: 3 of the theme's, 12 story, 9 blank (KDP allows 10 at the end)
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1"}


def shared_cache(tmp_path_factory) -> Path:
    """One cache for every diff test of the session: the `start` book is built once, as in CI."""
    return tmp_path_factory.getbasetemp() / "diff-cache"


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(root.parent)}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def make_repo(root: Path, extra: dict[str, str] | None = None, folder: str = "") -> Path:
    """The small book, committed once and tagged `start`; in a subfolder of the git repository if given."""
    files = {"bookbuild.toml": "", ".gitignore": "build/\n", "books/small/book.yaml": BOOK, **small_pages(STORY_PAGES), **(extra or {})}
    write_files(root / folder, files)
    write_files(root, {"README.md": "Not a book file.\n"})
    git(root, "init", "-q", "-b", "main")
    commit(root, "start")
    return root


def commit(root: Path, tag: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", tag)
    git(root, "tag", tag)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def insert_page(pages: Path, at: int, text: str) -> None:
    """Renumber pages at..end up by one and write a new page `at`, as an author would."""
    numbers = sorted((int(p.stem) for p in pages.glob("*.md")), reverse=True)
    for number in numbers:
        if number >= at:
            (pages / f"{number:02d}.md").rename(pages / f"{number + 1:02d}.md")
    (pages / f"{at:02d}.md").write_text(f"---\nillustration: Pip and Owl by the river\n---\n{text}\n", encoding="utf-8")


def repo_state(root: Path) -> dict[str, str]:
    """Everything `bookbuild diff` must leave alone: status, index, refs, worktrees, stash."""
    return {
        "status": git(root, "status", "--porcelain=v1", "--untracked-files=all"),
        "index": (root / ".git" / "index").read_bytes().hex(),
        "refs": git(root, "for-each-ref"),
        "worktrees": git(root, "worktree", "list", "--porcelain"),
        "head": git(root, "rev-parse", "HEAD"),
    }
