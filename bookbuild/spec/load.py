"""Stage 1: bookbuild.toml + books/<slug>/ -> Book. All problems first, then one SpecError."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from bookbuild import inputs
from bookbuild.errors import SpecError, SpecProblem
from bookbuild.kdp import geometry
from . import yamlsrc
from .fields import BOOK_FIELDS, CHARACTER_FIELDS
from .model import Book, Character, Page
from .pages import load_pages
from .schema import Field, Validator, did_you_mean

if TYPE_CHECKING:
    from bookbuild.booktypes import BookType
    from bookbuild.settings import Settings

BOOK_FILE = "book.yaml"
BIBLE_FILE = "bible.yaml"  # generated character looks, for characters book.yaml gives none
MAX_SPEC_BYTES = inputs.MB  # book.yaml, bible.yaml: a book of many characters is a few KB


def discover(settings: Settings) -> list[Path]:
    books = settings.path("books_dir")
    return sorted(p.parent for p in books.glob(f"*/{BOOK_FILE}")) if books.is_dir() else []


def resolve(settings: Settings, names: Iterable[str]) -> list[Path]:
    """Book folders for command-line arguments: a slug, a folder or a book.yaml path."""
    known = discover(settings)
    folders = []
    for name in names:
        path = Path(name)
        candidates = [path, settings.root / path, settings.path("books_dir") / name]
        found = next((c.parent if c.name == BOOK_FILE else c for c in candidates if (c / BOOK_FILE).is_file() or (c.name == BOOK_FILE and c.is_file())), None)
        if found is None:
            hint = did_you_mean(path.name, [k.name for k in known]) or "books: " + (", ".join(k.name for k in known) or "none yet; bookbuild new books/<slug>")
            raise SpecError([SpecProblem(name, None, None, f"no {BOOK_FILE} found", hint)])
        folders.append(Path(os.path.abspath(found)))  # links kept: the book is named as the author sees it
    return folders


def load_books(settings: Settings, folders: list[Path], extra_fields: tuple[Field, ...], types: dict[str, BookType]) -> list[Book]:
    """``extra_fields``: keys plugins add to book.yaml; ``types``: the registered book types, default first."""
    problems: list[SpecProblem] = []
    books = []
    fields = book_fields(extra_fields, types)
    for folder in folders:
        book = _load_book(settings, folder, fields, {f.name for f in extra_fields}, types, problems)
        if book is not None:
            books.append(book)
    if problems:
        raise SpecError(problems)
    return books


def load_book(settings: Settings, folder: Path, extra_fields: tuple[Field, ...], types: dict[str, BookType]) -> Book:
    return load_books(settings, [folder], extra_fields, types)[0]


def book_fields(extra_fields: tuple[Field, ...], types: dict[str, BookType]) -> tuple[Field, ...]:
    """Every key book.yaml accepts: the core's, the registered types, the plugins' keys."""
    return tuple(_typed(f, types) for f in BOOK_FIELDS) + extra_fields


def _typed(f: Field, types: dict[str, BookType]) -> Field:
    """The ``type`` key takes the registered types; the default type is its default."""
    if f.name != "type":
        return f
    return replace(f, choices=tuple(types), default=next(iter(types), None), help=f.help)


def _rel(settings: Settings, path: Path) -> str:
    """The path as the author sees it in the repository (links not followed)."""
    path = Path(path) if Path(path).is_absolute() else settings.root / path
    for candidate in (path, path.resolve()):
        try:
            return str(candidate.relative_to(settings.root))
        except ValueError:
            continue
    return str(path)


def _load_book(settings: Settings, folder: Path, fields: tuple[Field, ...], extra_names: set[str], types: dict[str, BookType], problems: list[SpecProblem]) -> Book | None:
    source = _rel(settings, folder / BOOK_FILE)
    before = len(problems)
    validators: dict[str, Validator] = {}

    def validator_for(path: str) -> Validator:
        return validators.setdefault(path, Validator(path, problems))

    v = validator_for(source)
    data = read_yaml(folder / BOOK_FILE, settings.root, v)
    if data is _UNREADABLE:
        return None
    if data is None:
        v.problem(None, None, "is empty", "start from `bookbuild new books/<slug>`")
        return None
    values = v.mapping(data, fields)
    book_type = types.get(values["type"])
    if book_type is None:  # reported by the field's choices, or no plugin registers any type
        if not types:
            v.problem(None, "type", "no plugin registers a book type", "check disabled_plugins in bookbuild.toml")
        return None
    _check_print_options(values, data, v, book_type)
    _check_characters(values["characters"], data, v)
    pages = _pages(settings, folder, validator_for)
    if (folder / BIBLE_FILE).is_file():
        values["characters"] = _with_bible(values["characters"], folder / BIBLE_FILE, settings.root, validator_for(_rel(settings, folder / BIBLE_FILE)))
    if len(problems) > before:
        return None
    return _build(settings, folder, source, values, pages, extra_names, book_type, yamlsrc.line_of(data, "book_theme"))


_UNREADABLE = object()


def read_yaml(path: Path, root: Path, v: Validator) -> object:
    """A spec file's YAML, or _UNREADABLE with the problem reported (file and line)."""
    try:
        return yamlsrc.load(inputs.read_text(path, root, MAX_SPEC_BYTES, f"{path.name}"))
    except (yamlsrc.YamlProblem, inputs.InputProblem) as exc:
        v.problem(exc.line, None, str(exc), exc.hint)
    except OSError as exc:
        v.problem(None, None, f"cannot be read: {exc.strerror or exc}")
    return _UNREADABLE


