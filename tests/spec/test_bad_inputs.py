"""The bad-input corpus for specs and pages: book.yaml, bible.yaml and pages/*.md as a
careless author or a hostile pull request writes them. Each case runs the CLI and checks
the exit code, that the message names the file (and line where there is one), that no
traceback or internal error shows, that nothing outside the repository leaks into the
output, and that nothing half-written is left."""

from __future__ import annotations

import pytest

from helpers import SMALL_BOOK, write_files
from helpers.faults import half_written

SECRET = "TOP-SECRET-OUTSIDE-THE-REPOSITORY"
BOOK = "books/small/book.yaml"
PAGE = "books/small/pages/03.md"
BIBLE = "books/small/bible.yaml"


def bomb(levels: int = 9, width: int = 9, indent: str = "") -> str:
    """Billion laughs: a few hundred bytes that expand to width**levels values."""
    lines = [f"{indent}a0: &a0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels + 1):
        lines.append(f"{indent}a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def nested(depth: int) -> str:
    return "deep: " + "[" * depth + "1" + "]" * depth + "\n"


def put(name: str, data: str | bytes):
    def setup(root, outside):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())

    return setup


def link(name: str, target: str):
    """``target``: "outside" (a secret file beside the repository) or a path in the repository."""

    def setup(root, outside):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            if path.is_dir() and not path.is_symlink():
                import shutil

                shutil.rmtree(path)
            else:
                path.unlink()
        path.symlink_to(outside if target == "outside" else outside.parent / target.removeprefix("outside/") if target.startswith("outside/") else root / target)

    return setup


def book_plus(text: str):
    return put(BOOK, SMALL_BOOK.lstrip("\n") + text)


def page_with(front: str, body: str = "Pip smiles.\n"):
    return put(PAGE, f"---\n{front}---\n{body}")


# (id, setup, exit code, file the message names, words it says)
CASES = [
    # book.yaml
    ("book-yaml-bomb", put(BOOK, SMALL_BOOK.lstrip("\n") + bomb()), 2, BOOK, "expands to more than"),
    ("book-yaml-bomb-in-a-key", put(BOOK, SMALL_BOOK.lstrip("\n") + "seed: x\nextra:\n" + bomb(indent="  ")), 2, BOOK, "expands to more than"),
    ("book-yaml-alias-into-itself", book_plus("keywords: &k [a, *k]\n"), 2, BOOK, "refers to the value it is part of"),
    ("book-yaml-nested-100-deep", book_plus(nested(100)), 2, BOOK, "nests"),
    ("book-yaml-not-utf8", put(BOOK, SMALL_BOOK.lstrip("\n").encode() + b"subtitle: caf\xe9\n"), 2, f"{BOOK}:15", "is not UTF-8 text (byte 0xe9 on line 15)"),
    ("book-yaml-nul-byte", put(BOOK, SMALL_BOOK.lstrip("\n").replace("Small Fox", "Small\0Fox")), 2, f"{BOOK}:1", "NUL byte on line 1"),
    ("book-yaml-escape-sequence", put(BOOK, SMALL_BOOK.lstrip("\n").replace("Small Fox", "Small \x1b[31mFox")), 2, f"{BOOK}:1", "control character U+001B"),
    ("book-yaml-utf16", put(BOOK, SMALL_BOOK.lstrip("\n").encode("utf-16")), 2, BOOK, "UTF-16"),
    ("book-yaml-2mb", book_plus("description: " + "x" * (2 * 2**20) + "\n"), 2, BOOK, "2.0 MB; book.yaml may be at most 1.0 MB"),
    ("book-yaml-links-out", link(BOOK, "outside"), 2, BOOK, "leads outside the repository"),
    ("book-folder-links-out", link("books/small", "outside/evil-book"), 2, BOOK, "leads outside the repository"),
    ("book-yaml-is-a-folder", lambda root, outside: ((root / BOOK).unlink(), (root / BOOK).mkdir()), 2, BOOK, "is not a file"),
    ("book-yaml-empty", put(BOOK, ""), 2, BOOK, "is empty"),
    ("book-yaml-a-list", put(BOOK, "- title: x\n"), 2, BOOK, "expected a mapping"),
    ("book-yaml-python-tag", book_plus("seed: !!python/object/apply:os.system ['echo pwned']\n"), 2, f"{BOOK}:15", "could not determine a constructor"),
    ("book-yaml-duplicate-key", book_plus("title: Again\n"), 2, f"{BOOK}:15", "duplicate key 'title'"),
    ("book-yaml-tab-indent", book_plus("characters:\n\t- name: Tab\n"), 2, BOOK, "invalid YAML"),
    ("book-theme-parent-path", book_plus("book_theme: ../../x\n"), 2, f"{BOOK}:15", "'../../x' is not a theme name"),
    ("book-theme-absolute-path", book_plus("book_theme: /etc\n"), 2, f"{BOOK}:15", "'/etc' is not a theme name"),
    ("book-theme-unknown", book_plus("book_theme: picture-bok\n"), 2, f"{BOOK}:15", "did you mean 'picture-book'?"),
    ("book-theme-not-text", book_plus("book_theme: [a, b]\n"), 2, f"{BOOK}:15", "book_theme: expected text"),
    ("book-title-a-mapping", put(BOOK, SMALL_BOOK.lstrip("\n").replace("title: Small Fox", "title: {a: 1}")), 2, f"{BOOK}:1", "title: expected text, got a mapping"),
    # bible.yaml
    ("bible-bomb", put(BIBLE, "characters:\n  - name: Pip\n    visual: x\n" + bomb()), 2, BIBLE, "expands to more than"),
    ("bible-links-out", link(BIBLE, "outside"), 2, BIBLE, "leads outside the repository"),
    ("bible-not-utf8", put(BIBLE, b"characters:\n  - name: J\xf6rg\n"), 2, f"{BIBLE}:2", "is not UTF-8 text"),
    ("bible-not-a-list", put(BIBLE, "characters: 7\n"), 2, f"{BIBLE}:1", "characters: expected a list"),
    # pages/
    ("page-links-out", link(PAGE, "outside"), 2, PAGE, "leads outside the repository"),
    ("pages-folder-links-out", link("books/small/pages", "outside/evil-pages"), 2, "books/small/pages", "leads outside the repository"),
    ("page-as-txt", put("books/small/pages/22.txt", "Pip waves.\n"), 2, "books/small/pages/22.txt", "not a Markdown page"),
    ("page-without-suffix", put("books/small/pages/README", "notes\n"), 2, "books/small/pages/README", "not a Markdown page"),
    ("page-upper-case-suffix", put("books/small/pages/22.MD", "Pip waves.\n"), 2, "books/small/pages/22.MD", "rename it 22.md"),
    ("page-folder-in-pages", lambda root, outside: (root / "books/small/pages/drafts").mkdir(), 2, "books/small/pages/drafts", "is a folder"),
    ("page-nul-byte", put(PAGE, "Pip\0 smiles.\n"), 2, f"{PAGE}:1", "NUL byte on line 1"),
    ("page-not-utf8", put(PAGE, b"---\nillustration: Pip\n---\nPip says \xff.\n"), 2, f"{PAGE}:4", "is not UTF-8 text"),
    ("page-bell-character", put(PAGE, "Pip\nsmiles\x07.\n"), 2, f"{PAGE}:2", "control character U+0007"),
    ("page-utf16", put(PAGE, "Pip smiles.\n".encode("utf-16")), 2, PAGE, "UTF-16"),
    ("page-10mb", put(PAGE, "Pip smiles. " * 900_000), 2, PAGE, "10.3 MB; a page file may be at most 100 KB"),
    ("page-200kb", put(PAGE, "word " * 40_000), 2, PAGE, "195 KB; a page file may be at most 100 KB"),
    ("page-front-matter-bomb", put(PAGE, "---\n" + bomb() + "---\nPip.\n"), 2, PAGE, "expands to more than"),
    ("page-front-matter-deep", page_with(nested(60)), 2, f"{PAGE}:2", "nests"),
    ("page-front-matter-unclosed", put(PAGE, "---\nillustration: Pip\nPip smiles.\n"), 2, f"{PAGE}:1", "no closing --- line"),
    ("page-front-matter-a-list", page_with("- a\n- b\n"), 2, PAGE, "expected a mapping"),
    ("page-front-matter-python-tag", page_with("illustration: !!python/name:os.system\n"), 2, f"{PAGE}:2", "could not determine a constructor"),
    ("page-front-matter-alias-loop", page_with("characters: &c [Pip, *c]\n"), 2, f"{PAGE}:2", "refers to the value it is part of"),
    ("page-front-matter-unknown-key", page_with("ilustration: Pip\n"), 2, f"{PAGE}:2", "did you mean 'illustration'?"),
    ("page-number-twice", put("books/small/pages/03-again.md", "Pip again.\n"), 2, "books/small/pages/03.md", "page number 3 is also used by 03-again.md"),
]


@pytest.fixture
def outside(tmp_path):
    """A secret beside the repository, and a book and a pages folder there too."""
    folder = tmp_path / "outside"
    (folder / "evil-book" / "pages").mkdir(parents=True)
    (folder / "evil-pages").mkdir()
    secret = folder / "secret.txt"
    secret.write_text(f"title: {SECRET}\n{SECRET}\n")
    (folder / "evil-book" / "book.yaml").write_text(f"title: {SECRET}\nauthor: x\npage_count: 24\n")
    (folder / "evil-pages" / "01.md").write_text(SECRET + "\n")
    return secret


@pytest.mark.parametrize("setup, code, where, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_spec_input_is_named_and_nothing_is_half_written(scratch_repo, cli, outside, setup, code, where, words):
    setup(scratch_repo, outside)
    result = cli("build")
    assert result.exit_code == code, result.output
    assert where in result.output, result.output
    assert words in result.output, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert SECRET not in result.output
    assert half_written(scratch_repo) == []


def test_the_corpus_is_large(scratch_repo):
    assert len(CASES) >= 40


def test_a_bom_before_the_front_matter_is_dropped_not_printed(scratch_repo):
    from bookbuild.project import Project

    write_files(scratch_repo, {})
    (scratch_repo / PAGE).write_bytes(b"\xef\xbb\xbf---\nillustration: Owl at night\n---\nOwl hoots.\n")
    (scratch_repo / BOOK).write_bytes(b"\xef\xbb\xbf" + (scratch_repo / BOOK).read_bytes())
    (book,) = Project.open(scratch_repo).load_books()
    page = book.pages[2]
    assert (book.title, page.illustration, page.text) == ("Small Fox", "Owl at night", "Owl hoots.")


def test_links_inside_the_repository_and_editor_leftovers_are_fine(scratch_repo):
    from bookbuild.project import Project

    (scratch_repo / "shared").mkdir()
    (scratch_repo / "shared" / "page.md").write_text("A page kept elsewhere in the repository.\n")
    (scratch_repo / PAGE).unlink()
    (scratch_repo / PAGE).symlink_to(scratch_repo / "shared" / "page.md")
    write_files(scratch_repo, {"books/small/pages/.03.md.swp": "x", "books/small/pages/03.md~": "x", "books/small/pages/.DS_Store": "x"})
    (book,) = Project.open(scratch_repo).load_books()
    assert book.pages[2].text == "A page kept elsewhere in the repository."
    assert len(book.pages) == 21


def test_yaml_anchors_within_the_cap_still_work(scratch_repo):
    from bookbuild.project import Project

    text = SMALL_BOOK.lstrip("\n").replace("  - name: Pip\n    visual: a small orange fox with a green scarf\n", "  - &pip\n    name: Pip\n    visual: a small orange fox with a green scarf\n")
    (scratch_repo / BOOK).write_text(text + "keywords: [fox, owl]\n")
    (book,) = Project.open(scratch_repo).load_books()
    assert book.characters[0].visual == "a small orange fox with a green scarf"
