"""validate names the page file and the characters the theme's fonts lack, says which font
prints them on this machine (or that none does), and warns about a language without words."""

from __future__ import annotations

from helpers import write_files

BOOK = "title: Mei and the Moon\nauthor: Li Ming\npage_count: 24\ntrim: 6x9\ncopyright_year: 2026\n{extra}"


def repo(tmp_path, monkeypatch, extra: str = "", text: str = "Mei saw the moon."):
    root = write_files(tmp_path / "repo", {
        "bookbuild.toml": 'cache_dir = ".cache"\n',
        "books/mei/book.yaml": BOOK.format(extra=extra),
        "books/mei/pages/01.md": "---\nillustration: Mei at night\n---\nMei looked up.\n",
        "books/mei/pages/02.md": f"---\nillustration: Mei and the moon\n---\n{text}\n",
    })  # fmt: skip
    monkeypatch.chdir(root)
    return root


def test_characters_the_fonts_lack_are_named_with_their_page_file(tmp_path, monkeypatch, cli):
    repo(tmp_path, monkeypatch, text="Mei saw the moon: 月亮! Zoë waved. \u2603\ufe0f")
    result = cli("build")
    lines = [line for line in result.output.splitlines() if "[missing-glyphs]" in line]
    assert len(lines) == 1, result.output
    assert "page 4 (pages/02.md): warning [missing-glyphs] characters the theme's fonts (Andika) lack:" in lines[0]
    assert "月亮" in lines[0] and "U+6708" in lines[0] and "ë" not in lines[0]  # Andika has ë
    assert "print with" in lines[0] or "in no font on this machine" in lines[0]


def test_a_book_the_fonts_cover_has_no_such_warning(tmp_path, monkeypatch, cli):
    repo(tmp_path, monkeypatch, text="Zoë, Łucja, Ωmega and Жени looked at the moon.")
    result = cli("build")
    assert "[missing-glyphs]" not in result.output and "[language]" not in result.output


def test_a_language_the_theme_has_no_words_for_is_a_warning(tmp_path, monkeypatch, cli):
    repo(tmp_path, monkeypatch, extra="language: fr\n")
    result = cli("validate")
    assert "warning [language] language: fr: the picture-book theme has words for en-US, en-GB only" in result.output
