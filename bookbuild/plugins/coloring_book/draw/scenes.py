"""Pages with one big animal, and framed scenes: under the sea, a meadow, a night sky.

Everything is placed from the page size and ``pen.shape``; ``rng`` moves the
pieces around so no two pages of a book are the same.
"""

from __future__ import annotations

import math
import random

from .animals import DRAWERS
from .names import SEA
from .pen import Pen, ellipse_points, frame_mask, petal, star, strip, wave


def draw_animal_page(pen: Pen, rng: random.Random, animal: str) -> None:
    """One big animal on a little piece of ground (sand or grass), with a few extras
    where there is room for them beside it."""
    w, h = pen.size
    s = min(w, h * 0.8) * 0.78
    cx, cy = w / 2, h * 0.46
    sea = animal in SEA
    ground_y = cy + s * (0.42 if sea else 0.36)
    _extras(pen, rng, sea, (0, 0, w, cy - s * 0.3), avoid=[(cx, cy, s * 1.1)])
    if sea:
        for x in (w * 0.12, w * 0.88):
            _seaweed(pen, rng, x, ground_y + s * 0.05, s * 0.55)
    pen.ellipse(w / 2, ground_y + s * 0.08, w * 0.46, s * 0.1)
    if not sea and pen.shape * 0.8 * 2.6 < w * 0.13:  # a flower's size follows the shape size
        for x in (w * 0.12, w * 0.88):
            _flower(pen, rng, x, ground_y + s * 0.05, s * 0.3)
    _in_front(pen, rng, animal, cx, cy, s)


def _in_front(pen: Pen, rng: random.Random, animal: str, x: float, y: float, size: float) -> None:
    """The animal in front of everything drawn so far, with a halo of paper round it."""
    figure = pen.layer()
    DRAWERS[animal](figure, rng, x, y, size)
    pen.place(figure)


SCENE_SHAPES = 16  # a scene needs a frame this many shapes across; a smaller page shows one big animal


def draw_scene(pen: Pen, rng: random.Random, scene: str, animals: list[str]) -> None:
    """A framed scene; on a page too small for one at this age (big shapes for small
    hands), the scene's main animal on a page of its own, as big as it can be."""
    w, h = pen.size
    if min(w, h) < pen.shape * SCENE_SHAPES:
        draw_animal_page(pen, rng, animals[0])
        return
    frame = (pen.line, pen.line, w - pen.line, h - pen.line)
    radius = pen.shape * 1.2
    {"sea": _sea, "meadow": _meadow, "night": _night}[scene](pen, rng, frame, animals)
    pen.erase_outside(frame_mask(pen.size, frame, radius))
    half = pen.line / 2
    pen.draw.rounded_rectangle([frame[0] - half, frame[1] - half, frame[2] + half, frame[3] + half], radius + half, outline=0, width=pen.line)


# -- scenes -------------------------------------------------------------------------------


def _sea(pen: Pen, rng: random.Random, frame, animals: list[str]) -> None:
    """A big animal in the middle, smaller ones above it, seaweed, a rock and sand."""
    x0, y0, x1, y1 = frame
    w, h = x1 - x0, y1 - y0
    sand = y0 + h * 0.82
    main = (x0 + w * 0.5, y0 + h * 0.56, min(h * 0.42, w * 0.8))
    small = min(h * 0.26, w * 0.44)
    others = [(x0 + w * (0.26 if i == 0 else 0.74), y0 + h * 0.24, small) for i in range(len(animals) - 1)] if small > pen.shape * 6 else []
    pen.stroke(wave(x0 - pen.line, x1 + pen.line, y0 + h * 0.06, h * 0.012, w / 4))
    weeds = []
    for x in (x0 + w * 0.1, x1 - w * 0.1):
        height = h * rng.uniform(0.3, 0.45)
        half = max(pen.shape * 1.2, height * 0.12) / 2 + h * 0.03  # its width and its bends
        margin = half + pen.shape * 0.6 + pen.line * 2  # clear of the frame
        weeds.append((min(max(x, x0 + margin), x1 - margin), height, half))
    # Bubbles between the seaweed, never behind it (a bubble half hidden leaves slivers).
    left, right = weeds[0][0] + weeds[0][2] + pen.shape, weeds[1][0] - weeds[1][2] - pen.shape
    _extras(pen, rng, True, (left, y0 + h * 0.1, right, sand - h * 0.05), count=5, avoid=[main, *others])
    for x, height, _ in weeds:
        _seaweed(pen, rng, x, sand + h * 0.04, height)
    pen.ellipse(x0 + w * rng.choice((0.3, 0.7)), sand + h * 0.02, w * 0.12, h * 0.06)  # a rock, standing steeply in the sand
    floor = wave(x0 - pen.line * 4, x1 + pen.line * 4, sand, h * 0.012, w / 2.5, rng.random() * 6)
    pen.shape_of(floor + [(x1 + pen.line * 4, y1 + pen.line * 4), (x0 - pen.line * 4, y1 + pen.line * 4)])
    pebble = min(pen.shape * 0.9, (y1 - sand) * 0.25)
    if pebble > pen.shape * 0.6:
        for k in range(3):
            pen.circle(x0 + w * (0.2 + 0.3 * k + rng.uniform(-0.04, 0.04)), (sand + y1) / 2 + h * 0.01, pebble)
    for animal, (x, y, size) in zip(animals, [main, *others]):
        _in_front(pen, rng, animal, x, y, size)


