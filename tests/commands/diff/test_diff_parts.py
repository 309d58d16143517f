"""The parts of `bookbuild diff` on made-up inputs: pixel regions, page alignment,
page-file renumbering, findings, and the size of report.md."""

from __future__ import annotations

import random

import pytest
from PIL import Image, ImageDraw

from bookbuild.commands.diff.compare import findings_delta
from bookbuild.commands.diff.match import PageFingerprint, align
from bookbuild.commands.diff.model import BookDiff, DiffReport
from bookbuild.commands.diff.pixels import changed_regions
from bookbuild.commands.diff.report import MARKDOWN_BUDGET, render_markdown
from bookbuild.commands.diff.textdiff import FileDiff, page_diffs
from bookbuild.findings import Finding


def page(width: int = 300, height: int = 400) -> Image.Image:
    image = Image.new("RGB", (width, height), (240, 230, 210))
    ImageDraw.Draw(image).ellipse((50, 60, 250, 260), fill=(200, 90, 30))
    return image


def test_identical_pages_have_no_regions():
    assert changed_regions(page(), page()) == []


def test_anti_aliasing_noise_is_not_a_change():
    noisy = page()
    rng = random.Random(7)
    pixels = noisy.load()
    for _ in range(4000):  # small colour shifts everywhere, and a few isolated stray pixels
        x, y = rng.randrange(300), rng.randrange(400)
        r, g, b = pixels[x, y]
        pixels[x, y] = (min(255, r + 20), g, max(0, b - 20))
    for x, y in ((10, 10), (150, 390), (290, 200)):
        pixels[x, y] = (0, 0, 0)
    assert changed_regions(page(), noisy, threshold=32) == []
    assert changed_regions(page(), noisy, threshold=10) != []  # the threshold is what keeps it out


def test_a_changed_word_is_boxed_where_it_is():
    after = page()
    ImageDraw.Draw(after).rectangle((100, 320, 180, 336), fill=(20, 20, 20))
    (box,) = changed_regions(page(), after)
    assert 95 / 300 <= box.left <= 100 / 300 and 180 / 300 <= box.right <= 190 / 300
    assert 312 / 400 <= box.top <= 320 / 400 and 336 / 400 <= box.bottom <= 344 / 400


def test_distant_changes_are_separate_regions_and_a_new_size_is_the_whole_page():
    after = page()
    draw = ImageDraw.Draw(after)
    draw.rectangle((10, 10, 30, 30), fill=(0, 0, 0))
    draw.rectangle((250, 350, 280, 380), fill=(0, 0, 0))
    assert len(changed_regions(page(), after)) == 2
    (whole,) = changed_regions(page(), page(320, 420))
    assert (whole.left, whole.top, whole.right, whole.bottom) == (0, 0, 1, 1)


def fp(number: int, name: str, exact: str = "") -> PageFingerprint:
    return PageFingerprint(number, (369.0, 594.0), name, (), name, exact or f"{name}@{number % 2}")


def test_an_insertion_aligns_the_pages_after_it():
    base = [fp(n, name) for n, name in enumerate("TCabcdE", 1)]
    head = [fp(n, name) for n, name in enumerate("TCabXcdE", 1)]
    kinds = [(p.kind, p.base and p.base.text, p.head and p.head.text) for p in align(base, head)]
    assert kinds == [("same", "T", "T"), ("same", "C", "C"), ("same", "a", "a"), ("same", "b", "b"), ("inserted", None, "X"), ("moved", "c", "c"), ("moved", "d", "d"), ("moved", "E", "E")]


def test_same_content_on_the_same_side_but_placed_elsewhere_differs():
    (pair,) = align([fp(3, "a", exact="left")], [fp(3, "a", exact="right")])
    assert pair.kind == "differs"


def test_a_redrawn_picture_pairs_by_its_words():
    base = [fp(1, "a"), PageFingerprint(2, (1, 1), "words", ("old",), "x1", "x1"), fp(3, "c")]
    head = [fp(1, "a"), PageFingerprint(2, (1, 1), "words", ("new",), "x2", "x2"), fp(3, "c")]
    assert [p.kind for p in align(base, head)] == ["same", "differs", "same"]


def test_renumbered_page_files_are_renames_not_diffs(tmp_path):
    base, head = tmp_path / "a", tmp_path / "b"
    for folder, names in ((base, ["01", "02", "03"]), (head, ["01", "02", "03", "04"])):
        folder.mkdir()
    texts = ["one\n", "two\n", "three\n"]
    for name, text in zip(["01", "02", "03"], texts):
        (base / f"{name}.md").write_text(text)
    for name, text in zip(["01", "02", "03", "04"], [texts[0], "new\n", texts[1], texts[2]]):
        (head / f"{name}.md").write_text(text)
    diffs = list(page_diffs(base, head, "books/x/pages/"))
    assert [(d.status, d.renamed_from, d.path) for d in diffs if d.status == "R"] == [("R", "books/x/pages/02.md", "books/x/pages/03.md"), ("R", "books/x/pages/03.md", "books/x/pages/04.md")]
    (added,) = [d for d in diffs if d.status != "R"]
    assert added.status == "A" and added.path == "books/x/pages/02.md" and added.lines[-1] == "+new"


def test_findings_that_appeared_and_went_away():
    blank = Finding("blank-pages", "error", "11 blank pages", 14, "interior")
    small = Finding("min-font-size", "warning", "7 pt text", 3, "interior")
    appeared, gone = findings_delta([small, small], [small, blank])
    assert appeared == [blank] and gone == [small]


@pytest.mark.parametrize("lines", [200, 40_000])
def test_report_md_fits_a_pull_request_comment(lines):
    huge = FileDiff("books/x/book.yaml", "M", tuple(f"+line {i} " + "x" * 60 for i in range(lines)))
    books = [BookDiff(f"book{i}", "A Book", "unchanged", files=[huge]) for i in range(30)]
    md = render_markdown(DiffReport("abc", "def", books))
    assert len(md) < 65_536 and len(md) <= MARKDOWN_BUDGET + 1000
    assert "more lines in report.html" in md
