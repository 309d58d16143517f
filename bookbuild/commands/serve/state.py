"""What the preview page shows, kept as one JSON document with a version.

The watch loop changes it (a build started, a task finished, a rebuild is
done); every change bumps the version and wakes the server's event streams,
which send the new document to the open pages. Everything shown passes
through redact(): no secret reaches the page.
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from bookbuild.engine.reporter import Reporter
from bookbuild.graph import ids
from . import pages
from .secrets import redact

if TYPE_CHECKING:
    from bookbuild.engine.build import BookReport
    from bookbuild.engine.events import BuildEvent
    from .loop import Rebuild

ROLES = ("interior", "cover")
DOWNLOADS = ("interior.pdf", "cover.pdf")


class PreviewState:
    def __init__(self, build_dir: Path):
        self.build_dir = build_dir  # follows build_dir in bookbuild.toml
        self._cond = threading.Condition()
        self._version = 0
        self._data: dict[str, Any] = {"generation": 0, "building": False, "error": "", "changed": [], "seconds": None, "finished": "", "books": []}
        self._json = ""
        self._closed = False

    def change(self, edit: Callable[[dict[str, Any]], None]) -> None:
        with self._cond:
            edit(self._data)
            self._version += 1
            self._json = ""
            self._cond.notify_all()

    def read(self) -> dict[str, Any]:
        with self._cond:
            return copy.deepcopy(self._data)

    def snapshot(self) -> tuple[int, str]:
        """The version and the document as JSON text (made once per version, however many pages listen)."""
        with self._cond:
            if not self._json:
                self._json = redact(json.dumps(self._data, separators=(",", ":")))
            return self._version, self._json

    def wait_newer(self, version: int, timeout: float) -> tuple[int, str] | None:
        """The next snapshot after ``version``; None on timeout or once closed."""
        with self._cond:
            self._cond.wait_for(lambda: self._version > version or self._closed, timeout)
            if self._closed or self._version <= version:
                return None
        return self.snapshot()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    @property
    def closed(self) -> bool:
        return self._closed

    def book(self, slug: str) -> dict[str, Any] | None:
        with self._cond:
            return copy.deepcopy(next((b for b in self._data["books"] if b["slug"] == slug), None))


class ProgressReporter(Reporter):
    """Build events -> 'building, 12 of 40 tasks, now: interior' on each book's card."""

    def __init__(self, state: PreviewState):
        self.state = state

    def event(self, event: BuildEvent) -> None:
        if event.kind == "build-started":
            self.state.change(lambda data: _set_totals(data, event.data["tasks"]))
        elif event.kind in ("task-finished", "task-failed"):
            self.state.change(lambda data: _count_task(data, event.book, event.task.split("/", 1)[-1]))


def _set_totals(data: dict[str, Any], totals: dict[str, int]) -> None:
    for slug, total in totals.items():
        book = _book_entry(data, slug)
        book.update(status="building", done=0, total=total, task="")


def _count_task(data: dict[str, Any], slug: str, task: str) -> None:
    book = _book_entry(data, slug)
    book.update(done=book.get("done", 0) + 1, task=task)


def _book_entry(data: dict[str, Any], slug: str) -> dict[str, Any]:
    for book in data["books"]:
        if book["slug"] == slug:
            return book
    book = _empty_book(slug)
    data["books"].append(book)
    return book


def _empty_book(slug: str, title: str = "") -> dict[str, Any]:
    return {"slug": slug, "title": title or slug, "status": "waiting", "done": 0, "total": 0, "task": "", "errors": [], "findings": [], "stale": False, "pages": [], "cover": None, "downloads": [], "ran": []}


