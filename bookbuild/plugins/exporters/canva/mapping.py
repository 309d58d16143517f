"""Which book field goes into which field of a Canva brand template.

A mapping is ``{template field: book field}``, written in ``[canva.fields]`` of
bookbuild.toml or ``canva: fields:`` in a book.yaml. Book fields:

- text: title, subtitle, author, description, dedication, copyright, version, age_group
- image: cover (the cover art)
- a page: page.N.text, page.N.image (N = story page, 1-based)
- every page: a template field with ``{n}`` in its name takes page.text or page.image,
  e.g. ``"page_{n}_text" = "page.text"`` fills page_1_text, page_2_text, ...

``check_fields`` checks a mapping on its own (when the spec is loaded);
``resolve`` checks it against the template's dataset (field names and types) and
expands ``{n}``; ``autofill_data`` builds the request body from the story and the
uploaded assets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bookbuild.spec.schema import did_you_mean

TEXT_SOURCES = ("title", "subtitle", "author", "description", "dedication", "copyright", "version", "age_group")
IMAGE_SOURCES = ("cover",)
EVERY_PAGE = {"page.text": "text", "page.image": "image"}
ONE_PAGE = re.compile(r"page\.([1-9][0-9]*)\.(text|image)$")
PLACEHOLDER = "{n}"
# Used when no mapping is given: the field names of Canva's own autofill examples.
DEFAULT_FIELDS = {"title": "title", "author": "author", "cover_image": "cover", "page_{n}_text": "page.text", "page_{n}_image": "page.image"}
ALL_SOURCES = (*TEXT_SOURCES, *IMAGE_SOURCES, *EVERY_PAGE, "page.N.text", "page.N.image")


def check_fields(value: Any) -> dict[str, str]:
    """A mapping's own rules (no template needed); raises ValueError naming every mistake."""
    if not isinstance(value, dict):
        raise ValueError("fields must be a mapping of template field: book field")
    problems = [p for name, source in value.items() if (p := _field_problem(str(name), source))]
    if problems:
        raise ValueError("; ".join(problems))
    return {str(k): v for k, v in value.items()}


def _field_problem(name: str, source: Any) -> str | None:
    if not isinstance(source, str):
        return f"{name}: expected a book field name, got {source!r}"
    if PLACEHOLDER in name:
        return None if source in EVERY_PAGE else f"{name}: a field name with {{n}} takes page.text or page.image, not {source!r}"
    if source in EVERY_PAGE:
        return f"{name}: {source} fills every page, so the field name needs {{n}} (e.g. page_{{n}}_text), or name one page: page.1.{EVERY_PAGE[source]}"
    if source in TEXT_SOURCES or source in IMAGE_SOURCES or ONE_PAGE.match(source):
        return None
    hint = did_you_mean(source, (*TEXT_SOURCES, *IMAGE_SOURCES, *EVERY_PAGE))
    return f"{name}: {source!r} is not a book field ({hint + ' ' if hint else ''}book fields: {', '.join(ALL_SOURCES)})"


def source_type(source: str) -> str:
    return "image" if source in IMAGE_SOURCES or source.endswith(".image") else "text"


def page_of(source: str) -> int | None:
    match = ONE_PAGE.match(source)
    return int(match.group(1)) if match else None


@dataclass
class Resolved:
    """Concrete template field -> book field ("page.3.image"), with what the user should know."""

    fields: dict[str, str]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def image_pages(self) -> list[int]:
        return sorted({p for s in self.fields.values() if source_type(s) == "image" and (p := page_of(s))})

    @property
    def uses_cover(self) -> bool:
        return "cover" in self.fields.values()


def resolve(mapping: dict[str, str], explicit: bool, dataset: dict[str, dict[str, Any]], pages: int) -> Resolved:
    """Check ``mapping`` against the template's fields and expand {n} for ``pages`` story pages.

    With the default mapping (``explicit`` False) fields the template lacks are skipped;
    with the user's own every field must exist and take the right type.
    """
    out = Resolved({})
    for name, source in mapping.items():
        if PLACEHOLDER in name:
            _expand(out, name, source, explicit, dataset, pages)
        elif name not in dataset:
            if explicit:
                out.problems.append(f"{name}: the template has no field of that name" + _suggest(name, dataset))
        elif (page := page_of(source)) and page > pages:
            out.problems.append(f"{name}: {source} does not exist, the story has {pages} pages")
        else:
            _place(out, name, source, dataset)
    if not out.fields and not out.problems:
        out.problems.append("none of the mapped fields is in the template: set [canva.fields] in bookbuild.toml (docs/canva.md)")
    return out


