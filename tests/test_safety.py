"""Every word printed for a child passes the safety checks, whoever wrote it: pages/*.md,
generated pages once edited, the title, dedication and back-cover text. Findings name
the file, the line and the printed page; a text that fails keeps the print files from
being written; each text's verdict is cached by its content."""

from __future__ import annotations

import json

import pytest

from helpers import PAID_PLUGIN, write_files
from fakes.openai_server import fake_openai  # noqa: F401  (fixture, used by name)


def test_a_flagged_author_page_names_its_file_line_and_page_and_is_not_printed(built_copy, cli):
    page = built_copy / "books/small/pages/04.md"
    page.write_text("---\nillustration: Owl in the meadow, picture 4\n---\nThis is page 4.\nOwl found blood on the grass.\nThen Owl went home.\n")
    printed = [built_copy / "build/small" / name for name in ("interior.pdf", "cover.pdf", "ebook.epub")]
    before = [path.stat().st_mtime_ns for path in printed]
    result = cli("build")
    assert result.exit_code == 1
    assert "text-safety: 1 printed text did not pass the safety checks (the findings name the file and line); the print files were not written" in result.output
    assert 'page 6 (pages/04.md): error [content-safety] line 5: the page text has words unfit for children ("blood") in "...is page 4. Owl found blood on the grass. Then..."' in result.output
    assert [path.stat().st_mtime_ns for path in printed] == before  # nothing new was printed, the ebook neither
    findings = json.loads((built_copy / "build/small/manifest.json").read_text())["findings"]
    assert {"rule": "content-safety", "severity": "error", "page": 6, "file": "pages/04.md"}.items() <= findings[0].items()
    page.write_text(page.read_text().replace("found blood on", "found a feather in"))
    assert cli("build").exit_code == 0


def test_a_new_book_with_a_flagged_page_publishes_no_print_file_and_no_ebook(scratch_repo, cli):
    # Every file a reader sees waits for the check: the PDFs and the Kindle edition alike.
    page = scratch_repo / "books/small/pages/09.md"
    page.write_text(page.read_text().replace("This is page 9.", "This is page 9. Pip hits Owl with a gun."))
    result = cli("build")
    assert result.exit_code == 1 and "(pages/09.md): error [content-safety]" in result.output
    built = scratch_repo / "build/small"
    assert not [name for name in ("interior.pdf", "cover.pdf", "ebook.epub") if (built / name).exists()]
    page.write_text(page.read_text().replace(" Pip hits Owl with a gun.", ""))
    assert cli("build").exit_code == 0
    assert all((built / name).is_file() for name in ("interior.pdf", "cover.pdf", "ebook.epub"))


@pytest.mark.parametrize(("alt", "src", "flagged"), [
    ("Milo the bear", "../assets/gun-shop.png", None),  # a file's name is never printed
    ("Milo and his gun", "../assets/milo.png", "gun"),  # alt text goes into the ebook
    ("Milo", "<../assets/blood moon.png>", None),
])
def test_a_picture_in_the_page_text_is_checked_by_its_alt_text_not_its_path(scratch_repo, cli, alt, src, flagged):
    from PIL import Image

    (scratch_repo / "books/small/assets").mkdir()
    Image.new("RGB", (64, 64), (200, 40, 40)).save(scratch_repo / "books/small/assets" / src.strip("<>").removeprefix("../assets/"))
    page = scratch_repo / "books/small/pages/02.md"
    page.write_text(f"---\nillustration: Owl in the meadow\n---\nOwl met Milo.\n\n![{alt}]({src}) They waved.\n")
    result = cli("build")
    if flagged is None:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1
        assert f'page 4 (pages/02.md): error [content-safety] line 6: the page text has words unfit for children ("{flagged}")' in result.output


def test_an_illustration_prompt_is_checked_and_named_by_its_front_matter_line(built_copy, cli):
    page = built_copy / "books/small/pages/02.md"
    page.write_text("---\ncharacters: [Owl]\nillustration: Owl holds a knife\n---\nOwl smiles.\n")
    result = cli("build")
    assert result.exit_code == 1
    assert 'page 4 (pages/02.md): error [content-safety] line 3: the illustration prompt has words unfit for children ("knife")' in result.output


