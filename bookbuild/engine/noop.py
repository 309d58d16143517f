"""Nothing to do, said before anything heavy loads: the stamp of the last build.

A `bookbuild build` whose inputs, plugins, outputs and cache are as the last
successful build left them has nothing to do, and finding that out task by task
means loading plugins, specs, Jinja, Pillow and the cache index. So a build that
ended with every task done (text output) writes a stamp: the stat of every file
it depends on (every file of the repository but build/, the cache and hidden
folders: bookbuild.toml, books, themes, plugins, a word list a plugin reads;
bookbuild's own code and every plugin module it loaded, its outputs, the cache index),
the environment, the arguments, and the lines a build with nothing to do prints.
The next build with the same arguments, in the same folder, checks the stamp first
(bookbuild.launch) and, when every file stats the same and the environment is the
same, prints those lines and exits. Anything else, or anything it cannot read, falls
through to the real build, which decides task by task from the cache as always.

A file changed within RACY_S of the stamp may have kept its size and its (coarse)
mtime through an edit: its content hash goes in too, and is checked, until it is
older. Stamps live in <cache>/noop/, one per argument list and folder; deleting the
cache deletes them. This module imports only the standard library, and the check only
what it must (no pathlib, typing or TOML parser unless bookbuild.toml sets cache_dir):
a no-op costs little more than Python's own start.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Iterable

FORMAT = 2
RACY_S = 2.0
CONFIG_NAME = "bookbuild.toml"
SCANNED = ("books_dir", "themes_dir", "plugins_dir")  # walked even where the repository walk skips them
DEFAULTS = {"books_dir": "books", "themes_dir": "themes", "plugins_dir": "plugins", "cache_dir": ".bookbuild/cache"}
SKIPPED_DIRS = ("__pycache__", ".git")
# Shell bookkeeping that changes from one prompt to the next and no task reads.
VOLATILE_ENV = frozenset({"PWD", "OLDPWD", "SHLVL", "_", "COLUMNS", "LINES", "PYTEST_CURRENT_TEST", "TERM_SESSION_ID", "WINDOWID"})
TOTAL = "{books} in {seconds:.2f}s (every task cached)"  # the summary's last line, timed anew


# -- where ----------------------------------------------------------------------


def split_args(args: list[str]) -> tuple[str | None, list[str]]:
    """A leading ``-C DIR`` and the rest; the launcher answers only ``[-C DIR] build ...``."""
    if len(args) >= 2 and args[0] in ("-C", "--directory"):
        return args[1], args[2:]
    if args and args[0].startswith("--directory="):
        return args[0].split("=", 1)[1], args[1:]
    return None, args


def find_root(start: str | Path) -> str:
    """The nearest folder at or above ``start`` with a bookbuild.toml, else ``start``."""
    start = folder = os.path.realpath(start)
    while True:
        if os.path.isfile(os.path.join(folder, CONFIG_NAME)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return start
        folder = parent


def _config(root: str | Path) -> dict[str, Any]:
    """bookbuild.toml, as far as this module reads it: its cache_dir. A plain top-level
    ``cache_dir = "..."`` line is read as it is; anything else goes to the TOML parser."""
    try:
        with open(os.path.join(root, CONFIG_NAME), "rb") as f:
            text = f.read().decode("utf-8")
    except FileNotFoundError:
        return {}
    if "cache_dir" not in text:
        return {}
    simple = _plain_cache_dir(text)
    if simple is not None:
        return {"cache_dir": simple}
    import tomllib

    return tomllib.loads(text)


def _plain_cache_dir(text: str) -> str | None:
    """The value of the one top-level ``cache_dir = "path"`` line (no escapes, no table,
    no multi-line string in the file), or None: then only the TOML parser knows."""
    if '"""' in text or "'''" in text:
        return None
    found = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("["):
            break  # a table: what follows is not top-level
        if not line.startswith("cache_dir"):
            continue
        key, eq, value = line.partition("=")
        value = value.strip()
        quote = value[:1]
        if key.strip() != "cache_dir" or not eq or found is not None or quote not in ("\"", "'"):
            return None
        inner, _, rest = value[1:].partition(quote)
        if "\\" in inner or (rest.strip() and not rest.strip().startswith("#")):
            return None
        found = inner
    return found


def cache_dir(root: str | Path, config: dict[str, Any]) -> str:
    env = os.environ.get("BOOKBUILD_CACHE_DIR")
    return os.path.realpath(env) if env else os.path.realpath(os.path.join(root, str(config.get("cache_dir", DEFAULTS["cache_dir"]))))


def stamp_path(root: str | Path, config: dict[str, Any], args: list[str]) -> str:
    name = _digest([os.getcwd(), str(root), args])[:32]
    return os.path.join(cache_dir(root, config), "noop", f"{name}.json")


# -- what -------------------------------------------------------------------------


