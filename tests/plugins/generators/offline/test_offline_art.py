"""The offline illustrator: deterministic, keyword-driven scenes with recognisable characters.

Checks what a reader of the printed proof would notice: the same page twice is
the same picture, colours in the character description show up on the page,
night is dark, the text panel area stays free of characters, the cover's title
area is calm. Most pictures are small (600 px) to keep the file fast.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from bookbuild.plugins.generators.offline.art import (
    CharacterLook,
    draw_cover_art,
    draw_illustration,
    palette_for,
)
from bookbuild.plugins.generators.offline.art.palette import COLOURS, features_of

REPO = Path(__file__).resolve().parents[4]
PIP = CharacterLook("Pip", "a small orange fox with a white-tipped tail and a green scarf",
                    "a curious fox who is afraid of the dark")
OWL = CharacterLook("Owl", "a wise old brown owl with round glasses")
BEAR = CharacterLook("Bruno", "a big blue bear")
MIA = CharacterLook("Mia", "a girl with curly red hair and a yellow dress")
ROBOT = CharacterLook("Bolt", "a silver robot with a purple cape")
DRAGON = CharacterLook("Ember", "a friendly green dragon with purple spikes")
SIZE = 600


def near_colour_count(img: Image.Image, colour: tuple[int, int, int], tolerance: int = 30) -> int:
    """Pixels whose every channel is within tolerance of colour."""
    diff = ImageChops.difference(img, Image.new("RGB", img.size, colour))
    r, g, b = diff.split()
    worst = ImageChops.lighter(ImageChops.lighter(r, g), b)
    return worst.point([255 if v <= tolerance else 0 for v in range(256)]).histogram()[255]


def changed_fraction(a: Image.Image, b: Image.Image) -> float:
    diff = ImageChops.difference(a, b).convert("L")
    return diff.point([255 if v > 12 else 0 for v in range(256)]).histogram()[255] / (a.width * a.height)


def luminance(img: Image.Image, box: tuple[int, int, int, int]) -> ImageStat.Stat:
    return ImageStat.Stat(img.convert("L").crop(box))


# ---------------------------------------------------------------- determinism and basics


def test_same_arguments_give_identical_pixels():
    args = ("Pip and Owl look up at the stars from a snowy hill", [PIP, OWL], SIZE, SIZE, "page-7")
    assert draw_illustration(*args).tobytes() == draw_illustration(*args).tobytes()
    assert draw_cover_art("Pip's Big Night", [PIP], SIZE, SIZE, "c").tobytes() == \
        draw_cover_art("Pip's Big Night", [PIP], SIZE, SIZE, "c").tobytes()


def test_identical_across_fresh_processes():
    """No hash() salt or other per-process state leaks into the picture."""
    code = ("import hashlib\n"
            "from bookbuild.plugins.generators.offline.art import CharacterLook, draw_illustration\n"
            f"pip = CharacterLook({PIP.name!r}, {PIP.visual!r})\n"
            "img = draw_illustration('Pip plays by the river on a sunny day', [pip], 320, 300, 'seed-1')\n"
            "print(hashlib.sha256(img.tobytes()).hexdigest())\n")
    here = hashlib.sha256(draw_illustration("Pip plays by the river on a sunny day", [PIP], 320, 300,
                                            "seed-1").tobytes()).hexdigest()
    env = {"PYTHONPATH": str(REPO), "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, cwd=REPO)
    assert out.stdout.strip() == here


@pytest.mark.parametrize("size", [(SIZE, SIZE), (640, 480), (300, 720), (40, 30)])
def test_requested_size_and_rgb_mode(size):
    img = draw_illustration("a walk in the forest", [PIP, BEAR], *size, seed="s")
    assert img.size == size and img.mode == "RGB"


def test_rejects_unknown_text_zone():
    with pytest.raises(ValueError, match="text_zone"):
        draw_illustration("meadow", [PIP], SIZE, SIZE, "s", text_zone="middle")


def test_full_size_page_is_fast():
    """300 DPI 8.5x8.5 in with bleed; the brief asks for well under 0.3 s (generous bound here)."""
    draw_illustration("warm up", [PIP], 200, 200, "w")
    start = time.perf_counter()
    img = draw_illustration("Pip walks into the dark forest at night", [PIP, OWL], 2588, 2625, "full")
    assert img.size == (2588, 2625)
    assert time.perf_counter() - start < 1.5


# ---------------------------------------------------------------- palettes


@pytest.mark.parametrize("visual, body, accent", [
    ("a small orange fox with a white-tipped tail and a green scarf", "orange", "green"),
    ("a brown bear wearing a red hat and blue boots", "brown", "red"),
    ("a little grey mouse in a purple top hat", "grey", "purple"),
    ("a teal turtle with a golden crown", "teal", "golden"),
    ("a pink pig with a silver bow tie", "pink", "silver"),
    ("a girl with curly black hair and a yellow dress", "yellow", "black"),
])
def test_palette_reads_body_and_accent(visual, body, accent):
    palette = palette_for(CharacterLook("X", visual))
    assert palette["body"] == COLOURS[body]
    assert palette["accent"] == COLOURS[accent]


def test_palette_parts_and_compound_colours():
    fox = palette_for(PIP)
    assert fox["scarf"] == COLOURS["green"] and fox["tip"] == COLOURS["white"]
    light = palette_for(CharacterLook("Sky", "a light blue bird with a dark green scarf"))
    assert light["body"] != COLOURS["blue"] and light["body"][2] > 220  # lighter than plain blue
    assert light["accent"][1] < COLOURS["green"][1]  # darker than plain green
    two_tone = palette_for(CharacterLook("Tom", "an orange and white cat"))
    assert two_tone["body"] == COLOURS["orange"] and two_tone["belly"] == COLOURS["white"]


def test_palette_fallbacks_are_stable_and_pleasant():
    fox = palette_for(CharacterLook("Rusty", "a fox"))
    assert fox["body"] == COLOURS["orange"]  # the species' usual colour when none is named
    zog = palette_for(CharacterLook("Zog", "a funny little creature"))
    zig = palette_for(CharacterLook("Zig", "a funny little creature"))
    assert zog == palette_for(CharacterLook("Zog", "a funny little creature"))
    assert zog["body"] != zig["body"]  # derived from the name
    assert all(60 <= max(zog["body"]) and min(zog["body"]) <= 200 for _ in [0])  # neither black nor white


@pytest.mark.parametrize("look, species", [
    (PIP, "fox"), (OWL, "owl"), (MIA, "girl"), (CharacterLook("Hoot", "a wise old bird"), "bird"),
    (CharacterLook("Owl", "wise and old, with spectacles"), "owl"),  # from the name
    (CharacterLook("Blip", "a small round thing with antennae"), "blob"),
    (CharacterLook("Max", "a brave little bunny"), "rabbit"),
])
def test_species_from_words(look, species):
    assert features_of(look).species == species


# ---------------------------------------------------------------- what the picture shows


def test_character_colours_show_in_the_picture():
    """An orange fox adds lots of orange to the page and no blue; a blue bear the reverse."""
    prompt, seed = "a quiet afternoon", "colours"
    scene = draw_illustration(prompt, [], SIZE, SIZE, seed)
    fox = draw_illustration(prompt, [PIP], SIZE, SIZE, seed)
    bear = draw_illustration(prompt, [BEAR], SIZE, SIZE, seed)
    lots, few = 0.01 * SIZE * SIZE, 0.001 * SIZE * SIZE

    def added(img: Image.Image, colour: str) -> int:
        return near_colour_count(img, COLOURS[colour]) - near_colour_count(scene, COLOURS[colour])

    assert added(fox, "orange") > lots and abs(added(fox, "blue")) < few
    assert added(bear, "blue") > lots and abs(added(bear, "orange")) < few


def test_night_is_darker_than_a_sunny_meadow():
    top_half = (0, 0, SIZE, SIZE // 2)
    night = draw_illustration("Pip walks into the dark forest at night", [PIP], SIZE, SIZE, "n")
    day = draw_illustration("Pip in a sunny meadow", [PIP], SIZE, SIZE, "n")
    assert luminance(night, top_half).mean[0] < luminance(day, top_half).mean[0] - 60


@pytest.mark.parametrize("other", [
    "Pip plays by the river on a sunny day", "Pip is home in bed", "a snowy mountain village",
    "rain over the city", "Pip watches the sunset from the beach", "a cave in the woods",
])
def test_different_prompts_give_visibly_different_scenes(other):
    base = draw_illustration("Pip walks into the dark forest at night", [PIP], SIZE, SIZE, "same")
    assert changed_fraction(base, draw_illustration(other, [PIP], SIZE, SIZE, "same")) > 0.25


def test_different_seeds_vary_the_same_scene():
    a = draw_illustration("a sunny meadow with trees and flowers", [PIP], SIZE, SIZE, "one")
    b = draw_illustration("a sunny meadow with trees and flowers", [PIP], SIZE, SIZE, "two")
    assert 0.005 < changed_fraction(a, b)


def test_unknown_words_give_a_sunny_meadow():
    img = draw_illustration("zxqv blorp", [], SIZE, SIZE, "s")
    sky = ImageStat.Stat(img.crop((0, 0, SIZE, SIZE // 5))).mean
    ground = ImageStat.Stat(img.crop((0, SIZE * 4 // 5, SIZE, SIZE))).mean
    assert sky[2] > sky[0] + 60  # blue sky
    assert ground[1] > ground[0] + 40 and ground[1] > ground[2] + 40  # green grass


# ---------------------------------------------------------------- layout


CASTS = [[PIP], [PIP, OWL], [MIA, BEAR, DRAGON], [PIP, OWL, MIA, ROBOT]]
PROMPTS = ["Pip and Owl look up at the stars from a snowy hill", "Pip plays by the river on a sunny day",
           "Pip is home in bed, asleep", "the village in the rain"]


def character_box(prompt: str, cast: list[CharacterLook], zone: str, w: int = SIZE, h: int = SIZE) -> tuple:
    """Where adding the characters changed the picture (the scenery never moves for them)."""
    with_cast = draw_illustration(prompt, cast, w, h, "layout", text_zone=zone)
    without = draw_illustration(prompt, [], w, h, "layout", text_zone=zone)
    box = ImageChops.difference(with_cast, without).getbbox()
    assert box is not None, "the characters were not drawn"
    return box


@pytest.mark.parametrize("cast", CASTS)
@pytest.mark.parametrize("prompt", PROMPTS)
def test_characters_stay_out_of_bottom_text_panel_and_trim(prompt, cast):
    left, top, right, bottom = character_box(prompt, cast, "bottom")
    assert bottom <= SIZE * 0.75  # nothing of the characters under the bottom-quarter text panel
    assert top >= SIZE * 0.06
    assert left >= SIZE * 0.15 and right <= SIZE * 0.85  # central 70%


@pytest.mark.parametrize("cast", CASTS[:3])
def test_characters_stay_out_of_top_text_panel(cast):
    left, top, right, bottom = character_box("a walk in the garden", cast, "top")
    assert top >= SIZE * 0.25 and bottom <= SIZE * 0.94
    assert left >= SIZE * 0.15 and right <= SIZE * 0.85


def test_text_panel_area_is_calm():
    """Stars, snowflakes, flowers and rain stay out of the panel: the bottom quarter is nearly flat."""
    for prompt in ("snowflakes falling on a winter night", "rain in the garden"):
        img = draw_illustration(prompt, [PIP], SIZE, SIZE, "calm", text_zone="bottom")
        panel = luminance(img, (0, int(SIZE * 0.8), SIZE, SIZE))
        busy = luminance(img, (0, int(SIZE * 0.1), SIZE, int(SIZE * 0.7)))
        assert panel.stddev[0] < 12 < busy.stddev[0]


# ---------------------------------------------------------------- cover


def test_cover_size_calm_top_and_bigger_characters():
    cover = draw_cover_art("Pip and the Night Sky", [PIP, OWL], SIZE, SIZE, "cover")
    assert cover.size == (SIZE, SIZE) and cover.mode == "RGB"
    title_area = luminance(cover, (0, 0, SIZE, int(SIZE * 0.35)))
    assert title_area.stddev[0] < 10
    plain = draw_cover_art("Pip and the Night Sky", [], SIZE, SIZE, "cover")
    cover_box = ImageChops.difference(cover, plain).getbbox()
    page_box = character_box("Pip and the Night Sky", [PIP, OWL], "bottom")
    assert cover_box[1] >= SIZE * 0.35
    assert cover_box[3] - cover_box[1] > page_box[3] - page_box[1]


def test_sunny_cover_keeps_the_sun_below_the_title():
    cover = draw_cover_art("A Day at the Beach", [PIP], SIZE, SIZE, "sun")
    assert luminance(cover, (0, 0, SIZE, int(SIZE * 0.35))).stddev[0] < 10


def test_full_wrap_cover_puts_characters_on_the_front():
    w, h = 1035, 525  # 5175 x 2625 scaled down
    cover = draw_cover_art("Pip's Adventure", [PIP, OWL], w, h, "wrap")
    plain = draw_cover_art("Pip's Adventure", [], w, h, "wrap")
    left, top, right, bottom = ImageChops.difference(cover, plain).getbbox()
    assert left > w * 0.5 and right < w * 0.94


# -- things the prompt names ------------------------------------------------------------


@pytest.mark.parametrize(("place", "thing", "colour"), [
    ("in the meadow", "a bouncy red ball", COLOURS["red"]),
    ("in the meadow", "a basket of ripe plums", (122, 62, 140)),
    ("on the beach by the sea", "a little wooden boat", (180, 120, 70)),
    ("in the meadow", "a big red wagon", COLOURS["red"]),
    ("in the garden", "a yellow watering can", COLOURS["yellow"]),
    ("on the beach", "a blue bucket", COLOURS["blue"]),
    ("in the snow", "a shiny new sled", (200, 60, 50)),
    ("in the meadow", "a purple book", COLOURS["purple"]),
    ("in the meadow", "a birthday cake", (240, 150, 190)),
    ("in the meadow", "some ripe apples", (222, 58, 52)),
])  # fmt: skip
def test_a_thing_the_prompt_names_is_drawn_beside_the_character(place, thing, colour):
    plain = draw_illustration(f"Pip {place}, morning", [PIP], SIZE, SIZE, "seed")
    shown = draw_illustration(f"Pip {place} with {thing}, morning", [PIP], SIZE, SIZE, "seed")
    box = ImageChops.difference(plain, shown).getbbox()
    assert box, f"{thing} changed nothing"
    left, top, right, bottom = box
    assert right - left < SIZE * 0.4 and bottom - top < SIZE * 0.4  # one small thing, not a new scene
    assert bottom > SIZE * 0.55  # on the ground, beside Pip's feet
    added = near_colour_count(shown.crop(box), colour, 40) - near_colour_count(plain.crop(box), colour, 40)
    assert added > 150, f"{thing}: {added} pixels of its colour"


def test_things_the_drawing_does_not_know_change_nothing():
    plain = draw_illustration("Pip in the meadow, morning", [PIP], SIZE, SIZE, "seed")
    assert ImageChops.difference(plain, draw_illustration("Pip in the meadow with a trombone, morning", [PIP], SIZE, SIZE, "seed")).getbbox() is None
