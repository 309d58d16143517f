"""Whole characters: choosing the body plan, measuring it and sharing the stage.

paint_character draws one character: accessories behind, the body plan for
its species, accessories in front. To place a cast, each figure is first
drawn small on a blank card and its true extent measured, so tails, capes
and hats of any species never run into a neighbour or the text panel.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from PIL import Image, ImageDraw

from .accessories import behind_items, front_items
from .children import CHILD, paint_child
from .creatures import (
    BIRD,
    BLOB,
    DUCK,
    FISH,
    FROG,
    OWL,
    ROBOT,
    TURTLE,
    paint_bird,
    paint_blob,
    paint_duck,
    paint_fish,
    paint_frog,
    paint_owl,
    paint_robot,
    paint_turtle,
)
from .figure import MAMMAL, Anchors, Fig, Kit, make_kit
from .layout import BED_HALF, BED_LIFT, Layout, Placement
from .mammals import paint_mammal
from .palette import HUMANS, RGB, CharacterLook, Features

SPECIES_SIZE = {"mouse": 0.72, "bird": 0.7, "owl": 0.82, "duck": 0.78, "frog": 0.74, "fish": 0.68,
                "turtle": 0.72, "penguin": 0.8, "hedgehog": 0.72, "squirrel": 0.8, "rabbit": 0.9,
                "elephant": 1.0, "bear": 1.0, "child": 1.0, "girl": 1.0, "boy": 1.0, "robot": 0.96,
                "dragon": 1.0, "lion": 1.0, "panda": 1.0}

MEASURE_PX = 160  # figure height used to measure a character's true extent


@dataclass(frozen=True)
class Actor:
    """A character ready to draw: what it is, how it feels, how far it reaches (in figure heights)."""

    look: CharacterLook
    feat: Features
    mood: str
    left: float = 0.0
    right: float = 0.0
    top: float = 1.0


def measured(actor: Actor, bed: bool) -> Actor:
    """Draw the figure small on a black card and read its bounding box, so capes, tails,
    ears and hats of every species are accounted for exactly."""
    card = Image.new("RGB", (MEASURE_PX * 4, MEASURE_PX * 3))
    at = Placement(MEASURE_PX * 2, MEASURE_PX * 2.5, MEASURE_PX)
    paint_character(ImageDraw.Draw(card), actor.look, actor.feat, at, actor.mood, 0.0, lambda c: c)
    left, top, right, _ = card.getbbox() or (at.x, at.base - MEASURE_PX, at.x, at.base)
    pad = 2 / MEASURE_PX  # rounding at the small size
    reach = BED_HALF if bed else 0.0
    return replace(actor, left=max(reach, (at.x - left) / MEASURE_PX + pad),
                   right=max(reach, (right - at.x) / MEASURE_PX + pad), top=(at.base - top) / MEASURE_PX + pad)


def place_characters(lay: Layout, actors: list[Actor], bed: bool) -> list[Placement]:
    """Share the stage between the characters, evenly spaced; smaller animals are drawn smaller.
    Everything is scaled down together when the cast is too wide, and a figure too tall for the
    text-free band is shrunk on its own."""
    if not actors:
        return []
    stage_w = lay.stage[1] - lay.stage[0]
    sizes = [lay.fig_h * SPECIES_SIZE.get(a.feat.species, 0.9) for a in actors]
    scale = min(1.0, stage_w / sum(size * (a.left + a.right) for size, a in zip(sizes, actors)))
    room = lay.feet - lay.band[0] - lay.h * 0.01
    sizes = [min(size * scale, room / a.top) for size, a in zip(sizes, actors)]
    gap = (stage_w - sum(size * (a.left + a.right) for size, a in zip(sizes, actors))) / (len(actors) + 1)
    out, x = [], lay.stage[0] + gap
    for i, (size, a) in enumerate(zip(sizes, actors)):
        lift = size * BED_LIFT if bed and i == 0 else 0.0
        out.append(Placement(x + size * a.left, lay.feet - lift, size))
        x += size * (a.left + a.right) + gap
    return out


PAINTERS: dict[str, Callable[[Fig, Kit], Anchors]] = {
    "owl": paint_owl, "bird": paint_bird, "penguin": paint_bird, "duck": paint_duck, "frog": paint_frog,
    "fish": paint_fish, "turtle": paint_turtle, "robot": paint_robot, "blob": paint_blob,
}


def paint_character(draw: ImageDraw.ImageDraw, look: CharacterLook, feat: Features, at: Placement,
                    mood: str, gaze: float, light: Callable[[RGB], RGB]) -> None:
    """One character: accessories behind, the body plan for its species, accessories in front."""
    f = Fig(draw, at.x, at.base, at.size, light)
    k = make_kit(feat, mood, gaze)
    anchors = {"child": CHILD, "girl": CHILD, "boy": CHILD}.get(feat.species) or ANCHOR_OF.get(feat.species, MAMMAL)
    behind_items(f, k, anchors)
    if feat.species in HUMANS:
        paint_child(f, k, look.name)
    else:
        PAINTERS.get(feat.species, paint_mammal)(f, k)
    front_items(f, k, anchors)


ANCHOR_OF = {"owl": OWL, "bird": BIRD, "penguin": BIRD, "duck": DUCK, "frog": FROG, "fish": FISH,
             "turtle": TURTLE, "robot": ROBOT, "blob": BLOB}
