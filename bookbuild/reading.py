"""Reading level per age group: the one table the story writers and the
age-appropriateness check share, and the measures behind it."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words per page, (min, max). Board books (0-2) carry one or two short lines per
# spread; read-aloud picture books (3-5) run 500-1000 words over ~28 pages, i.e.
# 15-45 a page; early readers (6-8) hold a paragraph or two (40-90); 9-12 readers
# manage illustrated-chapter density (80-150) before a page stops being a picture.
WORDS_PER_PAGE: dict[str, tuple[int, int]] = {"0-2": (5, 15), "3-5": (15, 45), "6-8": (40, 90), "9-12": (80, 150)}
# Longest sentence: what a child of that age can follow in one breath read aloud.
MAX_SENTENCE_WORDS: dict[str, int] = {"0-2": 8, "3-5": 14, "6-8": 20, "9-12": 28}
# Highest Flesch-Kincaid grade of the whole text: read-aloud picture books sit
# around grade 1-3, early readers 2-4, middle grade up to about 6-7.
MAX_GRADE: dict[str, float] = {"0-2": 2.0, "3-5": 4.0, "6-8": 5.5, "9-12": 8.0}

_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def words(text: str) -> list[str]:
    return _WORD.findall(_plain(text))


def sentences(text: str) -> list[list[str]]:
    return [w for w in (words(s) for s in _SENTENCE.findall(_plain(text))) if w]


def syllables(word: str) -> int:
    """A vowel-group count: good enough for a grade estimate, not for a dictionary."""
    word = word.lower().strip("'")
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups) - (1 if word.endswith("e") and len(groups) > 1 and not word.endswith("le") else 0)
    return max(1, count)


def grade(text: str) -> float:
    """Flesch-Kincaid grade level of a text."""
    sents = sentences(text)
    all_words = [w for s in sents for w in s]
    if not all_words:
        return 0.0
    return 0.39 * len(all_words) / len(sents) + 11.8 * sum(map(syllables, all_words)) / len(all_words) - 15.59


@dataclass(frozen=True)
class PageMeasure:
    words: int
    longest_sentence: int


def measure(text: str) -> PageMeasure:
    sents = sentences(text)
    return PageMeasure(sum(len(s) for s in sents), max((len(s) for s in sents), default=0))


def _plain(text: str) -> str:
    from bookbuild.render.markdown import without_images

    return re.sub(r"[*_`#>\[\]()]", " ", without_images(text))  # Markdown marks and pictures are not words
