"""Mandalas: rings of petals, drops, circles and points around a centre flower.

Drawn from the outside in: each ring's motifs, then the circle that bounds the
ring on the inside, filled white, hides the motifs' roots. The ring widths and
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
    for i, (inner, outer) in enumerate(rings):
        folds = _folds(base, inner, outer, pen.shape)
        motif = rng.choice(MOTIFS) if i else rng.choice(("petals", "drops", "double-petals"))
        turn = spin + (math.pi / folds if i % 2 else 0)
        _ring(pen, motif, cx, cy, inner, outer, folds, turn)
        pen.circle(cx, cy, inner)
    _centre(pen, rng, cx, cy, rings[-1][0], base)


def _ring_edges(radius: float, shape: float, rng: random.Random) -> list[tuple[float, float]]:
    """(inner, outer) radii from the outside in; each ring at least ~2 shapes wide."""
    edges = []
    outer = radius
    centre = max(radius * 0.14, shape * 1.4)
    while outer > centre + shape * 2.2:
        width = min(outer - centre, shape * rng.uniform(1.9, 3.0), radius * 0.28)
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
    of at least a shape between them, so no sliver is left too small to colour."""
    step = 2 * math.pi / folds
    gap = pen.shape * 1.1 + pen.line
    middle = (inner + outer) / 2
    width = min(max(pen.shape, 2 * math.pi * middle / folds - gap), (outer - inner) * 0.8)  # one motif at mid-ring
    for k in range(folds):
        angle = turn + k * step
        if motif == "petals":
            pen.shape_of(petal(cx, cy, inner * 0.94, outer - pen.line, width, angle))
        elif motif == "double-petals":
            pen.shape_of(petal(cx, cy, inner * 0.94, outer - pen.line, width, angle))
            if outer - inner > pen.shape * 3 and width > pen.shape * 2.6:
                pen.shape_of(petal(cx, cy, inner * 0.97, inner + (outer - inner) * 0.6, width * 0.45, angle))
        elif motif == "drops":
            pen.shape_of(teardrop(cx, cy, inner * 0.96, outer - pen.line, width * 1.1, angle))
        elif motif == "circles":
            r = min((outer - inner) / 2 - pen.line, width / 2)
            x, y = polar(cx, cy, middle, angle)
            pen.circle(x, y, r)
        elif motif == "points":
            tip = polar(cx, cy, outer - pen.line / 2, angle)
            left, right = polar(cx, cy, inner, angle - step / 2), polar(cx, cy, inner, angle + step / 2)
            pen.shape_of([left, tip, right])
        else:  # scallops: round arches standing on the inner circle
            x, y = polar(cx, cy, inner, angle)
            r = min(outer - inner - pen.shape, math.pi * inner / folds - gap / 2)
            if r > pen.shape * 0.6:
                pen.circle(x, y, r)


def _centre(pen: Pen, rng: random.Random, cx: float, cy: float, radius: float, base: int) -> None:
    """A flower, a star or a polygon in the middle circle, as detailed as its size allows."""
    if radius < pen.shape * 2.5:
        return  # the centre circle is one shape to colour
    kind = rng.choice(("flower", "star", "polygon"))
    petals = base
    while petals % 2 == 0 and petals // 2 >= 5 and 2 * math.pi * radius * 0.6 / petals < pen.shape * 2.2:
        petals //= 2
    if kind == "flower":
        for k in range(petals):
            pen.shape_of(petal(cx, cy, radius * 0.3, radius * 0.9, 2 * math.pi * radius * 0.6 / petals * 0.7, k * 2 * math.pi / petals))
    elif kind == "star":
        pen.shape_of(star(cx, cy, radius * 0.8, radius * 0.45, min(petals, 8)))
    else:
        pen.shape_of(regular(cx, cy, radius * 0.7, 6 if base % 3 == 0 else 8, math.pi / 8))
    if radius * 0.3 > pen.shape * 0.6:
        pen.circle(cx, cy, max(radius * 0.25, pen.shape * 0.6))
