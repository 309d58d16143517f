"""Every picture source ends as clean line art: offline drawings, the author's own
images, and AI images (a fake provider that returns grey, photo-like pictures)."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw, ImageFilter

from helpers import write_files
from helpers.line_art import AI_BOOK, assert_clean_line_art, photo_like

SIZE = (900, 1200)  # 3 x 4 in at 300 DPI: small enough to be quick
LINE_ART = {"line_pt": 2.25, "min_region_in": 0.3, "trace": "auto", "threshold": None, "dpi": 300}


def _cli(*args: str):
    from bookbuild.cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def mid_grey_share(image: Image.Image) -> float:
    histogram = image.convert("L").histogram()
    return sum(histogram[48:208]) / sum(histogram)


# -- offline --------------------------------------------------------------------------


SMALL_TRIM_ART = (1162, 2010)  # the picture box of a 5x8 book: the smallest the drawings must fit
AGES = {"0-2": {**LINE_ART, "line_pt": 3.0, "min_region_in": 0.5}, "9-12": {**LINE_ART, "line_pt": 1.0, "min_region_in": 0.12}}
ANIMALS = ("fish", "turtle", "whale", "octopus", "crab", "jellyfish", "starfish", "snail", "owl", "cat", "bunny", "butterfly")
TILINGS = ("hexagons", "scales", "diamonds", "triangles", "bricks", "waves", "stars", "squares")
SCENES = (["sea", "octopus", "fish", "crab"], ["sea", "turtle", "whale", "starfish"], ["meadow", "bunny"], ["night", "owl"])


@pytest.mark.parametrize("design", [
    *({"style": "animals", "animal": a} for a in ANIMALS),
    *({"style": "pattern", "tiling": t} for t in TILINGS),
    {"style": "mandala"},
])  # fmt: skip
def test_offline_designs_are_clean_line_art(design):
    """No shape too small to colour, no black shape, no bead, bar or wedge: for ages 3-5 in
    the smallest trim's picture box."""
    from bookbuild.plugins.coloring_book.draw import render

    assert_clean_line_art(render(design, "seed", 1, SMALL_TRIM_ART, LINE_ART))


@pytest.mark.parametrize(("scene", "seed"), [(scene, seed) for scene in SCENES for seed in ("a", "b")])
def test_offline_scenes_are_clean_line_art_on_a_letter_page(scene, seed):
    from bookbuild.plugins.coloring_book.draw import render

    design = {"style": "scenes", "scene": scene[0], "animals": scene[1:]}
    assert_clean_line_art(render(design, seed, 1, (2212, 2910), LINE_ART))


@pytest.mark.parametrize(("age", "size", "design"), [
    ("0-2", (2212, 2910), {"style": "animals", "animal": "whale"}),
    ("0-2", (2212, 2910), {"style": "pattern", "tiling": "triangles"}),
    ("0-2", (2212, 2160), {"style": "mandala"}),
    ("9-12", SMALL_TRIM_ART, {"style": "mandala"}),
    ("9-12", SMALL_TRIM_ART, {"style": "pattern", "tiling": "stars"}),
    ("9-12", SMALL_TRIM_ART, {"style": "scenes", "scene": "sea", "animals": ["turtle", "fish", "crab"]}),
])  # fmt: skip
def test_offline_designs_follow_the_age_groups_line_and_shape_sizes(age, size, design):
    from bookbuild.plugins.coloring_book.draw import render

    options = AGES[age]
    assert_clean_line_art(render(design, "seed", 1, size, options), options["min_region_in"], options["line_pt"])


def test_offline_pages_are_reproducible_and_vary_with_the_seed():
    from bookbuild.plugins.coloring_book.draw import render

    design = {"style": "mandala"}
    first = render(design, "seed", 1, SIZE, LINE_ART)
    assert render(design, "seed", 1, SIZE, LINE_ART) == first
    assert render(design, "another seed", 1, SIZE, LINE_ART) != first


def test_offline_subjects_pick_the_animal_and_book_words_pick_sea_or_land():
    from bookbuild.plugins.coloring_book.draw.choose import plan_design

    assert plan_design("animals", "a happy sea turtle", "", "s", 0) == {"style": "animals", "animal": "turtle"}
    sea = plan_design("scenes", "", "Ocean Animals under the sea", "s", 0)
    assert sea["scene"] == "sea"
    land = {plan_design("animals", "", "Farm Friends", "s", i)["animal"] for i in range(6)}
    assert land and not land & {"whale", "octopus", "crab", "jellyfish"}
    assert len(land) == 6  # six animal pages, six different animals


