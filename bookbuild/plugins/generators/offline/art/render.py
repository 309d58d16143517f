"""The two entry points, a page illustration and the cover art, and the render both share.

render paints one picture from a SceneSpec and a Layout: the scenery on its
own random stream, then the bed (or the things the prompt names), the characters (under a lighter share of
the scene's light, so they stay readable at night), the blanket, a
sleeper's 'z's and the weather.
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Callable

from PIL import Image, ImageDraw

from .characters import Actor, measured, paint_character, place_characters
from .colour import apply_tint, tint_key
from .indoors import bed_for, paint_bed, paint_blanket, paint_room
from .layout import TEXT_ZONES, Layout, make_layout
from .palette import RGB, CharacterLook, features_of
from .props import paint_props
from .scene import SceneSpec, parse_scene
from .scenes import paint_outdoors, paint_weather
from .stage import Stage
from .weather import paint_zzz


def character_light(spec: SceneSpec) -> Callable[[RGB], RGB]:
    """Characters get only part of the scene's tint, so they stay readable at night."""
    key = tint_key(spec)
    return lambda colour: apply_tint(colour, key, 0.4)


def render(spec: SceneSpec, looks: list[CharacterLook], lay: Layout, seed: str) -> Image.Image:
    img = Image.new("RGB", (lay.w, lay.h), (255, 255, 255))
    st = Stage(img, ImageDraw.Draw(img), lay, spec, random.Random(f"{seed}|scene"), tint_key(spec))
    actors = [measured(Actor(look, features_of(look), spec.mood if i == 0 or spec.mood != "sleepy" else "happy"),
                       spec.bed and i == 0) for i, look in enumerate(looks)]
    spots = place_characters(lay, actors, spec.bed)
    bed = bed_for(lay, spots[0] if spots else None) if spec.bed else None
    (paint_room if spec.indoors else paint_outdoors)(st)
    if bed:
        paint_bed(st, bed)
    elif not lay.cover:
        paint_props(st, spec.prompt, spots)  # what the page's words name, where the drawing knows it
    light = character_light(spec)
    for actor, at in zip(actors, spots):
        gaze = 0.0 if len(spots) == 1 else (1.0 if at.x < lay.w / 2 else -1.0)  # they look at each other
        paint_character(st.draw, actor.look, actor.feat, at, actor.mood, gaze, light)
    if bed:
        paint_blanket(st, bed)
    if spec.mood == "sleepy" and spots:
        paint_zzz(st, spots[0])
    paint_weather(st)
    return img


def check_size(width: int, height: int) -> None:
    if width < 16 or height < 16:
        raise ValueError(f"illustration size must be at least 16x16 px, got {width}x{height}")


def draw_illustration(prompt: str, characters: list[CharacterLook], width: int, height: int,
                      seed: str, text_zone: str = "bottom") -> Image.Image:
    """An RGB picture-book scene for one page; see the package docstring for the pipeline.

    Keywords in prompt pick time of day, weather and places; characters are
    drawn in the central 70% and above/below the text_zone quarter
    ("bottom" | "top" | "none"). Same arguments give identical pixels.
    """
    if text_zone not in TEXT_ZONES:
        raise ValueError(f"text_zone must be one of {', '.join(TEXT_ZONES)}, got {text_zone!r}")
    check_size(width, height)
    spec = parse_scene(prompt)
    return render(spec, list(characters), make_layout(width, height, text_zone, spec), seed)


def draw_cover_art(title: str, characters: list[CharacterLook], width: int, height: int, seed: str) -> Image.Image:
    """Front-cover art: bigger characters, a cheerful scene, a calm sky in the top 35% for the title.

    A full-wrap size (width >= 1.6 x height) puts the characters on the right
    half, the front cover; the back half stays quieter for the blurb.
    """
    check_size(width, height)
    spec = parse_scene(title)
    cheerful = replace(spec, weather="clear" if spec.weather != "snowing" else "snowing", mood="happy", bed=False,
                       places=spec.places - {"room"} or frozenset({"meadow"}))
    if not cheerful.places - {"snow", "sky"}:
        cheerful = replace(cheerful, places=cheerful.places | {"meadow"})
    return render(cheerful, list(characters), make_layout(width, height, "none", cheerful, cover=True), seed)