class PreviewListener:
    """Keeps a PreviewState up to date with the watch loop, and makes the page images."""

    def __init__(self, state: PreviewState, root: Path):
        self.state = state
        self.root = root

    def reporter(self) -> Reporter:
        return ProgressReporter(self.state)

    def started(self, rebuild: Rebuild) -> None:
        changed = [str(p.relative_to(self.root)) if p.is_relative_to(self.root) else str(p) for p in rebuild.changed]
        # The last error goes: the save that started this rebuild may well have fixed it.
        self.state.change(lambda data: data.update(building=True, changed=changed, error=""))

    def finished(self, rebuild: Rebuild) -> None:
        if rebuild.settings is not None:
            self.state.build_dir = rebuild.settings.path("build_dir")
        if rebuild.report is not None:
            books = [self._built(b) for b in rebuild.report.books]
        else:
            books = self._stopped(rebuild)
        summary = {"generation": rebuild.number + 1, "building": False, "error": rebuild.error, "seconds": round(rebuild.seconds, 2), "finished": time.strftime("%H:%M:%S"), "books": books}
        self.state.change(lambda data: data.update(summary))

    def _built(self, report: BookReport) -> dict[str, Any]:
        slug = report.book.slug
        book = _empty_book(slug, report.book.title)
        book.update(status="failed" if report.failed else "built", stale=bool(report.failed), total=len(report.results), done=len(report.results))
        book["errors"] = [f"{r.task.name}: {r.error}" for r in report.failed]
        book["findings"] = [f.to_json() | {"where": f.where} for f in report.findings]
        book["ran"] = [r.task.name for r in report.results if r.status == "ran"]
        self._add_pages(book)
        return book

    def _stopped(self, rebuild: Rebuild) -> list[dict[str, Any]]:
        """A spec error stopped the build: keep the last pages, mark the books it is about (all, if none)."""
        books = self.state.read()["books"] or [_empty_book(slug) for slug in _discover(rebuild)]
        found = {b["slug"]: [str(p) for p in rebuild.problems if f"/{b['slug']}/" in f"/{p.path}"] for b in books}
        for book in books:
            if found[book["slug"]] or not any(found.values()):
                book.update(status="error", stale=True, errors=found[book["slug"]] or ["not rebuilt: see the error above"])
            if not book["pages"]:
                self._add_pages(book)  # built before this preview started
        return books

    def _add_pages(self, book: dict[str, Any]) -> None:
        """Thumbnails and download links of the book's PDFs (and its ebook), as they are in the build folder now."""
        book.update(pages=[], cover=None, downloads=[])
        for role, name in zip(ROLES, DOWNLOADS):
            pdf = self.state.build_dir / book["slug"] / name
            if pdf.is_file():
                self._add_pdf(book, role, pdf)
        ebook = self.state.build_dir / book["slug"] / ids.EBOOK_FILE
        if ebook.is_file():
            data = ebook.read_bytes()  # the URL names the bytes: a rebuilt ebook is a new download
            book["downloads"].append({"name": ebook.name, "url": f"/build/{book['slug']}/{ebook.name}?v={hashlib.sha256(data).hexdigest()[:16]}", "bytes": len(data)})

    def _add_pdf(self, book: dict[str, Any], role: str, pdf: Path) -> None:
        slug = book["slug"]
        try:
            made = pages.thumbnails(pdf, pages.preview_dir(self.state.build_dir, slug, role))
        except Exception as exc:  # noqa: BLE001 - a PDF that cannot be read is shown, not fatal
            book["errors"].append(f"{pdf.name}: no page images: {type(exc).__name__}: {exc}")
            return
        images = [self._image(slug, role, made, path, n) for n, path in enumerate(made.thumbs, 1)]
        if role == "interior":
            book["pages"] = images
        else:
            book["cover"] = images[0] if images else None
        book["downloads"].append({"name": pdf.name, "url": f"/build/{slug}/{pdf.name}?v={made.digest}", "bytes": pdf.stat().st_size})

    def _image(self, slug: str, role: str, made: pages.PdfPages, thumb: Path, number: int) -> dict[str, Any]:
        signature = made.signatures[number - 1]
        return {"n": number, "thumb": "/build/" + thumb.relative_to(self.state.build_dir).as_posix(), "large": f"/large/{slug}/{role}/{signature}/{number}.png"}


def _discover(rebuild: Rebuild) -> list[str]:
    from bookbuild.spec.load import discover

    return [folder.name for folder in discover(rebuild.settings)] if rebuild.settings is not None else []
