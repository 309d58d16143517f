"""Books across trims, inks, paper, bleed and page counts, read back the way a printer or a
KDP reviewer would: poppler (pdfinfo -box, pdffonts, pdftotext -bbox, pdfimages -list,
pdftoppm), qpdf --check and Ghostscript's inkcov device, not bookbuild's own reader.

scripts/test-deps.sh installs the tools (CI runs it); without them these tests skip.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bookbuild.kdp import geometry, table
from helpers.print_matrix import Variant, build_variants

TOOLS = ("pdfinfo", "pdffonts", "pdftotext", "pdfimages", "pdftoppm", "qpdf", "gs")
pytestmark = pytest.mark.skipif(any(shutil.which(t) is None for t in TOOLS), reason="needs poppler-utils, qpdf and ghostscript (scripts/test-deps.sh)")

PT = 72.0
VARIANTS = [
    Variant("p5x8", trim="5x8"),
    Variant("p6x9-bw", trim="6x9", ink="bw"),
    Variant("p6x9-nobleed", trim="6x9", bleed=False),
    Variant("p85-cream-120", pages=120, ink="bw", paper="cream"),
    Variant("p825x6-120", trim="8.25x6", pages=120, age="6-8"),
    Variant("c6x9-gb", trim="6x9", type="coloring", ink="bw", bleed=False, language="en-GB"),
]
PICTURE = [v for v in VARIANTS if v.type == "picture"]
BY_SLUG = {v.slug: v for v in VARIANTS}


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("matrix") / "repo"
    report = build_variants(root, VARIANTS)
    assert report.ok, [r.error for b in report.books for r in b.failed]
    return root / "build"


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def trim_of(v: Variant) -> table.Trim:
    return table.TRIMS[v.trim]


def cover_box(v: Variant) -> geometry.CoverBox:
    return geometry.cover(trim_of(v), v.pages, v.ink, v.paper)


def boxes(pdf: Path) -> list[dict[str, tuple[float, ...]]]:
    """pdfinfo -box of every page, in inches."""
    out = run("pdfinfo", "-box", "-f", "1", "-l", "9999", pdf)
    pages: dict[int, dict[str, tuple[float, ...]]] = {}
    for m in re.finditer(r"Page\s+(\d+)\s+(MediaBox|BleedBox|TrimBox):\s+([\d.\s-]+)", out):
        pages.setdefault(int(m.group(1)), {})[m.group(2)] = tuple(round(float(x) / PT, 3) for x in m.group(3).split())
    return [pages[n] for n in sorted(pages)]


def words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """pdftotext -bbox: (word, left, top, right, bottom) in inches."""
    out = run("pdftotext", "-bbox", "-f", page, "-l", page, pdf, "-")
    return [(html_unescape(m.group(5)), *(float(m.group(i)) / PT for i in range(1, 5))) for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def render(pdf: Path, dpi: int, page: int = 1):
    from PIL import Image

    prefix = pdf.parent / f"_render-{pdf.stem}-{dpi}-{page}"
    run("pdftoppm", "-r", dpi, "-f", page, "-l", page, "-singlefile", "-png", pdf, prefix)
    return Image.open(f"{prefix}.png").convert("RGB")


# -- page boxes, file, fonts, text ----------------------------------------------------------


@pytest.mark.parametrize("slug", list(BY_SLUG))
def test_trim_box_is_the_trim_and_bleed_box_the_page(books, slug):
    v = BY_SLUG[slug]
    t = trim_of(v)
    b = table.BLEED_IN if v.bleed else 0.0
    for number, page in enumerate(boxes(books / slug / "interior.pdf"), 1):
        x0, y0, x1, y1 = page["MediaBox"]
        assert (x1 - x0, y1 - y0) == pytest.approx((t.width + b, t.height + 2 * b), abs=0.002)
        tx0, ty0, tx1, ty1 = page["TrimBox"]
        assert (tx1 - tx0, ty1 - ty0) == pytest.approx((t.width, t.height), abs=0.002)
        assert page["BleedBox"] == page["MediaBox"]
        # the bleed is on the outside edge: right of a right-hand (odd) page, left of a left-hand one
        assert tx0 == pytest.approx(0.0 if number % 2 else b, abs=0.002)
    [cover] = boxes(books / slug / "cover.pdf")
    box = cover_box(v)
    assert cover["TrimBox"] == pytest.approx((0.125, 0.125, box.width - 0.125, box.height - 0.125), abs=0.002)
    assert cover["BleedBox"] == cover["MediaBox"]


@pytest.mark.parametrize("slug", list(BY_SLUG))
def test_files_are_sound_and_fonts_whole_under_their_own_names(books, slug):
    for name in ("interior.pdf", "cover.pdf"):
        pdf = books / slug / name
        assert "No syntax or stream encoding errors" in run("qpdf", "--check", pdf)
        rows = run("pdffonts", pdf).splitlines()[2:]
        assert rows, "no fonts"
        for row in rows:
            cells = row.split()
            emb, sub = cells[-5], cells[-4]
            assert (emb, sub) == ("yes", "no") and "+" not in cells[0], row  # embedded whole, no subset tag


def test_story_text_extracts_whole_words(books):
    """No ligatures: search, copy and the diff see "butterfly" and "first", not "butter y"."""
    text = run("pdftotext", books / "p5x8" / "interior.pdf", "-")
    assert "The first butterfly of the day flew past" in " ".join(text.split())
    assert "\ufb01" not in text and "\ufb02" not in text


# -- ink -------------------------------------------------------------------------------------


def ink_coverage(pdf: Path) -> list[tuple[float, float, float, float]]:
    out = run("gs", "-q", "-o", "-", "-sDEVICE=inkcov", "-r30", pdf)
    return [tuple(float(x) for x in line.split()[:4]) for line in out.splitlines() if line.strip().endswith("OK")]


def neutral(c: float, m: float, y: float) -> bool:
    """Ghostscript turns an RGB grey (the type) into equal C, M and Y under K; colour is unequal."""
    return abs(c - m) < 1e-3 and abs(m - y) < 1e-3


def test_black_ink_books_print_no_colour_at_all(books):
    for slug in ("p6x9-bw", "p85-cream-120", "c6x9-gb"):
        pages = ink_coverage(books / slug / "interior.pdf")
        assert pages and all(neutral(c, m, y) for c, m, y, _ in pages), (slug, pages[:6])
        assert any(k > 0.01 for *_, k in pages)  # the pictures are there, in grey or black
    colour = ink_coverage(books / "p5x8" / "interior.pdf")
    assert sum(1 for c, m, y, _ in colour if not neutral(c, m, y)) >= 3  # a colour book's story pages do use colour


# -- pictures ----------------------------------------------------------------------------------


def images(pdf: Path) -> list[dict[str, float]]:
    """pdfimages -list: page, size in px and the resolution it prints at."""
    rows = run("pdfimages", "-list", pdf).splitlines()[2:]
    found = []
    for row in rows:
        c = row.split()
        if c[2] == "image":
            found.append({"page": int(c[0]), "w": int(c[3]), "h": int(c[4]), "xppi": float(c[12]), "yppi": float(c[13])})
    return found


@pytest.mark.parametrize("slug", list(BY_SLUG))
def test_every_picture_is_made_at_the_size_it_is_printed(books, slug):
    for name in ("interior.pdf", "cover.pdf"):
        found = images(books / slug / name)
        assert found
        for image in found:  # 300 ppi, not 291 from a size made for another box
            assert 299 <= image["xppi"] <= 301 and 299 <= image["yppi"] <= 301, (name, image)


def test_no_bleed_pictures_sit_inside_the_margins(books):
    from bookbuild.kdp.preflight.inspect import read_pdf  # positions: PDFium (pdfimages gives no position)

    facts = read_pdf(books / "p6x9-nobleed" / "interior.pdf")
    box = geometry.interior_page(table.TRIMS["6x9"], 24, False)
    story = [p for p in facts.pages if p.images]
    assert len(story) == 3
    for page in story:
        left, top, right, bottom = page.images[0].box
        inside, outside = (left, page.width_in - right) if page.number % 2 else (page.width_in - right, left)
        assert inside >= box.gutter - 0.002 and outside >= box.outside - 0.002
        assert top >= box.outside - 0.002 and page.height_in - bottom >= box.outside - 0.002
    picture = render(books / "p6x9-nobleed" / "interior.pdf", 50, story[0].number)
    assert picture.getpixel((2, picture.height // 2)) == (255, 255, 255)  # paper at the trim edge, no art


# -- type fits the live area ----------------------------------------------------------------------


@pytest.mark.parametrize("slug", [v.slug for v in PICTURE] + ["c6x9-gb"])
def test_title_page_keeps_the_margins_at_every_trim(books, slug):
    v = BY_SLUG[slug]
    box = geometry.interior_page(trim_of(v), v.pages, v.bleed)
    found = words(books / slug / "interior.pdf", 1)
    assert any(w[0] == "Brave" for w in found)
    for word, left, top, right, bottom in found:  # page 1 is a right-hand page: gutter on the left
        assert left >= box.gutter - 0.002, (word, left)
        assert box.width - box.bleed - right >= box.outside - 0.002, (word, right)


@pytest.mark.parametrize("slug", ["p5x8", "p6x9-nobleed", "p825x6-120"])
def test_story_text_panel_leaves_most_of_the_picture_in_view(books, slug):
    v = BY_SLUG[slug]
    box = geometry.interior_page(trim_of(v), v.pages, v.bleed)
    page = render(books / slug / "interior.pdf", 30, 3)
    panel = sum(1 for px in page.get_flattened_data() if all(abs(a - b) <= 3 for a, b in zip(px, (255, 250, 240))))
    share = panel / (v_area := page.width * page.height)
    assert 0.08 < share <= 0.32, (slug, share, v_area)
    lines = [w for w in words(books / slug / "interior.pdf", 3)]
    assert all(box.gutter - 0.002 <= left for _, left, *_ in lines)  # page 3: right-hand, gutter on the left


# -- covers --------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", list(BY_SLUG))
def test_front_title_is_centred_and_inside_the_safe_area(books, slug):
    v = BY_SLUG[slug]
    box = cover_box(v)
    front = [w for w in words(books / slug / "cover.pdf", 1) if w[1] > box.front_left]
    for _, left, top, right, bottom in front:
        assert left - box.front_left >= 0.25 and box.width - 0.125 - right >= 0.25 and top >= 0.375
    lines: dict[float, list] = {}
    for w in front:
        lines.setdefault(round(w[4], 2), []).append(w)
    title = [line for line in lines.values() if any(w[0] in ("Brave", "Very", "Winter") for w in line)]
    assert len(title) >= 2
    centre = box.front_left + box.trim_width / 2
    for line in title:  # each line of the title centred on the front panel
        middle = (min(w[1] for w in line) + max(w[3] for w in line)) / 2
        assert middle == pytest.approx(centre, abs=0.03)


@pytest.mark.parametrize("slug", list(BY_SLUG))
def test_back_cover_has_blurb_ages_and_author_and_a_clear_barcode_box(books, slug):
    v = BY_SLUG[slug]
    box = cover_box(v)
    back = " ".join(w[0] for w in words(books / slug / "cover.pdf", 1) if w[3] < box.spine_left)
    assert "Pip the little fox is afraid of the dark." in back
    assert "For ages " + v.age in back and "by Rosa Linden" in back
    dpi = 40
    image = render(books / slug / "cover.pdf", dpi)
    left, top, right, bottom = (round(x * dpi) for x in box.barcode_box())
    for y in range(top + 1, bottom - 1):  # nothing there but the background, which runs top to bottom
        row = [image.getpixel((x, y)) for x in range(left + 1, right - 1)]
        assert max(max(abs(a - b) for a, b in zip(px, row[0])) for px in row) <= 6, (slug, y)
    if v.type == "picture":
        assert any(image_["page"] == 1 and image_["w"] < image_["h"] * 2 for image_ in images(books / slug / "cover.pdf"))


@pytest.mark.parametrize("slug", list(BY_SLUG))
def test_spine_continues_the_background_next_to_it(books, slug):
    """No strip of its own colour: KDP's fold may land 0.0625 in either way."""
    box = cover_box(geometry_variant := BY_SLUG[slug])
    dpi = 100
    image = render(books / slug / "cover.pdf", dpi)
    spine_x = round((box.spine_left + box.spine / 2) * dpi)
    back_x = round((box.spine_left - 0.1) * dpi)
    for y in range(round(0.5 * dpi), round((box.height - 0.5) * dpi), 25):
        if geometry_variant.pages >= 100:
            continue  # a spine with text: checked by the ink test below
        spine, back = image.getpixel((spine_x, y)), image.getpixel((back_x, y))
        assert max(abs(a - b) for a, b in zip(spine, back)) <= 12, (slug, y, spine, back)


