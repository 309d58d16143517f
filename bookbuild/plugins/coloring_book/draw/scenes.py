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
    DRAWERS[animal](pen, rng, cx, cy, s)


def draw_scene(pen: Pen, rng: random.Random, scene: str, animals: list[str]) -> None:
    w, h = pen.size
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
    others = [(x0 + w * (0.26 if i == 0 else 0.74), y0 + h * 0.23, min(h * 0.26, w * 0.44)) for i in range(len(animals) - 1)]
    pen.stroke(wave(x0 - pen.line, x1 + pen.line, y0 + h * 0.06, h * 0.012, w / 4))
    _extras(pen, rng, True, (x0, y0 + h * 0.1, x1, sand - h * 0.05), count=5, avoid=[main, *others])
    for x in (x0 + w * 0.07, x1 - w * 0.07):
        _seaweed(pen, rng, x, sand + h * 0.02, h * rng.uniform(0.3, 0.45))
    pen.ellipse(x0 + w * rng.choice((0.3, 0.7)), sand + h * 0.01, w * 0.14, h * 0.05)  # a rock
    floor = wave(x0 - pen.line * 4, x1 + pen.line * 4, sand, h * 0.012, w / 2.5, rng.random() * 6)
    pen.shape_of(floor + [(x1 + pen.line * 4, y1 + pen.line * 4), (x0 - pen.line * 4, y1 + pen.line * 4)])
    for k in range(3):
        pen.circle(x0 + w * (0.2 + 0.3 * k + rng.uniform(-0.05, 0.05)), sand + h * rng.uniform(0.07, 0.12), pen.shape * 0.9)
    for animal, (x, y, size) in zip(animals, [main, *others]):
        DRAWERS[animal](pen, rng, x, y, size)


def _land(pen: Pen, rng: random.Random, frame, sky) -> tuple[float, float, float, float, float]:
    """Sky, hills and ground shared by the meadow and the night: returns the frame's
    size and where the ground line is."""
    x0, y0, x1, y1 = frame
    w, h = x1 - x0, y1 - y0
    sky(x0, y0, w, h)
    horizon = y0 + h * 0.5
    pen.ellipse(x0 + w * 0.2, horizon + h * 0.06, w * 0.45, h * 0.1)
    pen.ellipse(x0 + w * 0.85, horizon + h * 0.08, w * 0.4, h * 0.09)
    ground = y0 + h * 0.6
    line = wave(x0 - pen.line * 4, x1 + pen.line * 4, ground, h * 0.008, w / 2)
    pen.shape_of(line + [(x1 + pen.line * 4, y1 + pen.line * 4), (x0 - pen.line * 4, y1 + pen.line * 4)])
    return x0, y0, w, h, ground


def _meadow(pen: Pen, rng: random.Random, frame, animals: list[str]) -> None:
    side = rng.choice((-1, 1))

    def sky(x0: float, y0: float, w: float, h: float) -> None:
        _sun(pen, x0 + w * (0.5 - side * 0.3), y0 + h * 0.15, max(h * 0.06, pen.shape * 2.2))
        _cloud(pen, rng, x0 + w * (0.5 + side * 0.22), y0 + h * 0.17, max(w * 0.2, pen.shape * 6))

    x0, y0, w, h, ground = _land(pen, rng, frame, sky)
    prop_x = x0 + w * (0.5 + side * 0.3)
    if rng.random() < 0.5:
        _tree(pen, prop_x, ground + h * 0.04, h * 0.4)
    else:
        _house(pen, prop_x, ground + h * 0.04, h * 0.28)
    _flower(pen, rng, x0 + w * (0.5 + side * 0.38), y0 + h * 0.97, h * 0.14)
    _place_main(pen, rng, animals[0], x0 + w * (0.5 - side * 0.16), y0 + h * 0.95, min(h * 0.4, w * 0.6))