def test_younger_readers_get_thicker_lines():
    from bookbuild.plugins.coloring_book.draw import render

    def ink_share(line_pt: float, shape_in: float) -> float:
        png = render({"style": "pattern", "tiling": "squares"}, "s", 1, SIZE, {**LINE_ART, "line_pt": line_pt, "min_region_in": shape_in})
        image = Image.open(io.BytesIO(png))
        return image.histogram()[0] / (image.width * image.height)

    assert ink_share(3.0, 0.5) > ink_share(1.0, 0.5)


# -- the author's images --------------------------------------------------------------


def test_a_photo_becomes_closed_outlines():
    from bookbuild.plugins.coloring_book.pictures import trace_png

    source = photo_like()
    assert mid_grey_share(source) > 0.5
    out = assert_clean_line_art(trace_png(_png(source), SIZE, LINE_ART))
    from bookbuild.plugins.coloring_book.lineart.regions import find_regions

    shapes = [r for r in find_regions(out, 255) if not r.touches_border]
    assert len(shapes) >= 3, "the ball, the box and the roof should be shapes to colour"


def test_a_scanned_drawing_keeps_its_lines_and_loses_its_dirt():
    from bookbuild.plugins.coloring_book.pictures import trace_png

    drawing = Image.new("L", (600, 800), 235)  # off-white paper
    draw = ImageDraw.Draw(drawing)
    draw.ellipse([100, 150, 500, 550], outline=30, width=2)  # a thin pen line
    draw.line([(300, 150), (300, 550)], fill=60, width=1)  # a hairline
    for x, y in ((50, 50), (560, 700), (420, 90)):
        draw.point((x, y), fill=0)  # specks of dust
    drawing = drawing.filter(ImageFilter.GaussianBlur(0.6))  # a scanner's soft edges
    out = assert_clean_line_art(trace_png(_png(drawing), SIZE, LINE_ART))
    middle = [out.getpixel((x, SIZE[1] // 2)) for x in range(SIZE[0] // 2 - 60, SIZE[0] // 2 + 60)]
    assert middle.count(0) >= 9, "the hairline through the middle is kept, and thickened to 2.25 pt"


def test_lines_of_the_books_weight_keep_their_round_ends_and_smooth_curves():
    """Thin runs across a round line end, a curve's crest or a corner are how a line of the
    right weight ends and bends: they grow no square knob. A hairline still thickens."""
    import math

    from bookbuild.kdp import table
    from bookbuild.plugins.coloring_book.lineart import morph
    from bookbuild.plugins.coloring_book.lineart.pipeline import LineArtOptions, thicken

    options = LineArtOptions()
    weight = options.line_px
    picture = Image.new("L", (900, 700), 255)
    draw = ImageDraw.Draw(picture)
    ends = [((80, 90), (380, 210)), ((120, 330), (420, 260)), ((500, 80), (530, 300))]
    for start, end in ends:  # straight strokes with round ends, as a pen draws them
        draw.line([start, end], fill=0, width=weight)
        for x, y in (start, end):
            draw.ellipse([x - weight / 2, y - weight / 2, x + weight / 2, y + weight / 2], fill=0)
    wave = [(x, 480 + 40 * math.sin(x / 45)) for x in range(60, 860, 4)]
    draw.line(wave, fill=0, width=weight, joint="curve")
    pentagon = [(700 + 90 * math.cos(a), 200 + 90 * math.sin(a)) for a in (math.radians(-90 + 72 * i) for i in range(6))]
    draw.line(pentagon, fill=0, width=weight, joint="curve")
    draw.line([(100, 640), (800, 610)], fill=0, width=1)  # a hairline
    ink = morph.binary(picture)

    floor = math.ceil(table.WARN_LINE_WEIGHT_PT / 72 * options.dpi - 1e-6)
    out = thicken(ink, weight, floor)

    beside = morph.ink_in_a_not_b(out, morph.grow_ink(ink, 3))  # ink added more than a pixel outside a line
    above = beside[:600]
    assert morph.ink_pixels(above) == 0, f"{morph.ink_pixels(above)} pixels of knobs on lines of full weight"
    across = [x for x in range(100, 800, 50)]
    assert all(sum(out[y, x] == morph.INK for y in range(590, 660)) >= floor for x in across), "the hairline is thickened"


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# -- AI, through a provider plugin ----------------------------------------------------

FAKE_PROVIDER = '''
import json
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from bookbuild import hookimpl
from bookbuild.providers import BaseProvider, Generated

LOG = Path(__file__).parent / "requests.jsonl"


class GreyPhotos(BaseProvider):
    """Answers every image request with a grey, shaded, noisy photo, as an AI model might."""

    name = "grey-photos"
    version = "1"
    paid = True
    cpu_bound = False

    def params(self, kind):
        return {"model": "fake-image-1"}

    def estimate(self, kind, request):
        return 0.04

    def write_story(self, request):
        raise NotImplementedError

    def draw_image(self, request):
        with LOG.open("a") as log:
            log.write(json.dumps(request.to_json()) + "\\n")
        return Generated(photo_like(seed=len(LOG.read_text().splitlines())), usage={"images": 1, "cost": 0.04})


@hookimpl
def register_providers():
    return [GreyPhotos()]
'''

@pytest.fixture(scope="module")
def ai_book(tmp_path_factory) -> Path:
    import inspect
    import os

    root = tmp_path_factory.mktemp("ai") / "repo"
    plugin = FAKE_PROVIDER + "\n\n" + inspect.getsource(photo_like)  # the plugin draws with the same function
    write_files(root, {"bookbuild.toml": 'cache_dir = ".cache"\n', "books/sea/book.yaml": AI_BOOK, "plugins/grey_photos.py": plugin})
    drawing = Image.new("L", (1300, 1900), 255)  # 300 DPI where it prints: no image-resolution finding
    ImageDraw.Draw(drawing).ellipse([20, 20, 1280, 1880], outline=0, width=2)
    (root / "books/sea/assets").mkdir()
    drawing.save(root / "books/sea/assets/page-01.png")  # picture 1: the author's own drawing
    old = os.getcwd()
    os.chdir(root)
    os.environ["BOOKBUILD_PROVIDER"] = "grey-photos"
    try:
        plan = _cli("plan")
        built = _cli("build")
    finally:
        os.chdir(old)
        del os.environ["BOOKBUILD_PROVIDER"]
    (root / "plan.txt").write_text(plan.output)
    assert built.exit_code == 0, built.output
    return root


def test_ai_pages_go_through_the_provider_and_are_counted_as_ai_calls(ai_book):
    requests = [json.loads(line) for line in (ai_book / "plugins/requests.jsonl").read_text().splitlines()]
    assert len(requests) == 10  # 11 pictures; picture 1 is the author's own image
    assert {r["purpose"] for r in requests} == {"coloring"} and {r["text_zone"] for r in requests} == {"none"}
    prompts = {r["prompt"].split(".")[0] for r in requests}
    assert prompts == {"a sea turtle", "an octopus"}
    assert "A black and white coloring page for children aged 3-5" in requests[0]["prompt"]
    assert all(r["width"] < r["height"] for r in requests)  # the portrait picture box of a 5x8 page
    plan = (ai_book / "plan.txt").read_text()
    assert "AI calls: 10" in plan and "$0.40" in plan and "grey-photos" in plan
    manifest = json.loads((ai_book / "build/sea/manifest.json").read_text())
    assert manifest["totals"]["images"] == 10


def test_ai_and_author_images_print_as_clean_line_art(ai_book):
    from bookbuild.plugins.coloring_book.checks import _placed_images

    placed = list(_placed_images(ai_book / "build/sea/interior.pdf"))
    assert [p.page for p in placed] == [3 + 2 * i for i in range(11)]
    for picture in placed:
        assert_clean_line_art(Image.fromarray(picture.pixels))
    manifest = json.loads((ai_book / "build/sea/manifest.json").read_text())
    assert manifest["findings"] == []


@pytest.mark.parametrize("offset", range(-60, 61, 15))
def test_a_figure_in_front_leaves_no_scrap_of_the_lines_it_cuts(offset):
    """A line behind a figure stops short of it; a piece the halo cuts off that is shorter
    than the smallest shape (a stray dash by a fish's tail) goes, while small marks the
    halo did not touch (an eye, a smile) stay."""
    from bookbuild.plugins.coloring_book.draw.pen import Pen
    from bookbuild.plugins.coloring_book.lineart.regions import find_regions

    pen = Pen((600, 600), 9, 90)
    pen.stroke([(300 + offset, 40), (300 + offset, 560)])  # seaweed's edge, behind
    pen.stroke([(60, 150 + offset), (540, 150 + offset)])
    pen.dot(80, 520, 8)  # an eye
    pen.stroke([(480, 520), (500, 530), (520, 520)])  # a smile
    tail = pen.layer()
    tail.shape_of([(200, 100), (330, 300), (200, 500), (420, 300)])  # a notched tail
    pen.place(tail)
    figure = find_regions(tail.image, 0, diagonal=True)
    for piece in find_regions(pen.image, 0, diagonal=True):
        if max(piece.width, piece.height) < pen.shape:
            assert piece.box in {r.box for r in figure} or piece.box[0] >= 470 or piece.box[2] <= 90, piece.box
    assert pen.image.getpixel((80, 520)) == 0 and pen.image.getpixel((500, 530)) == 0  # the eye and the smile stay