def test_the_books_printed_words_are_checked_too(built_copy, cli):
    book = built_copy / "books/small/book.yaml"
    book.write_text(book.read_text() + "dedication: For my stupid brother\n")
    result = cli("build")
    assert result.exit_code == 1
    line = book.read_text().splitlines().index("dedication: For my stupid brother") + 1
    assert f'book.yaml: error [content-safety] line {line}: dedication: the dedication has words unfit for children ("stupid")' in result.output


def test_a_generated_page_once_edited_is_the_authors_and_is_checked(tmp_path, monkeypatch, cli):
    monkeypatch.setenv("PAID_LOG", str(tmp_path / "calls.log"))
    root = write_files(tmp_path / "repo", {
        "bookbuild.toml": 'cache_dir = ".cache"\nprovider = "paid"\n', "plugins/paid.py": PAID_PLUGIN,
        "books/gen/book.yaml": "title: Gen\nauthor: A\npage_count: 24\ntrim: 5x8\n",
    })
    monkeypatch.chdir(root)
    assert cli("build").exit_code == 0
    page = root / "books/gen/pages/03.md"
    page.write_text(page.read_text().replace("Page 3 is fun.", "Page 3 is fun. Bo has a gun."))
    result = cli("build")
    assert result.exit_code == 1
    assert 'page 5 (pages/03.md): error [content-safety] line 6: the page text has words unfit for children ("gun")' in result.output


# A check that asks a service for each text: the title and the author must both be asked
# before either is answered, which only texts screened at once can do (one after another,
# the first waits for ever: here, until the barrier gives up and the check fails).
AT_ONCE_PLUGIN = """
import threading

from bookbuild import hookimpl

both = threading.Barrier(2, timeout=10)


@hookimpl
def check_generated(kind, text):
    if kind in ("title", "author"):
        both.wait()
    return []
"""


def test_the_printed_texts_are_screened_at_once(built_copy, cli):
    write_files(built_copy, {"plugins/at_once.py": AT_ONCE_PLUGIN})
    result = cli("build")
    assert result.exit_code == 0, result.output


# -- moderation of what the author wrote, with the openai provider ------------------------


def text_checks(fake, texts: set[str]) -> list[str]:
    """The moderation inputs that were one of ``texts`` (the check of printed text sends each alone)."""
    inputs = [body["input"] for body in fake.bodies("/moderations")]
    return [i[0] for i in inputs if isinstance(i, list) and len(i) == 1 and isinstance(i[0], str) and i[0] in texts]


def test_author_text_is_moderated_once_per_content(fake_openai, built_copy, cli, monkeypatch):
    monkeypatch.setenv("BOOKBUILD_PROVIDER", "openai")
    (built_copy / "bookbuild.toml").write_text('cache_dir = ".cache"\njobs = 4\n[openai]\nreference_images = false\n')
    texts = {f"This is page {i}. {'Pip' if i % 2 else 'Owl'} smiles." for i in range(1, 22)}
    assert cli("build").exit_code == 0
    assert sorted(text_checks(fake_openai, texts)) == sorted(texts)  # each page once
    fake_openai.reset()
    assert cli("build").exit_code == 0
    assert fake_openai.count() == 0  # unchanged pages cost nothing, not even a moderation request
    page = built_copy / "books/small/pages/07.md"
    page.write_text(page.read_text().replace("Pip smiles.", "Pip laughs."))
    assert cli("build").exit_code == 0
    assert text_checks(fake_openai, {"This is page 7. Pip laughs."}) == ["This is page 7. Pip laughs."]
    assert [b["input"] for b in fake_openai.bodies("/moderations")] == [["This is page 7. Pip laughs."]]  # nothing else


def test_moderation_flags_an_author_page_by_its_line(fake_openai, built_copy, cli, monkeypatch):
    monkeypatch.setenv("BOOKBUILD_PROVIDER", "openai")
    (built_copy / "bookbuild.toml").write_text('cache_dir = ".cache"\n[openai]\nreference_images = false\n')
    page = built_copy / "books/small/pages/05.md"
    page.write_text("---\nillustration: Pip in the meadow, picture 5\n---\nPip hops.\nPip says FLAGME.\nPip naps.\n")
    result = cli("build")
    assert result.exit_code == 1
    assert "page 7 (pages/05.md): error [content-safety] line 5: OpenAI moderation flagged the page text (violence); it is not printed until it is reworded" in result.output