def env_digest() -> str:
    """The whole environment but the shell's bookkeeping: any variable may reach a key
    (BOOKBUILD_PROVIDER, SOURCE_DATE_EPOCH, a plugin's own). Hashed: it holds secrets."""
    return _digest(sorted((k, v) for k, v in os.environ.items() if k not in VOLATILE_ENV))


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def _stat(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _walk(top: str, out: dict[str, list[int] | None], skip: frozenset[str] = frozenset()) -> None:
    try:
        entries = list(os.scandir(top))
    except NotADirectoryError:
        out[top] = _stat(top)
        return
    except OSError:
        out[top] = None
        return
    out[top + os.sep] = []  # the folder is there (an empty or missing one differs)
    for entry in entries:
        if entry.name in SKIPPED_DIRS or entry.path in skip:
            continue
        try:
            if entry.is_dir():
                if not entry.name.startswith("."):  # tool folders (.venv, .bookbuild); named inputs are walked on their own
                    _walk(entry.path, out, skip)
            else:
                st = entry.stat()
                out[entry.path] = [st.st_size, st.st_mtime_ns, st.st_ino]
        except OSError:
            out[entry.path] = None


def files_now(trees: Iterable[str], paths: Iterable[str], skip: Iterable[str] = ()) -> dict[str, list[int] | None]:
    found: dict[str, list[int] | None] = {}
    for tree in trees:
        if tree + os.sep not in found:  # a folder met in an earlier tree's walk: walked whole there
            _walk(tree, found, frozenset(skip))
    for path in paths:
        found[path] = _stat(path)
    return found


def _content(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


# -- checking ---------------------------------------------------------------------


def answer(args: list[str]) -> tuple[int, str] | None:
    """(exit code, what to print) when this build has nothing to do, else None."""
    directory, rest = split_args(args)
    if not rest or rest[0] != "build" or any(a in ("-h", "--help", "--version") for a in rest):
        return None
    started = time.perf_counter()
    try:
        root = find_root(directory or os.getcwd())
        path = stamp_path(root, _config(root), args)
        with open(path, "rb") as f:
            stamp = json.loads(f.read())
        if stamp.get("format") != FORMAT or not _unchanged(stamp, path):
            return None
    except Exception:  # noqa: BLE001 - no stamp, one that does not read, a bookbuild.toml the real build will explain
        return None
    lines = [line if line != TOTAL else TOTAL.format(books=stamp["books"], seconds=time.perf_counter() - started) for line in stamp["lines"]]
    return stamp["exit"], "".join(line + "\n" for line in lines)


def _unchanged(stamp: dict[str, Any], path: str) -> bool:
    if stamp["python"] != [sys.executable, sys.version] or stamp["env"] != env_digest():
        return False
    found = files_now(stamp["trees"], stamp["paths"], stamp["skip"])
    recorded: dict[str, list] = stamp["files"]
    if found.keys() != recorded.keys():
        return False
    racy = {}
    for name, sig in recorded.items():
        if sig is None or len(sig) <= 3:
            if found[name] != sig:
                return False
        elif found[name] != sig[:3] or _content(name) != sig[3]:
            return False
        else:
            racy[name] = sig
    if racy and all(sig[1] < time.time_ns() - RACY_S * 1e9 for sig in racy.values()):
        _write(path, {**stamp, "files": {n: s[:3] if s else s for n, s in recorded.items()}})  # settled: stat alone from now on
    return True


# -- writing ----------------------------------------------------------------------


class Snapshot:
    """The files a build depends on, taken before it starts; ``stamp`` after it ends
    writes the stamp only when the inputs are still as they were at the start."""

    def __init__(self, root: Path, args: list[str], input_trees: list[str], input_paths: list[str], skip: list[str]):
        self.root = root
        self.args = args
        self.trees = input_trees
        self.paths = input_paths
        self.skip = skip  # folders in the trees that are no input (build/, the cache)
        self.before = files_now(input_trees, input_paths, skip)
        self.env = env_digest()

    def stamp(self, config: dict[str, Any], outputs: list[str], cache_files: list[str], books: str, lines: list[str], exit_code: int) -> None:
        if files_now(self.trees, self.paths, self.skip) != self.before or self.env != env_digest():
            return  # an input changed while it built: the next build must look
        paths = [*self.paths, *outputs, *cache_files]
        files = files_now(self.trees, paths, self.skip)
        now = time.time_ns()
        for name, sig in files.items():
            if sig and sig[1] >= now - RACY_S * 1e9:
                files[name] = [*sig, _content(name)]
        stamp = {
            "format": FORMAT, "python": [sys.executable, sys.version], "env": self.env,
            "trees": self.trees, "paths": paths, "skip": self.skip, "files": files,
            "books": books, "lines": lines, "exit": exit_code,
        }  # fmt: skip
        _write(stamp_path(self.root, config, self.args), stamp)


def _write(path: str, stamp: dict[str, Any]) -> None:
    """Written whole or not at all; a stamp that cannot be written just means a slower no-op."""
    try:
        folder, name = os.path.split(path)
        os.makedirs(folder, exist_ok=True)
        tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(json.dumps(stamp))
        os.replace(tmp, path)
    except OSError:
        pass


def forget(root: str | Path, config: dict[str, Any]) -> None:
    """Drop every stamp of this repository's cache (a build that did not finish cleanly)."""
    folder = os.path.join(cache_dir(root, config), "noop")
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.endswith(".json"):
            try:
                os.unlink(os.path.join(folder, name))
            except FileNotFoundError:
                pass