def _pages(settings: Settings, folder: Path, validator_for) -> list[Page]:
    pages = folder / "pages"
    if not pages.is_dir():
        return []
    try:
        inputs.inside(pages, settings.root)
    except inputs.InputProblem as exc:
        validator_for(_rel(settings, pages)).problem(None, None, str(exc), exc.hint)
        return []
    return load_pages(pages, _rel(settings, pages), validator_for, settings.root)


def _with_bible(characters: list[dict], path: Path, root: Path, v: Validator) -> list[dict]:
    """Fill in looks from bible.yaml; book.yaml's own visual always wins."""
    data = read_yaml(path, root, v)
    if data is _UNREADABLE:
        return characters
    data = data or {}
    bible = v.mapping(data, (Field("characters", list, default=[], fields=CHARACTER_FIELDS),))["characters"]
    merged = {c["name"].lower(): dict(c) for c in characters}
    for entry in bible:
        known = merged.setdefault(entry["name"].lower(), {**entry, "role": entry.get("role") or "supporting", "from_bible": True})
        if not known.get("visual"):
            known["visual"] = entry.get("visual") or ""
    return list(merged.values())


def _check_print_options(values: dict, data: dict, v: Validator, book_type: BookType) -> None:
    if values["ink"] is None:
        values["ink"] = book_type.default_ink
    trim = values["trim"]
    if isinstance(trim, str):  # the field's check failed and reported it already
        return
    try:
        geometry.check_ink_paper(trim, values["ink"], values["paper"])
    except geometry.KdpError as exc:
        v.problem(yamlsrc.line_of(data, "ink") or yamlsrc.line_of(data, "paper"), "ink", str(exc))
    pages = values["page_count"]
    if isinstance(pages, int):
        try:
            geometry.check_page_count(pages, trim, values["ink"], values["paper"])
        except geometry.KdpError as exc:
            v.problem(yamlsrc.line_of(data, "page_count"), "page_count", str(exc))
        except KeyError:
            pass  # ink/paper combination already reported


def _check_characters(characters: list[dict], data: dict, v: Validator) -> None:
    seen: set[str] = set()
    raw = data.get("characters") if isinstance(data, dict) else None
    lines = getattr(raw, "lines", [])
    for i, c in enumerate(characters):
        name = (c.get("name") or "").strip().lower()
        if name and name in seen:
            v.problem(lines[i] if i < len(lines) else None, f"characters[{i}].name", f"{c['name']!r} is listed twice", "give each character its own name")
        seen.add(name)


def _build(settings: Settings, folder: Path, source: str, values: dict, pages: list[Page], extra_names: set[str], book_type: BookType, theme_line: int | None) -> Book:
    core = {k: v for k, v in values.items() if k not in extra_names}
    characters = tuple(Character(**{k: (v if k == "from_bible" else v or "") for k, v in c.items()}) for c in core.pop("characters"))
    # default_theme in bookbuild.toml is for books of the default type; other types bring their own.
    theme = core.pop("book_theme")
    theme_from = (source, theme_line, "book_theme") if theme else None
    if not theme and book_type.default and settings.default_theme:
        from bookbuild.settings import CONFIG_NAME  # settings imports the schema from this package

        theme, theme_from = settings.default_theme, (CONFIG_NAME, settings.line_of("default_theme"), "default_theme")
    theme = theme or book_type.default_theme
    for key in ("subtitle", "theme", "educational_focus", "moral", "setting", "description", "dedication", "seed"):
        core[key] = (core[key] or "").strip()
    return Book(
        slug=folder.name,
        root=folder,
        source=source,
        book_theme=theme,
        characters=characters,
        pages=tuple(pages),
        extra={k: values[k] for k in extra_names},
        theme_from=theme_from,
        repository=settings.root,
        **core,
    )
