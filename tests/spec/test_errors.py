"""Every spec mistake gets one line: file, line, key, what is wrong, what to do."""

from __future__ import annotations

import pytest

from bookbuild.errors import SpecError
from bookbuild.project import Project

from helpers import SMALL_BOOK, small_pages, write_files


def problems(root) -> list[str]:
    with pytest.raises(SpecError) as info:
        Project.open(root).load_books()
    return [str(p) for p in info.value.problems]


def book_with(tmp_path, yaml_text: str, pages: dict[str, str] | None = None):
    files = {"books/small/book.yaml": yaml_text, **(pages if pages is not None else small_pages())}
    return write_files(tmp_path, files)


@pytest.mark.parametrize(
    "change, expected",
    [
        (("title: Small Fox", "tittle: Small Fox"), "books/small/book.yaml:1: tittle: unknown key (did you mean 'title'?)"),
        (("trim: 5x8", "trim: 8.6x8.6"), "books/small/book.yaml:10: trim: 8.6x8.6 is not a trim KDP prints (nearest: 8.5x8.5); KDP offers 5x8, 5.06x7.81, 5.25x8, 5.5x8.5, 6x9, 6.14x9.21, 6.69x9.61, 7x10, 7.44x9.69, 7.5x9.25, 8x10, 8.25x6, 8.25x8.25, 8.5x8.5, 8.5x11, 8.27x11.69, or a custom paperback trim 4-8.5 x 6-11.69 in"),
        (("ink: premium-color", "ink: premium-colour"), "books/small/book.yaml:13: ink: 'premium-colour' is not allowed (did you mean 'premium-color'? allowed: bw, standard-color, premium-color)"),
        (("page_count: 24", "page_count: 25"), "books/small/book.yaml:9: page_count: page count must be even (KDP rounds it up), got 25; use 26"),
        (("page_count: 24", "page_count: 20"), "books/small/book.yaml:9: page_count: 5x8 premium-color on white paper takes 24 to 828 pages, got 20"),
        (("ink: premium-color", "ink: standard-color"), "books/small/book.yaml:9: page_count: 5x8 standard-color on white paper takes 72 to 600 pages, got 24 (standard colour starts at 72 pages; use premium-color for a picture book)"),
        (("paper: white", "paper: cream"), "books/small/book.yaml:13: ink: premium-color ink prints only on white paper; set paper: white"),
        (("page_count: 24", "page_count: many"), "books/small/book.yaml:9: page_count: expected a whole number, got text 'many' (interior pages, even, within KDP's limits)"),
        (("bleed: true", "bleed: maybe"), "books/small/book.yaml:11: bleed: expected true or false, got text 'maybe'"),
        (("age_group: 3-5", "age_group: 3-6"), "books/small/book.yaml:3: age_group: '3-6' is not allowed (did you mean '3-5'? allowed: 0-2, 3-5, 6-8, 9-12)"),
        (("  - name: Owl", "  - nmae: Owl"), "books/small/book.yaml:7: characters[1].nmae: unknown key (did you mean 'name'?)"),
        (("title: Small Fox\n", ""), "books/small/book.yaml: title: is required: the book's title"),
        (("copyright_year: 2026", "copyright_year: 26"), "books/small/book.yaml:14: copyright_year: expected a four-digit year, got 26"),
    ],
)
def test_book_yaml_problem_is_named_precisely(tmp_path, change, expected):
    old, new = change
    assert old in SMALL_BOOK
    root = book_with(tmp_path, SMALL_BOOK.replace(old, new, 1))
    assert expected in problems(root)


def test_all_problems_are_reported_together(tmp_path):
    root = book_with(tmp_path, SMALL_BOOK.replace("title:", "tittle:").replace("bleed: true", "bleed: 3"))
    assert len(problems(root)) == 3  # unknown key, missing title, bad bleed


