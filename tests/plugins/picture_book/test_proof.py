"""A book the offline provider wrote or drew is a proof, and says so: a validate warning
for the whole book and a small "proof" mark on the pages it made, read back from the PDF."""

from __future__ import annotations

import json

from PIL import Image

from helpers import PAID_PLUGIN, SMALL_BOOK, write_files

MARK = "Proof · offline draft, not for sale"


def page_texts(path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def marked_pages(repo) -> list[int]:
    return [n for n, text in enumerate(page_texts(repo / "build/small/interior.pdf"), 1) if MARK in text]


def ebook_marked_pages(repo) -> list[int]:
    """The printed page numbers of the ebook pages that show the mark (their headings say which)."""
    import re

    from bookbuild import epub

    book = epub.read(repo / "build/small/ebook.epub")
    found = []
    for ref in book.spine:
        page = book.document(ref.item.path)
        if MARK in epub.page_text(page):
            title = page.find("{http://www.w3.org/1999/xhtml}head/{http://www.w3.org/1999/xhtml}title").text
            found.append(int(re.search(r"page (\d+)$", title).group(1)))
    return found


def proof_findings(cli) -> list[dict]:
    return [f for f in json.loads(cli("validate", "--format", "json").output)["findings"] if f["rule"] == "offline-proof"]


def test_offline_pictures_make_a_proof_every_drawn_page_is_marked_and_validate_warns(scratch_repo, cli):
    assert cli("build").exit_code == 0
    assert marked_pages(scratch_repo) == list(range(3, 24))  # the 21 story pages, not the title or "The End"
    assert ebook_marked_pages(scratch_repo) == list(range(3, 24))  # the Kindle edition of a proof says so too
    found = proof_findings(cli)
    assert len(found) == 1 and found[0]["severity"] == "warning" and found[0]["page"] is None
    message = found[0]["message"]
    assert "offline provider (21 of its 21 pictures and the cover art)" in message
    assert "put your own pictures in assets/" in message and "write the story" not in message  # the text is the author's
    assert "pages 3-23 carry a small \"proof\" mark" in message
    assert cli("validate").exit_code == 0  # a warning: a proof may be printed to look at


def test_the_authors_own_pictures_are_not_marked(scratch_repo, cli):
    assets = scratch_repo / "books/small/assets"
    assets.mkdir()
    for number in (2, 5, 6):
        Image.new("RGB", (1538, 2475), (90, 120, 200)).save(assets / f"page-{number:02d}.png")
    cli("build")
    assert marked_pages(scratch_repo) == [n for n in range(3, 24) if n not in (4, 7, 8)]
    assert ebook_marked_pages(scratch_repo) == marked_pages(scratch_repo)
    assert "(18 of its 21 pictures and the cover art)" in proof_findings(cli)[0]["message"]


def test_a_book_with_every_picture_its_own_is_no_proof(scratch_repo, cli):
    assets = scratch_repo / "books/small/assets"
    assets.mkdir()
    for name in [f"page-{n:02d}.png" for n in range(1, 22)] + ["cover.png"]:
        Image.new("RGB", (1538, 2475), (90, 120, 200)).save(assets / name)
    cli("build")
    assert marked_pages(scratch_repo) == []
    assert proof_findings(cli) == []


def test_proof_mark_false_leaves_the_mark_off_but_validate_still_warns(scratch_repo, cli):
    write_files(scratch_repo, {"books/small/book.yaml": SMALL_BOOK + "proof_mark: false\n"})
    cli("build")
    assert marked_pages(scratch_repo) == [] and ebook_marked_pages(scratch_repo) == []
    found = proof_findings(cli)
    assert len(found) == 1 and "carry no proof mark" in found[0]["message"]


def test_a_generated_story_is_part_of_the_proof(scratch_repo, cli):
    import shutil

    shutil.rmtree(scratch_repo / "books/small/pages")
    cli("build")
    message = proof_findings(cli)[0]["message"]
    assert "(its story text, 21 of its 21 pictures and the cover art)" in message
    assert "make the words in pages/ yours and delete each page's draft: line" in message  # the build wrote them there
    assert len(marked_pages(scratch_repo)) == 21


def test_offline_words_written_into_pages_stay_a_proof_until_the_author_takes_them_on(scratch_repo, cli):
    import re
    import shutil

    shutil.rmtree(scratch_repo / "books/small/pages")
    cli("build")  # the offline story is written into pages/, each page saying who wrote it
    page = scratch_repo / "books/small/pages/03.md"
    assert "draft: offline" in page.read_text()
    cli("build")
    assert len(marked_pages(scratch_repo)) == 21
    page.write_text(re.sub(r"^draft: offline\n", "", page.read_text(), flags=re.M) + "Now the words are mine.\n")
    cli("build")
    # pictures are still the offline provider's: page 5 keeps its mark for them; the words are no longer counted
    assert "the text of 20 of its 21 pages" in proof_findings(cli)[0]["message"]


def test_a_paid_provider_makes_no_proof(scratch_repo, cli, monkeypatch):
    write_files(scratch_repo, {"plugins/paid.py": PAID_PLUGIN})
    monkeypatch.setenv("BOOKBUILD_PROVIDER", "paid")
    assert cli("build").exit_code == 0
    assert marked_pages(scratch_repo) == []
    assert proof_findings(cli) == []
