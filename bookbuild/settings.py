"""bookbuild.toml: repository settings. Plugins add their own [sections]."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from bookbuild import inputs
from bookbuild.engine.remote import MODES, check_url
from bookbuild.errors import SpecError, SpecProblem, UsageError
from bookbuild.spec.schema import Field, Validator, did_you_mean

CONFIG_NAME = "bookbuild.toml"
MAX_JOBS = 256
MAX_REQUESTS = 256


def _at_least_zero(value: int | float) -> int | float:
    if value < 0:
        raise ValueError(f"must be 0 or more, got {value}")
    return value


def _jobs(value: int) -> int:
    _at_least_zero(value)
    if value > MAX_JOBS:
        raise ValueError(f"at most {MAX_JOBS} tasks can run at once, got {value}")
    return value


def _requests(value: int) -> int:
    _at_least_zero(value)
    if value > MAX_REQUESTS:
        raise ValueError(f"at most {MAX_REQUESTS} requests can be in flight at once, got {value}")
    return value


def _cost(value: int | float) -> int | float:
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"must be a number of US dollars, got {value}")
    return _at_least_zero(value)


def _seconds(value: int | float) -> int | float:
    if not 0 < value < float("inf"):  # NaN fails too
        raise ValueError(f"{value} is not a positive number of seconds")
    return value


CORE_FIELDS = (
    Field("provider", default="auto", help="auto (the free offline provider), or a provider's name (a paid one runs only when named)"),
    Field("default_theme", default=None, help="theme for books of the default type that name none (default: the type's own)"),
    Field("books_dir", default="books"),
    Field("themes_dir", default="themes"),
    Field("plugins_dir", default="plugins", help="this repository's own plugins, loaded without installing"),
    Field("build_dir", default="build"),
    Field("cache_dir", default=".bookbuild/cache", help="BOOKBUILD_CACHE_DIR overrides it"),
    Field("jobs", int, default=0, check=_jobs, help="tasks run at once; 0: one per CPU core"),
    Field("max_cost", (int, float), default=0, check=_cost, help="USD a build may spend on AI calls; 0: no cap (--max-cost overrides)"),
    Field("max_book_cost", (int, float), default=0, check=_cost, help="USD one book may spend on AI calls over all its builds (its manifest's spent_to_date); 0: no cap"),
    Field("max_total_cost", (int, float), default=0, check=_cost, help="USD all books together may spend on AI calls over all builds; 0: no cap"),
    Field("write_generated_pages", default="always", choices=("always", "paid", "never"), help="write a generated story into pages/NN.md, to edit page by page: always, for paid providers only, or never"),
    Field("disabled_plugins", list, default=[]),
)

# The core's own [sections]; plugins add theirs through the register_settings hook.
CORE_SECTIONS: dict[str, tuple[Field, ...]] = {
    "cache": (
        Field("remote", default="", check=check_url, help="s3://bucket/prefix: a remote cache shared by every machine (BOOKBUILD_REMOTE_CACHE overrides)"),
        Field("mode", default="readwrite", choices=MODES, help="readwrite, or read: never upload (BOOKBUILD_REMOTE_CACHE_MODE overrides)"),
        Field("timeout", (int, float), default=5, check=_seconds, help="seconds the remote may take to connect or answer, per attempt"),
    ),
}


READ_DIRS = ("books_dir", "themes_dir", "plugins_dir")  # read from: inside the repository
WRITE_DIRS = ("build_dir", "cache_dir")  # written to: anywhere, but a folder


@dataclass
class Settings:
    root: Path  # the repository: where bookbuild.toml is (or would be)
    values: dict[str, Any]
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)  # plugin sections
    text: str = ""  # bookbuild.toml as read, for the lines of keys in messages
    run_jobs: int = 0  # this run's --jobs: over BOOKBUILD_JOBS and ``jobs``
    run_requests: int = 0  # this run's --requests: over BOOKBUILD_REQUESTS and the provider's ``concurrency``

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    def path(self, key: str) -> Path:
        return (self.root / self.values[key]).resolve()

    @property
    def cache_path(self) -> Path:
        env = os.environ.get("BOOKBUILD_CACHE_DIR")
        if not env:
            return self.path("cache_dir")
        path = Path(env).resolve()
        if path.exists() and not path.is_dir():
            raise UsageError(f"BOOKBUILD_CACHE_DIR={env} is a file, not a folder; point it at a folder (it is made if missing)")
        return path

    @property
    def job_count(self) -> int:
        """Tasks at once (worker processes for CPU work): --jobs, else BOOKBUILD_JOBS, else ``jobs``, else one per core."""
        return self.run_jobs or jobs_from_env() or self.values["jobs"] or os.cpu_count() or 1

    @property
    def request_limit(self) -> int:
        """Requests in flight at once for this run: --requests, else BOOKBUILD_REQUESTS, else 0
        (each provider's own ``concurrency``, as bookbuild.toml sets it)."""
        return self.run_requests or requests_from_env()

    def section(self, name: str) -> dict[str, Any]:
        return self.sections.get(name, {})

    def line_of(self, key: str) -> int | None:
        """Where a key is set in bookbuild.toml (for messages about its value)."""
        return _key_lines(self.text).get(key)


def jobs_from_env() -> int:
    """BOOKBUILD_JOBS (0 or unset: not given); a UsageError naming it when it is not a count."""
    return _count_from_env("BOOKBUILD_JOBS", _jobs, "the number of tasks to run at once (0: one per CPU core)")


def requests_from_env() -> int:
    """BOOKBUILD_REQUESTS (0 or unset: not given); a UsageError naming it when it is not a count."""
    return _count_from_env("BOOKBUILD_REQUESTS", _requests, "the number of AI requests in flight at once (0: the provider's concurrency)")


def _count_from_env(name: str, check: Callable[[int], int], meaning: str) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return 0
    try:
        return check(int(value))
    except ValueError as exc:
        detail = str(exc) if value.lstrip("-").isdigit() else "not a whole number"
        raise UsageError(f"{name}={value!r}: {detail}; set it to {meaning}") from None


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` with a bookbuild.toml, else ``start``."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return start


def read_config(root: Path) -> str:
    """bookbuild.toml's text ("" when there is none); a SpecError naming it when it cannot be read."""
    path = root / CONFIG_NAME
    if not path.exists() and not path.is_symlink():
        return ""
    try:
        return inputs.read_text(path, root, inputs.MB, CONFIG_NAME)
    except inputs.InputProblem as exc:
        raise SpecError([SpecProblem(CONFIG_NAME, exc.line, None, str(exc), exc.hint)]) from None
    except OSError as exc:
        raise SpecError([SpecProblem(CONFIG_NAME, None, None, f"cannot be read: {exc.strerror or exc}")]) from None


def peek(root: Path, key: str, default: str) -> str:
    """One key of bookbuild.toml read ahead of the rest (plugins_dir, build_dir); the
    default when the file has a problem, which loading the settings reports in full."""
    try:
        value = parse_config(read_config(root)).get(key, default)
    except SpecError:
        return default
    return value if isinstance(value, str) else default


def parse_config(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _toml_error_line(str(exc))
        raise SpecError([SpecProblem(CONFIG_NAME, line, None, f"invalid TOML: {exc}", "see https://toml.io")]) from None
    except RecursionError:
        raise SpecError([SpecProblem(CONFIG_NAME, None, None, "invalid TOML: nested too deeply")]) from None


def load_settings(root: Path, plugin_sections: dict[str, tuple[Field, ...]] | None = None) -> Settings:
    text = read_config(root)
    data = parse_config(text)
    sections = {**(plugin_sections or {}), **CORE_SECTIONS}  # a plugin cannot take over a core section
    lines = _key_lines(text)
    validator = Validator(CONFIG_NAME)
    core = _with_lines({k: v for k, v in data.items() if not isinstance(v, dict)}, lines, "")
    values = validator.mapping(core, CORE_FIELDS)
    parsed = {}
    for name, table in data.items():
        if not isinstance(table, dict):
            continue
        if name not in sections:
            hint = did_you_mean(name, sections) or ("known sections: " + ", ".join(sorted(sections)) if sections else "no plugin adds settings sections")
            validator.problem(lines.get(f"[{name}]"), f"[{name}]", "unknown section", hint)
            continue
        parsed[name] = validator.mapping(_with_lines(table, lines, name + "."), sections[name], prefix=name + ".")
    for name, fields in sections.items():
        parsed.setdefault(name, validator.mapping({}, fields, prefix=name + "."))
    _check_folders(root, values, lines, validator)
    if validator.problems:
        raise SpecError(validator.problems)
    return Settings(root=root, values=values, sections=parsed, text=text)


def _check_folders(root: Path, values: dict[str, Any], lines: dict[str, int], v: Validator) -> None:
    """Folders bookbuild reads stay inside the repository; none may be a file."""
    for key in (*READ_DIRS, *WRITE_DIRS):
        raw = values[key]
        if not isinstance(raw, str) or not raw.strip() or "\0" in raw:
            v.problem(lines.get(key), key, f"expected a folder name, got {raw!r}")
            continue
        path = root / raw
        if key in READ_DIRS:
            try:
                inputs.inside(path, root)
            except inputs.InputProblem as exc:
                v.problem(lines.get(key), key, f"{raw} {exc}", "name a folder inside the repository")
                continue
        if path.exists() and not path.is_dir():
            v.problem(lines.get(key), key, f"{raw} is a file, not a folder", "move the file away, or name another folder")


class _Lined(dict):
    lines: dict[str, int]


def _with_lines(mapping: dict, lines: dict[str, int], prefix: str) -> _Lined:
    # tomllib keeps no positions; the validator finds them on this attribute.
    lined = _Lined(mapping)
    lined.lines = {k: lines[prefix + k] for k in mapping if prefix + k in lines}
    return lined


def _key_lines(text: str) -> dict[str, int]:
    """Line of each ``key =`` (as section.key) and each ``[section]`` header."""
    found: dict[str, int] = {}
    section = ""
    for number, line in enumerate(text.splitlines(), 1):
        if m := re.match(r"\s*\[([^\]]+)\]", line):
            section = m.group(1).strip()
            found.setdefault(f"[{section}]", number)
        elif m := re.match(r"\s*([A-Za-z0-9_-]+)\s*=", line):
            found.setdefault((section + "." if section else "") + m.group(1), number)
    return found


def _toml_error_line(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None
