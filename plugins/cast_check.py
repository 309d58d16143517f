"""An example of this repository's own plugin (loaded from plugins/ without installing).

It warns when a character listed in book.yaml never appears on a hand-written
page: usually a renamed character or a forgotten one. Copy it to start your own.
"""

from __future__ import annotations

import re

from bookbuild import hookimpl
from bookbuild.findings import Finding

VERSION = "1"


@hookimpl
def validate_book(book):
    if not book.pages:
        return []  # a generated story uses every character by construction
    text = " ".join(f"{p.text} {p.illustration}" for p in book.pages)
    return [
        Finding("cast-unused", "warning", f"character {c.name!r} is listed in book.yaml but appears on no page; remove it or write it in", file="book.yaml")
        for c in book.characters
        if not re.search(rf"\b{re.escape(c.name)}\b", text, re.IGNORECASE)
    ]
