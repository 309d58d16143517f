"""Age-appropriateness: words per page, sentence length and reading grade for the
book's age group. Runs on every book, hand-written or generated, offline too."""

from __future__ import annotations

from typing import Any

from bookbuild import hookimpl, reading
from bookbuild.findings import Finding

VERSION = "1"


@hookimpl
def validate_book(book: Any, story: list[dict[str, Any]] | None, project: Any) -> list[Finding]:
    if not story or book.age_group not in reading.WORDS_PER_PAGE:
        return []
    front = project.theme_for(book).front_pages
    findings = [f for i, page in enumerate(story, 1) for f in _page(book.age_group, page.get("text", ""), front + i)]
    return findings + _grade(book.age_group, " ".join(p.get("text", "") for p in story))


def _page(age: str, text: str, number: int) -> list[Finding]:
    low, high = reading.WORDS_PER_PAGE[age]
    m = reading.measure(text)
    found = []
    if m.words > high:
        found.append(Finding("reading-level", "warning", f"{m.words} words; ages {age} read about {low}-{high} a page: split the page or shorten it", number))
    if m.longest_sentence > reading.MAX_SENTENCE_WORDS[age]:
        found.append(Finding("reading-level", "warning", f"a sentence of {m.longest_sentence} words; ages {age} follow up to {reading.MAX_SENTENCE_WORDS[age]}: break it in two", number))
    return found


def _grade(age: str, text: str) -> list[Finding]:
    level = reading.grade(text)
    if level <= reading.MAX_GRADE[age]:
        return []
    return [Finding("reading-level", "warning", f"the text reads at grade {level:.1f} (Flesch-Kincaid); ages {age} need {reading.MAX_GRADE[age]:.1f} or below: use shorter words and sentences")]
