"""Offline safety check: no word or phrase unfit for a children's book in anything
printed or drawn, with every provider and without a key (the openai provider adds
the moderation endpoint on top).

The list is data: wordlist.yaml beside this module (what matches and how is
explained there), extended by a repository's own wordlist.yaml (or the file
``[wordlist] file`` names). Words match whole and in context: an allowed phrase
("a wide shot", "shoot for the stars") takes the blocked words inside it out of
the count, so normal picture-book language passes and the real thing does not.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bookbuild import hookimpl
from bookbuild.errors import SpecError, SpecProblem
from bookbuild.findings import Finding
from bookbuild.spec.schema import Field

if TYPE_CHECKING:
    from bookbuild.project import Project

VERSION = "2"
SECTION = "wordlist"
DEFAULT_FILE = "wordlist.yaml"
LISTS = ("blocked", "allowed")
# A word: letters, with inner apostrophes (don't, fox's). Digits and marks split words.
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019\u2018\u02bc`][^\W\d_]+)*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
EXCERPT_WORDS = 4  # words of context either side of a match, in a finding


@dataclass(frozen=True)
class Pattern:
    """A word or phrase: its words in order, each exact or (ending in *) a prefix."""

    text: str
    words: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> "Pattern":
        words = (w.strip(".,;:!?\"()") for w in normalise(text).replace("-", " ").split())
        return cls(text, tuple(w if w.endswith("*") else _token(w) for w in words if w))

    def matches_at(self, tokens: list[str], start: int) -> bool:
        if start + len(self.words) > len(tokens):
            return False
        return all(_word_matches(w, tokens[start + i]) for i, w in enumerate(self.words))


def _word_matches(pattern: str, token: str) -> bool:
    if pattern.endswith("*"):
        return token.startswith(pattern[:-1])
    return token == pattern


@dataclass(frozen=True)
class WordList:
    blocked: tuple[Pattern, ...]
    allowed: tuple[Pattern, ...]

    @property
    def digest(self) -> str:
        data = {name: sorted(p.words for p in getattr(self, name)) for name in LISTS}
        return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:16]

    def extended(self, extra: dict[str, list[str]]) -> "WordList":
        return WordList(
            self.blocked + tuple(Pattern.parse(t) for t in extra.get("blocked", [])),
            self.allowed + tuple(Pattern.parse(t) for t in extra.get("allowed", [])),
        )

    def find(self, text: str) -> list[tuple[str, str]]:
        """(what matched, the words around it) for each blocked word or phrase outside every allowed phrase."""
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        tokens = [_token(normalise(text[a:b])) for a, b in spans]
        allowed: set[int] = set()
        for start, pattern in _matches(_index(self.allowed), tokens):
            allowed.update(range(start, start + len(pattern.words)))
        found = []
        for start, pattern in _matches(_index(self.blocked), tokens):
            end = start + len(pattern.words)
            if not allowed.intersection(range(start, end)):
                found.append((text[spans[start][0] : spans[end - 1][1]], _excerpt(text, spans, start, end)))
        return found


PREFIX_KEY = 3  # prefix patterns are looked up by this many first letters of a word
Index = tuple[dict[str, list[Pattern]], dict[str, list[tuple[int, Pattern]]], list[tuple[int, Pattern]]]


@lru_cache(maxsize=64)
def _index(patterns: tuple[Pattern, ...]) -> Index:
    """Patterns by their exact first word; those whose first word is a prefix by its first
    PREFIX_KEY letters, with their place in the list (a shorter prefix is tried at every
    word). Trying every prefix at every word was 90% of a book's word check."""
    exact: dict[str, list[Pattern]] = {}
    by_start: dict[str, list[tuple[int, Pattern]]] = {}
    short: list[tuple[int, Pattern]] = []
    for place, p in enumerate(patterns):
        if not p.words:
            continue
        first = p.words[0]
        if not first.endswith("*"):
            exact.setdefault(first, []).append(p)
        elif len(first) - 1 >= PREFIX_KEY:
            by_start.setdefault(first[:PREFIX_KEY], []).append((place, p))
        else:
            short.append((place, p))
    return exact, by_start, short


