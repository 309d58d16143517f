"""Findings about a built book say what to change in it: the page and its file, and a
fix that fits (fewer words for text too long for its page, a page_count for a book
with too few pages); a placeholder title or author is a warning."""

from __future__ import annotations

import json

import pytest

from helpers import SMALL_BOOK


def _findings(cli, *args) -> list[dict]:
    result = cli("validate", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]


def _keep_pages(root, count: int) -> None:
    for page in sorted((root / "books/small/pages").glob("*.md"))[count:]:
        page.unlink()


@pytest.mark.parametrize(
    "page_count, stories, fix",
    [
        (32, 9, "the book fills 12 of its 32 pages and KDP prints at least 24: add at least 2 pages of content and set page_count: 24 in book.yaml"),
        (40, 15, "the book fills 18 of its 40 pages: set page_count: 24 in book.yaml, or add pages"),
        (48, 21, "the book fills 24 of its 48 pages: set page_count: 24 in book.yaml, or add pages"),
        (60, 21, "the book fills 24 of its 60 pages: set page_count: 24 in book.yaml, or add pages"),
    ],
)
def test_too_few_pages_for_page_count_says_which_page_count_fits(built_copy, cli, page_count, stories, fix):
    book = built_copy / "books/small/book.yaml"
    book.write_text(SMALL_BOOK.replace("page_count: 24", f"page_count: {page_count}"))
    _keep_pages(built_copy, stories)
    (blank,) = [f for f in _findings(cli) if f["rule"] == "blank-pages"]
    assert blank["message"].endswith(fix), blank["message"]
    assert blank["page"] == stories + 4 and blank["file"] == "interior"  # after title, copyright, the story, The End
    # the same PDF checked on its own: no book.yaml to speak of
    alone = json.loads(cli("preflight", "build/small/interior.pdf", "--trim", "5x8", "--bleed", "--format", "json").stdout)["findings"]
    (generic,) = [f for f in alone if f["rule"] == "blank-pages"]
    assert generic["message"].endswith("or put content on them") and "page_count" not in generic["message"]


def test_a_page_with_too_many_words_is_found_on_its_own_page_with_the_right_fix(built_copy, cli):
    words = ("The little bunny hopped along the river bank and looked at every stone and every flower. " * 20).split()[:274]
    (built_copy / "books/small/pages/04.md").write_text("---\nillustration: Owl in the meadow, picture 4\n---\n" + " ".join(words) + "\n")
    findings = _findings(cli)
    margins = [f for f in findings if f["rule"] == "text-outside-margin"]
    assert [(f["page"], f["file"]) for f in margins] == [(6, "pages/04.md")]  # not page 7, pages/05.md
    assert "cut words, split the text over two pages, or use a smaller type" in margins[0]["message"]
    assert "move the text inward" not in margins[0]["message"]
    words_found = [f for f in findings if f["rule"] == "reading-level" and "274 words" in f["message"]]
    assert [(f["page"], f["file"]) for f in words_found] == [(6, "pages/04.md")]
    text = cli("build").output
    assert "page 6 (pages/04.md): error [text-outside-margin]" in text and "page 7 (" not in text


def test_text_that_can_move_is_still_told_to_move(built_copy, cli):
    """A short text just over the margin: the old advice is the right one there."""
    from bookbuild.plugins.themes.builtin import builtin_themes_dir
    import shutil

    shutil.copytree(builtin_themes_dir() / "picture-book", built_copy / "themes/picture-book")
    template = built_copy / "themes/picture-book/templates/interior.html.j2"
    template.write_text(template.read_text().replace(".text.bottom { top: auto; bottom: {{ live_outside }}in; }", ".text.bottom { top: auto; bottom: {{ page.bleed + 0.1 }}in; }"))
    margins = [f for f in _findings(cli) if f["rule"] == "text-outside-margin"]
    assert margins and all(f["message"].endswith("move the text inward") for f in margins)
    assert {f["file"] for f in margins} == {f"pages/{n:02d}.md" for n in range(1, 22)}


@pytest.mark.parametrize(
    "title, author, flagged",
    [
        ("Small Fox", "Test Author", []),
        ("Small Fox", "Your Name", ["author"]),
        ("X", "Rosa Linden", ["title"]),
        ("Untitled", "author", ["title", "author"]),
        ("  my book ", "JANE DOE", ["title", "author"]),
        ("Pip", "Anonymous", []),
        ("", "", []),  # missing keys are the loader's to report
    ],
)
def test_placeholder_rule(title, author, flagged):
    from bookbuild.kdp.preflight import check_metadata

    found = [f for f in check_metadata({"title": title, "author": author}) if f.rule == "metadata-placeholder"]
    assert [next(k for k in ("title", "author") if f"the {k} " in f.message) for f in found] == flagged
    assert {f.severity for f in found} <= {"warning"}


def test_placeholders_warn_in_validate_and_name_book_yaml(built_copy, cli):
    book = built_copy / "books/small/book.yaml"
    book.write_text(SMALL_BOOK.replace("author: Test Author", "author: Your Name"))
    (found,) = [f for f in _findings(cli) if f["rule"] == "metadata-placeholder"]
    assert (found["severity"], found["file"]) == ("warning", "book.yaml") and "'Your Name'" in found["message"]
    assert "book.yaml: warning [metadata-placeholder] the author 'Your Name' looks like a placeholder" in cli("validate").output
