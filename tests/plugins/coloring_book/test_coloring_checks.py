"""The line-art checks catch what would spoil a printed coloring page: grey shading,
hairlines, colour, specks, shapes too small to colour, black shapes a child cannot
colour (a filled eye, black cells along a pattern's edge), uneven line weight (beads,
bars, wedges where lines meet); a clean page passes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from bookbuild.kdp import table

PICTURE = (900, 1200)  # printed at 3 x 4 in: 300 DPI


def _clean() -> Image.Image:
    """Bold lines around big shapes, with room below the circle for the spoilers."""
    image = Image.new("L", PICTURE, 255)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([20, 20, 880, 1180], 60, outline=0, width=10)
    draw.ellipse([150, 150, 750, 750], outline=0, width=10)
    draw.line([(450, 150), (450, 750)], fill=0, width=10)
    return image


def _spoiled(clean: Image.Image) -> dict[str, Image.Image]:
    grey = clean.copy()
    ImageDraw.Draw(grey).ellipse([200, 300, 700, 800], fill=150)  # shading
    hairlines = clean.copy()
    draw = ImageDraw.Draw(hairlines)
    draw.line([(60, 100), (840, 1100)], fill=0, width=1)
    draw.line([(60, 600), (840, 600)], fill=0, width=1)
    colour = clean.convert("RGB")
    ImageDraw.Draw(colour).rectangle([300, 400, 600, 700], fill=(230, 40, 40))
    tiny = clean.copy()
    for x in (150, 450, 750):
        ImageDraw.Draw(tiny).rectangle([x - 28, 960, x + 28, 1016], outline=0, width=10)  # 0.12 in inside
    specks = clean.copy()
    for x, y in ((130, 900), (400, 1000), (700, 900)):
        ImageDraw.Draw(specks).rectangle([x, y, x + 2, y + 2], fill=0)
    black_eye = clean.copy()
    ImageDraw.Draw(black_eye).ellipse([520, 330, 680, 490], fill=0)  # a pupil 0.53 in across
    cells = clean.copy()
    for y in (300, 500, 700):  # black cells where a pattern meets the frame
        ImageDraw.Draw(cells).rectangle([20, y, 90, y + 90], fill=0)
    bar = clean.copy()
    ImageDraw.Draw(bar).rectangle([100, 200, 130, 1000], fill=0)  # a 0.1 in bar where lines are 0.03 in
    beads = clean.copy()
    draw = ImageDraw.Draw(beads)
    draw.line([(100, 950), (800, 950)], fill=0, width=10)
    for x in range(130, 800, 90):  # a line thickened in patches: 0.07 in where it is 0.03 in
        draw.rectangle([x, 940, x + 45, 960], fill=0)
    wedges = clean.copy()
    draw = ImageDraw.Draw(wedges)
    for x in (200, 450, 700):  # black wedges where a pattern's pieces meet the frame
        draw.polygon([(x - 30, 1175), (x + 30, 1175), (x, 1085)], fill=0)
    return {"clean": clean, "grey": grey, "hairlines": hairlines, "colour": colour, "tiny": tiny, "specks": specks,
            "black_eye": black_eye, "cells": cells, "bar": bar, "beads": beads, "wedges": wedges}  # fmt: skip


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> tuple[Path, list[str]]:
    """A 5x8 interior PDF with one picture per page, made by WeasyPrint like a real book."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    images = _spoiled(_clean())
    names = list(images)
    data = {}
    for name, image in images.items():
        out = io.BytesIO()
        image.save(out, "PNG")
        data[name] = out.getvalue()

    class Fetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return URLFetcherResponse(url, data[url.split(":", 1)[1]], {"Content-Type": "image/png"})

    style = "@page { size: 5in 8in; margin: 0 } section { position: relative; height: 8in; break-after: page } img { position: absolute; left: 1in; top: 2in; width: 3in; height: 4in }"
    body = "".join(f'<section><img src="pic:{n}"></section>' for n in names)
    path = tmp_path_factory.mktemp("checks") / "interior.pdf"
    path.write_bytes(HTML(string=f"<style>{style}</style>{body}", url_fetcher=Fetcher(allowed_protocols=("pic",))).write_pdf())
    return path, names


