"""Geometric patterns: a tiling inside a rounded frame, with an optional medallion.

Tilings: hexagons, fish scales, diamonds, triangles, bricks, waves, stars and
squares. The cell size comes from ``pen.shape``, so every cell (and the pieces
a cell's decoration cuts it into) is large enough to colour.
"""

from __future__ import annotations

import math
import random

from .mandala import draw_mandala
from .names import TILINGS
from .pen import Pen, frame_mask, regular, star, wave


def draw_pattern(pen: Pen, rng: random.Random, box: tuple[float, float, float, float], tiling: str | None = None) -> None:
    tiling = tiling or rng.choice(TILINGS)
    x0, y0, x1, y1 = box
    inset = pen.line
    frame = (x0 + inset, y0 + inset, x1 - inset, y1 - inset)
    cell = pen.shape * rng.uniform(3.2, 4.2)
    _TILES[tiling](pen, rng, frame, cell)
    pen.erase_outside(frame_mask(pen.size, frame, cell * 0.3))
    _frame(pen, frame, cell * 0.3)
    if rng.random() < 0.5:
        _medallion(pen, rng, frame)


def _frame(pen: Pen, frame: tuple[float, float, float, float], radius: float) -> None:
    """The frame's outline only: the tiling inside it stays."""
    half = pen.line / 2
    x0, y0, x1, y1 = frame
    pen.draw.rounded_rectangle([x0 - half, y0 - half, x1 + half, y1 + half], radius + half, outline=0, width=pen.line)


def _medallion(pen: Pen, rng: random.Random, frame: tuple[float, float, float, float]) -> None:
    """A white circle in the middle holding a small mandala."""
    x0, y0, x1, y1 = frame
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    r = min(x1 - x0, y1 - y0) * rng.uniform(0.26, 0.34)
    pen.circle(cx, cy, r + pen.shape * 0.9)
    pen.circle(cx, cy, r)
    draw_mandala(pen, rng, (cx - r * 0.92, cy - r * 0.92, cx + r * 0.92, cy + r * 0.92))


def _grid(frame, step_x: float, step_y: float, shift_odd: float = 0.0):
    """Cell centres covering the frame (and a cell beyond it)."""
    x0, y0, x1, y1 = frame
    row = 0
    y = y0 - step_y
    while y < y1 + step_y:
        x = x0 - step_x + (shift_odd if row % 2 else 0.0)
        while x < x1 + step_x:
            yield row, x, y
            x += step_x
        y += step_y
        row += 1


def _hexagons(pen: Pen, rng: random.Random, frame, cell: float) -> None:
    r = cell / 2
    for row, x, y in _grid(frame, r * math.sqrt(3), r * 1.5, r * math.sqrt(3) / 2):
        pen.shape_of(regular(x, y, r, 6, math.pi / 6))
        if rng.random() < 0.3 and r * 0.5 > pen.shape * 0.7:
            pen.shape_of(regular(x, y, r * 0.45, 6, math.pi / 6))


def _scales(pen: Pen, rng: random.Random, frame, cell: float) -> None:
    r = cell / 2
    rows = list(_grid(frame, cell, r * 0.9, r))
    for row, x, y in sorted(rows, key=lambda item: -item[2]):  # bottom rows first: each row overlaps the one below
        pen.circle(x, y, r)


def _diamonds(pen: Pen, rng: random.Random, frame, cell: float) -> None:
    for row, x, y in _grid(frame, cell, cell / 2, cell / 2):
        pen.shape_of([(x, y - cell / 2), (x + cell / 2, y), (x, y + cell / 2), (x - cell / 2, y)])
        if rng.random() < 0.25 and cell * 0.22 > pen.shape * 0.6:
            pen.circle(x, y, cell * 0.16)


def _triangles(pen: Pen, rng: random.Random, frame, cell: float) -> None:
    h = cell * math.sqrt(3) / 2
    for row, x, y in _grid(frame, cell, h, cell / 2):
        pen.shape_of([(x - cell / 2, y + h / 2), (x + cell / 2, y + h / 2), (x, y - h / 2)])


def _bricks(pen: Pen, rng: random.Random, frame, cell: float) -> None:
    w, h = cell * 1.4, cell * 0.7
    for row, x, y in _grid(frame, w, h, w / 2):
        pen.rounded_box((x - w / 2, y - h / 2, x + w / 2, y + h / 2), h * 0.2)


def _waves(pen: Pen, rng: random.Random, frame, cell: float) -> None:
    x0, y0, x1, y1 = frame
    x = x0 + cell
    while x < x1:
        pen.stroke([(x, y0 - cell), (x, y1 + cell)])
        x += cell * 2
    y = y0
    while y < y1 + cell:
        pen.stroke(wave(x0 - cell, x1 + cell, y, cell * 0.25, cell * 2))
        y += cell * 0.8


def _stars(pen: Pen, rng: random.Random, frame, cell: float) -> None:
    _squares(pen, rng, frame, cell * 1.3, decorate=False)
    for row, x, y in _grid(frame, cell * 1.3, cell * 1.3):
        pen.shape_of(star(x, y, cell * 0.5, cell * 0.25, rng.choice((4, 5, 6)), rng.random() * math.pi))


def _squares(pen: Pen, rng: random.Random, frame, cell: float, decorate: bool = True) -> None:
    for row, x, y in _grid(frame, cell, cell):
        pen.shape_of([(x, y), (x + cell, y), (x + cell, y + cell), (x, y + cell)])
        if decorate and rng.random() < 0.35:
            pen.circle(x + cell / 2, y + cell / 2, cell * 0.28)


_TILES = {
    "hexagons": _hexagons,
    "scales": _scales,
    "diamonds": _diamonds,
    "triangles": _triangles,
    "bricks": _bricks,
    "waves": _waves,
    "stars": _stars,
    "squares": _squares,
}
