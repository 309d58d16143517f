"""bookbuild.toml: repository settings. Plugins add their own [sections]."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bookbuild.errors import SpecError, SpecProblem
from bookbuild.spec.schema import Field, Validator, did_you_mean

CONFIG_NAME = "bookbuild.toml"

CORE_FIELDS = (
    Field("provider", default="auto", help="auto (openai when OPENAI_API_KEY is set, else offline), or a provider's name"),
    Field("default_theme", default=None, help="theme for books of the default type that name none (default: the type's own)"),
    Field("books_dir", default="books"),
    Field("themes_dir", default="themes"),
    Field("plugins_dir", default="plugins", help="this repository's own plugins, loaded without installing"),
    Field("build_dir", default="build"),
    Field("cache_dir", default=".bookbuild/cache", help="BOOKBUILD_CACHE_DIR overrides it"),
    Field("jobs", int, default=0, help="tasks run at once; 0: one per CPU core"),
    Field("max_cost", (int, float), default=0, help="USD a build may spend on AI calls; 0: no cap (--max-cost overrides)"),
    Field("write_generated_pages", default="paid", choices=("paid", "always", "never"), help="write generated stories into pages/NN.md: for paid providers, always, or never"),
    Field("disabled_plugins", list, default=[]),
)


@dataclass
class Settings:
    root: Path  # the repository: where bookbuild.toml is (or would be)
    values: dict[str, Any]
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)  # plugin sections

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
        return Path(env).resolve() if env else self.path("cache_dir")

    @property
    def job_count(self) -> int:
        return self.values["jobs"] or os.cpu_count() or 1

    def section(self, name: str) -> dict[str, Any]:
        return self.sections.get(name, {})

    def line_of(self, key: str) -> int | None:
        """Where a key is set in bookbuild.toml (for messages about its value)."""
        path = self.root / CONFIG_NAME
        return _key_lines(path.read_text(encoding="utf-8")).get(key) if path.is_file() else None


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` with a bookbuild.toml, else ``start``."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return start


def load_settings(root: Path, plugin_sections: dict[str, tuple[Field, ...]] | None = None) -> Settings:
    path = root / CONFIG_NAME
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _toml_error_line(str(exc))
        raise SpecError([SpecProblem(CONFIG_NAME, line, None, f"invalid TOML: {exc}", "see https://toml.io")]) from None
    sections = plugin_sections or {}
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
    if validator.problems:
        raise SpecError(validator.problems)
    return Settings(root=root, values=values, sections=parsed)


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
