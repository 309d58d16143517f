"""Age-appropriateness: words per page, sentence length and reading grade for the
book's age group. Runs on every book, hand-written or generated, offline too."""

from __future__ import annotations

from typing import Any

from bookbuild import hookimpl, reading
from bookbuild.findings import Finding

VERSION = "1"


@hookimpl
def validate_book(book: Any, story: list[dict[str, Any]] | None, pages: Any) -> list[Finding]:
    if not story or book.age_group not in reading.WORDS_PER_PAGE:
        return []
    findings = [f for i, page in enumerate(story, 1) for f in _page(book.age_group, page.get("text", ""), pages.printed(i), i)]
    return findings + _grade(book.age_group, " ".join(p.get("text", "") for p in story))


def _page(age: str, text: str, printed: int | None, story: int) -> list[Finding]:
    low, high = reading.WORDS_PER_PAGE[age]
    m = reading.measure(text)
    where = "" if printed is not None else f"story page {story}: "  # a type without a page sequence
    found = []
    if m.words > high:
        found.append(Finding("reading-level", "warning", f"{where}{m.words} words; ages {age} read about {low}-{high} a page: split the page or shorten it", printed))
    if m.longest_sentence > reading.MAX_SENTENCE_WORDS[age]:
        found.append(Finding("reading-level", "warning", f"{where}a sentence of {m.longest_sentence} words; ages {age} follow up to {reading.MAX_SENTENCE_WORDS[age]}: break it in two", printed))
    return found


def _grade(age: str, text: str) -> list[Finding]:
    level = reading.grade(text)
    if level <= reading.MAX_GRADE[age]:
        return []
    return [Finding("reading-level", "warning", f"the text reads at grade {level:.1f} (Flesch-Kincaid); ages {age} need {reading.MAX_GRADE[age]:.1f} or below: use shorter words and sentences")]