@pytest.mark.parametrize("slug", ["p85-cream-120", "p825x6-120"])
def test_spine_text_ink_keeps_clear_of_both_folds_and_is_centred(books, slug):
    v = BY_SLUG[slug]
    box = cover_box(v)
    assert box.pages >= table.SPINE_TEXT_SAFE_PAGES
    dpi = 1200
    pdf = books / slug / "cover.pdf"
    x0, y0 = round((box.spine_left - 0.05) * dpi), round(1.0 * dpi)
    w, h = round((box.spine + 0.1) * dpi), round((box.height - 2.0) * dpi)
    prefix = pdf.parent / "_spine"
    run("pdftoppm", "-r", dpi, "-x", x0, "-y", y0, "-W", w, "-H", h, "-singlefile", "-png", pdf, prefix)
    from PIL import Image

    strip = Image.open(f"{prefix}.png").convert("RGB")
    ground = [strip.getpixel((2, y)) for y in range(strip.height)]  # the background left of the spine, per row
    ink_columns = [
        x for x in range(strip.width)
        if sum(1 for y in range(0, strip.height, 3) if max(abs(a - b) for a, b in zip(strip.getpixel((x, y)), ground[y])) > 80) >= 3
    ]  # fmt: skip
    assert ink_columns, "no spine text"
    ink_left = box.spine_left - 0.05 + ink_columns[0] / dpi
    ink_right = box.spine_left - 0.05 + (ink_columns[-1] + 1) / dpi
    back_gap, front_gap = ink_left - box.spine_left, box.front_left - ink_right
    assert min(back_gap, front_gap) >= table.SPINE_TEXT_MARGIN_IN, (back_gap, front_gap)
    assert abs(back_gap - front_gap) <= 0.01, (back_gap, front_gap)
    from bookbuild.kdp.preflight.inspect import read_pdf  # the type size: PDFium (poppler's bbox has none)

    spine = [r for r in read_pdf(pdf).pages[0].texts if r.box[0] > box.spine_left and r.box[2] < box.front_left]
    assert spine and min(r.size_pt for r in spine) >= table.MIN_FONT_PT - 0.01


