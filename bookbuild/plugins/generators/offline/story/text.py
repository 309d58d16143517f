"""Text helpers: words, sentences, articles, and filling templates.

Words are whitespace tokens with a letter or digit in them, the way a reader
(and the layout's word count) sees them. Templates are filled in up to two
steps: prefill() puts in a few named values (a plot's {first}, a filler's
{fact}), fill() then fills every slot from the page's context.
"""

from __future__ import annotations

import hashlib
import re
from typing import Mapping, Sequence


_SENTENCE_BREAK = re.compile(r'(?<=[.!?])\s+(?=["A-Z0-9])|(?<=[.!?]")\s+(?=["A-Z0-9])')
_SLOT = re.compile(r"\{(\w+)\}")


def words_in(text: str) -> list[str]:
    return [t for t in text.split() if any(c.isalnum() for c in t)]


def split_sentences(text: str) -> list[str]:
    """Sentences as a reader sees them; '"Look!" said Owl.' stays one sentence."""
    return [s for s in _SENTENCE_BREAK.split(text.strip()) if s]


def sentence_key(sentence: str) -> str:
    """Case- and punctuation-blind identity, so "Whee!" and "whee." count as one."""
    return " ".join(re.findall(r"[a-z0-9]+", sentence.lower()))


def capitalise_sentences(text: str) -> str:
    """Upper-case the first letter of each sentence (templates may start with a slot)."""
    out = []
    for sentence in split_sentences(text):
        for i, ch in enumerate(sentence):
            if ch.isalpha():
                sentence = sentence[:i] + ch.upper() + sentence[i + 1:]
                break
            if ch not in "\"'(":
                break
        out.append(sentence)
    return " ".join(out)


def fill(template: str, ctx: Mapping[str, str]) -> str | None:
    """The template with its slots filled; None when a slot has no value here."""
    missing = False

    def sub(match: re.Match[str]) -> str:
        nonlocal missing
        name = match.group(1)
        value = ctx.get(name, "")
        if not value:
            missing = True
        # "{if_young}" style slots only switch a template on or off; they print nothing.
        return "" if name.startswith("if_") else value

    text = _SLOT.sub(sub, template)
    return None if missing else capitalise_sentences(text)


def prefill(template: str, values: Mapping[str, str]) -> str:
    """Fill only the named slots, leaving the rest for fill: the first of a template's two steps.

    Values go in as they are and are never read for slots again, just as an
    f-string would put them in.
    """
    return _SLOT.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def join_names(names: Sequence[str]) -> str:
    """'Pip', 'Pip and Owl', 'Pip, Owl and Bun'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def strip_article(phrase: str) -> str:
    return re.sub(r"^(a|an|the|some)\s+", "", phrase.strip(), flags=re.I)


def with_article(phrase: str) -> str:
    """'orange fox' -> 'an orange fox'; phrases that already have one are kept."""
    phrase = phrase.strip()
    if not phrase or re.match(r"^(a|an|the|some|two|three)\s", phrase, re.I):
        return phrase
    return ("an " if phrase[0].lower() in "aeiou" else "a ") + phrase


def the(phrase: str) -> str:
    return "the " + strip_article(phrase) if phrase else ""


def possessive(name: str) -> str:
    return name + "'s"


def seed_int(*parts: str) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def paragraphs(sentences: Sequence[str], age: str) -> str:
    """Board and picture books read as one block; older readers get short paragraphs.

    A break never comes right before a quote: in prose that would mean a new speaker.
    """
    if age in ("0-2", "3-5") or len(sentences) <= 3:
        return " ".join(sentences)
    size = 3 if age == "6-8" else 4
    blocks: list[list[str]] = [[]]
    for sentence in sentences:
        if len(blocks[-1]) >= size and not sentence.startswith('"'):
            blocks.append([])
        blocks[-1].append(sentence)
    if len(blocks) > 1 and len(words_in(" ".join(blocks[-1]))) < 8:
        last = blocks.pop()  # a one-line tail joins the paragraph before it
        blocks[-1].extend(last)
    return "\n\n".join(" ".join(block) for block in blocks)


def moral_sentences(moral: str, max_words: int) -> list[str]:
    """The moral in the brief's own words, split at a natural pause only if a sentence is too long."""
    moral = moral.strip()
    if moral and moral[-1] not in ".!?":
        moral += "."
    out: list[str] = []
    for sentence in split_sentences(moral):
        out.extend(_split_long(sentence, max_words))
    return out


def _split_long(sentence: str, max_words: int) -> list[str]:
    words = sentence.split()
    if len(words) <= max_words:
        return [sentence]
    breaks = [i for i, w in enumerate(words[:-1], start=1)
              if w.endswith((",", ";", ":")) or words[i].lower() in
              ("even", "when", "because", "and", "but", "so", "if", "though", "although", "until")]
    # "even when": break before the whole phrase, not inside it.
    breaks = [b for b in breaks if 2 <= b <= len(words) - 2 and words[b - 1].lower() != "even"]
    if not breaks:
        return [sentence]  # no natural pause: the brief's words win over the length guide
    middle = min(breaks, key=lambda b: abs(b - len(words) / 2))
    head = " ".join(words[:middle]).rstrip(",;:") + "."
    tail = " ".join(words[middle:])
    tail = tail[0].upper() + tail[1:]
    return _split_long(head, max_words) + _split_long(tail, max_words)
