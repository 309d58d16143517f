"""`bookbuild serve` in real headless Chromium: the page shows the book, follows an edit
with the new thumbnail, shows a spec error and its fix, and enlarges a page on click."""

from __future__ import annotations

import urllib.request

import pytest
from helpers.cdp import CHROMIUM, Chromium

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (Debian: apt-get install chromium, or scripts/browser-deps.sh)")

WAIT_S = 30
THUMBS = "[...document.querySelectorAll('#book-small .page.interior img')]"


@pytest.fixture
def browser():
    chromium = Chromium()
    yield chromium
    chromium.close()


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def test_the_page_follows_an_edit_and_shows_errors(serving, browser):
    serving.recorder.wait(1)
    page = browser.new_page()
    page.goto(serving.url)
    page.wait_for(f"document.documentElement.dataset.generation === '1' && {THUMBS}.length === 24", WAIT_S)
    assert page.evaluate("document.querySelector('#book-small .badge').textContent") == "built"
    assert page.evaluate("document.querySelector('#book-small h2').textContent") == "Small Fox"
    old = page.evaluate(f"{THUMBS}.map(i => i.src)")
    old_images = [fetch(url) for url in old]

    # Edit the text of story page 1; the open page gets the new thumbnails by itself.
    spec = serving.root / "books/small/pages/01.md"
    spec.write_text(spec.read_text().replace("This is page 1.", "This is page one, and it is a much longer page now."))
    page.wait_for("document.documentElement.dataset.generation === '2'", WAIT_S)
    new = page.wait_for(f"(() => {{ const s = {THUMBS}; return s.every(i => i.complete && i.naturalWidth > 0) && s.map(i => i.src); }})()", WAIT_S)
    changed = [n for n, (a, b) in enumerate(zip(old, new), 1) if a != b]
    assert len(changed) == 1, f"only the edited page gets a new image, got pages {changed}"
    assert fetch(new[changed[0] - 1]) != old_images[changed[0] - 1]

    # A spec error shows on the page, not only in the terminal; the fix clears it.
    book = serving.root / "books/small/book.yaml"
    good = book.read_text()
    book.write_text(good.replace("trim: 5x8", "trim: 5x12"))  # taller than any trim KDP prints
    message = page.wait_for("!document.getElementById('error').hidden && document.getElementById('error-text').textContent", WAIT_S)
    assert "books/small/book.yaml" in message and "trim" in message
    assert page.evaluate("document.querySelector('#book-small .badge').textContent") == "spec error"
    book.write_text(good)
    page.wait_for("document.getElementById('error').hidden && document.querySelector('#book-small .badge').textContent === 'built'", WAIT_S)

    # A click enlarges a page; the PDFs and the ebook are there to download.
    page.evaluate(f"{THUMBS}[{changed[0] - 1}].closest('button').click()")
    width = page.wait_for("(() => { const i = document.getElementById('viewer-img'); return i.complete && i.naturalWidth; })()", WAIT_S)
    assert width > 400
    assert page.evaluate("document.getElementById('viewer-caption').textContent") == f"small: page {changed[0]} of 24"
    links = page.evaluate("[...document.querySelectorAll('#book-small .downloads a')].map(a => a.href)")
    assert [link.split("?")[0].rsplit("/", 1)[1] for link in links] == ["interior.pdf", "cover.pdf", "ebook.epub"]
    assert fetch(links[0]).startswith(b"%PDF")
    ebook = fetch(links[2])
    assert ebook[:4] == b"PK\x03\x04" and ebook[30:58] == b"mimetypeapplication/epub+zip"  # the EPUB as built, first entry stored
    assert page.errors() == []
