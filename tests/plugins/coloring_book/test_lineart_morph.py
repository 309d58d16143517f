"""The line-art morphology and labelling against plain definitions on small random
pictures: a window's darkest/lightest pixel with paper outside the picture, and
connected regions found by flood fill, numbered in the order their first pixel comes
reading the rows (the pipeline's tie-breaks, and so its pixels, depend on that order);
the pen's silhouettes: all but the paper that reaches the edge."""

from __future__ import annotations

import numpy as np
import pytest

from bookbuild.plugins.coloring_book.lineart import morph
from bookbuild.plugins.coloring_book.draw.pen import silhouette
from bookbuild.plugins.coloring_book.lineart.regions import find_regions, reading_order_labels


def _pictures(count: int = 12) -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    shapes = [(1, 1), (1, 9), (9, 1), (5, 7), (17, 23), (31, 12)]
    return [np.where(rng.random(shapes[i % len(shapes)]) < (0.2 + 0.05 * i), morph.INK, morph.PAPER).astype(np.uint8) for i in range(count)]


def _window(image: np.ndarray, width: int, height: int, grow: bool, reflect: bool) -> np.ndarray:
    """Each pixel from the window that reaches back (left, up) (size - 1) // 2 pixels, or
    size // 2 with ``reflect`` ... the rest forward; outside is paper."""
    rows, cols = image.shape
    out = np.empty_like(image)
    back_x = width - 1 - (width // 2 if reflect else (width - 1) // 2)
    back_y = height - 1 - (height // 2 if reflect else (height - 1) // 2)
    padded = np.full((rows + height - 1, cols + width - 1), morph.PAPER, dtype=np.uint8)
    padded[back_y : back_y + rows, back_x : back_x + cols] = image
    for y in range(rows):
        for x in range(cols):
            window = padded[y : y + height, x : x + width]
            out[y, x] = window.min() if grow else window.max()
    return out


@pytest.mark.parametrize("width,height", [(1, 1), (2, 1), (1, 2), (2, 2), (3, 3), (4, 3), (5, 6), (8, 8)])
def test_grow_shrink_open_and_close_are_the_plain_windows(width, height):
    for image in _pictures():
        assert np.array_equal(morph.grow_ink(image, width, height), _window(image, width, height, True, True))
        assert np.array_equal(morph.shrink_ink(image, width, height), _window(image, width, height, False, False))
        shrunk = _window(image, width, height, False, False)
        assert np.array_equal(morph.open_ink(image, width, height), _window(shrunk, width, height, True, True))
        if width == height:
            grown = _window(image, width, width, True, True)
            assert np.array_equal(morph.close_ink(image, width), _window(grown, width, width, False, False))


def _flood(mask: np.ndarray, diagonal: bool) -> np.ndarray:
    labels = np.zeros(mask.shape, dtype=np.int32)
    steps = [(-1, 0), (1, 0), (0, -1), (0, 1)] + ([(-1, -1), (-1, 1), (1, -1), (1, 1)] if diagonal else [])
    count = 0
    for y, x in zip(*np.nonzero(mask)):  # reading order: row by row
        if labels[y, x]:
            continue
        count += 1
        labels[y, x] = count
        todo = [(y, x)]
        while todo:
            cy, cx = todo.pop()
            for dy, dx in steps:
                ny, nx = cy + dy, cx + dx
                if 0 <= ny < mask.shape[0] and 0 <= nx < mask.shape[1] and mask[ny, nx] and not labels[ny, nx]:
                    labels[ny, nx] = count
                    todo.append((ny, nx))
    return labels


@pytest.mark.parametrize("value,diagonal", [(morph.PAPER, False), (morph.INK, True), (morph.INK, False)])
def test_regions_are_the_flood_filled_ones_in_reading_order_with_their_boxes_and_sizes(value, diagonal):
    for image in _pictures():
        expected = _flood(image == value, diagonal)
        regions = find_regions(image, value, diagonal=diagonal)
        assert len(regions) == expected.max()
        height, width = image.shape
        for number, region in enumerate(regions, 1):
            ys, xs = np.nonzero(expected == number)
            assert region.box == (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)
            assert region.area == len(xs) and np.array_equal(region.mask(), (expected == number)[region.slices])
            assert region.touches_border == (xs.min() == 0 or ys.min() == 0 or xs.max() == width - 1 or ys.max() == height - 1)
        unordered = find_regions(image, value, diagonal=diagonal, ordered=False)  # the same regions, any order
        assert sorted((r.box, r.area) for r in unordered) == sorted((r.box, r.area) for r in regions)
        count, labels = reading_order_labels(image == value, diagonal)  # the same numbers, without the boxes
        assert count == expected.max() + 1 and np.array_equal(labels, expected)


def test_a_silhouette_is_everything_but_the_paper_that_reaches_the_edge():
    for image in _pictures():
        paper = _flood(image == morph.PAPER, diagonal=False)
        edge = set(paper[0].tolist()) | set(paper[-1].tolist()) | set(paper[:, 0].tolist()) | set(paper[:, -1].tolist())
        outside = np.isin(paper, sorted(edge - {0}))
        assert np.array_equal(silhouette(image), np.where(outside, morph.PAPER, morph.INK))


@pytest.mark.parametrize("shape", [(1, 1), (4, 1), (1, 4), (3, 5), (9, 9), (40, 30)])
def test_masks_thresholds_and_counts_are_the_plain_definitions(shape):
    """OpenCV's one-pass forms against numpy's (OpenCV reads a 1x1 or 4x1 array as a scalar)."""
    rng = np.random.default_rng(sum(shape))
    for image in (rng.integers(0, 256, shape, dtype=np.uint8), np.where(rng.random(shape) < 0.4, morph.INK, morph.PAPER).astype(np.uint8)):
        for value in (morph.INK, morph.PAPER):
            assert np.array_equal(morph.equal(image, value), np.where(image == value, morph.PAPER, morph.INK))
        for threshold in (0, 1, 128, 255, 256):
            assert np.array_equal(morph.binary(image, threshold), np.where(image < threshold, morph.INK, morph.PAPER))
        assert morph.ink_pixels(morph.binary(image)) == np.count_nonzero(image < 128)


@pytest.mark.parametrize("density", [0.002, 0.02, 0.3])
def test_pieces_labelled_band_by_band_are_the_8_connected_regions(density):
    from bookbuild.plugins.coloring_book.lineart.regions import pieces_by_band

    rng = np.random.default_rng(11)
    picture = np.where(rng.random((120, 90)) < density, morph.INK, morph.PAPER).astype(np.uint8)
    picture[40:80, 30] = morph.INK  # a line across many rows
    picture[10, :] = morph.INK  # and one across the picture
    expected = sorted(r.box for r in find_regions(picture, morph.INK, diagonal=True))

    found = []
    for rows, cols, labels, stats in pieces_by_band(morph.equal(picture, morph.INK)):
        for left, top, width, height, _ in stats[1:].tolist():
            found.append((cols.start + left, rows.start + top, cols.start + left + width, rows.start + top + height))
    assert sorted(found) == expected
