"""Drawing one character: its colours (Kit), its pen (Fig) and its landmarks (Anchors).

A Fig draws in figure units, u across from the centre and v up from the
feet, so one body plan fits any size; every colour passes through the
scene's light and shapes get an INK outline unless told otherwise. Kit
holds the colours resolved from the character's description; Anchors says
where head, neck, eyes and body are, for the face and the accessories.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PIL import ImageDraw

from .colour import INK, Point, oval_points
from .palette import COLOURS, RGB, WHITE, Features, mix


@dataclass
class Kit:
    """Resolved colours and options for drawing one character."""

    feat: Features
    body: RGB
    belly: RGB
    accent: RGB
    mood: str
    gaze: float  # -1 looks left, +1 looks right

    def colour(self, key: str, default: RGB | None = None) -> RGB:
        return self.feat.palette.get(key) or default or self.accent

    def has(self, item: str) -> bool:
        return item in self.feat.items


BELLY_DEFAULTS = {"fox": COLOURS["white"], "cat": COLOURS["white"], "rabbit": COLOURS["white"],
                  "tiger": COLOURS["white"], "panda": COLOURS["white"], "penguin": COLOURS["white"],
                  "dragon": (244, 222, 130), "wolf": (236, 236, 240), "raccoon": (226, 226, 230)}


def make_kit(feat: Features, mood: str, gaze: float) -> Kit:
    body = feat.palette["body"]
    belly = feat.palette.get("belly") or BELLY_DEFAULTS.get(feat.species) or mix(body, (255, 246, 226), 0.55)
    if belly == body:
        belly = mix(body, WHITE, 0.5)
    return Kit(feat, body, belly, feat.palette["accent"], mood, gaze)


@dataclass
class Fig:
    """Draws in figure units: u across (0 = centre), v up from the feet (1 = figure height)."""

    draw: ImageDraw.ImageDraw
    x: float
    base: float
    size: float
    light: Callable[[RGB], RGB]

    @property
    def line(self) -> int:
        return max(1, round(self.size * 0.013))

    def xy(self, u: float, v: float) -> Point:
        return self.x + u * self.size, self.base - v * self.size

    def oval(self, u: float, v: float, ru: float, rv: float, fill: RGB, outline: bool = True,
            angle: float = 0.0) -> None:
        if angle:
            self.shape(oval_points(*self.xy(u, v), ru * self.size, rv * self.size, -angle), fill, outline)
            return
        ink = self.light(INK) if outline else None
        (x, y), rx, ry = self.xy(u, v), ru * self.size, rv * self.size
        self.draw.ellipse((x - rx, y - ry, x + rx, y + ry), fill=self.light(fill), outline=ink, width=self.line)

    def poly(self, pts: list[Point], fill: RGB, outline: bool = True) -> None:
        self.shape([self.xy(u, v) for u, v in pts], fill, outline)

    def shape(self, xy: list[Point], fill: RGB, outline: bool) -> None:
        """Filled polygon, outlined with a closed line: Pillow's own wide polygon outline
        allocates a page-sized mask on every call, far too slow at 300 DPI."""
        self.draw.polygon(xy, fill=self.light(fill))
        if outline:
            self.draw.line(xy + xy[:2], fill=self.light(INK), width=self.line, joint="curve")

    def stroke(self, pts: list[Point], colour: RGB, width: float, outline: bool = True) -> None:
        """A thick rounded line (tails, legs); outlined by drawing it twice."""
        xy = [self.xy(u, v) for u, v in smooth(pts)]
        w = max(1, round(width * self.size))
        if outline:
            self.draw.line(xy, fill=self.light(INK), width=w + 2 * self.line, joint="curve")
            self.dot(xy[-1], (w + 2 * self.line) / 2, INK)
        self.draw.line(xy, fill=self.light(colour), width=w, joint="curve")
        self.dot(xy[-1], w / 2, colour)

    def dot(self, p: Point, r: float, colour: RGB) -> None:
        self.draw.ellipse((p[0] - r, p[1] - r, p[0] + r, p[1] + r), fill=self.light(colour))

    def arc(self, u: float, v: float, ru: float, rv: float, start: float, end: float, colour: RGB = INK,
            width: float = 1.0) -> None:
        (x, y), rx, ry = self.xy(u, v), ru * self.size, rv * self.size
        self.draw.arc((x - rx, y - ry, x + rx, y + ry), start, end, fill=self.light(colour),
                      width=max(1, round(self.line * width)))


def smooth(pts: list[Point], rounds: int = 3) -> list[Point]:
    """Chaikin corner cutting: a few control points become a smooth curve (tails, arms)."""
    for _ in range(rounds if len(pts) > 2 else 0):
        cut = [pts[0]]
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            cut += [(0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1), (0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1)]
        pts = cut + [pts[-1]]
    return pts


@dataclass(frozen=True)
class Anchors:
    """Where a figure's head, neck, eyes and body are, for faces and accessories."""

    head_v: float = 0.64
    head_rx: float = 0.25
    head_ry: float = 0.215
    neck_v: float = 0.445
    neck_rx: float = 0.16
    eye_v: float = 0.665
    eye_dx: float = 0.095
    body_v: float = 0.25
    body_rx: float = 0.19
    body_ry: float = 0.21

    @property
    def head_top(self) -> float:
        return self.head_v + self.head_ry


MAMMAL = Anchors()


def bbox(f: Fig, u: float, v: float, ru: float, rv: float) -> tuple[float, float, float, float]:
    x, y = f.xy(u, v)
    return x - ru * f.size, y - rv * f.size, x + ru * f.size, y + rv * f.size
