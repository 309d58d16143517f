"""Geometric patterns: tiles inside a rounded frame.

Tilings: hexagons, fish scales, diamonds, triangles, bricks, waves, stars and
squares. The cell size comes from ``pen.shape``, so every cell (and the pieces
a cell's decoration cuts it into) is large enough to colour.

Only whole tiles are drawn, each a little apart from its neighbours (the grout),
and none closer to the frame than a shape a child can colour: the paper between
them is one connected background. (A medallion in the middle cut the tiles around
it into slivers; the mandala is a style of its own.) Tiles cut by the frame, or
lines meeting at sharp angles where tiles touch, leave slivers too small to
colour and thick black wedges where their lines merge.
"""

from __future__ import annotations

import math
import random
from typing import Iterator

from .names import TILINGS
from .pen import Pen, regular, star, wave

Tile = tuple[str, tuple]  # ("poly", points) or ("circle", (x, y, r)), decorations after their tile
GROUT = 0.3  # the paper between two tiles, in shapes


def draw_pattern(pen: Pen, rng: random.Random, box: tuple[float, float, float, float], tiling: str | None = None) -> None:
    tiling = tiling or rng.choice(TILINGS)
    x0, y0, x1, y1 = box
    inset = pen.line
    frame = (x0 + inset, y0 + inset, x1 - inset, y1 - inset)
    cell = pen.shape * rng.uniform(3.2, 4.2)
    radius = cell * 0.3
    _frame(pen, frame, radius)
    if tiling == "waves":
        _waves(pen, frame, cell)
    else:
        room = pen.shape * 0.6 + radius * 0.3  # tiles keep clear of the frame and its corners
        inner = (frame[0] + room, frame[1] + room, frame[2] - room, frame[3] - room)
        for group in _TILES[tiling](rng, inner, cell, pen.shape):
            if _inside(_bounds(group[0]), inner):
                for tile in group:
                    _draw(pen, tile)


def _frame(pen: Pen, frame: tuple[float, float, float, float], radius: float) -> None:
    """The frame's outline only: the tiles inside it stay."""
    half = pen.line / 2
    x0, y0, x1, y1 = frame
    pen.draw.rounded_rectangle([x0 - half, y0 - half, x1 + half, y1 + half], radius + half, outline=0, width=pen.line)


def _draw(pen: Pen, tile: Tile) -> None:
    kind, geometry = tile
    if kind == "circle":
        pen.circle(*geometry)
    else:
        pen.shape_of(geometry)


def _bounds(tile: Tile) -> tuple[float, float, float, float]:
    kind, geometry = tile
    if kind == "circle":
        x, y, r = geometry
        return x - r, y - r, x + r, y + r
    xs, ys = [p[0] for p in geometry], [p[1] for p in geometry]
    return min(xs), min(ys), max(xs), max(ys)


def _inside(b: tuple[float, ...], box: tuple[float, ...]) -> bool:
    return b[0] >= box[0] and b[1] >= box[1] and b[2] <= box[2] and b[3] <= box[3]