def test_yaml_syntax_error_names_the_line(tmp_path):
    root = book_with(tmp_path, SMALL_BOOK.replace("age_group: 3-5", "age_group: [3-5"))
    (message,) = problems(root)
    assert message.startswith("books/small/book.yaml:")
    assert "invalid YAML" in message


def test_duplicate_key_is_an_error(tmp_path):
    root = book_with(tmp_path, SMALL_BOOK + "title: Again\n")
    assert any("duplicate key 'title'" in p for p in problems(root))


def test_version_must_be_semver(tmp_path):
    root = book_with(tmp_path, SMALL_BOOK + "version: 1.0\n")
    assert any("version: expected text, got a number 1.0" in p for p in problems(root))


def test_page_front_matter_unknown_key_names_page_file_and_line(tmp_path):
    pages = small_pages()
    pages["books/small/pages/03.md"] = "---\nillustraton: Pip\n---\nText\n"
    root = book_with(tmp_path, SMALL_BOOK, pages)
    assert "books/small/pages/03.md:2: illustraton: unknown key (did you mean 'illustration'?)" in problems(root)


def test_page_files_must_be_numbered(tmp_path):
    pages = small_pages()
    pages["books/small/pages/intro.md"] = "Hello\n"
    root = book_with(tmp_path, SMALL_BOOK, pages)
    assert "books/small/pages/intro.md: page files are named by their number (rename it like 07.md or 07-forest.md)" in problems(root)


def test_unclosed_front_matter(tmp_path):
    pages = small_pages()
    pages["books/small/pages/02.md"] = "---\nillustration: Pip\nText\n"
    root = book_with(tmp_path, SMALL_BOOK, pages)
    assert "books/small/pages/02.md:1: front matter starts with --- on line 1 but has no closing --- line (front matter is YAML between two --- lines)" in problems(root)


def test_too_many_pages_for_page_count(tmp_path, cli, monkeypatch):
    root = book_with(tmp_path, SMALL_BOOK, small_pages(25))
    monkeypatch.chdir(root)
    result = cli("build")
    assert result.exit_code == 2
    assert "25 story pages do not fit in 24 pages (the theme adds 3) (raise page_count to 28 or remove pages)" in result.output


def test_unknown_setting_in_bookbuild_toml(tmp_path):
    root = book_with(tmp_path, SMALL_BOOK)
    (root / "bookbuild.toml").write_text('provider = "offline"\nbuild_dri = "out"\n')
    assert "bookbuild.toml:2: build_dri: unknown key (did you mean 'build_dir'?)" in problems_settings(root)


def test_bad_provider_in_bookbuild_toml(tmp_path):
    root = book_with(tmp_path, SMALL_BOOK)
    (root / "bookbuild.toml").write_text('default_theme = "picture-book"\nprovider = "ofline"\n')
    with pytest.raises(SpecError) as info:
        Project.open(root).provider
    assert "bookbuild.toml:2: provider: 'ofline' is not allowed (did you mean 'offline'? allowed: auto, offline" in str(info.value.problems[0])


def problems_settings(root) -> list[str]:
    with pytest.raises(SpecError) as info:
        Project.open(root)
    return [str(p) for p in info.value.problems]


def test_spec_error_exit_code_and_no_traceback(tmp_path, cli, monkeypatch):
    root = book_with(tmp_path, SMALL_BOOK.replace("trim: 5x8", "trim: 9x9"))
    monkeypatch.chdir(root)
    result = cli("build")
    assert result.exit_code == 2
    assert result.output.startswith("Error: 1 spec problem:\n  books/small/book.yaml:10: trim: 9x9 is not a trim KDP prints")
    assert "Traceback" not in result.output


def test_unknown_book_name_suggests(tmp_path, cli, monkeypatch):
    root = book_with(tmp_path, SMALL_BOOK)
    monkeypatch.chdir(root)
    result = cli("build", "smal")
    assert result.exit_code == 2
    assert "smal: no book.yaml found (did you mean 'small'?)" in result.output