def _land(pen: Pen, rng: random.Random, frame, sky) -> tuple[float, float, float, float, float]:
    """Sky, hills and ground shared by the meadow and the night: returns the frame's
    size and where the ground line is."""
    x0, y0, x1, y1 = frame
    w, h = x1 - x0, y1 - y0
    sky(x0, y0, w, h)
    pen.stroke(wave(x0 - pen.line * 4, x1 + pen.line * 4, y0 + h * 0.5, h * 0.025, w / 1.5, 1.0))  # far hills
    ground = y0 + h * 0.6
    line = wave(x0 - pen.line * 4, x1 + pen.line * 4, ground, h * 0.008, w / 2)
    pen.shape_of(line + [(x1 + pen.line * 4, y1 + pen.line * 4), (x0 - pen.line * 4, y1 + pen.line * 4)])
    return x0, y0, w, h, ground


def _meadow(pen: Pen, rng: random.Random, frame, animals: list[str]) -> None:
    side = rng.choice((-1, 1))

    def sky(x0: float, y0: float, w: float, h: float) -> None:
        sun = min(max(h * 0.05, pen.shape * 1.6), w * 0.1)
        reach = sun * 1.1 + max(sun * 0.8, pen.shape * 2.4) + pen.shape  # the rays stay inside the frame
        _sun(pen, min(max(x0 + w * (0.5 - side * 0.3), x0 + reach), x0 + w - reach), max(y0 + h * 0.15, y0 + reach), sun)
        _cloud(pen, rng, x0 + w * (0.5 + side * 0.22), y0 + h * 0.17, min(max(w * 0.2, pen.shape * 5), w * 0.3))

    x0, y0, w, h, ground = _land(pen, rng, frame, sky)
    prop_x = x0 + w * (0.5 + side * 0.27)
    if rng.random() < 0.5:
        _tree(pen, prop_x, ground + h * 0.04, min(h * 0.36, w * 0.55))
    else:
        _house(pen, prop_x, ground + h * 0.04, min(h * 0.28, w * 0.36))
    _flower(pen, rng, x0 + w * (0.5 + side * 0.38), y0 + h * 0.97, h * 0.14)
    _place_main(pen, rng, animals[0], x0 + w * (0.5 - side * 0.16), y0 + h * 0.95, min(h * 0.4, w * 0.6))


def _night(pen: Pen, rng: random.Random, frame, animals: list[str]) -> None:
    side = rng.choice((-1, 1))

    def sky(x0: float, y0: float, w: float, h: float) -> None:
        moon = (x0 + w * (0.5 - side * 0.28), y0 + h * 0.17, max(h * 0.08, pen.shape * 2.5))
        _moon(pen, *moon)
        _extras(pen, rng, False, (x0, y0 + h * 0.04, x0 + w, y0 + h * 0.42), count=5, avoid=[(moon[0], moon[1], moon[2] * 2.4)], big=True)

    x0, y0, w, h, ground = _land(pen, rng, frame, sky)
    _house(pen, x0 + w * (0.5 + side * 0.27), ground + h * 0.05, min(h * 0.28, w * 0.36))
    _place_main(pen, rng, animals[0], x0 + w * (0.5 - side * 0.18), y0 + h * 0.95, min(h * 0.38, w * 0.6))


def _place_main(pen: Pen, rng: random.Random, animal: str, x: float, bottom: float, size: float) -> None:
    """An animal standing with its feet near ``bottom``."""
    _in_front(pen, rng, animal, x, bottom - size * 0.5, size)


def _extras(pen: Pen, rng: random.Random, sea: bool, box, count: int = 4, avoid=(), big: bool = False) -> None:
    """Bubbles under the sea, little stars in the sky, away from each other and from
    the circles in ``avoid`` (x, y, size): the animals they would otherwise hide."""
    x0, y0, x1, y1 = box
    if y1 - y0 < pen.shape * 3:
        return
    placed: list[tuple[float, float, float]] = [(x, y, size * 0.5) for x, y, size in avoid]
    drawn = 0
    for _ in range(count * 20):
        if drawn >= count:
            break
        r = pen.shape * rng.uniform(1.4, 2.0) if big else pen.shape * rng.uniform(0.8, 1.4)
        x, y = rng.uniform(x0 + r * 2, x1 - r * 2), rng.uniform(y0 + r * 2, max(y0 + r * 2 + 1, y1 - r * 2))
        if all(math.hypot(x - px, y - py) > r + pr + pen.shape for px, py, pr in placed):
            placed.append((x, y, r))
            drawn += 1
            if sea:
                pen.circle(x, y, r)
            else:
                pen.shape_of(star(x, y, r * 1.2, r * 0.6, 5, rng.random()))


