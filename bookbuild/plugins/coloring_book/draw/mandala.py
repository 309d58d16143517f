"""Mandalas: rings of petals, drops, circles and points around a centre flower.

Drawn from the outside in: each ring's motifs, each standing free between the
ring's two circles (lines that touch at a glancing angle print as black wedges). The ring widths and
the number of motifs follow ``pen.shape``, so a mandala for a three-year-old
has a few big petals and one for a ten-year-old many small ones.
"""

from __future__ import annotations

import math
import random

from .pen import Pen, petal, polar, regular, star, teardrop

MOTIFS = ("petals", "drops", "circles", "points", "double-petals", "scallops")


def draw_mandala(pen: Pen, rng: random.Random, box: tuple[float, float, float, float]) -> None:
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    radius = min(x1 - x0, y1 - y0) / 2 - pen.line
    base = rng.choice((6, 8, 10, 12))
    rings = _ring_edges(radius, pen.shape, rng)
    spin = rng.random() * math.pi
    pen.circle(cx, cy, rings[0][1])  # the outer edge: every ring is closed on both sides
    for i, (inner, outer) in enumerate(rings):
        folds = _folds(base, inner, outer, pen.shape)
        motif = rng.choice(MOTIFS) if i else rng.choice(("petals", "drops", "double-petals"))
        turn = spin + (math.pi / folds if i % 2 else 0)
        _ring(pen, motif, cx, cy, inner, outer, folds, turn)
        pen.circle(cx, cy, inner)
    _centre(pen, rng, cx, cy, rings[-1][0], base)


def _ring_edges(radius: float, shape: float, rng: random.Random) -> list[tuple[float, float]]:
    """(inner, outer) radii from the outside in; each ring at least ~2.4 shapes wide, room
    for a motif a shape across with paper around it."""
    edges = []
    outer = radius
    centre = max(radius * 0.14, shape * 1.4)
    while outer > centre + shape * 2.6:
        width = min(outer - centre, shape * rng.uniform(2.4, 3.2), max(radius * 0.28, shape * 2.4))
        edges.append((outer - width, outer))
        outer -= width
    return edges or [(centre, radius)]


def _folds(base: int, inner: float, outer: float, shape: float) -> int:
    """The base symmetry, doubled while the motifs stay wider than they are long
    and the space for each (motif and gap) stays wide enough to colour."""
    room = 2 * math.pi * (inner + outer) / 2
    thickness = outer - inner
    folds = base
    while room / (folds * 2) >= max(shape * 2.6, thickness * 0.75):
        folds *= 2
    while folds > 4 and room / folds < shape * 2.4:
        folds //= 2
    return folds


def _ring(pen: Pen, motif: str, cx: float, cy: float, inner: float, outer: float, folds: int, turn: float) -> None:
    """``folds`` motifs between two circles. Neighbours never overlap and keep a gap
    of at least a shape between them, so no sliver is left too small to colour; and
    no motif touches the circles: lines that meet at a glancing angle merge into a
    black wedge, so every motif stands free, a little paper all round it."""
    clear = pen.shape * 0.2 + pen.line  # paper between a motif and the ring's circles
    gap = pen.shape * 1.1 + pen.line
    low, high = inner + clear, outer - clear
    middle = (inner + outer) / 2
    while folds > 4 and 2 * math.pi * middle / folds - gap < pen.shape * 1.2 + pen.line:
        folds //= 2  # fewer, wider motifs: each must hold a shape a child can colour
    step = 2 * math.pi / folds
    width = min(2 * math.pi * middle / folds - gap, (high - low) * 0.9)
    if width < pen.shape * 1.2 + pen.line:
        return  # no room for a motif: the ring is one shape to colour
    for k in range(folds):
        angle = turn + k * step
        if motif == "petals" or (motif == "double-petals" and (high - low < pen.shape * 4 or width < pen.shape * 3.2)):
            pen.shape_of(petal(cx, cy, low, high, width, angle))
        elif motif == "double-petals":
            pen.shape_of(petal(cx, cy, low, high, width, angle))
            pen.shape_of(petal(cx, cy, low + clear + pen.shape * 0.4, low + (high - low) * 0.62, width * 0.45, angle))
        elif motif == "drops":
            pen.shape_of(teardrop(cx, cy, low, high, width, angle))
        elif motif == "circles":
            r = min(high - low, width) / 2
            x, y = polar(cx, cy, middle, angle)
            pen.circle(x, y, r)
        elif motif == "points":
            half = min(width / 2 / low, step * 0.4)
            tip = polar(cx, cy, high, angle)
            base = low / math.cos(half)  # the straight base clears the circle in its middle too
            left, right = polar(cx, cy, base, angle - half), polar(cx, cy, base, angle + half)
            pen.shape_of([left, tip, right])
        else:  # scallops: round arches, each on its own part of the inner circle
            r = min((high - low) / 2, width / 2)
            x, y = polar(cx, cy, low + r, angle)
            pen.circle(x, y, r)


def _centre(pen: Pen, rng: random.Random, cx: float, cy: float, radius: float, base: int) -> None:
    """A flower, a star or a polygon in the middle circle, as detailed as its size allows,
    standing free of the circle and of the small circle in the very middle."""
    if radius < pen.shape * 2.5:
        return  # the centre circle is one shape to colour
    kind = rng.choice(("flower", "star", "polygon"))
    clear = pen.shape * 0.2 + pen.line
    middle = max(radius * 0.25, pen.shape * 0.6) if radius * 0.3 > pen.shape * 0.6 else 0.0
    petals = base
    while petals % 2 == 0 and petals // 2 >= 5 and 2 * math.pi * radius * 0.6 / petals < pen.shape * 2.2:
        petals //= 2
    if kind == "flower" and radius - clear - (middle + clear) > pen.shape * 1.5:
        for k in range(petals):
            pen.shape_of(petal(cx, cy, middle + clear, radius - clear, 2 * math.pi * radius * 0.6 / petals * 0.7, k * 2 * math.pi / petals))
    elif kind == "star":
        pen.shape_of(star(cx, cy, radius - clear, max(radius * 0.5, middle + clear + pen.shape), min(petals, 8)))
    else:  # a polygon leaves only a thin ring to the circle at its corners: keep it a shape in
        pen.shape_of(regular(cx, cy, radius - pen.shape * 1.25 - pen.line, 6 if base % 3 == 0 else 8, math.pi / 8))
    if middle:
        pen.circle(cx, cy, middle)
