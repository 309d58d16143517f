"""Machines that share a remote cache: clones of one book repository, each with
its own empty local cache (bookbuild.toml's cache_dir is inside the clone)."""

from __future__ import annotations

from pathlib import Path

from helpers import write_files
from helpers.diff_repo import git


def origin(root: Path, files: dict[str, str]) -> Path:
    """The book repository every machine clones, committed once."""
    write_files(root, {".gitignore": "build/\n.cache/\n", **files})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "books")
    return root


def machine(origin: Path, root: Path) -> Path:
    """A fresh clone: the books, no build/ and no cache."""
    git(origin, "clone", "-q", str(origin), str(root))
    return root


def pdfs(root: Path, slug: str) -> dict[str, bytes]:
    """What a reader gets: the book's PDFs and EPUB, by name."""
    folder = root / "build" / slug
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".pdf", ".epub")}
