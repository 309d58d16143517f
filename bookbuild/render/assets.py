"""The author's own images in a book's assets/ folder, found by name.

A page's picture is ``page-05.png``; the obvious other spellings are the same file:
any case (``page-05.PNG``, ``Page-05.jpg``), any zero padding (``page-5``,
``page-005``) and ``page05`` / ``page_05`` / ``page 05``. ``cover`` is the front
cover's art. Two files for one name, a picture for a page the book does not have,
or a file bookbuild cannot read as a picture is a warning (rule ``asset-unused``)
that names the file, so an author's image is never ignored without a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from bookbuild.findings import Finding

if TYPE_CHECKING:
    from bookbuild.graph.task import Graph
    from bookbuild.spec.model import Book

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
_PAGE = re.compile(r"^page[-_ ]?0*(\d+)$", re.IGNORECASE)
TASK = "assets"  # the task that reports the folder's findings (only when there are some)
PLUGIN = "bookbuild.render.assets"
VERSION = "1"


def name_key(stem: str) -> str:
    """The name a file answers to: "page-5" for page-05, Page5, page_005; else the stem, lower case."""
    m = _PAGE.match(stem.strip())
    return f"page-{int(m.group(1))}" if m else stem.strip().lower()


def _preference(path: Path) -> tuple:
    """The file that wins when several spell the same name: the documented spelling
    (page-05.png, cover.jpg) first, then by format, then by name."""
    stem, suffix = path.stem, path.suffix
    documented = suffix == suffix.lower() and (bool(re.fullmatch(r"page-\d{2,}", stem)) if _PAGE.match(stem) else stem == stem.lower())
    return (not documented, IMAGE_SUFFIXES.index(suffix.lower()), path.name)


@dataclass
class AssetFolder:
    folder: Path
    files: list[Path] = field(default_factory=list)  # every visible file, in name order

    def images(self) -> dict[str, list[Path]]:
        """Name -> the image files answering to it, the winner first."""
        named: dict[str, list[Path]] = {}
        for path in self.files:
            if path.suffix.lower() in IMAGE_SUFFIXES:
                named.setdefault(name_key(path.stem), []).append(path)
        return {key: sorted(paths, key=_preference) for key, paths in named.items()}

    def find(self, stem: str) -> Path | None:
        found = self.images().get(name_key(stem))
        return found[0] if found else None

    def page(self, number: int) -> Path | None:
        return self.find(f"page-{number}")

    def problems(self, used: Iterable[Path], pages: str, rel: str) -> list[Finding]:
        """Warnings for every file the book will not print: ``used`` are the files it
        prints; ``pages`` says which page pictures it has ("pages 1-21"); ``rel`` is
        the folder as the author sees it within the book ("assets")."""
        used = {p.resolve() for p in used}
        findings = []
        for key, paths in self.images().items():
            winner, *others = paths
            if others and winner.resolve() in used:
                findings += [_warn(f"{rel}/{p.name} spells the same picture as {winner.name}, which is printed; delete or rename one", rel, p) for p in others]
                continue
            for path in paths:
                if path.resolve() not in used:
                    findings.append(_warn(f"{rel}/{path.name} is not printed: {_why(key, pages)}", rel, path))
        for path in self.files:
            if path.suffix.lower() not in IMAGE_SUFFIXES:
                findings.append(_warn(f"{rel}/{path.name} is not printed: bookbuild reads PNG, JPEG and WebP pictures ({', '.join(IMAGE_SUFFIXES)}); save it as PNG or JPEG", rel, path))
        return findings


def _why(key: str, pages: str) -> str:
    if key.startswith("page-"):
        return f"the book has no page {key[5:]} for it ({pages}); pictures are named after their page, like page-05.png"
    return f"no page uses it; name a page's picture after its page, like page-05.png, the front cover's cover.png, or put it in a page's text as ![what it shows](../assets/{key}.png)"


def _warn(message: str, rel: str, path: Path) -> Finding:
    return Finding("asset-unused", "warning", message, None, f"{rel}/{path.name}")


def scan(folder: Path) -> AssetFolder:
    if not folder.is_dir():
        return AssetFolder(folder)
    # Symlinks too, even broken ones: reading one says what is wrong with it (read_asset).
    return AssetFolder(folder, sorted(p for p in folder.iterdir() if (p.is_file() or p.is_symlink()) and not p.name.startswith(".")))


def add_assets_task(book: Book, graph: Graph, used: Iterable[Path], pages: str) -> None:
    """A task reporting assets/ files the book does not print (none when every file is used).
    Its key is the findings themselves: renaming or adding a file reruns only it and validate."""
    from bookbuild.engine.outputs import Output
    from bookbuild.graph import ids
    from bookbuild.graph.task import Task

    findings = [f.to_json() for f in scan(book.root / "assets").problems(used, pages, "assets")]
    if findings:
        run = lambda ctx: Output(value={"findings": findings})  # noqa: E731
        graph.add(Task(ids.task_id(book, TASK), TASK, PLUGIN, VERSION, {"findings": findings}, run, book=book.slug, label="assets", reports=True))
