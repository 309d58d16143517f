"""`bookbuild new`: a book folder that builds at once (a picture book or a coloring book)."""

from __future__ import annotations

import re
from pathlib import Path

from bookbuild.errors import UsageError
from bookbuild.settings import CONFIG_NAME

BOOKBUILD_TOML = """\
# bookbuild settings for this repository. Every key is optional.
# provider: auto (openai when OPENAI_API_KEY is set, else offline), offline or openai
provider = "auto"
default_theme = "picture-book"
books_dir = "books"
build_dir = "build"
cache_dir = ".bookbuild/cache"
"""

PICTURE_BOOK = """\
# {title}: a picture book. `bookbuild build` makes build/{slug}/interior.pdf and cover.pdf.
#
# With pages/ empty, the story is written from this brief (offline, or by OpenAI
# when OPENAI_API_KEY is set). To write it yourself, add pages/01.md, 02.md, ...
# Each page is Markdown text with an optional front matter block:
#   ---
#   illustration: Pip peeks out of the den at the first snowflakes
#   ---
#   Pip pressed her nose to the cold air.
title: {title}
author: Your Name
version: 1.0.0
type: picture
age_group: 3-5            # 0-2, 3-5, 6-8 or 9-12
theme: friendship
moral: A good friend helps you find your way.
setting: a sunny meadow by a river
characters:
  - name: Milo
    role: hero
    description: a cheerful bunny who loves to explore
    visual: a small brown bunny with long ears and a yellow scarf
  - name: Tess
    role: friend
    description: a patient turtle who knows every path
    visual: a green turtle with a blue shell and round glasses
page_count: 32            # even; premium colour prints 24 to 590 pages at 8.5x8.5
trim: 8.5x8.5             # KDP trim size in inches
bleed: true
paper: white
ink: premium-color
book_theme: picture-book
description: >
  Milo the bunny sets out to explore the meadow and learns what friends are for.
keywords: [picture book, friendship, bunny, bedtime story]
"""


COLORING_BOOK = """\
# {title}: a coloring book. `bookbuild build` makes build/{slug}/interior.pdf and cover.pdf.
#
# Offline (no key needed) the pages are drawn by bookbuild: animals, scenes,
# mandalas and patterns, varied by `seed`. To colour your own pictures, put
# photos or drawings in assets/ and set `source: assets`; with OPENAI_API_KEY
# set, `source: ai` asks OpenAI for line art. Every picture goes through the
# same clean-up: pure black lines, thick enough for KDP, shapes big enough to
# colour for the age group. Options: docs/coloring.md.
title: {title}
author: Your Name
version: 1.0.0
type: coloring
age_group: 3-5            # 0-2, 3-5, 6-8 or 9-12: line weight and shape size follow it
theme: ocean animals      # what the book is about (offline: sea or land animals)
page_count: 24            # even; each picture takes a right-hand page and its blank back
trim: 8.5x11              # KDP trim size in inches
bleed: false              # line art stays inside the margins: no bleed needed
paper: white
ink: bw                   # black ink: the interior is pure black on white
book_theme: coloring-book
seed: {slug}              # change it for different pictures
description: >
  Big, friendly pictures to colour, one per page with a blank back.
keywords: [coloring book, kids, animals]
coloring:
  source: offline         # offline, assets (your images in assets/) or ai
  styles: [animals, scenes, mandala, pattern]
  single_sided: true      # each picture on a right-hand page with a blank back
  belongs_to_page: true   # a "this book belongs to" page
  test_colour_page: false # a page to try pens on
  page_numbers: small     # small or off
"""


def create_book(base: Path, path: Path, book_type: str, title: str | None) -> list[str]:
    folder = path if path.is_absolute() else base / path
    if (folder / "book.yaml").exists():
        raise UsageError(f"{path}/book.yaml already exists; choose another folder")
    slug = folder.name
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        raise UsageError(f"book folder names are lowercase letters, digits and dashes (like my-book), got {slug!r}")
    root = _repository_root(base, folder)
    lines = []
    if not (root / CONFIG_NAME).exists():
        (root / CONFIG_NAME).write_text(BOOKBUILD_TOML, encoding="utf-8")
        lines.append(f"created {CONFIG_NAME}")
    folder.mkdir(parents=True, exist_ok=True)
    if book_type == "picture":
        (folder / "pages").mkdir(exist_ok=True)
    (folder / "assets").mkdir(exist_ok=True)
    title = title or slug.replace("-", " ").title()
    template = COLORING_BOOK if book_type == "coloring" else PICTURE_BOOK
    (folder / "book.yaml").write_text(template.format(title=title, slug=slug), encoding="utf-8")
    lines.append(f"created {path}/book.yaml")
    if book_type == "coloring":
        lines.append(f"created {path}/assets/ (your images: page-03.png becomes picture 3 as line art; cover.jpg wins over the coloured-in cover)")
    else:
        lines += [f"created {path}/pages/ (empty: the story is written from the brief)", f"created {path}/assets/ (your images: page-07.png, cover.jpg win over generated ones)"]
    lines.append(f"next: bookbuild build {slug}")
    return lines


def _repository_root(base: Path, folder: Path) -> Path:
    """The folder holding bookbuild.toml, or the one above books/ for a new repository."""
    for parent in folder.resolve().parents:
        if (parent / CONFIG_NAME).is_file():
            return parent
    return folder.resolve().parent.parent if folder.resolve().parent.name == "books" else base.resolve()
