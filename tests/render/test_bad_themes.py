"""The bad-input corpus for a repository's own themes: files leading out of the
repository, a broken theme.toml, and templates that do not render. Each names the file
(and the template's line), exits 2, and leaves the last good PDFs as they were."""

from __future__ import annotations

import shutil

import pytest

from helpers import REPO
from helpers.faults import half_written, outputs

THEME = "themes/mine"
TEMPLATE = f"{THEME}/templates/interior.html.j2"
SECRET = "TOP-SECRET-OUTSIDE-THE-REPOSITORY"


@pytest.fixture
def mine(built_copy, tmp_path):
    """The built small book, switched to a copy of the picture-book theme in themes/mine."""
    shutil.copytree(REPO / "themes" / "picture-book", built_copy / THEME)
    book = built_copy / "books/small/book.yaml"
    book.write_text(book.read_text() + "book_theme: mine\n")
    (tmp_path / "secret.txt").write_text(SECRET)
    (tmp_path / "elsewhere" / "templates").mkdir(parents=True)
    return built_copy


def edit(name: str, old: str, new: str):
    """Replace ``old`` (its first time) with ``new``; returns the line it is on, for the message."""

    def setup(root):
        path = root / name
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new, 1))
        return text[: text.index(old)].count("\n") + 1

    return setup


def put(name: str, data: str | bytes):
    def setup(root):
        (root / name).write_bytes(data if isinstance(data, bytes) else data.encode())

    return setup


def link(name: str, target: str):
    def setup(root):
        path = root / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        path.symlink_to(root.parent / target)

    return setup


TOML = f"{THEME}/theme.toml"
# Found while planning (exit 2 before anything runs)...
THEME_CASES = [
    ("theme-folder-links-out", link(THEME, "elsewhere"), "themes/mine", "leads outside the repository"),
    ("template-links-to-a-secret", link(TEMPLATE, "secret.txt"), "themes/mine/templates/interior.html.j2", "leads outside the repository"),
    ("css-links-to-a-secret", link(f"{THEME}/css/picture-book.css", "secret.txt"), "themes/mine/css/picture-book.css", "leads outside the repository"),
    ("font-links-out", link(f"{THEME}/fonts/Andika-Regular.ttf", "secret.txt"), "themes/mine/fonts/Andika-Regular.ttf", "leads outside the repository"),
    ("theme-toml-invalid", put(TOML, "front_pages = \n"), TOML, "invalid TOML"),
    ("theme-toml-pages-text", edit(TOML, "front_pages = 2", 'front_pages = "two"'), TOML, "front_pages: expected a whole number of pages from 0 to 20, got 'two'"),
    ("theme-toml-pages-negative", edit(TOML, "back_pages = 1", "back_pages = -1"), TOML, "back_pages: expected a whole number of pages from 0 to 20, got -1"),
    ("theme-toml-not-utf8", put(TOML, b'name = "m\xe9"\n'), TOML, "is not UTF-8 text"),
    ("theme-toml-2mb", put(TOML, "# " + "x" * 2**21 + "\n"), TOML, "may be at most 1.0 MB"),
    ("theme-toml-links-out", link(TOML, "secret.txt"), "themes/mine/theme.toml", "leads outside the repository"),
    ("theme-font-outside", edit(TOML, 'regular = "fonts/Andika-Regular.ttf"', 'regular = "../../../secret.txt"'), TOML, "fonts.regular: ../../../secret.txt is not a file of the theme"),
    ("theme-font-absolute", edit(TOML, 'regular = "fonts/Andika-Regular.ttf"', 'regular = "/etc/passwd"'), TOML, "fonts.regular: /etc/passwd is not a file of the theme"),
    ("theme-font-missing", edit(TOML, 'regular = "fonts/Andika-Regular.ttf"', 'regular = "fonts/Nope.ttf"'), TOML, "fonts.regular: fonts/Nope.ttf: no such file in the theme"),
]
# ...and when the interior is rendered (its task fails; exit 2). Either way the last good PDFs stay.
TEMPLATE_CASES = [
    ("syntax-error", edit(TEMPLATE, "{%- for sheet in sequence %}", "{%- for sheet in %}"), f"{TEMPLATE}:", "template syntax"),
    ("unclosed-block", edit(TEMPLATE, "{%- endfor %}", ""), f"{TEMPLATE}:", "template syntax"),
    ("unknown-filter", edit(TEMPLATE, "{{ book.title }}", "{{ book.title | shout }}"), TEMPLATE + ":{line}", "No filter named 'shout'"),
    ("undefined-variable", edit(TEMPLATE, "{{ book.title }}", "{{ titel }}"), TEMPLATE + ":{line}", "'titel' is undefined (names a template can use: "),
    ("undefined-attribute", edit(TEMPLATE, "{{ book.author }}", "{{ book.athor }}"), TEMPLATE + ":{line}", "has no attribute 'athor'"),
    ("missing-include", edit(TEMPLATE, "<body", "{% include 'header.html' %}<body"), f"{TEMPLATE}:", "no template 'header.html'"),
    ("missing-base", put(TEMPLATE, "{% extends 'base.html.j2' %}\n"), f"{TEMPLATE}:1", "no template 'base.html.j2'"),
    ("division-by-zero", edit(TEMPLATE, "{{ book.title }}", "{{ 1 // 0 }}"), TEMPLATE + ":{line}", "ZeroDivisionError"),
    ("error-in-an-included-template", lambda root: (put(f"{THEME}/templates/part.html", "ok\n{{ nothing.here }}\n")(root), edit(TEMPLATE, "<body", "{% include 'part.html' %}<body")(root)), f"{THEME}/templates/part.html:2", "'nothing' is undefined"),
]


@pytest.mark.parametrize("setup, where, words", [c[1:] for c in THEME_CASES + TEMPLATE_CASES], ids=[c[0] for c in THEME_CASES + TEMPLATE_CASES])
def test_a_broken_theme_or_template_is_named_and_the_last_pdfs_stay(mine, cli, setup, where, words):
    before = outputs(mine)
    line = setup(mine)
    where = where.format(line=line)
    result = cli("build")
    assert result.exit_code == 2, result.output
    assert where in result.output and words in result.output, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output and SECRET not in result.output
    assert outputs(mine) == before and half_written(mine) == []
