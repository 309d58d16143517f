"""KDP's AI-generated-content question, answered the way its form asks it.

KDP asks, for every book: were AI tools used to create texts, images or translations?
and, if so, for each of the three, how much and how edited. The answers here are the
form's own wording (see docs/ebook.md for the source). What book.yaml's ``ai_content``
declares wins; what it leaves out is worked out from the build: a story drafted by a
paid AI provider is the entire text with minimal or no editing, and every picture that
provider drew counts (fitting a picture to the page is not editing it). The offline
provider's grammar and drawings are not AI. pages/ are taken as the author's words:
when an AI wrote them, declare it.
"""

from __future__ import annotations

from typing import Any

# (key in book.yaml, KDP's answer)
TEXT = (
    ("none", "None"),
    ("some-minimal", "Some sections, with minimal or no editing"),
    ("some-extensive", "Some sections, with extensive editing"),
    ("all-minimal", "Entire work, with minimal or no editing"),
    ("all-extensive", "Entire work, with extensive editing"),
)
IMAGES = (
    ("none", "None"),
    ("few-minimal", "One or a few AI-generated images, with minimal or no editing"),
    ("few-extensive", "One or a few AI-generated images, with extensive editing"),
    ("many-minimal", "Many AI-generated images, with minimal or no editing"),
    ("many-extensive", "Many AI-generated images, with extensive editing"),
)
FEW_IMAGES = 3  # up to this many AI pictures is "one or a few"
QUESTIONS = (("text", TEXT), ("images", IMAGES), ("translations", TEXT))


def answers(declared: dict[str, Any], generated_story: bool, ai_pictures: int, provider: str, some_text: bool = False) -> dict[str, Any]:
    """{"text", "images", "translations": KDP's answer, "generated": bool, "tools": [...]}.
    ``generated_story``: all the text is AI-written; ``some_text``: some pages are."""
    derived = {
        "text": "all-minimal" if generated_story else "some-minimal" if some_text else "none",
        "images": "none" if ai_pictures == 0 else "few-minimal" if ai_pictures <= FEW_IMAGES else "many-minimal",
        "translations": "none",
    }
    chosen = {q: declared.get(q) or derived[q] for q, _ in QUESTIONS}
    labels = {q: dict(choices)[chosen[q]] for q, choices in QUESTIONS}
    generated = any(v != "none" for v in chosen.values())
    tools = list(declared.get("tools") or ([provider] if (generated_story or some_text or ai_pictures) else []))
    return {**labels, "generated": generated, "tools": tools if generated else []}
