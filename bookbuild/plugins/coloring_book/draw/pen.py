"""A pen for coloring pages: black outlines at the book's line weight, white fills.

Shapes are drawn back to front; every closed shape is filled with paper, so a
shape in front hides the lines behind it, the way a child expects to colour.
Sizes are pixels at 300 DPI. ``shape`` is the smallest closed area the age
group can colour (in px); the drawings size their details from it.
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

from PIL import Image, ImageChops, ImageDraw

Point = tuple[float, float]
INK, PAPER = 0, 255


class Pen:
    def __init__(self, size: tuple[int, int], line: int, shape: int):
        self.image = Image.new("L", size, PAPER)
        self.draw = ImageDraw.Draw(self.image)
        self.line = max(1, line)
        self.shape = max(4, shape)

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size

    # -- closed shapes ---------------------------------------------------------------

    def ellipse(self, cx: float, cy: float, rx: float, ry: float, fill: int = PAPER) -> None:
        half = self.line / 2  # the outline straddles the shape's edge, like a vector stroke
        self.draw.ellipse([cx - rx - half, cy - ry - half, cx + rx + half, cy + ry + half], fill=INK)
        if rx > half and ry > half:
            self.draw.ellipse([cx - rx + half, cy - ry + half, cx + rx - half, cy + ry - half], fill=fill)

    def circle(self, cx: float, cy: float, r: float, fill: int = PAPER) -> None:
        self.ellipse(cx, cy, r, r, fill)

    def shape_of(self, points: Sequence[Point], fill: int = PAPER) -> None:
        """A closed polygon: filled, then outlined with round joints."""
        pts = [(float(x), float(y)) for x, y in points]
        self.draw.polygon(pts, fill=fill)
        self.stroke(pts + [pts[0], pts[1]])

    def rounded_box(self, box: Sequence[float], radius: float, fill: int = PAPER) -> None:
        half = self.line / 2
        x0, y0, x1, y1 = box
        self.draw.rounded_rectangle([x0 - half, y0 - half, x1 + half, y1 + half], radius + half, fill=INK)
        self.draw.rounded_rectangle([x0 + half, y0 + half, x1 - half, y1 - half], max(0.0, radius - half), fill=fill)

    # -- lines and dots --------------------------------------------------------------

    def stroke(self, points: Sequence[Point], width: float | None = None) -> None:
        """An open line with round ends and joints."""
        w = int(round(width or self.line))
        pts = [(float(x), float(y)) for x, y in points]
        if len(pts) > 1:
            self.draw.line(pts, fill=INK, width=w, joint="curve")
        r = w / 2
        for x, y in (pts[0], pts[-1]):
            self.draw.ellipse([x - r, y - r, x + r, y + r], fill=INK)

    def dot(self, cx: float, cy: float, r: float) -> None:
        self.draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=INK)

    def layer(self) -> "Pen":
        """A blank pen of the same size, for a figure to be placed in front (``place``)."""
        return Pen(self.size, self.line, self.shape)

    def place(self, front: "Pen", clearance: float | None = None) -> None:
        """Put what ``front`` drew in front of this drawing, with a little paper all round
        it (a halo): lines behind a figure stop short of it instead of meeting its outline
        at a glancing angle, which would leave slivers too small to colour and black wedges."""
        from bookbuild.plugins.coloring_book.lineart import morph

        drawn = ImageChops.invert(front.image).getbbox()
        if drawn is None:
            return
        reach = max(2, round(clearance if clearance is not None else max(self.line * 2.5, self.shape * 0.3))) | 1
        # Only the figure's box, the halo's reach around it and the scraps the halo may
        # leave (shorter than a shape) change: work there alone.
        pad = reach // 2 + 1 + self.shape + 1
        box = (max(0, drawn[0] - pad), max(0, drawn[1] - pad), min(self.size[0], drawn[2] + pad), min(self.size[1], drawn[3] + pad))
        figure = front.image.crop(box)
        inside = silhouette(figure)
        before = morph.as_array(self.image.crop(box))
        behind = drop_scraps(before, morph.ink_in_a_not_b(before, morph.grow_ink(inside, reach)), self.shape)  # paper under the halo
        covered = inside == INK
        behind[covered] = morph.as_array(figure)[covered]  # the figure as drawn
        self.image.paste(morph.as_image(behind), box[:2])
        self.draw = ImageDraw.Draw(self.image)

    def erase_outside(self, mask: Image.Image) -> None:
        """Paper wherever ``mask`` is black (used to clip a scene to its frame)."""
        self.image = ImageChops.lighter(self.image, ImageChops.invert(mask))
        self.draw = ImageDraw.Draw(self.image)


def drop_scraps(before, after, shape: int):
    """``after`` (``before`` with paper under a halo; numpy arrays) less the scraps the halo
    left: a piece of a line it cut that is now shorter than the smallest shape (a stray dash
    beside a fish's tail, the end of a bubble). Lines it did not cut stay, however small
    (an eye, a smile)."""
    from bookbuild.plugins.coloring_book.lineart.regions import find_regions, paint

    pieces = [p for p in find_regions(after, INK, diagonal=True, ordered=False) if max(p.width, p.height) < shape]
    if not pieces:
        return after
    lines = {r.label: r for r in find_regions(before, INK, diagonal=True, ordered=False)}
    labels = next(iter(lines.values())).labels
    scraps = []
    for piece in pieces:
        x0, y0 = piece.box[:2]
        first = x0 + int(piece.mask()[0].argmax())  # the piece's first pixel, reading rows from the top
        line = lines.get(int(labels[y0, first]))
        if line is not None and line.area > piece.area:  # the halo cut it: part of a longer line
            scraps.append(piece)
    return paint(after, scraps, PAPER) if scraps else after


# -- geometry -----------------------------------------------------------------------------


def ellipse_points(cx: float, cy: float, rx: float, ry: float, angle: float = 0.0, steps: int = 72, start: float = 0.0, end: float = 2 * math.pi) -> list[Point]:
    cos_a, sin_a = math.cos(angle), math.sin(angle)
    points = []
    for i in range(steps + 1):
        t = start + (end - start) * i / steps
        x, y = rx * math.cos(t), ry * math.sin(t)
        points.append((cx + x * cos_a - y * sin_a, cy + x * sin_a + y * cos_a))
    return points


def petal(cx: float, cy: float, inner: float, outer: float, width: float, angle: float, steps: int = 32) -> list[Point]:
    """A petal pointed at both ends, from radius ``inner`` to ``outer`` along ``angle``."""
    return _outline(cx, cy, inner, outer, angle, steps, lambda t: width / 2 * math.sin(t) ** 2 * 1.0)


def teardrop(cx: float, cy: float, inner: float, outer: float, width: float, angle: float, steps: int = 32) -> list[Point]:
    """A drop: pointed at radius ``inner``, round at ``outer``."""
    return _outline(cx, cy, inner, outer, angle, steps, lambda t: width / 2 * math.sin(t) * math.sin(t / 2) ** 1.5 * 1.35)


def _outline(cx: float, cy: float, inner: float, outer: float, angle: float, steps: int, half_width) -> list[Point]:
    """A shape symmetric about a ray: half_width(t) for t from 0 (inner end) to pi (outer end)."""
    length = outer - inner
    side = []
    for i in range(steps + 1):
        t = math.pi * i / steps
        side.append((inner + length * (1 - math.cos(t)) / 2, half_width(t)))
    return [_polar(cx, cy, r, angle, w) for r, w in side] + [_polar(cx, cy, r, angle, -w) for r, w in reversed(side)]


def star(cx: float, cy: float, outer: float, inner: float, points: int, angle: float = -math.pi / 2) -> list[Point]:
    pts = []
    for i in range(points * 2):
        r = outer if i % 2 == 0 else inner
        a = angle + math.pi * i / points
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def regular(cx: float, cy: float, r: float, sides: int, angle: float = 0.0) -> list[Point]:
    return [(cx + r * math.cos(angle + 2 * math.pi * i / sides), cy + r * math.sin(angle + 2 * math.pi * i / sides)) for i in range(sides)]


def wave(x0: float, x1: float, y: float, amplitude: float, length: float, phase: float = 0.0, steps: int = 120) -> list[Point]:
    return [(x0 + (x1 - x0) * i / steps, y + amplitude * math.sin(phase + 2 * math.pi * (x0 + (x1 - x0) * i / steps) / length)) for i in range(steps + 1)]


def strip(centre: Sequence[Point], widths: Iterable[float]) -> list[Point]:
    """A closed band around a centre line, ``widths`` wide at each point (tentacles, seaweed)."""
    left, right = [], []
    widths = list(widths)
    for i, (x, y) in enumerate(centre):
        nx, ny = _normal(centre, i)
        half = widths[i] / 2
        left.append((x + nx * half, y + ny * half))
        right.append((x - nx * half, y - ny * half))
    return left + right[::-1]


def _normal(points: Sequence[Point], i: int) -> Point:
    a = points[max(0, i - 1)]
    b = points[min(len(points) - 1, i + 1)]
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    return -dy / length, dx / length


def _polar(cx: float, cy: float, r: float, angle: float, offset: float = 0.0) -> Point:
    """A point at radius r along angle, moved ``offset`` sideways."""
    return (cx + r * math.cos(angle) - offset * math.sin(angle), cy + r * math.sin(angle) + offset * math.cos(angle))


def polar(cx: float, cy: float, r: float, angle: float) -> Point:
    return _polar(cx, cy, r, angle)


def silhouette(image: Image.Image):
    """Ink wherever a drawing covers the image: its lines and the paper they enclose
    (a numpy array). Paper counts as outside where it reaches the image's edge."""
    import numpy as np

    from bookbuild.plugins.coloring_book.lineart import morph

    # The outside: paper 4-connected to a frame of paper around the image, flood-filled from
    # the frame's corner (4x faster than labelling every region and picking those on the edge).
    pixels = morph.as_array(image)
    height, width = pixels.shape
    framed = np.full((height + 2, width + 2), PAPER, dtype=np.uint8)
    framed[1:-1, 1:-1] = pixels
    filled = np.zeros((height + 4, width + 4), dtype=np.uint8)  # OpenCV's mask: a pixel wider all round
    cv2 = morph.cv()
    cv2.floodFill(framed, filled, (0, 0), 0, 0, 0, 4 | cv2.FLOODFILL_MASK_ONLY | (PAPER << 8))
    return np.ascontiguousarray(filled[2:-2, 2:-2])  # paper outside, ink where the drawing covers


def frame_mask(size: tuple[int, int], box: Sequence[float], radius: float) -> Image.Image:
    """White inside a rounded box, black outside."""
    mask = Image.new("L", size, INK)
    ImageDraw.Draw(mask).rounded_rectangle(list(box), radius, fill=PAPER)
    return mask
