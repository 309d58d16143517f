"""pages/NN.md: Markdown with optional YAML front matter."""

from __future__ import annotations

import re
from pathlib import Path

from bookbuild import inputs
from . import yamlsrc
from .fields import PAGE_FIELDS
from .model import Page
from .page_images import resolve_images
from .schema import Validator

_NUMBERED = re.compile(r"^(\d+)[^/]*\.md$")
MAX_PAGE_BYTES = 100 * 1024  # a picture-book page holds a few hundred words; 100 KB is a novel chapter
PAGE_SUFFIX = ".md"


def _ignored(name: str) -> bool:
    """Hidden files and editor backups (.DS_Store, .03.md.swp, 03.md~) are no one's pages."""
    return name.startswith(".") or name.endswith("~")


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter YAML, body, line where the YAML starts minus one)."""
    if not text.startswith("---"):
        return "", text, 0
    lines = text.splitlines(keepends=True)
    if lines[0].strip() != "---":
        return "", text, 0
    for i, line in enumerate(lines[1:], 1):
        if line.strip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), 1
    raise yamlsrc.YamlProblem("front matter starts with --- on line 1 but has no closing --- line", 1)


def _text_line(text: str, body: str) -> int:
    """The line of the file where the (stripped) body text starts."""
    before = text[: len(text) - len(body)] + body[: len(body) - len(body.lstrip())]
    return before.count("\n") + 1


def load_pages(folder: Path, rel: str, validator_for, root: Path) -> list[Page]:
    """Every pages/*.md in number order; problems go to the validators. ``root``: the
    repository, which no page (and no image in a page's text) may lead out of."""
    numbered: dict[int, Path] = {}
    for path in sorted(folder.iterdir()):
        if _ignored(path.name):
            continue
        v = validator_for(f"{rel}/{path.name}")
        if path.suffix != PAGE_SUFFIX or path.is_dir():
            kind = "a folder" if path.is_dir() else "not a Markdown page"
            v.problem(None, None, f"is {kind}: pages/ holds only page files named like 07.md", f"rename it {path.stem}.md if it is a page, else move it out of pages/")
            continue
        m = _NUMBERED.match(path.name)
        if not m:
            v.problem(None, None, "page files are named by their number", "rename it like 07.md or 07-forest.md")
            continue
        number = int(m.group(1))
        if number in numbered:
            v.problem(None, None, f"page number {number} is also used by {numbered[number].name}", "give each page its own number")
            continue
        numbered[number] = path
    pages = []
    for number in sorted(numbered):
        path = numbered[number]
        page = _load_page(path, number, f"{rel}/{path.name}", validator_for(f"{rel}/{path.name}"), root)
        if page:
            pages.append(page)
    return pages


def _load_page(path: Path, number: int, rel: str, v: Validator, root: Path) -> Page | None:
    try:
        text = inputs.read_text(path, root, MAX_PAGE_BYTES, "a page file")
        front, body, offset = split_front_matter(text)
        data = yamlsrc.load(front, line_offset=offset) if front.strip() else {}
    except inputs.InputProblem as exc:
        v.problem(exc.line, None, str(exc), exc.hint)
        return None
    except OSError as exc:
        v.problem(None, None, f"cannot be read: {exc.strerror or exc}")
        return None
    except yamlsrc.YamlProblem as exc:
        v.problem(exc.line, None, str(exc), exc.hint or "front matter is YAML between two --- lines")
        return None
    values = v.mapping(data, PAGE_FIELDS)
    names = values["characters"]
    first_line = text.count("\n", 0, len(text) - len(body)) + 1
    return Page(
        number=number,
        source=rel,
        text=body.strip(),
        text_line=_text_line(text, body),
        illustration=(values["illustration"] or "").strip(),
        characters=tuple(str(n) for n in names) if names is not None else None,
        text_position=values["text_position"],
        variant=values["variant"],
        text_variant=values["text_variant"],
        draft=(values["draft"] or "").strip(),
        generated=(values["generated"] or "").strip(),
        fit=values["fit"],
        images=resolve_images(body, first_line, path, root, v),
    )
