"""Peak memory of a 100-page picture book at 300 DPI (8.5x8.5 with bleed, offline),
built from scratch: the largest process, the build's own or one of its workers."""

from __future__ import annotations

from pathlib import Path

from process import row, run

LIMIT_MB = 300


def rows(workdir: Path) -> list[dict]:
    repo = workdir / "memory"
    repo.mkdir()
    (repo / "bookbuild.toml").write_text('cache_dir = ".cache"\n')
    run(repo, "new", "books/big", "--title", "The Long Walk Home")
    spec = repo / "books" / "big" / "book.yaml"
    text = spec.read_text()
    lines = [l for l in text.splitlines() if not l.startswith(("page_count", "trim", "bleed"))]
    spec.write_text("\n".join([*lines, "page_count: 100", "trim: 8.5x8.5", "bleed: true", ""]))
    for page in (repo / "books" / "big" / "pages").glob("*.md"):
        page.unlink()  # drafted again for 100 pages
    wall, peak, _ = run(repo, "build", "big")
    return [row("peak memory, 100-page 300 DPI picture book, offline", f"{peak:.0f} MB", f"{LIMIT_MB} MB", peak / LIMIT_MB, f"< {LIMIT_MB} MB ({wall:.1f} s)")]