def _matches(index: Index, tokens: list[str]):
    exact, by_start, short = index
    for start, token in enumerate(tokens):
        prefixed = by_start.get(token[:PREFIX_KEY], [])
        if short:  # tried in the list's order, as when every prefix was tried at every word
            prefixed = sorted(prefixed + short, key=lambda entry: entry[0])
        for pattern in (*exact.get(token, ()), *(p for _, p in prefixed)):
            if pattern.matches_at(tokens, start):
                yield start, pattern


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()


def _token(word: str) -> str:
    """A possessive counts as its word: "the gun's" is "gun"."""
    return word[:-2] if word.endswith("'s") else word


def _excerpt(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    first, last = max(0, start - EXCERPT_WORDS), min(len(spans), end + EXCERPT_WORDS) - 1
    words = " ".join(text[spans[first][0] : spans[last][1]].split())
    return ("..." if first else "") + words + ("..." if last < len(spans) - 1 else "")


@lru_cache(maxsize=1)
def shipped() -> WordList:
    from bookbuild.spec.yamlsrc import load_own

    data = load_own(files(__package__).joinpath("wordlist.yaml").read_text(encoding="utf-8"))
    return WordList((), ()).extended(data)


@lru_cache(maxsize=16)
def _with_repository(path: str, content: str) -> WordList:
    return shipped().extended(_read_extra(path, content))


def for_project(project: Project | None) -> WordList:
    """The shipped list, with the repository's own additions when it has any."""
    path = _repository_file(project) if project is not None else None
    if path is None:
        return shipped()
    return _with_repository(str(path), path.read_text(encoding="utf-8"))


def _repository_file(project: Project) -> Path | None:
    setting = project.settings.section(SECTION).get("file") or DEFAULT_FILE
    path = project.root / setting
    if path.is_file():
        return path
    if setting != DEFAULT_FILE:  # named on purpose: its absence is a mistake
        line = project.settings.line_of(f"{SECTION}.file")
        raise SpecError([SpecProblem("bookbuild.toml", line, f"{SECTION}.file", f"{setting} does not exist", "create it, or remove the setting to use wordlist.yaml beside bookbuild.toml")])
    return None


def _read_extra(path: str, content: str) -> dict[str, list[str]]:
    """A repository's word list, checked like any spec file: every mistake names its line."""
    from bookbuild.spec import yamlsrc

    name = Path(path).name
    try:
        data = yamlsrc.load(content) or {}
    except yamlsrc.YamlProblem as exc:
        raise SpecError([SpecProblem(name, exc.line, None, str(exc), "see bookbuild/plugins/safety/wordlist.yaml for the format")]) from None
    problems = []
    if not isinstance(data, dict):
        problems.append(SpecProblem(name, None, None, "must be a mapping with the lists blocked and allowed"))
        raise SpecError(problems)
    for key, value in data.items():
        if key not in LISTS:
            problems.append(SpecProblem(name, yamlsrc.line_of(data, key), str(key), "unknown key", "the lists are: blocked, allowed"))
        elif not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            problems.append(SpecProblem(name, yamlsrc.line_of(data, key), str(key), "must be a list of words or phrases"))
    if problems:
        raise SpecError(problems)
    return {key: list(value) for key, value in data.items()}


def blocked_words(text: str, wordlist: WordList | None = None) -> list[str]:
    """The blocked words and phrases in ``text``, each once, as written there."""
    return list(dict.fromkeys(matched.lower() for matched, _ in (wordlist or shipped()).find(text)))


@hookimpl
def register_settings() -> dict[str, tuple[Field, ...]]:
    return {SECTION: (Field("file", default=None, help=f"the repository's own additions to the word list (default: {DEFAULT_FILE} beside bookbuild.toml, when it exists)"),)}


@hookimpl
def check_fingerprint(project: Project) -> dict[str, str]:
    return {"wordlist": for_project(project).digest}


@hookimpl
def check_generated(kind: str, text: str, project: Project) -> list[Finding]:
    found = for_project(project).find(text)
    if not found:
        return []
    words = ", ".join(dict.fromkeys(f'"{matched}"' for matched, _ in found))
    where = "; ".join(dict.fromkeys(f'"{excerpt}"' for _, excerpt in found))
    return [Finding("content-safety", "error", f"the {kind} has words unfit for children ({words}) in {where}; it is not printed until it is reworded")]
