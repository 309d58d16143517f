"""Binary morphology on Pillow "L" images, where ink is 0 and paper is 255.

Pillow's MinFilter/MaxFilter cost grows with the square of their size (a 9x9
filter takes seconds on a 300 DPI page), so rectangles are built from shifted
copies instead: a window of width w needs about log2(w) ``darker``/``lighter``
passes per axis, each a fast C loop that releases the GIL.
"""

from __future__ import annotations

from typing import Callable

from PIL import Image, ImageChops

INK, PAPER = 0, 255

Combine = Callable[[Image.Image, Image.Image], Image.Image]


def shifted(image: Image.Image, dx: int, dy: int) -> Image.Image:
    """The image moved by (dx, dy); what comes in from outside is paper."""
    moved = Image.new(image.mode, image.size, PAPER)
    moved.paste(image, (dx, dy))
    return moved


def _sweep(image: Image.Image, length: int, axis: int, combine: Combine, reflect: bool = False) -> Image.Image:
    """Combine each pixel with the ``length - 1`` before it along one axis, centred.

    An even window cannot be centred: it reaches one pixel further back than
    forward, or forward with ``reflect``, so that growing after shrinking (an
    opening) puts every surviving pixel back where it was. The image is padded
    with paper while it is swept, so nothing is lost at its edges.
    """
    if length <= 1:
        return image
    pad = (length, 0) if axis == 0 else (0, length)
    work = Image.new(image.mode, (image.width + 2 * pad[0], image.height + 2 * pad[1]), PAPER)
    work.paste(image, pad)
    covered = 1
    while covered < length:
        step = min(covered, length - covered)
        work = combine(work, shifted(work, step if axis == 0 else 0, step if axis == 1 else 0))
        covered += step
    back = length // 2 if reflect else (length - 1) // 2
    left, top = pad[0] + (back if axis == 0 else 0), pad[1] + (back if axis == 1 else 0)
    return work.crop((left, top, left + image.width, top + image.height))


def grow_ink(image: Image.Image, width: int, height: int | None = None) -> Image.Image:
    """Dilate the ink by a width x height rectangle (lines get width - 1 px thicker)."""
    height = width if height is None else height
    return _sweep(_sweep(image, width, 0, ImageChops.darker, True), height, 1, ImageChops.darker, True)


def shrink_ink(image: Image.Image, width: int, height: int | None = None) -> Image.Image:
    """Erode the ink: keep only pixels whose whole rectangle around them is ink."""
    height = width if height is None else height
    return _sweep(_sweep(image, width, 0, ImageChops.lighter), height, 1, ImageChops.lighter)


def open_ink(image: Image.Image, width: int, height: int | None = None) -> Image.Image:
    """Ink that a width x height rectangle can reach while staying inside the ink."""
    return grow_ink(shrink_ink(image, width, height), width, height)


def close_ink(image: Image.Image, size: int) -> Image.Image:
    """Bridge gaps narrower than ``size`` px without thickening the lines elsewhere."""
    return shrink_ink(grow_ink(image, size), size)


def shrink_paper(image: Image.Image, size: int) -> Image.Image:
    """Erode the paper (white) by a size x size square: white survives only far from ink."""
    return grow_ink(image, size)


def ink_in_a_not_b(a: Image.Image, b: Image.Image) -> Image.Image:
    """Ink where ``a`` has ink and ``b`` has paper."""
    return ImageChops.lighter(a, ImageChops.invert(b))


def binary(image: Image.Image, threshold: int = 128) -> Image.Image:
    """Pure ink and paper: values below ``threshold`` become ink."""
    return image.point(lambda v: INK if v < threshold else PAPER)


def ink_pixels(image: Image.Image) -> int:
    return image.histogram()[INK]


def ink_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """Bounding box of the ink, or None on a blank image."""
    return ImageChops.invert(image).getbbox()
