"""A coloring book as a user makes one: `new --type coloring`, `build`, `validate`,
and the single-sided layout read back from the PDF."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import write_files


def _cli(*args: str):
    from bookbuild.cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory) -> Path:
    """`bookbuild new books/ocean-animals --type coloring` then `bookbuild build`, once."""
    import os

    root = tmp_path_factory.mktemp("coloring") / "repo"
    root.mkdir()
    old = os.getcwd()
    os.chdir(root)
    try:
        made = _cli("new", "books/ocean-animals", "--type", "coloring")
        assert made.exit_code == 0, made.output
        built = _cli("build")
        assert built.exit_code == 0, built.output
        (root / "build-output.txt").write_text(built.output)
    finally:
        os.chdir(old)
    return root


def _facts(pdf: Path):
    from bookbuild.kdp.preflight.inspect import read_pdf

    return read_pdf(pdf, examine_colour=True)


def test_new_coloring_book_builds_offline_with_interior_and_cover(scaffolded):
    out = scaffolded / "build" / "ocean-animals"
    assert "error" not in (scaffolded / "build-output.txt").read_text()
    facts = _facts(out / "interior.pdf")
    assert facts.page_count >= 24
    assert (out / "cover.pdf").stat().st_size > 50_000
    manifest = json.loads((out / "manifest.json").read_text())
    kinds = [t["task"].split("/")[-1].split(":")[0] for t in manifest["tasks"]]
    assert kinds.count("coloring-page") == 10 and {"cover-art", "interior", "cover", "validate"} <= set(kinds)
    assert manifest["print"]["ink"] == "bw"


def test_single_sided_layout_puts_every_picture_on_a_right_hand_page_with_a_blank_back(scaffolded):
    facts = _facts(scaffolded / "build" / "ocean-animals" / "interior.pdf")
    pictures = [p.number for p in facts.pages if p.images]
    assert len(pictures) == 10
    assert all(n % 2 == 1 for n in pictures), pictures
    for n in pictures:
        back = facts.pages[n]  # page n + 1
        assert not back.has_content, f"page {n + 1}, the back of picture page {n}, is not blank"
    # title, copyright, "this book belongs to" (right-hand) and its blank back come first
    texts = [" ".join(t.text for t in p.visible_texts) for p in facts.pages[:4]]
    assert "Ocean Animals" in texts[0] and "All rights reserved" in texts[1]
    assert "This book belongs to" in texts[2] and not facts.pages[3].has_content


def test_interior_is_pure_black_line_art_at_300_dpi(scaffolded):
    facts = _facts(scaffolded / "build" / "ocean-animals" / "interior.pdf")
    images = [i for p in facts.pages for i in p.images]
    assert images and all(i.colored is False for i in images)
    assert min(i.dpi for i in images) >= 299.9


def test_line_art_is_embedded_1_bit_as_the_cached_png_holds_it(scaffolded):
    """One bit a pixel in the PDF, the PNG's own compressed rows (not decoded and compressed again)."""
    import zlib

    from pypdf import PdfReader

    from bookbuild.render.embed import png_data

    build = scaffolded / "build" / "ocean-animals"
    pictures = {}
    for page in PdfReader(build / "interior.pdf").pages:
        for ref in (page["/Resources"].get("/XObject") or {}).values():
            image = ref.get_object()
            if image.get("/Subtype") == "/Image":
                pictures[ref.idnum] = image
    assert len(pictures) == 10
    cached = [png_data(p.read_bytes()) for p in (scaffolded / ".bookbuild" / "cache").rglob("*") if p.is_file() and p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"]
    streams = {c.data for c in cached if c is not None and c.bits == 1}
    for image in pictures.values():
        assert image["/BitsPerComponent"] == 1 and image["/ColorSpace"] == "/DeviceGray" and image["/Filter"] == "/FlateDecode"
        assert image["/DecodeParms"]["/BitsPerComponent"] == 1 and image["/DecodeParms"]["/Columns"] == image["/Width"]
        assert image._data in streams  # the cached PNG's data, byte for byte
        rows = zlib.decompress(image._data)
        assert len(rows) == image["/Height"] * (1 + (image["/Width"] + 7) // 8)


def test_validate_is_clean_and_a_rebuild_does_nothing(scaffolded, monkeypatch):
    monkeypatch.chdir(scaffolded)
    result = _cli("validate", "--format", "json")
    assert result.exit_code == 0, result.output
    # clean but for the author `new` leaves for the user to fill in
    assert [(f["rule"], f["severity"], f["file"]) for f in json.loads(result.stdout)["findings"]] == [("metadata-placeholder", "warning", "book.yaml")]
    again = _cli("build")
    assert "nothing to do, every task cached" in again.output


def test_double_sided_and_optional_pages_change_the_plan(scaffolded, tmp_path, monkeypatch):
    """Reuses the scaffold's cache: only the pages whose content changes are redrawn."""
    root = tmp_path / "repo"
    shutil.copytree(scaffolded, root, ignore=shutil.ignore_patterns("build"))
    book = root / "books" / "ocean-animals" / "book.yaml"
    text = book.read_text().replace("single_sided: true ", "single_sided: false").replace("test_colour_page: false", "test_colour_page: true ")
    book.write_text(text)
    monkeypatch.chdir(root)
    result = _cli("build")
    assert result.exit_code == 0, result.output
    facts = _facts(root / "build" / "ocean-animals" / "interior.pdf")
    pictures = [p.number for p in facts.pages if p.images]
    assert len(pictures) == 24 - 6  # title, copyright, belongs-to, a blank, the test page and its blank back
    assert pictures == list(range(pictures[0], pictures[0] + len(pictures)))  # back to back
    test_page = next(p for p in facts.pages if "Test your colors" in " ".join(t.text for t in p.visible_texts))
    assert test_page.number % 2 == 1 and not facts.pages[test_page.number].has_content


def test_coloring_options_errors_name_the_key_and_line(tmp_path, monkeypatch):
    write_files(tmp_path, {
        "bookbuild.toml": 'cache_dir = ".cache"\n',
        "books/bad/book.yaml": """
            title: Bad
            author: A
            type: coloring
            page_count: 24
            trim: 8.5x11
            coloring:
              styles: [mandla, animals]
              line_weight_pt: 0.5
              colour_page: true
        """,
    })  # fmt: skip
    monkeypatch.chdir(tmp_path)
    result = _cli("build")
    assert result.exit_code == 2
    out = result.output
    # The same file:line: key: message as top-level keys, each nested key on its own line.
    assert "books/bad/book.yaml:7: coloring.styles: 'mandla' is not a style (did you mean 'mandala'?)" in out
    assert "books/bad/book.yaml:8: coloring.line_weight_pt: 0.5 pt is thinner than KDP's minimum of 0.75 pt" in out
    assert "books/bad/book.yaml:9: coloring.colour_page: unknown key" in out
    assert "Traceback" not in out


def test_too_few_pictures_for_kdp_blank_page_limit_is_a_spec_error(tmp_path, monkeypatch):
    write_files(tmp_path, {
        "bookbuild.toml": 'cache_dir = ".cache"\n',
        "books/thin/book.yaml": "title: Thin\nauthor: A\ntype: coloring\npage_count: 48\ntrim: 8.5x11\ncoloring:\n  pictures: 3\n",
    })  # fmt: skip
    monkeypatch.chdir(tmp_path)
    result = _cli("plan")
    assert result.exit_code == 2
    assert "books/thin/book.yaml: coloring.pictures: 3 pictures leave 39 blank pages at the end; KDP allows at most 10" in result.output
    assert "make at least 18 pictures (coloring.pictures), or leave it out to fill the book" in result.output


def test_source_assets_says_how_many_images_the_page_count_needs(tmp_path, monkeypatch):
    from PIL import Image

    write_files(tmp_path, {
        "bookbuild.toml": 'cache_dir = ".cache"\n',
        "books/mine/book.yaml": "title: Mine\nauthor: A\ntype: coloring\npage_count: 24\ntrim: 6x9\ncoloring:\n  source: assets\n  belongs_to_page: false\n",
    })  # fmt: skip
    for i in range(3):
        (tmp_path / "books/mine/assets").mkdir(exist_ok=True)
        Image.new("L", (60, 80), 255).save(tmp_path / f"books/mine/assets/drawing-{i}.png")
    monkeypatch.chdir(tmp_path)
    result = _cli("plan")
    assert result.exit_code == 2
    assert "coloring.source: 3 pictures leave 17 blank pages at the end" in result.output
    assert "add at least 4 more images to assets/ (24 pages need 7 pictures)" in result.output


def _designs_and_promises(root: Path, slug: str):
    from bookbuild.plugins.coloring_book.checks import promised_subjects
    from bookbuild.plugins.coloring_book.options import options_for
    from bookbuild.plugins.coloring_book.tasks import offline_design
    from bookbuild.project import Project

    project = Project.open(root)
    book = project.load_books([slug])[0]
    designs = [offline_design(book, options_for(book), i) for i in range(1, 14)]
    return designs, promised_subjects(book, project)


def test_the_animals_a_description_promises_are_drawn():
    """The sample's description names fish, turtles and octopuses: the first animal pages
    draw them, and validate has nothing to say."""
    from helpers import REPO

    designs, findings = _designs_and_promises(REPO, "ocean-animals-coloring")
    animals = [d["animal"] for d in designs if d["style"] == "animals"]
    assert animals[:3] == ["fish", "turtle", "octopus"]
    assert findings == []


@pytest.mark.parametrize(("styles", "description", "missing"), [
    ("[mandala, pattern]", "Turtles and whales to colour.", "turtle, whale"),
    ("[animals, mandala]", "A cat, a bunny and a butterfly, and an owl, a snail and a turtle, and a crab too.", "turtle, crab"),
])  # fmt: skip
def test_a_promised_animal_no_page_draws_is_a_warning(tmp_path, styles, description, missing):
    book = f"""
        title: Promises
        author: Test Author
        type: coloring
        page_count: 24
        trim: 8.5x11
        bleed: false
        description: {description}
        coloring:
          styles: {styles}
          test_colour_page: false
    """
    write_files(tmp_path, {"bookbuild.toml": 'cache_dir = ".cache"\n', "books/promises/book.yaml": book})
    _, findings = _designs_and_promises(tmp_path, "promises")
    assert [(f.rule, f.severity, f.file) for f in findings] == [("coloring-subjects", "warning", "book.yaml")]
    assert f"promise {missing}, but none of the" in findings[0].message and "coloring.subjects" in findings[0].message


def _notes_and_book(root: Path, monkeypatch):
    """The notes the page tasks left (a rebuild, every task cached) and the book."""
    from bookbuild.engine.build import build
    from bookbuild.notes import merge
    from bookbuild.project import Project

    monkeypatch.chdir(root)
    project = Project.open(root)
    report = build(project).books[0]
    assert all(r.cached for r in report.results)
    return merge(r.output.value for r in report.results if r.task.notes), report.book


def _counting_measurements(monkeypatch) -> list:
    from bookbuild.plugins.coloring_book.lineart import measure

    measured = []
    original = measure.measure_picture
    monkeypatch.setattr(measure, "measure_picture", lambda *args: measured.append(args) or original(*args))
    return measured


def test_validate_takes_the_page_tasks_measurements_for_the_pictures_they_made(scaffolded, monkeypatch):
    from bookbuild.plugins.coloring_book.checks import check_interior

    notes, book = _notes_and_book(scaffolded, monkeypatch)
    pictures = {key: value for key, value in notes.items() if key.startswith("coloring.line-art:")}
    assert len(pictures) == 10 and len([k for k in notes if k.startswith("coloring.")]) == 11  # and the interior task's (below)
    measured = _counting_measurements(monkeypatch)
    assert check_interior(book, scaffolded / "build" / "ocean-animals" / "interior.pdf", pictures) == []
    assert measured == []  # every picture in the PDF was one a page task measured
    assert check_interior(book, scaffolded / "build" / "ocean-animals" / "interior.pdf") == []
    assert len(measured) == 10  # without notes: each measured here, with the same (clean) answer


def test_the_interior_task_leaves_its_pdfs_findings_and_validate_reads_no_picture(scaffolded, monkeypatch):
    """The interior task checks the PDF it made (while the cover is drawn); validate finds
    the note for the very same bytes and reads no picture from the file."""
    from bookbuild.plugins.coloring_book import checks

    notes, book = _notes_and_book(scaffolded, monkeypatch)
    interior = [key for key in notes if key.startswith("coloring.interior-findings:")]
    assert len(interior) == 1 and notes[interior[0]] == []
    read = []
    original = checks._placed_images
    monkeypatch.setattr(checks, "_placed_images", lambda pdf: read.append(pdf) or original(pdf))
    assert checks.check_interior(book, scaffolded / "build" / "ocean-animals" / "interior.pdf", notes) == []
    assert read == []
    copy = scaffolded / "interior-copy.pdf"  # a PDF with one more byte is another PDF: read and checked
    copy.write_bytes((scaffolded / "build" / "ocean-animals" / "interior.pdf").read_bytes() + b"\n")
    assert checks.check_interior(book, copy, notes) == [] and len(read) == 1


@pytest.mark.parametrize("spoil", ["hairline", "grey"])
def test_a_picture_swapped_after_the_build_is_measured_and_caught(scaffolded, monkeypatch, tmp_path, spoil):
    """The note is for the pixels the page task made: a picture changed in the PDF (here a
    hairline drawn across it, or grey shading painted on it) has none, and is measured."""
    import zlib

    from PIL import Image, ImageDraw
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, NumberObject

    from bookbuild.plugins.coloring_book.checks import _placed_images, check_interior

    notes, book = _notes_and_book(scaffolded, monkeypatch)
    source = scaffolded / "build" / "ocean-animals" / "interior.pdf"
    first = next(_placed_images(source))
    picture = Image.fromarray(first.pixels.copy())
    draw = ImageDraw.Draw(picture)
    if spoil == "hairline":
        draw.line([(40, 40), (picture.width - 40, picture.height - 40)], fill=0, width=1)
    else:
        draw.ellipse([200, 200, 900, 900], fill=140)
    writer = PdfWriter(clone_from=source)
    page = writer.pages[first.page - 1]
    image = next(ref.get_object() for ref in page["/Resources"]["/XObject"].values() if ref.get_object()["/Subtype"] == "/Image")
    bits = 1 if spoil == "hairline" else 8
    data = picture.convert("1", dither=Image.Dither.NONE).tobytes() if bits == 1 else picture.tobytes()
    image._data = zlib.compress(data)  # the rows as they are: no PNG predictor
    del image["/DecodeParms"]
    image[NameObject("/BitsPerComponent")] = NumberObject(bits)
    swapped = tmp_path / "interior.pdf"
    writer.write(swapped)
    measured = _counting_measurements(monkeypatch)
    found = check_interior(book, swapped, notes)
    assert len(measured) == 1  # the swapped picture; the other 9 have their notes
    rule = "line-weight" if spoil == "hairline" else "line-art-grey"
    assert (rule, "error", first.page) in [(f.rule, f.severity, f.page) for f in found]
    assert {f.page for f in found} == {first.page}  # (a hairline also cuts shapes too small to colour)
    # An interior task that made this PDF would have left these findings, to the letter.
    from bookbuild.plugins.coloring_book.checks import interior_note

    left = interior_note(book, swapped.read_bytes(), notes)
    assert check_interior(book, swapped, left) == found and len(measured) == 2
