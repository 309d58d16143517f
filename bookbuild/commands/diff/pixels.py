"""Where two renderings of a page differ: boxes around the changed regions.

A pixel counts as changed when one of its colour channels moved by more than
``threshold`` (0-255); anti-aliasing noise moves edges by less. Changed pixels are
counted per ``CELL`` x ``CELL`` cell; neighbouring changed cells (one empty cell
apart at most) form a region, and a region of fewer than ``min_pixels`` changed
pixels is noise, not a change. Pure Pillow: no numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

CELL = 8  # pixels per side of a counting cell
DEFAULT_THRESHOLD = 32
DEFAULT_MIN_PIXELS = 6


@dataclass(frozen=True)
class Box:
    """A changed region as fractions of the page (0..1 from the top left), so it fits any rendering size."""

    left: float
    top: float
    right: float
    bottom: float
    pixels: int = 0  # changed pixels inside, at the compared resolution

    @property
    def area(self) -> float:
        return (self.right - self.left) * (self.bottom - self.top)


def changed_regions(before: Any, after: Any, threshold: int = DEFAULT_THRESHOLD, min_pixels: int = DEFAULT_MIN_PIXELS) -> list[Box]:
    """Boxes where ``after`` differs from ``before`` (PIL RGB images); the whole page if the sizes differ."""
    if before.size != after.size:
        return [Box(0.0, 0.0, 1.0, 1.0, after.size[0] * after.size[1])]
    counts, columns = _cell_counts(_changed_mask(before, after, threshold))
    boxes = [_to_box(cells, counts, columns, after.size) for cells in _components(counts, columns)]
    return [b for b in boxes if b.pixels >= min_pixels]


def _changed_mask(before: Any, after: Any, threshold: int) -> Any:
    """An L image: 255 where any channel differs by more than threshold, else 0."""
    from PIL import ImageChops

    bands = ImageChops.difference(before.convert("RGB"), after.convert("RGB")).split()
    strongest = ImageChops.lighter(ImageChops.lighter(bands[0], bands[1]), bands[2])
    return strongest.point(lambda v: 255 if v > threshold else 0)


def _cell_counts(mask: Any) -> tuple[list[int], int]:
    """Changed pixels per cell, row by row; and the number of cells per row."""
    from PIL import Image

    width, height = mask.size
    columns, rows = -(-width // CELL), -(-height // CELL)
    padded = Image.new("L", (columns * CELL, rows * CELL), 0)
    padded.paste(mask, (0, 0))
    means = padded.reduce(CELL)  # a box filter: one pixel per cell, the mean of 0/255 values
    per_cell = CELL * CELL
    return [round(m * per_cell / 255) for m in means.tobytes()], columns


def _components(counts: list[int], columns: int) -> Iterator[list[int]]:
    """Groups of changed cells, joined when at most one empty cell lies between them."""
    rows = len(counts) // columns
    seen: set[int] = set()
    for start, count in enumerate(counts):
        if not count or start in seen:
            continue
        seen.add(start)
        group, todo = [], [start]
        while todo:
            cell = todo.pop()
            group.append(cell)
            for near in _neighbours(cell, columns, rows, reach=2):
                if counts[near] and near not in seen:
                    seen.add(near)
                    todo.append(near)
        yield group


def _neighbours(cell: int, columns: int, rows: int, reach: int) -> Iterator[int]:
    row, col = divmod(cell, columns)
    for r in range(max(0, row - reach), min(rows, row + reach + 1)):
        for c in range(max(0, col - reach), min(columns, col + reach + 1)):
            if (r, c) != (row, col):
                yield r * columns + c


def _to_box(cells: list[int], counts: list[int], columns: int, size: tuple[int, int]) -> Box:
    width, height = size
    rows_cols = [divmod(c, columns) for c in cells]
    top = min(r for r, _ in rows_cols) * CELL
    bottom = min(height, (max(r for r, _ in rows_cols) + 1) * CELL)
    left = min(c for _, c in rows_cols) * CELL
    right = min(width, (max(c for _, c in rows_cols) + 1) * CELL)
    return Box(left / width, top / height, right / width, bottom / height, sum(counts[c] for c in cells))