def _seaweed(pen: Pen, rng: random.Random, x: float, bottom: float, height: float) -> None:
    phase = rng.random() * 6
    centre = [(x + math.sin(phase + t * 4.5) * height * 0.06, bottom - t * height) for t in (i / 30 for i in range(31))]  # gentle bends: a tight one folds the band
    widths = [max(pen.shape * 1.2, height * 0.12 * (1 - t * 0.6)) for t in (i / 30 for i in range(31))]
    pen.shape_of(strip(centre, widths))


def _flower(pen: Pen, rng: random.Random, x: float, bottom: float, height: float) -> None:
    head = (x, bottom - height)
    pen.stroke([(x, bottom), head])
    if height * 0.14 > pen.shape * 1.3 + pen.line:  # a leaf only when a child can colour it
        pen.shape_of(petal(x, bottom - height * 0.35, 0, height * 0.3, height * 0.14, -math.pi / 4))
    r = max(pen.shape * 0.8, height * 0.12)
    petals = 5 if r * 2 * math.pi / 5 > pen.shape * 1.5 else 4
    for k in range(petals):  # narrow enough to stay apart where they meet the middle
        pen.shape_of(petal(head[0], head[1], r * 0.6, r * 2.6, min(r * 1.5, 2 * math.pi * r * 1.4 / petals * 0.75), k * 2 * math.pi / petals + rng.random() * 0.1))
    pen.circle(head[0], head[1], r)


def _sun(pen: Pen, x: float, y: float, r: float) -> None:
    rays = 8
    for k in range(rays):
        a = 2 * math.pi * k / rays
        pen.shape_of(petal(x, y, r * 1.1, r * 1.1 + max(r * 0.8, pen.shape * 2.4), max(r * 0.6, pen.shape * 1.6), a))
    pen.circle(x, y, r)


def _cloud(pen: Pen, rng: random.Random, x: float, y: float, width: float) -> None:
    """Overlapping circles drawn as one outline: ink discs first, paper discs on top."""
    puffs = [(x - width * 0.3, y + width * 0.05, width * 0.22), (x, y - width * 0.08, width * 0.3), (x + width * 0.32, y + width * 0.05, width * 0.2)]
    half = pen.line / 2
    for px, py, r in puffs:
        pen.draw.ellipse([px - r - half, py - r - half, px + r + half, py + r + half], fill=0)
    for px, py, r in puffs:
        pen.draw.ellipse([px - r + half, py - r + half, px + r - half, py + r - half], fill=255)


def _tree(pen: Pen, x: float, bottom: float, height: float) -> None:
    """A round crown on a trunk: one outline, no pockets where puffs of a cloud-crown meet."""
    trunk_w = max(height * 0.12, pen.shape * 1.3 + pen.line)
    crown = height * 0.32
    cy = bottom - height + crown
    pen.shape_of([(x - trunk_w / 2, bottom), (x - trunk_w / 2, cy), (x + trunk_w / 2, cy), (x + trunk_w / 2, bottom)])
    pen.ellipse(x, cy, crown * 1.1, crown)
    if crown * 0.16 > pen.shape * 0.6:
        for dx, dy in ((-0.45, -0.2), (0.4, -0.35), (0.05, 0.3)):
            pen.circle(x + crown * dx, cy + crown * dy, crown * 0.16)


def _house(pen: Pen, x: float, bottom: float, height: float) -> None:
    w = height * 0.9
    wall_top = bottom - height * 0.6
    pen.shape_of([(x - w / 2, bottom), (x - w / 2, wall_top), (x + w / 2, wall_top), (x + w / 2, bottom)])
    pen.shape_of([(x - w * 0.62, wall_top + height * 0.08), (x, bottom - height), (x + w * 0.62, wall_top + height * 0.08)])  # over the wall's top
    pen.rounded_box((x - w * 0.12, bottom - height * 0.32, x + w * 0.12, bottom), w * 0.05)  # on the wall's own bottom line
    for side in (-1, 1):
        cx = x + side * w * 0.3
        pen.rounded_box((cx - w * 0.1, wall_top + height * 0.17, cx + w * 0.1, wall_top + height * 0.34), w * 0.02)


def _moon(pen: Pen, x: float, y: float, r: float) -> None:
    """A crescent: the left arc of one circle, back along the left arc of a smaller one."""
    outer = ellipse_points(x, y, r, r, 0, 60, math.pi * 0.35, math.pi * 1.65)
    inner = ellipse_points(x + r * 0.45, y, r * 0.8, r * 0.8, 0, 60, math.pi * 0.55, math.pi * 1.45)
    pen.shape_of(outer + inner[::-1])
