"""File events -> the saves that matter -> one batch per burst of saves.

watchdog reports every open, write and rename. A rebuild is wanted only for
saves under books/, themes/, plugins/ or to bookbuild.toml, never for the build's
own output, the cache, git's files or an editor's swap and backup files. Saves
that come close together (an editor writing a temp file and renaming it, a
`git checkout`) make one batch: the build runs once they have been quiet for a
moment.
"""

from __future__ import annotations

import fnmatch
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from bookbuild.settings import Settings

QUIET_S = 0.05  # a burst is over once no save came for this long
LONGEST_S = 1.0  # ...or once it has lasted this long (an editor that saves without pause)
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", ".bookbuild", ".venv", "node_modules", ".mypy_cache", ".pytest_cache"})
SKIPPED_NAMES = ("*.swp", "*.swo", "*.swx", "*~", ".#*", "#*#", "4913", "*.tmp", "*.pyc", ".DS_Store", "*___jb_tmp___", "*___jb_old___")
WANTED_EVENTS = frozenset({"created", "modified", "deleted", "moved"})  # not opened/closed: a build reads the specs


@dataclass(frozen=True)
class WatchScope:
    """What to watch in one repository, from its settings (folders may be renamed in bookbuild.toml)."""

    root: Path
    folders: tuple[Path, ...]  # watched with everything inside
    files: tuple[Path, ...]  # watched one by one
    skipped: tuple[Path, ...]  # never a reason to rebuild, even when inside a watched folder

    @classmethod
    def of(cls, settings: Settings) -> "WatchScope":
        from bookbuild.settings import CONFIG_NAME

        folders = tuple(settings.path(key) for key in ("books_dir", "themes_dir", "plugins_dir"))
        return cls(settings.root, folders, (settings.root / CONFIG_NAME,), (settings.path("build_dir"), settings.cache_path))

    def wants(self, path: Path) -> bool:
        """Whether a save of this path can change a book."""
        if _skipped_name(path.name) or any(path.is_relative_to(s) for s in self.skipped):
            return False
        if path in self.files:
            return True
        folder = next((f for f in self.folders if path.is_relative_to(f)), None)
        return folder is not None and not SKIPPED_DIRS.intersection(path.relative_to(folder).parts)

    def watch_points(self) -> dict[Path, bool]:
        """Folders to ask the OS about -> recursive. The root itself, flat: bookbuild.toml and new folders."""
        points = {f: True for f in self.folders if f.is_dir()}
        points[self.root] = False
        return points

    def describe(self) -> str:
        """What is watched now: the folders that exist and the files; the others once they are made."""
        names = [self._rel(f) + "/" for f in self.folders if f.is_dir()] + [self._rel(f) for f in self.files]
        later = [self._rel(f) + "/" for f in self.folders if not f.is_dir()]
        return ", ".join(names) + (f" (and {', '.join(later)} once made)" if later else "")

    def _rel(self, path: Path) -> str:
        return str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)


def _skipped_name(name: str) -> bool:
    return name in SKIPPED_DIRS or any(fnmatch.fnmatchcase(name, pattern) for pattern in SKIPPED_NAMES)


class ChangeQueue:
    """Changed paths from the watcher thread, handed to the build loop one burst at a time."""

    def __init__(self, quiet: float = QUIET_S, longest: float = LONGEST_S, clock: Callable[[], float] = time.monotonic):
        self.quiet, self.longest, self.clock = quiet, longest, clock
        self._cond = threading.Condition()
        self._pending: set[Path] = set()
        self._created: set[Path] = set()  # made during this burst: gone again at its end, a temp file
        self._first = self._last = 0.0
        self._closed = False

    def add(self, path: Path, created: bool = False) -> None:
        with self._cond:
            now = self.clock()
            if not self._pending:
                self._first = now
            if created and path not in self._pending:
                self._created.add(path)
            self._pending.add(path)
            self._last = now
            self._cond.notify_all()

    def close(self) -> None:
        """Wake the loop for good: wait() returns None from now on."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def wait(self) -> list[Path] | None:
        """Block until a burst of changes is over; its paths, sorted. None once closed.

        Files that were made and removed within the burst (`sed -i`'s and many
        editors' temp files, renamed over the real file) are left out; a burst
        of nothing but those is no burst.
        """
        batch: list[Path] = []
        while not batch:
            with self._cond:
                while not self._pending and not self._closed:
                    self._cond.wait(0.5)  # a timeout keeps Ctrl-C prompt
                while not self._closed and (left := self._left()) > 0:
                    self._cond.wait(left)
                if self._closed:
                    return None
                batch = sorted(p for p in self._pending if p not in self._created or p.exists())
                self._pending, self._created = set(), set()
        return batch

    def _left(self) -> float:
        now = self.clock()
        return min(self._last + self.quiet, self._first + self.longest) - now


class FileWatcher:
    """watchdog's observer, pointed at a WatchScope; feeds a ChangeQueue."""

    def __init__(self, queue: ChangeQueue):
        self.queue = queue
        self.scope: WatchScope | None = None
        self._observer: Any = None
        self._watches: dict[tuple[Path, bool], Any] = {}

    def follow(self, scope: WatchScope) -> None:
        """Start watching, or move the watches when the settings changed the folders (or one was created)."""
        from watchdog.observers import Observer

        self.scope = scope
        if self._observer is None:
            self._observer = Observer()
            self._observer.daemon = True
            self._observer.start()
        wanted = set(scope.watch_points().items())
        for point in set(self._watches) - wanted:
            try:
                self._observer.unschedule(self._watches.pop(point))
            except (KeyError, OSError):
                pass  # the folder was deleted: watchdog has dropped its watch already
        for path, recursive in wanted - set(self._watches):
            self._watches[(path, recursive)] = self._schedule(path, recursive)

    def _schedule(self, path: Path, recursive: bool) -> Any:
        from bookbuild.errors import BookbuildError

        try:
            return self._observer.schedule(_Handler(self), str(path), recursive=recursive)
        except OSError as exc:  # ENOSPC from inotify: the system's limit of watched folders
            hint = " (Linux: raise it with sudo sysctl fs.inotify.max_user_watches=524288)" if exc.errno == 28 else ""
            raise BookbuildError(f"cannot watch {path}: {exc.strerror or exc}{hint}") from None

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
            self._observer = None
            self._watches.clear()

    def saw(self, event: Any) -> None:
        """One watchdog event (on the observer's thread)."""
        if event.event_type not in WANTED_EVENTS or (event.is_directory and event.event_type == "modified"):
            return
        scope = self.scope
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = Path(raw.decode() if isinstance(raw, bytes) else raw) if raw else None
            if path is not None and scope is not None and scope.wants(path):
                self.queue.add(path, created=event.event_type == "created")


class _Handler:
    """The one method watchdog calls; kept apart so FileWatcher needs no watchdog base class at import."""

    def __init__(self, watcher: FileWatcher):
        self.watcher = watcher

    def dispatch(self, event: Any) -> None:
        self.watcher.saw(event)