def _book(age_group: str = "3-5"):
    from bookbuild.spec.model import Book

    return Book(slug="t", root=Path("."), source="books/t/book.yaml", title="T", author="A", type="coloring", age_group=age_group,
                page_count=24, trim=table.TRIMS["5x8"], bleed=False, paper="white", ink="bw", book_theme="coloring-book")  # fmt: skip


@pytest.fixture(scope="module")
def findings(pages):
    from bookbuild.plugins import coloring_book as coloring
    from bookbuild.kdp.preflight import PrintSpec, check_interior

    path, names = pages
    ours = coloring.validate_pdf(book=_book(), role="interior", path=path, notes={})
    preflight = check_interior(path, PrintSpec.from_text("5x8", bleed=False, ink="bw", coloring=True))
    by_page: dict[str, list] = {name: [] for name in names}
    for finding in ours + preflight:
        if finding.page is not None:
            by_page[names[finding.page - 1]].append(finding)
    return by_page


def _rules(found) -> set[tuple[str, str]]:
    return {(f.rule, f.severity) for f in found}


def test_a_clean_page_has_no_findings(findings):
    assert findings["clean"] == []


def test_grey_shading_is_caught(findings):
    grey = [f for f in findings["grey"] if f.rule == "line-art-grey"]
    assert [f.severity for f in grey] == ["error"]
    assert "of the picture is grey" in grey[0].message and "from the left" in grey[0].message


def test_hairlines_are_caught_with_their_weight(findings):
    thin = [f for f in findings["hairlines"] if f.rule == "line-weight"]
    assert [f.severity for f in thin] == ["error"]
    assert "thinner than KDP's minimum of 0.75 pt, the thinnest about 0.24 pt" in thin[0].message
    assert "stroked vector lines are checked by preflight" in thin[0].message


def test_colour_is_caught_by_preflight_and_prints_as_grey(findings):
    assert ("color-in-bw", "warning") in _rules(findings["colour"])
    assert ("line-art-grey", "error") in _rules(findings["colour"])  # red on black ink is a mid grey


def test_shapes_too_small_for_the_age_group_are_caught(findings):
    small = [f for f in findings["tiny"] if f.rule == "line-art-region"]
    assert [f.severity for f in small] == ["warning"]
    assert "3 closed shape(s) are too small to colour for ages 3-5" in small[0].message


def test_specks_are_caught(findings):
    assert _rules(findings["specks"]) == {("line-art-specks", "warning")}
    assert "3 speck(s)" in findings["specks"][0].message


@pytest.mark.parametrize(("page", "rule", "detail"), [
    ("black_eye", "line-art-fill", "1 solid black area(s) wider than 0.125 in: the largest 0.53 x 0.53 in"),
    ("cells", "line-art-fill", "3 solid black area(s) wider than 0.125 in: the largest 0.24 x 0.31 in"),
    ("wedges", "line-art-fill", "3 solid black area(s) wider than 0.125 in"),
    ("bar", "line-art-weight", "uneven line weight: 1 bead(s), bar(s) or wedge(s) much thicker than the picture's 2.4 pt lines, the largest 0.10 x 2.67 in"),
    ("beads", "line-art-weight", "much thicker than the picture's 2.4 pt lines"),
])  # fmt: skip
def test_black_shapes_bars_and_beads_are_caught(findings, page, rule, detail):
    found = [f for f in findings[page] if f.rule == rule]
    assert [f.severity for f in found] == ["warning"]
    assert detail in found[0].message and "from the left" in found[0].message


def test_beads_are_counted_and_a_clean_page_has_no_blots(findings):
    beads = next(f for f in findings["beads"] if f.rule == "line-art-weight")
    assert int(beads.message.split("uneven line weight: ")[1].split(" ")[0]) >= 7  # one per patch
    assert not {"line-art-fill", "line-art-weight"} & {f.rule for f in findings["clean"] + findings["tiny"] + findings["specks"]}