def test_thin_books_carry_no_spine_text(books):
    for slug in ("p5x8", "p6x9-bw", "c6x9-gb"):
        box = cover_box(BY_SLUG[slug])
        on_spine = [w for w in words(books / slug / "cover.pdf", 1) if w[1] < box.front_left and w[3] > box.spine_left]
        assert on_spine == []


# -- language ---------------------------------------------------------------------------------------


def test_theme_words_follow_the_language(books, tmp_path):
    gb = " ".join(run("pdftotext", books / "c6x9-gb" / "interior.pdf", "-").split())
    assert "Test your colours" in gb and "a colouring book" in gb.lower() and "color " not in gb.lower() and "colors" not in gb.lower()
    cover = " ".join(run("pdftotext", books / "c6x9-gb" / "cover.pdf", "-").split())
    assert "pictures to colour" in cover


# -- every check on every book ---------------------------------------------------------------------


@pytest.mark.parametrize("slug", list(BY_SLUG))
def test_preflight_finds_nothing_but_the_short_story(books, slug):
    from bookbuild.kdp.preflight import PrintSpec, check_cover, check_interior

    v = BY_SLUG[slug]
    spec = PrintSpec.from_text(v.trim, v.bleed, v.paper, v.ink, coloring=v.type == "coloring")
    findings = check_interior(books / slug / "interior.pdf", spec) + check_cover(books / slug / "cover.pdf", spec, v.pages)
    # three story pages in a book of 24-120 leave blank pages at the end: that is the test's book, not the layout
    assert [f for f in findings if f.rule != "blank-pages"] == []