def _grid(box, step_x: float, step_y: float, shift_odd: float = 0.0) -> Iterator[tuple[int, float, float]]:
    """Cell centres over the box, the whole pattern centred in it."""
    x0, y0, x1, y1 = box
    cols = max(1, int((x1 - x0) // step_x) + 2)
    rows = max(1, int((y1 - y0) // step_y) + 2)
    left = (x0 + x1) / 2 - (cols - 1) * step_x / 2
    top = (y0 + y1) / 2 - (rows - 1) * step_y / 2
    for row in range(rows):
        for col in range(cols + 1):
            yield row, left + col * step_x + (shift_odd if row % 2 else 0.0) - shift_odd / 2, top + row * step_y


def _shrunk(points, gap: float):
    """A tile's outline moved ``gap`` towards its centre (the grout on each side)."""
    cx = sum(p[0] for p in points) / len(points)
    cy = sum(p[1] for p in points) / len(points)
    out = []
    for x, y in points:
        d = math.hypot(x - cx, y - cy) or 1.0
        out.append((cx + (x - cx) * (d - gap) / d, cy + (y - cy) * (d - gap) / d))
    return out


def _hexagons(rng: random.Random, box, cell: float, shape: float) -> Iterator[list[Tile]]:
    r = cell / 2
    gap = shape * GROUT
    for row, x, y in _grid(box, r * math.sqrt(3), r * 1.5, r * math.sqrt(3) / 2):
        tile = [("poly", regular(x, y, r - gap, 6, math.pi / 6))]
        inside = r - gap - (shape * 1.2) / math.cos(math.pi / 6)  # the ring around it stays a shape wide
        if rng.random() < 0.3 and inside > shape * 0.7:
            tile.append(("poly", regular(x, y, inside, 6, math.pi / 6)))
        yield tile


def _scales(rng: random.Random, box, cell: float, shape: float) -> Iterator[list[Tile]]:
    r = cell / 2
    rows = list(_grid(box, cell, r * 0.9, r))
    for row, x, y in sorted(rows, key=lambda item: -item[2]):  # bottom rows first: each row overlaps the one below
        yield [("circle", (x, y, r))]


def _diamonds(rng: random.Random, box, cell: float, shape: float) -> Iterator[list[Tile]]:
    gap = shape * GROUT
    half = cell / 2 - gap
    for row, x, y in _grid(box, cell, cell / 2, cell / 2):
        yield [("poly", [(x, y - half), (x + half, y), (x, y + half), (x - half, y)])]


def _triangles(rng: random.Random, box, cell: float, shape: float) -> Iterator[list[Tile]]:
    h = cell * math.sqrt(3) / 2
    gap = shape * GROUT
    for row, x, y in _grid(box, cell / 2, h):
        up = (round((x - box[0]) / (cell / 2)) + row) % 2 == 0
        tip, base = (y - h / 2, y + h / 2) if up else (y + h / 2, y - h / 2)
        yield [("poly", _shrunk([(x - cell / 2, base), (x + cell / 2, base), (x, tip)], gap * 1.6))]


def _bricks(rng: random.Random, box, cell: float, shape: float) -> Iterator[list[Tile]]:
    w, h = cell * 1.4, cell * 0.7
    gap = shape * GROUT / 2
    for row, x, y in _grid(box, w, h, w / 2):
        yield [("poly", _rounded_rect(x - w / 2 + gap, y - h / 2 + gap, x + w / 2 - gap, y + h / 2 - gap, h * 0.2))]


def _rounded_rect(x0: float, y0: float, x1: float, y1: float, r: float, steps: int = 6) -> list[tuple[float, float]]:
    points = []
    for cx, cy, start in ((x1 - r, y0 + r, -math.pi / 2), (x1 - r, y1 - r, 0), (x0 + r, y1 - r, math.pi / 2), (x0 + r, y0 + r, math.pi)):
        points += [(cx + r * math.cos(start + math.pi / 2 * i / steps), cy + r * math.sin(start + math.pi / 2 * i / steps)) for i in range(steps + 1)]
    return points


def _stars(rng: random.Random, box, cell: float, shape: float) -> Iterator[list[Tile]]:
    step = cell * 1.3
    for row, x, y in _grid(box, step, step * 0.9, step / 2):
        points = rng.choice((5, 6))  # four-pointed stars have arms too thin to colour
        yield [("poly", star(x, y, step * 0.42, step * 0.42 * 0.52, points, rng.random() * math.pi))]


def _squares(rng: random.Random, box, cell: float, shape: float) -> Iterator[list[Tile]]:
    gap = shape * GROUT / 2
    for row, x, y in _grid(box, cell, cell):
        tile = [("poly", [(x - cell / 2 + gap, y - cell / 2 + gap), (x + cell / 2 - gap, y - cell / 2 + gap), (x + cell / 2 - gap, y + cell / 2 - gap), (x - cell / 2 + gap, y + cell / 2 - gap)])]
        if rng.random() < 0.35:
            tile.append(("circle", (x, y, cell * 0.24)))
        yield tile


def _waves(pen: Pen, frame, cell: float) -> None:
    """Columns of waves, spaced to divide the frame exactly: no sliver at its edges."""
    x0, y0, x1, y1 = frame
    cols = max(1, round((x1 - x0) / (cell * 2)))
    rows = max(2, round((y1 - y0) / (cell * 0.8)))
    step = (y1 - y0) / rows
    amplitude = min(cell * 0.25, step * 0.3)
    for k in range(1, cols):
        x = x0 + (x1 - x0) * k / cols
        pen.stroke([(x, y0), (x, y1)])
    for k in range(1, rows):
        pen.stroke(wave(x0, x1, y0 + k * step, amplitude, (x1 - x0) / cols))


_TILES = {
    "hexagons": _hexagons,
    "scales": _scales,
    "diamonds": _diamonds,
    "triangles": _triangles,
    "bricks": _bricks,
    "stars": _stars,
    "squares": _squares,
}
