"""Offline safety check: generated text and prompts must not contain words unfit
for a children's book. Runs with every provider, before text reaches a page;
the openai provider adds the moderation endpoint on top."""

from __future__ import annotations

import re

from bookbuild import hookimpl
from bookbuild.findings import Finding

VERSION = "1"

# Whole words only (so "class" never matches "ass"). Kept short and specific:
# it is a net for what a model should never have written, not a style guide.
BLOCKED = frozenset(
    """
    kill killed killing murder murdered blood bloody gore gun guns rifle pistol knife stab stabbed
    shoot shot dead corpse suicide torture weapon bomb war drugs drug cocaine heroin beer wine vodka
    drunk cigarette cigarettes smoking sexy sex naked nude porn damn hell shit fuck fucking bitch
    bastard ass asshole crap idiot stupid hate racist
    """.split()
)
_WORD = re.compile(r"[a-z']+")


def blocked_words(text: str) -> list[str]:
    return sorted({w for w in _WORD.findall(text.lower()) if w in BLOCKED})


@hookimpl
def check_generated(kind: str, text: str) -> list[Finding]:
    found = blocked_words(text)
    if not found:
        return []
    return [Finding("content-safety", "error", f"generated {kind} contains words unfit for children ({', '.join(found)}); it was not printed")]