def test_older_children_may_colour_smaller_shapes(pages):
    from bookbuild.plugins import coloring_book as coloring

    path, names = pages
    found = coloring.validate_pdf(book=_book("9-12"), role="interior", path=path, notes={})
    assert not [f for f in found if f.rule == "line-art-region"]


def test_only_coloring_interiors_are_checked(pages):
    from dataclasses import replace

    from bookbuild.plugins import coloring_book as coloring

    path, _ = pages
    assert coloring.validate_pdf(book=replace(_book(), type="picture"), role="interior", path=path, notes={}) == []
    assert coloring.validate_pdf(book=_book(), role="cover", path=path, notes={}) == []


def test_a_note_is_taken_only_for_its_own_pixels_at_its_own_resolution(pages):
    """Notes (bookbuild.notes) are keyed by the pixels and the resolution measured: a note
    for a clean picture says nothing about a spoiled one, nor one for another resolution."""
    from bookbuild.plugins import coloring_book as coloring
    from bookbuild.plugins.coloring_book.lineart import measure, morph
    from bookbuild.plugins.coloring_book.options import options_for

    path, names = pages
    limits = (options_for(_book()).min_shape_in, options_for(_book()).line_weight_pt)
    spoiled = _spoiled(_clean())
    clean = measure.measure_picture(morph.as_array(_clean()), 300.0, *limits).to_json()

    def rules(notes) -> set:
        found = coloring.validate_pdf(book=_book(), role="interior", path=path, notes=notes)
        return {(names[f.page - 1], f.rule) for f in found}

    grey_pixels = morph.as_array(spoiled["grey"])
    elsewhere = {measure.note_key(grey_pixels, 150.0, *limits): clean, measure.note_key(morph.as_array(_clean()), 300.0, *limits): clean}
    assert rules(elsewhere) == rules({})  # the grey picture's note is for 150 DPI; it prints at 300
    assert ("grey", "line-art-grey") in rules(elsewhere)
    # A note under the grey picture's own key at 300 DPI is taken as its measurement (here a
    # false one, to show it): the check does not measure those pixels again.
    taken = rules({measure.note_key(grey_pixels, 300.0, *limits): clean})
    assert not {r for r in taken if r[0] == "grey"}
    assert taken == {r for r in rules({}) if r[0] != "grey"}


@pytest.mark.parametrize("design", [{"style": "animals", "animal": "turtle"}, {"style": "mandala"}, {"style": "pattern", "tiling": "waves"}, "hairlines", "specks"])
@pytest.mark.parametrize("dpi", [150, 300])
def test_the_quick_answer_for_clean_line_art_is_the_full_measurement(design, dpi, monkeypatch):
    """line_report answers at once when the only thin ink is bumps on lines (round ends,
    crests); what it answers must be what labelling every thin piece finds."""
    import math

    from bookbuild.plugins.coloring_book.draw import line_art_array
    from bookbuild.plugins.coloring_book.lineart import measure, pipeline

    size = (int(4 * dpi), int(5 * dpi))
    if isinstance(design, dict):
        picture = line_art_array(design, "seed", 2, size, {"dpi": dpi})
    else:
        drawn = Image.new("L", size, 255)
        draw = ImageDraw.Draw(drawn)
        weight = math.ceil(1.5 / 72 * dpi)
        draw.ellipse([dpi // 2, dpi // 2, 3 * dpi, 3 * dpi], outline=0, width=weight)
        if design == "hairlines":
            draw.line([(dpi // 3, 4 * dpi), (3 * dpi, 4 * dpi + 20)], fill=0, width=1)
        else:
            for x in range(dpi // 2, 3 * dpi, dpi // 3):
                draw.point((x, 4 * dpi), fill=0)
        picture = drawn
    quick = measure.line_report(picture, dpi)
    monkeypatch.setattr(measure, "without_tips", lambda ink, thin, tip_px: thin)  # the quick answer only when no thin ink at all
    full = measure.line_report(picture, dpi)
    assert quick == full
    if design == "hairlines":
        assert full.too_thin or full.under_warning
    if design == "specks":
        assert full.specks