def _night(pen: Pen, rng: random.Random, frame, animals: list[str]) -> None:
    side = rng.choice((-1, 1))

    def sky(x0: float, y0: float, w: float, h: float) -> None:
        moon = (x0 + w * (0.5 - side * 0.28), y0 + h * 0.17, max(h * 0.08, pen.shape * 2.5))
        _moon(pen, *moon)
        _extras(pen, rng, False, (x0, y0 + h * 0.04, x0 + w, y0 + h * 0.42), count=5, avoid=[(moon[0], moon[1], moon[2] * 2.4)], big=True)

    x0, y0, w, h, ground = _land(pen, rng, frame, sky)
    _house(pen, x0 + w * (0.5 + side * 0.28), ground + h * 0.05, h * 0.28)
    _place_main(pen, rng, animals[0], x0 + w * (0.5 - side * 0.18), y0 + h * 0.95, min(h * 0.38, w * 0.6))


def _place_main(pen: Pen, rng: random.Random, animal: str, x: float, bottom: float, size: float) -> None:
    """An animal standing with its feet near ``bottom``."""
    DRAWERS[animal](pen, rng, x, bottom - size * 0.5, size)


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
    centre = [(x + math.sin(phase + t * 7) * height * 0.06, bottom - t * height) for t in (i / 30 for i in range(31))]
    widths = [max(pen.shape * 1.2, height * 0.12 * (1 - t * 0.6)) for t in (i / 30 for i in range(31))]
    pen.shape_of(strip(centre, widths))


def _flower(pen: Pen, rng: random.Random, x: float, bottom: float, height: float) -> None:
    head = (x, bottom - height)
    pen.stroke([(x, bottom), head])
    pen.shape_of(petal(x, bottom - height * 0.35, 0, height * 0.3, height * 0.14, -math.pi / 4))
    r = max(pen.shape * 0.8, height * 0.12)
    petals = 5 if r * 2 * math.pi / 5 > pen.shape * 1.5 else 4
    for k in range(petals):
        pen.shape_of(petal(head[0], head[1], r * 0.6, r * 2.6, r * 1.5, k * 2 * math.pi / petals + rng.random() * 0.1))
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
    trunk_w = height * 0.12
    pen.shape_of([(x - trunk_w / 2, bottom), (x - trunk_w / 2, bottom - height * 0.55), (x + trunk_w / 2, bottom - height * 0.55), (x + trunk_w / 2, bottom)])
    crown = height * 0.55
    half = pen.line / 2
    puffs = [(x - crown * 0.35, bottom - height * 0.6, crown * 0.32), (x + crown * 0.35, bottom - height * 0.62, crown * 0.3), (x, bottom - height * 0.82, crown * 0.38)]
    for px, py, r in puffs:
        pen.draw.ellipse([px - r - half, py - r - half, px + r + half, py + r + half], fill=0)
    for px, py, r in puffs:
        pen.draw.ellipse([px - r + half, py - r + half, px + r - half, py + r - half], fill=255)
    if crown * 0.1 > pen.shape * 0.6:
        for dx, dy in ((-0.3, -0.6), (0.25, -0.75), (0.05, -0.55)):
            pen.circle(x + crown * dx, bottom + height * dy, crown * 0.07)


def _house(pen: Pen, x: float, bottom: float, height: float) -> None:
    w = height * 0.9
    wall_top = bottom - height * 0.6
    pen.shape_of([(x - w / 2, bottom), (x - w / 2, wall_top), (x + w / 2, wall_top), (x + w / 2, bottom)])
    pen.shape_of([(x - w * 0.6, wall_top + pen.line), (x, bottom - height), (x + w * 0.6, wall_top + pen.line)])
    pen.rounded_box((x - w * 0.12, bottom - height * 0.32, x + w * 0.12, bottom), w * 0.05)
    for side in (-1, 1):
        cx = x + side * w * 0.3
        pen.rounded_box((cx - w * 0.1, wall_top + height * 0.1, cx + w * 0.1, wall_top + height * 0.3), w * 0.02)


def _moon(pen: Pen, x: float, y: float, r: float) -> None:
    """A crescent: the left arc of one circle, back along the left arc of a smaller one."""
    outer = ellipse_points(x, y, r, r, 0, 60, math.pi * 0.35, math.pi * 1.65)
    inner = ellipse_points(x + r * 0.45, y, r * 0.8, r * 0.8, 0, 60, math.pi * 0.55, math.pi * 1.45)
    pen.shape_of(outer + inner[::-1])
