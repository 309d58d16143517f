"""Connected regions of a binary image (scipy.ndimage's labelling, in C).

A region knows its size, its bounding box and whether it touches the image's
edge; its pixels are the ones that carry its label in the labelled image it
shares with the other regions found with it (``paint`` and ``touching`` use them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from . import morph

FOUR = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=bool)
_EIGHT = np.ones((3, 3), dtype=bool)


@dataclass(eq=False)
class Region:
    """One connected region: its label, size and bounding box (x0, y0, x1, y1 exclusive)."""

    label: int
    labels: np.ndarray = field(repr=False)  # the labelled image it was found in, shared with its siblings
    box: tuple[int, int, int, int]
    touches_border: bool = False

    @cached_property
    def area(self) -> int:
        """Its size in pixels (counted when asked: most regions are only looked at by size)."""
        return int(np.count_nonzero(self.mask()))

    @property
    def width(self) -> int:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> int:
        return self.box[3] - self.box[1]

    @property
    def slices(self) -> tuple[slice, slice]:
        x0, y0, x1, y1 = self.box
        return slice(y0, y1), slice(x0, x1)

    def mask(self) -> np.ndarray:
        """The region's pixels in its box (a boolean array of the box's size)."""
        return self.labels[self.slices] == self.label


def find_regions(image: Any, value: int = 255, diagonal: bool = False) -> list[Region]:
    """Regions of pixels equal to ``value`` (0 or 255) in an "L" image or array, in the
    order their first pixel comes reading the rows from the top.

    diagonal: pixels touching only at a corner join (8-connected), the right
    choice for ink; paper is 4-connected, as colour cannot leak through a corner.
    """
    from scipy import ndimage

    array = morph.as_array(image)
    labels, count = ndimage.label(array == value, structure=_EIGHT if diagonal else FOUR)
    if not count:
        return []
    height, width = array.shape
    regions = []
    for index, (rows, cols) in enumerate(ndimage.find_objects(labels), 1):
        box = (cols.start, rows.start, cols.stop, rows.stop)
        edge = box[0] == 0 or box[1] == 0 or box[2] == width or box[3] == height
        regions.append(Region(index, labels, box, edge))
    return regions


def paint(image: Any, regions: list[Region], value: int) -> np.ndarray:
    """A copy of ``image`` (as an array) with every pixel of ``regions`` set to ``value``."""
    out = morph.as_array(image).copy()
    for labels, group in _by_labelling(regions):
        if _boxes_area(group) < labels.size // 4:  # a few small regions: look only in their boxes
            for region in group:
                out[region.slices][region.mask()] = value
        else:
            chosen = np.zeros(int(labels.max()) + 1, dtype=bool)
            chosen[[r.label for r in group]] = True
            out[chosen[labels]] = value
    return out


def touching(regions: list[Region], image: Any, value: int) -> list[Region]:
    """The regions with at least one pixel equal to ``value`` in ``image`` (same size)."""
    array = morph.as_array(image)
    found: set[int] = set()
    for labels, group in _by_labelling(regions):
        if _boxes_area(group) < labels.size // 4:
            found |= {id(r) for r in group if np.any(array[r.slices][r.mask()] == value)}
        else:
            hit = np.zeros(int(labels.max()) + 1, dtype=bool)
            hit[labels[array == value]] = True
            found |= {id(r) for r in group if hit[r.label]}
    return [r for r in regions if id(r) in found]


def _by_labelling(regions: list[Region]) -> list[tuple[np.ndarray, list[Region]]]:
    groups: dict[int, tuple[np.ndarray, list[Region]]] = {}
    for region in regions:
        groups.setdefault(id(region.labels), (region.labels, []))[1].append(region)
    return list(groups.values())


def _boxes_area(regions: list[Region]) -> int:
    return sum(r.width * r.height for r in regions)