def _expand(out: Resolved, pattern: str, source: str, explicit: bool, dataset: dict[str, Any], pages: int) -> None:
    regex = re.compile(re.escape(pattern).replace(re.escape(PLACEHOLDER), r"([1-9][0-9]*)") + "$")
    numbers = sorted(int(m.group(1)) for name in dataset if (m := regex.match(name)))
    if not numbers:
        if explicit:
            out.problems.append(f"{pattern}: the template has no field like that (e.g. {pattern.replace(PLACEHOLDER, '1')})" + _suggest(pattern.replace(PLACEHOLDER, "1"), dataset))
        return
    for number in (n for n in numbers if n <= pages):
        _place(out, pattern.replace(PLACEHOLDER, str(number)), f"page.{number}.{EVERY_PAGE[source]}", dataset)
    if numbers[-1] < pages:
        out.notes.append(f"the template has {pattern} fields up to page {numbers[-1]}, the story has {pages} pages: pages {numbers[-1] + 1}-{pages} are not placed (add pages to the template)")
    if numbers[-1] > pages:
        out.notes.append(f"the template has {pattern} fields up to page {numbers[-1]}, the story has {pages} pages: the rest keep the template's own content")


def _place(out: Resolved, name: str, source: str, dataset: dict[str, Any]) -> None:
    wanted, actual = source_type(source), dataset[name].get("type")
    if actual != wanted:
        out.problems.append(f"{name}: the template field takes {actual or 'an unknown type'}, but {source} is {'an image' if wanted == 'image' else 'text'}")
    else:
        out.fields[name] = source


def _suggest(name: str, dataset: dict[str, Any]) -> str:
    hint = did_you_mean(name, dataset)
    return f" ({hint})" if hint else ""


def describe_dataset(dataset: dict[str, dict[str, Any]]) -> str:
    """'author (text), page_{n}_image (image, n = 1-21), ...': numbered fields folded into one."""
    groups: dict[tuple[str, str], list[int]] = {}
    for name, spec in dataset.items():
        match = re.search(r"[1-9][0-9]*", name)
        pattern = name[: match.start()] + PLACEHOLDER + name[match.end() :] if match else name
        groups.setdefault((pattern, str(spec.get("type", "?"))), []).append(int(match.group()) if match else 0)
    parts = []
    for (pattern, kind), numbers in sorted(groups.items()):
        if len(numbers) == 1:  # a lone numbered field keeps its own name
            parts.append(f"{pattern.replace(PLACEHOLDER, str(numbers[0]))} ({kind})")
        else:
            parts.append(f"{pattern} ({kind}, n = {_ranges(sorted(numbers))})")
    return ", ".join(parts) or "none"


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> '1-3, 5'."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in runs)


# -- the autofill request ----------------------------------------------------------------------


def autofill_data(fields: dict[str, str], texts: dict[str, str], pages: list[dict[str, Any]], assets: dict[str, str]) -> dict[str, Any]:
    """The ``data`` of POST /v1/autofills. ``texts``: the book's text fields; ``assets``:
    "cover" / "page.N" -> Canva asset id. Empty texts are left out (the template keeps its own)."""
    data: dict[str, Any] = {}
    for name, source in fields.items():
        page = page_of(source)
        if source_type(source) == "image":
            data[name] = {"type": "image", "asset_id": assets["cover" if page is None else f"page.{page}"]}
        elif text := (plain_text(pages[page - 1].get("text", "")) if page else texts.get(source, "")):
            data[name] = {"type": "text", "text": text}
    return data


def book_texts(book: Any) -> dict[str, str]:
    copyright_line = f"© {book.copyright_year} {book.author}" if book.copyright_year else f"© {book.author}"
    values = {name: getattr(book, name, "") for name in TEXT_SOURCES if name != "copyright"}
    return {**{k: str(v or "") for k, v in values.items()}, "copyright": copyright_line}


def plain_text(markdown: str) -> str:
    """Page Markdown as the text a Canva text box shows: no markup, paragraphs kept."""
    paragraphs = []
    for token in _markdown().parse(markdown or ""):
        if token.type == "inline":
            paragraphs.append("".join(_inline_text(child) for child in token.children or ()))
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    # As the interior renders it (bookbuild.render.markdown): same quotes and dashes in both editions.
    return MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(["replacements", "smartquotes"])


def _inline_text(token: Any) -> str:
    if token.type in ("text", "code_inline"):
        return token.content
    if token.type == "softbreak":
        return " "
    if token.type == "hardbreak":
        return "\n"
    return ""
