"""Offline illustration provider: picture-book art drawn procedurally with Pillow.

No network, no AI, no per-pixel Python loops: every page is built from
ImageDraw shapes and small gradients scaled up, so a 300 DPI page takes a
fraction of a second and the same arguments always give the same bytes.

Pipeline for one page: the prompt's keywords become a SceneSpec (time of day,
weather, places); make_layout decides where the horizon, the characters' feet
and the text-free band are; the scene is painted back to front (sky, sun or
moon, far hills, ground, water, trees, houses, flowers), then the characters
(figures chosen by species word, coloured by palette_for), then weather.
Randomness comes only from random.Random seeded with the seed string; the
scenery and the characters use separate streams so adding a character never
moves a tree.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass, replace
from typing import Callable

from PIL import Image, ImageDraw

from .colour import INK, Point, apply_tint, oval_points, shade, star, tint_key
from .indoors import bed_for, paint_bed, paint_blanket, paint_room
from .layout import BED_HALF, BED_LIFT, TEXT_ZONES, Layout, Placement, make_layout
from .palette import COLOURS, HUMANS, RGB, WHITE, CharacterLook, Features, features_of, mix, palette_for
from .scene import SceneSpec, parse_scene
from .scenes import paint_outdoors, paint_weather
from .stage import Stage
from .weather import paint_zzz

__all__ = ["CharacterLook", "palette_for", "draw_illustration", "draw_cover_art"]


# ---------------------------------------------------------------- characters

SPECIES_SIZE = {"mouse": 0.72, "bird": 0.7, "owl": 0.82, "duck": 0.78, "frog": 0.74, "fish": 0.68,
                "turtle": 0.72, "penguin": 0.8, "hedgehog": 0.72, "squirrel": 0.8, "rabbit": 0.9,
                "elephant": 1.0, "bear": 1.0, "child": 1.0, "girl": 1.0, "boy": 1.0, "robot": 0.96,
                "dragon": 1.0, "lion": 1.0, "panda": 1.0}


MEASURE_PX = 160  # figure height used to measure a character's true extent


@dataclass(frozen=True)
class Actor:
    """A character ready to draw: what it is, how it feels, how far it reaches (in figure heights)."""

    look: CharacterLook
    feat: Features
    mood: str
    left: float = 0.0
    right: float = 0.0
    top: float = 1.0


def measured(actor: Actor, bed: bool) -> Actor:
    """Draw the figure small on a black card and read its bounding box, so capes, tails,
    ears and hats of every species are accounted for exactly."""
    card = Image.new("RGB", (MEASURE_PX * 4, MEASURE_PX * 3))
    at = Placement(MEASURE_PX * 2, MEASURE_PX * 2.5, MEASURE_PX)
    paint_character(ImageDraw.Draw(card), actor.look, actor.feat, at, actor.mood, 0.0, lambda c: c)
    left, top, right, _ = card.getbbox() or (at.x, at.base - MEASURE_PX, at.x, at.base)
    pad = 2 / MEASURE_PX  # rounding at the small size
    reach = BED_HALF if bed else 0.0
    return replace(actor, left=max(reach, (at.x - left) / MEASURE_PX + pad),
                   right=max(reach, (right - at.x) / MEASURE_PX + pad), top=(at.base - top) / MEASURE_PX + pad)


def place_characters(lay: Layout, actors: list[Actor], bed: bool) -> list[Placement]:
    """Share the stage between the characters, evenly spaced; smaller animals are drawn smaller.
    Everything is scaled down together when the cast is too wide, and a figure too tall for the
    text-free band is shrunk on its own."""
    if not actors:
        return []
    stage_w = lay.stage[1] - lay.stage[0]
    sizes = [lay.fig_h * SPECIES_SIZE.get(a.feat.species, 0.9) for a in actors]
    scale = min(1.0, stage_w / sum(size * (a.left + a.right) for size, a in zip(sizes, actors)))
    room = lay.feet - lay.band[0] - lay.h * 0.01
    sizes = [min(size * scale, room / a.top) for size, a in zip(sizes, actors)]
    gap = (stage_w - sum(size * (a.left + a.right) for size, a in zip(sizes, actors))) / (len(actors) + 1)
    out, x = [], lay.stage[0] + gap
    for i, (size, a) in enumerate(zip(sizes, actors)):
        lift = size * BED_LIFT if bed and i == 0 else 0.0
        out.append(Placement(x + size * a.left, lay.feet - lift, size))
        x += size * (a.left + a.right) + gap
    return out


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


# ----- faces


def eyes(f: Fig, k: Kit, a: Anchors, scale: float = 1.0) -> None:
    """Big dark eyes with a white highlight; closed arcs when sleepy."""
    for side in (-1, 1):
        u = side * a.eye_dx
        if k.mood == "sleepy":
            f.arc(u, a.eye_v + 0.01, 0.04 * scale, 0.025 * scale, 10, 170, width=1.6)
            continue
        ru, rv = 0.034 * scale, 0.044 * scale
        if k.mood == "scared":
            f.oval(u, a.eye_v, ru * 1.25, rv * 1.15, WHITE)
            f.oval(u + k.gaze * 0.01, a.eye_v, ru * 0.6, rv * 0.6, INK, outline=False)
        else:
            f.oval(u, a.eye_v, ru, rv, INK, outline=False)
            f.oval(u + 0.012 * scale + 0.006 * k.gaze, a.eye_v + 0.016 * scale, 0.012 * scale, 0.012 * scale,
                    WHITE, outline=False)
        if k.mood in ("sad", "scared"):
            f.stroke([(u - side * 0.04 * scale, a.eye_v + 0.09 * scale), (u + side * 0.03 * scale,
                    a.eye_v + 0.07 * scale)],
                     INK, 0.012, outline=False)


def mouth(f: Fig, k: Kit, u: float, v: float, w: float = 0.045) -> None:
    if k.mood in ("excited",):
        f.draw.chord(bbox(f, u, v + 0.005, w, w * 0.9), 0, 180, fill=f.light((170, 50, 60)),
                     outline=f.light(INK), width=f.line)
        return
    if k.mood in ("sad", "scared"):
        f.arc(u, v - 0.025, w * 0.7, w * 0.5, 200, 340, width=1.3)
        return
    f.arc(u, v, w, w * 0.7, 20, 160, width=1.3)


def bbox(f: Fig, u: float, v: float, ru: float, rv: float) -> tuple[float, float, float, float]:
    x, y = f.xy(u, v)
    return x - ru * f.size, y - rv * f.size, x + ru * f.size, y + rv * f.size


def cheeks(f: Fig, k: Kit, a: Anchors, spread: float = 1.6) -> None:
    blush = mix(k.body, (255, 110, 140), 0.45)
    for side in (-1, 1):
        f.oval(side * a.eye_dx * spread, a.eye_v - 0.06, 0.038, 0.022, blush, outline=False)


def whiskers(f: Fig, a: Anchors, v: float) -> None:
    for side in (-1, 1):
        for dv in (-0.012, 0.018):
            f.stroke([(side * 0.1, v + dv * 0.5), (side * 0.24, v + dv * 2.2)], INK, 0.006, outline=False)


# ----- mammal parts


def ears(f: Fig, k: Kit, a: Anchors) -> None:
    """Ears drawn before the head, so the head overlaps their bases."""
    sp = k.feat.species
    inner = (250, 190, 200) if sp in ("rabbit", "mouse", "cat", "pig") else shade(k.body, 0.35)
    inner = COLOURS["white"] if sp in ("fox",) else inner
    ear = EAR_SHAPES.get(sp, "round")
    if ear == "pointy":
        tall = 0.3 if sp in ("fox", "wolf") else 0.24
        for s in (-1, 1):
            f.poly([(s * 0.06, a.head_top - 0.06), (s * 0.2, a.head_top + tall - 0.05), (s * 0.24,
                    a.head_top - 0.14)], k.body)
            f.poly([(s * 0.1, a.head_top - 0.06), (s * 0.19, a.head_top + tall - 0.12), (s * 0.205,
                    a.head_top - 0.1)], inner, False)
    elif ear == "long":
        for s in (-1, 1):
            f.oval(s * 0.1, a.head_top + 0.14, 0.065, 0.2, k.body, angle=s * 0.18)
            f.oval(s * 0.1, a.head_top + 0.14, 0.032, 0.15, inner, outline=False, angle=s * 0.18)
    elif ear in ("round", "big"):
        r = 0.11 if ear == "big" else 0.075
        inner = COLOURS["white"] if sp == "koala" else inner
        outer = LIMBS.get(sp, k.body)
        for s in (-1, 1):
            f.oval(s * 0.19, a.head_top - 0.03, r, r, outer)
            f.oval(s * 0.19, a.head_top - 0.03, r * 0.55, r * 0.55, inner, outline=False)
    elif ear == "elephant":
        for s in (-1, 1):
            f.oval(s * 0.28, a.head_v + 0.01, 0.17, 0.2, k.body)
            f.oval(s * 0.3, a.head_v, 0.1, 0.13, mix(k.body, (250, 180, 190), 0.4), outline=False)


EAR_SHAPES = {"fox": "pointy", "wolf": "pointy", "cat": "pointy", "tiger": "pointy", "raccoon": "pointy",
              "squirrel": "pointy", "rabbit": "long", "mouse": "big", "koala": "big", "elephant": "elephant",
              "dog": "floppy", "pig": "pig", "monkey": "side", "sheep": "side", "hedgehog": "round",
              "dragon": "none"}


def front_ears(f: Fig, k: Kit, a: Anchors) -> None:
    """Ears that hang in front of the head: dogs' floppy ears, sheep and monkey side ears, pig ears."""
    ear = EAR_SHAPES.get(k.feat.species)
    dark = shade(k.body, 0.25)
    for s in (-1, 1):
        if ear == "floppy":
            f.oval(s * 0.25, a.head_v - 0.04, 0.065, 0.14, dark, angle=s * 0.22)
        elif ear == "side":
            f.oval(s * 0.26, a.head_v, 0.07, 0.05, k.body if k.feat.species == "monkey" else dark)
        elif ear == "pig":
            f.poly([(s * 0.1, a.head_top - 0.02), (s * 0.22, a.head_top + 0.07), (s * 0.23, a.head_top - 0.07)],
                    k.body)


def tail(f: Fig, k: Kit) -> None:
    sp, dark = k.feat.species, shade(k.body, 0.3)
    kind = TAILS.get(sp, "stub")
    if kind == "bushy":
        big = 1.4 if sp == "squirrel" else 1.0
        ang = 0.75 if sp != "squirrel" else 0.25
        cu, cv, rx, ry = 0.3, 0.22 * big + 0.04, 0.085 * big, 0.2 * big
        f.oval(cu, cv, rx, ry, k.body, angle=ang)
        tip = k.colour("tip", COLOURS["white"] if sp in ("fox", "wolf") else shade(k.body, 0.2))
        pts = oval_points(cu, cv, rx, ry, ang, math.pi * 0.5 - 0.9, math.pi * 0.5 + 0.9, 16)
        f.poly(pts, tip)
    elif kind == "thin":
        width = 0.045 if sp in ("cat", "tiger") else 0.022
        pts = [(0.14, 0.1), (0.3, 0.08), (0.38, 0.2), (0.36, 0.34), (0.42, 0.42)]
        f.stroke(pts, k.body if sp != "mouse" else (236, 170, 176), width)
    elif kind == "puff":
        f.oval(0.2, 0.13, 0.065, 0.065, COLOURS["white"])
    elif kind == "curly":
        f.arc(0.23, 0.2, 0.05, 0.05, 180, 500, k.body, width=2.5)
    elif kind == "tuft":
        f.stroke([(0.15, 0.12), (0.3, 0.1), (0.36, 0.22)], k.body, 0.025)
        f.oval(0.37, 0.25, 0.04, 0.05, k.colour("mane", dark))
    elif kind == "wag":
        f.stroke([(0.15, 0.2), (0.27, 0.3), (0.3, 0.4)], k.body, 0.05)
    elif kind == "dragon":
        f.poly([(0.1, 0.05), (0.46, 0.08), (0.55, 0.2), (0.45, 0.14), (0.15, 0.22)], k.body)
        f.poly([(0.46, 0.08), (0.56, 0.03), (0.55, 0.2)], k.colour("spikes"))


TAILS = {"fox": "bushy", "wolf": "bushy", "squirrel": "bushy", "raccoon": "bushy", "cat": "thin",
         "tiger": "thin", "mouse": "thin", "rabbit": "puff", "sheep": "puff", "pig": "curly",
         "lion": "tuft", "elephant": "tuft", "dog": "wag", "monkey": "thin", "dragon": "dragon"}


def body_and_limbs(f: Fig, k: Kit, a: Anchors) -> None:
    """Feet, round body with a lighter tummy (or a garment), and little arms."""
    limbs = LIMBS.get(k.feat.species, k.body)
    feet = k.colour("boots") if k.has("boots") else k.colour("paws", limbs)
    for s in (-1, 1):
        f.oval(s * 0.09, 0.04, 0.075, 0.045, feet)
    garment = next((i for i in ("sweater", "dress") if k.has(i)), None)
    f.oval(0, a.body_v, a.body_rx, a.body_ry, k.colour(garment) if garment else k.body)
    if garment == "dress":
        f.poly([(-0.13, 0.32), (0.13, 0.32), (0.24, 0.08), (-0.24, 0.08)], k.colour("dress"))
    elif not garment:
        f.oval(0, a.body_v - 0.03, a.body_rx * 0.62, a.body_ry * 0.65, k.belly, outline=False)
    sleeve = k.colour(garment) if garment else limbs
    for s in (-1, 1):
        f.oval(s * (a.body_rx - 0.01), a.body_v + 0.05, 0.05, 0.1, sleeve, angle=s * 0.45)
        if garment:
            f.oval(s * (a.body_rx + 0.03), a.body_v - 0.03, 0.035, 0.035, k.colour("paws", k.body))


LIMBS = {"panda": (58, 56, 66)}  # arm and leg colour when it differs from the body


def muzzle(f: Fig, k: Kit, a: Anchors) -> None:
    sp = k.feat.species
    nose_v = a.eye_v - 0.06
    if sp in ("fox", "wolf"):
        for s in (-1, 1):
            f.oval(s * 0.075, a.eye_v - 0.085, 0.12, 0.075, k.belly, outline=False)
        f.oval(0, nose_v, 0.03, 0.022, INK, outline=False)
    elif sp in ("cat", "tiger", "mouse", "rabbit", "raccoon", "squirrel", "hedgehog"):
        for s in (-1, 1):
            f.oval(s * 0.035, nose_v - 0.03, 0.045, 0.035, mix(k.belly, k.body, 0.2), outline=False)
        f.poly([(-0.022, nose_v + 0.012), (0.022, nose_v + 0.012), (0, nose_v - 0.01)], (236, 120, 140), False)
    elif sp == "pig":
        f.oval(0, nose_v - 0.01, 0.08, 0.055, shade(k.body, 0.1))
        for s in (-1, 1):
            f.oval(s * 0.028, nose_v - 0.01, 0.014, 0.022, shade(k.body, 0.45), outline=False)
        return
    elif sp == "elephant":
        f.stroke([(0, nose_v), (0.0, nose_v - 0.1), (0.04, nose_v - 0.17), (0.09, nose_v - 0.17)], k.body, 0.07)
        return
    elif sp == "dragon":
        f.oval(0, nose_v - 0.02, 0.12, 0.075, k.belly)
        for s in (-1, 1):
            f.oval(s * 0.035, nose_v, 0.012, 0.016, shade(k.body, 0.5), outline=False)
    elif sp == "monkey":
        f.oval(0, nose_v - 0.02, 0.13, 0.08, k.belly, outline=False)
        f.oval(0, nose_v + 0.005, 0.02, 0.012, shade(k.body, 0.5), outline=False)
    else:
        f.oval(0, nose_v - 0.02, 0.1, 0.075, k.belly, outline=False)
        f.oval(0, nose_v, 0.04 if sp != "koala" else 0.05, 0.028 if sp != "koala" else 0.045, INK, outline=False)
    mouth(f, k, 0, nose_v - 0.035, 0.04)


def species_marks(f: Fig, k: Kit, a: Anchors) -> None:
    """Stripes, masks, patches, manes drawn over the basic head."""
    sp = k.feat.species
    dark = k.colour("stripes", shade(k.body, 0.45))
    if sp == "tiger":
        for s in (-1, 1):
            f.poly([(s * 0.25, a.head_v + 0.04), (s * 0.16, a.head_v + 0.02), (s * 0.25, a.head_v)], dark, False)
            f.poly([(s * 0.19, 0.14), (s * 0.11, 0.12), (s * 0.185, 0.09)], dark, False)
        f.poly([(-0.03, a.head_top), (0.03, a.head_top), (0, a.head_top - 0.07)], dark, False)
    elif sp in ("raccoon", "panda"):
        for s in (-1, 1):
            f.oval(s * a.eye_dx, a.eye_v, 0.07, 0.055, (60, 58, 66), outline=False, angle=s * 0.4)


def mane(f: Fig, k: Kit, a: Anchors) -> None:
    colour = k.colour("mane", shade(mix(k.body, (200, 90, 40), 0.4), 0.15))
    for i in range(14):
        t = i * 2 * math.pi / 14
        f.oval(math.cos(t) * 0.27, a.head_v + math.sin(t) * 0.25, 0.085, 0.085, colour)
    f.oval(0, a.head_v, 0.3, 0.28, colour, outline=False)


def spikes_behind(f: Fig, k: Kit, a: Anchors) -> None:
    """Hedgehog spines (a fan of triangles) and dragon wings, behind the body."""
    if k.feat.species == "hedgehog":
        dark = shade(k.body, 0.35)
        for i in range(17):
            t = math.pi * (-0.12 + 1.24 * i / 16)
            c, d = math.cos(t), math.sin(t)
            f.poly([(c * 0.27 - d * 0.06, 0.5 + d * 0.3 + c * 0.06), (c * 0.46, 0.5 + d * 0.5),
                    (c * 0.27 + d * 0.06, 0.5 + d * 0.3 - c * 0.06)], dark)
    if k.feat.species == "dragon":
        wing = k.colour("wings", shade(k.body, 0.2))
        for s in (-1, 1):
            f.poly([(s * 0.12, 0.42), (s * 0.42, 0.62), (s * 0.38, 0.5), (s * 0.46, 0.44), (s * 0.36, 0.36),
                    (s * 0.38, 0.28), (s * 0.15, 0.3)], wing)


def sheep_wool(f: Fig, a: Anchors, on_head: bool) -> None:
    wool = COLOURS["white"]
    if on_head:
        for i in range(7):
            f.oval(-0.15 + i * 0.05, a.head_top - 0.02 + 0.02 * (i % 2), 0.06, 0.06, wool)
        return
    for i in range(10):
        t = i * 2 * math.pi / 10
        f.oval(math.cos(t) * 0.19, a.body_v + math.sin(t) * 0.18, 0.08, 0.08, wool)
    f.oval(0, a.body_v, 0.2, 0.19, wool, outline=False)


def dragon_head_bits(f: Fig, k: Kit, a: Anchors) -> None:
    for s in (-1, 1):
        f.poly([(s * 0.1, a.head_top - 0.04), (s * 0.16, a.head_top + 0.1), (s * 0.2, a.head_top - 0.06)], (250,
                236, 200))
    spikes = k.colour("spikes")
    f.poly([(-0.04, a.head_top - 0.01), (0, a.head_top + 0.07), (0.04, a.head_top - 0.01)], spikes)


def paint_mammal(f: Fig, k: Kit) -> Anchors:
    """Upright 'chibi' animal: big head, round body; species changes ears, muzzle, tail, marks."""
    a, sp = MAMMAL, k.feat.species
    spikes_behind(f, k, a)
    tail(f, k)
    if sp == "sheep":
        for side in (-1, 1):
            f.oval(side * 0.09, 0.04, 0.06, 0.045, (70, 62, 66))
        sheep_wool(f, a, on_head=False)
        k = replace(k, body=(236, 226, 214)) if k.body == COLOURS["white"] else k
    if sp != "sheep":
        body_and_limbs(f, k, a)
    if sp == "lion":
        mane(f, k, a)
    ears(f, k, a)
    face = k.belly if sp == "sheep" else k.body
    f.oval(0, a.head_v, a.head_rx, a.head_ry, face)
    if sp == "dragon":
        dragon_head_bits(f, k, a)
    if sp == "sheep":
        sheep_wool(f, a, on_head=True)
    front_ears(f, k, a)
    species_marks(f, k, a)
    eyes(f, k, a)
    muzzle(f, k, a)
    cheeks(f, k, a)
    if sp in ("cat", "tiger", "mouse"):
        whiskers(f, a, a.eye_v - 0.08)
    return a


# ----- other body plans

OWL = Anchors(head_v=0.6, head_rx=0.27, head_ry=0.26, neck_v=0.42, neck_rx=0.24, eye_v=0.62, eye_dx=0.11,
              body_v=0.38, body_rx=0.3, body_ry=0.38)
BIRD = Anchors(head_v=0.58, head_rx=0.22, head_ry=0.2, neck_v=0.42, neck_rx=0.2, eye_v=0.6, eye_dx=0.085,
               body_v=0.34, body_rx=0.27, body_ry=0.3)
FROG = Anchors(head_v=0.55, head_rx=0.32, head_ry=0.19, neck_v=0.38, neck_rx=0.22, eye_v=0.73, eye_dx=0.16,
               body_v=0.25, body_rx=0.25, body_ry=0.22)
CHILD = Anchors(head_v=0.69, head_rx=0.2, head_ry=0.2, neck_v=0.48, neck_rx=0.1, eye_v=0.68, eye_dx=0.075,
                body_v=0.34, body_rx=0.14, body_ry=0.16)
ROBOT = Anchors(head_v=0.72, head_rx=0.22, head_ry=0.15, neck_v=0.53, neck_rx=0.15, eye_v=0.73, eye_dx=0.08,
                body_v=0.35, body_rx=0.18, body_ry=0.17)
BLOB = Anchors(head_v=0.5, head_rx=0.34, head_ry=0.4, neck_v=0.3, neck_rx=0.3, eye_v=0.55, eye_dx=0.11,
               body_v=0.45, body_rx=0.34, body_ry=0.42)
FISH = Anchors(head_v=0.5, head_rx=0.3, head_ry=0.25, neck_v=0.35, neck_rx=0.2, eye_v=0.55, eye_dx=0.1,
               body_v=0.45, body_rx=0.33, body_ry=0.25)
TURTLE = Anchors(head_v=0.3, head_rx=0.17, head_ry=0.16, neck_v=0.16, neck_rx=0.12, eye_v=0.32, eye_dx=0.068,
                 body_v=0.3, body_rx=0.4, body_ry=0.3)


def wings(f: Fig, k: Kit, a: Anchors, colour: RGB) -> None:
    """Folded wings, mostly inside the body outline so they do not read as arms."""
    for s in (-1, 1):
        f.oval(s * a.body_rx * 0.8, a.body_v + 0.01, 0.07, 0.15, colour, angle=s * 0.25)


def beak(f: Fig, v: float, colour: RGB = (246, 160, 50), size: float = 1.0) -> None:
    f.poly([(-0.04 * size, v + 0.02), (0.04 * size, v + 0.02), (0, v - 0.05 * size)], colour)


def bird_feet(f: Fig, colour: RGB = (246, 160, 50)) -> None:
    for s in (-1, 1):
        f.oval(s * 0.09, 0.03, 0.06, 0.03, colour)


def paint_owl(f: Fig, k: Kit) -> Anchors:
    a = OWL
    dark = k.colour("wings", shade(k.body, 0.25))
    for s in (-1, 1):  # ear tufts
        f.poly([(s * 0.12, 0.82), (s * 0.26, 0.96), (s * 0.24, 0.76)], k.body)
    bird_feet(f)
    f.oval(0, 0.44, 0.3, 0.42, k.body)
    f.oval(0, 0.27, 0.19, 0.22, k.belly, outline=False)
    for i in range(6):  # feather scallops on the belly
        u, v = -0.09 + (i % 3) * 0.09, 0.32 - (i // 3) * 0.09
        f.arc(u, v, 0.035, 0.025, 20, 160, shade(k.belly, 0.3), width=1.2)
    wings(f, k, a, dark)
    for s in (-1, 1):
        f.oval(s * a.eye_dx, a.eye_v, 0.11, 0.11, mix(k.belly, WHITE, 0.4))
    eyes(f, k, a, scale=1.4)
    beak(f, a.eye_v - 0.07)
    return a


def paint_bird(f: Fig, k: Kit) -> Anchors:
    a, sp = BIRD, k.feat.species
    if sp != "penguin":
        f.poly([(0.15, 0.25), (0.38, 0.2), (0.36, 0.3)], shade(k.body, 0.2))  # tail feathers
        f.poly([(-0.02, 0.76), (0.02, 0.88), (0.06, 0.75)], k.body)  # crest
        f.stroke([(-0.08, 0.1), (-0.08, 0.0)], (246, 160, 50), 0.015, outline=False)
        f.stroke([(0.08, 0.1), (0.08, 0.0)], (246, 160, 50), 0.015, outline=False)
    else:
        bird_feet(f)
    f.oval(0, 0.4, 0.27, 0.36, k.body)
    f.oval(0, 0.3 if sp != "penguin" else 0.36, 0.17, 0.22 if sp != "penguin" else 0.32, k.belly, outline=False)
    wings(f, k, a, k.colour("wings", shade(k.body, 0.2)))
    eyes(f, k, a)
    beak(f, a.eye_v - 0.06)
    cheeks(f, k, a, 1.5)
    return a


def paint_duck(f: Fig, k: Kit) -> Anchors:
    a = replace(BIRD, head_v=0.64, eye_v=0.67, neck_v=0.47)
    bill = k.colour("beak", (246, 150, 50))
    bird_feet(f, bill)
    f.oval(0, 0.26, 0.3, 0.22, k.body)
    wings(f, k, replace(a, body_v=0.26, body_rx=0.3), shade(k.body, 0.12))
    f.oval(0, a.head_v, 0.2, 0.19, k.body)
    f.poly([(-0.02, 0.82), (0.0, 0.88), (0.05, 0.81)], k.body)
    eyes(f, k, a)
    f.oval(0, a.eye_v - 0.09, 0.1, 0.045, bill)
    f.arc(0, a.eye_v - 0.09, 0.07, 0.01, 20, 160, shade(bill, 0.4))
    cheeks(f, k, a, 1.7)
    return a


def paint_frog(f: Fig, k: Kit) -> Anchors:
    a = FROG
    for s in (-1, 1):
        f.oval(s * 0.22, 0.1, 0.12, 0.08, k.body)  # folded back legs
        f.oval(s * 0.12, 0.03, 0.08, 0.035, k.body)
    f.oval(0, a.body_v, a.body_rx, a.body_ry, k.body)
    f.oval(0, a.body_v - 0.03, 0.16, 0.15, k.belly, outline=False)
    for s in (-1, 1):
        f.oval(s * a.eye_dx, a.eye_v, 0.1, 0.1, k.body)
    f.oval(0, a.head_v, a.head_rx, a.head_ry, k.body)
    for s in (-1, 1):
        f.oval(s * a.eye_dx, a.eye_v, 0.065, 0.065, WHITE)
    eyes(f, k, replace(a, eye_v=a.eye_v - 0.005), scale=1.05)
    f.arc(0, a.head_v - 0.02, 0.16, 0.08, 15, 165, width=1.4)
    cheeks(f, k, replace(a, eye_v=a.head_v + 0.04), 1.45)
    return a


def paint_fish(f: Fig, k: Kit) -> Anchors:
    a = FISH
    fin = k.colour("tail", shade(k.body, 0.2))
    f.poly([(-0.26, 0.45), (-0.46, 0.64), (-0.42, 0.45), (-0.46, 0.26)], fin)
    f.poly([(-0.1, 0.66), (0.06, 0.78), (0.14, 0.66)], fin)
    f.oval(0, a.body_v, a.body_rx, a.body_ry, k.body)
    for i in range(3):
        f.arc(-0.12 + i * 0.08, 0.46, 0.04, 0.06, 270, 450, shade(k.body, 0.25))
    f.oval(0.17, 0.53, 0.055, 0.055, WHITE)
    f.oval(0.18, 0.53, 0.03, 0.035, INK, outline=False)
    f.oval(0.19, 0.545, 0.01, 0.01, WHITE, outline=False)
    f.arc(0.24, 0.42, 0.05, 0.035, 90, 200, width=1.3)
    for i, r in enumerate((0.025, 0.018, 0.012)):
        f.oval(0.36 + i * 0.03, 0.7 + i * 0.09, r, r, (220, 240, 255))
    return a


def paint_turtle(f: Fig, k: Kit) -> Anchors:
    """Front view: a domed shell behind a round head, stubby legs at the sides."""
    a = TURTLE
    skin = k.colour("skin", mix(k.body, (210, 224, 130), 0.4))
    shell = k.colour("shell", shade(k.body, 0.15))
    for s in (-1, 1):
        f.oval(s * 0.3, 0.07, 0.085, 0.07, skin)
    f.draw.chord(bbox(f, 0, 0.2, 0.42, 0.38), 180, 360, fill=f.light(shell), outline=f.light(INK), width=f.line)
    for u, v, r in ((0, 0.5, 0.06), (-0.2, 0.4, 0.055), (0.2, 0.4, 0.055), (-0.32, 0.26, 0.04), (0.32, 0.26, 0.04)):
        f.oval(u, v, r * 1.2, r, shade(shell, -0.3), outline=False)
    f.oval(0, 0.2, 0.43, 0.04, shade(shell, 0.25))
    f.oval(0, a.head_v, a.head_rx, a.head_ry, skin)
    eyes(f, k, a, scale=0.9)
    mouth(f, k, 0, a.head_v - 0.06, 0.04)
    cheeks(f, replace(k, body=skin), a, 1.9)
    return a


def paint_robot(f: Fig, k: Kit) -> Anchors:
    a, metal = ROBOT, k.body
    lamp = k.colour("eyes", k.accent if k.accent != metal else (90, 210, 240))
    for s in (-1, 1):
        f.poly([(s * 0.06, 0.18), (s * 0.12, 0.18), (s * 0.12, 0.02), (s * 0.06, 0.02)], shade(metal, 0.15))
        f.oval(s * 0.09, 0.03, 0.07, 0.035, shade(metal, 0.3))
        f.stroke([(s * 0.18, 0.42), (s * 0.28, 0.3), (s * 0.27, 0.2)], shade(metal, 0.1), 0.03)
        f.oval(s * 0.27, 0.18, 0.04, 0.04, lamp)
    f.draw.rounded_rectangle(bbox(f, 0, a.body_v, a.body_rx, a.body_ry), radius=f.size * 0.04, fill=f.light(metal),
                             outline=f.light(INK), width=f.line)
    for i, col in enumerate(((230, 80, 80), (250, 200, 60), (90, 190, 110))):
        f.oval(-0.07 + i * 0.07, a.body_v + 0.03, 0.025, 0.025, col)
    f.stroke([(0, a.head_v + a.head_ry), (0, a.head_v + a.head_ry + 0.08)], shade(metal, 0.2), 0.015)
    f.oval(0, a.head_v + a.head_ry + 0.1, 0.035, 0.035, lamp)
    f.poly([(-0.06, a.neck_v - 0.05), (0.06, a.neck_v - 0.05), (0.06, a.neck_v + 0.06), (-0.06,
            a.neck_v + 0.06)], shade(metal, 0.2))
    f.draw.rounded_rectangle(bbox(f, 0, a.head_v, a.head_rx, a.head_ry), radius=f.size * 0.05, fill=f.light(metal),
                             outline=f.light(INK), width=f.line)
    f.draw.rounded_rectangle(bbox(f, 0, a.head_v, a.head_rx * 0.78, a.head_ry * 0.7), radius=f.size * 0.03,
                             fill=f.light((40, 50, 70)))
    for s in (-1, 1):
        f.oval(s * a.eye_dx, a.eye_v, 0.032, 0.032 if k.mood != "sleepy" else 0.008, lamp, outline=False)
    f.arc(0, a.head_v - 0.04, 0.05, 0.03, 20, 160, lamp, width=1.6)
    return a


def paint_blob(f: Fig, k: Kit) -> Anchors:
    """Unknown creature: a round friendly fellow with little horns, feet and arms."""
    a = BLOB
    for s in (-1, 1):
        f.oval(s * 0.12, 0.04, 0.08, 0.045, shade(k.body, 0.15))
        f.poly([(s * 0.1, 0.82), (s * 0.17, 0.95), (s * 0.2, 0.8)], k.colour("horns", k.accent))
        f.oval(s * 0.33, 0.36, 0.05, 0.1, k.body, angle=s * 0.6)
    f.oval(0, a.body_v, a.body_rx, a.body_ry, k.body)
    f.oval(0, 0.3, 0.2, 0.2, k.belly, outline=False)
    for s in (-1, 1):
        f.oval(s * a.eye_dx, a.eye_v, 0.06, 0.065, WHITE)
    eyes(f, k, a, scale=1.15)
    mouth(f, k, 0, a.eye_v - 0.11, 0.06)
    cheeks(f, k, a, 1.9)
    return a


SKIN_TONES = [(250, 218, 192), (240, 196, 160), (214, 160, 116), (170, 112, 76), (128, 84, 58)]
HAIR_TONES = [(110, 70, 44), (60, 46, 42), (232, 196, 110), (200, 104, 50), (150, 100, 60)]


def child_colours(k: Kit, name_seed: str) -> tuple[RGB, RGB, RGB]:
    """(skin, hair, trousers) from the words, else stable picks from the name."""
    words, digest = k.feat.words, int(hashlib.sha256(name_seed.encode("utf-8")).hexdigest()[:8], 16)
    skin = SKIN_TONES[digest % len(SKIN_TONES)]
    if "skin" in words:
        skin = SKIN_TONES[4 if "dark" in words else 3 if "brown" in words else 2 if "olive" in words else 0]
    hair = k.colour("hair", HAIR_TONES[(digest // 5) % len(HAIR_TONES)])
    if sum(abs(h - c) for h, c in zip(hair, skin)) < 90:
        hair = shade(hair, 0.4)  # brown hair on brown skin still needs to read as hair
    return skin, hair, k.colour("trousers", (70, 100, 160))


def paint_child(f: Fig, k: Kit, name: str) -> Anchors:
    a, sp = CHILD, k.feat.species
    skin, hair, trousers = child_colours(k, name)
    long_hair = sp == "girl" or bool({"long", "pigtails", "ponytail", "braids"} & k.feat.words)
    dress = k.has("dress") or (sp == "girl" and not k.has("sweater"))
    top = k.colour("dress" if k.has("dress") else "sweater", k.body)
    if long_hair:
        f.draw.rounded_rectangle(bbox(f, 0, a.head_v - 0.1, a.head_rx + 0.03, 0.2), radius=f.size * 0.08,
                                 fill=f.light(hair), outline=f.light(INK), width=f.line)
    for s in (-1, 1):
        f.poly([(s * 0.035, 0.2), (s * 0.09, 0.2), (s * 0.09, 0.05), (s * 0.035, 0.05)], skin if dress else trousers)
        f.oval(s * 0.07, 0.035, 0.065, 0.035, k.colour("boots", (90, 60, 50)))
        f.oval(s * 0.15, a.body_v + 0.02, 0.045, 0.11, top, angle=s * 0.35)
        f.oval(s * 0.19, a.body_v - 0.08, 0.035, 0.035, skin)
    if dress:
        f.poly([(-0.1, a.neck_v), (0.1, a.neck_v), (0.22, 0.16), (-0.22, 0.16)], top)
    else:
        f.poly([(-0.11, 0.2), (0.11, 0.2), (0.11, 0.26), (-0.11, 0.26)], trousers)
        f.draw.rounded_rectangle(bbox(f, 0, 0.36, 0.13, 0.13), radius=f.size * 0.05, fill=f.light(top),
                                 outline=f.light(INK), width=f.line)
    for s in (-1, 1):
        f.oval(s * a.head_rx, a.eye_v - 0.02, 0.035, 0.045, skin)
    f.oval(0, a.head_v, a.head_rx, a.head_ry, skin)
    child_hair(f, k, a, hair, long_hair)
    eyes(f, replace(k, body=skin), a)
    mouth(f, k, 0, a.eye_v - 0.09, 0.04)
    cheeks(f, replace(k, body=skin), a, 1.7)
    return a


def child_hair(f: Fig, k: Kit, a: Anchors, hair: RGB, long_hair: bool) -> None:
    """A cap of hair with a zig-zag fringe and side locks; curls or pigtails when asked for."""
    line, v, curly = a.head_v + 0.06, a.head_v, "curly" in k.feat.words
    if "pigtails" in k.feat.words or (long_hair and "ponytail" not in k.feat.words and k.feat.species == "girl"):
        for s in (-1, 1):
            f.oval(s * 0.27, v - 0.03, 0.05, 0.1, hair, angle=s * 0.6)
    for s in (-1, 1):
        f.oval(s * (a.head_rx - 0.015), v + 0.03, 0.05, 0.08, hair)
    if curly:  # outlined bumps first; the cap then covers their inner halves
        for i in range(9):
            t = math.pi * (0.02 + 0.96 * i / 8)
            f.oval(math.cos(t) * (a.head_rx + 0.01), line + math.sin(t) * (a.head_ry - 0.02), 0.045, 0.045, hair)
    f.draw.pieslice(bbox(f, 0, line, a.head_rx + 0.02, a.head_ry - 0.03), 180, 360, fill=f.light(hair),
                    outline=None if curly else f.light(INK), width=0 if curly else f.line)
    fringe = [(-0.2 + 0.05 * i, line - (0.035 if i % 2 else 0.0)) for i in range(9)]
    f.poly([(-0.2, line + 0.02)] + fringe + [(0.2, line + 0.02)], hair, False)


PAINTERS: dict[str, Callable[[Fig, Kit], Anchors]] = {
    "owl": paint_owl, "bird": paint_bird, "penguin": paint_bird, "duck": paint_duck, "frog": paint_frog,
    "fish": paint_fish, "turtle": paint_turtle, "robot": paint_robot, "blob": paint_blob,
}


# ----- accessories


def behind_items(f: Fig, k: Kit, a: Anchors) -> None:
    """Capes and backpacks hang behind the body, so they are drawn first."""
    if k.has("cape"):
        colour = k.colour("cape")
        f.poly([(-a.neck_rx, a.neck_v), (a.neck_rx, a.neck_v), (a.body_rx + 0.2, 0.04), (-a.body_rx - 0.2,
                0.04)], colour)
    if k.has("backpack"):
        colour = k.colour("backpack")
        f.draw.rounded_rectangle(bbox(f, -a.body_rx - 0.02, a.body_v + 0.06, 0.1, 0.14), radius=f.size * 0.04,
                                 fill=f.light(colour), outline=f.light(INK), width=f.line)
    if k.has("umbrella"):
        paint_umbrella(f, k, a)


def paint_umbrella(f: Fig, k: Kit, a: Anchors) -> None:
    colour = k.colour("umbrella")
    top = a.head_top + 0.12 + (0.12 if set(k.feat.items) & {"tophat", "wizardhat", "partyhat"} else 0)
    f.stroke([(0.26, a.body_v), (0.26, top)], (90, 70, 60), 0.015, outline=False)
    f.draw.pieslice(bbox(f, 0.16, top, 0.34, 0.2), 180, 360, fill=f.light(colour), outline=f.light(INK), width=f.line)


def front_items(f: Fig, k: Kit, a: Anchors) -> None:
    for item in k.feat.items:
        painter = ITEM_PAINTERS.get(item)
        if painter:
            painter(f, k, a)


def scarf(f: Fig, k: Kit, a: Anchors) -> None:
    colour = k.colour("scarf")
    stripe = shade(colour, -0.35)
    f.poly([(0.04, a.neck_v), (0.13, a.neck_v - 0.02), (0.15, a.neck_v - 0.2), (0.06, a.neck_v - 0.19)], colour)
    f.draw.rounded_rectangle(bbox(f, 0, a.neck_v, a.neck_rx + 0.02, 0.04), radius=f.size * 0.035,
                             fill=f.light(colour), outline=f.light(INK), width=f.line)
    f.stroke([(0.065, a.neck_v - 0.15), (0.145, a.neck_v - 0.16)], stripe, 0.018, outline=False)
    for i in range(-2, 3):
        f.stroke([(i * a.neck_rx * 0.4, a.neck_v + 0.025), (i * a.neck_rx * 0.4 + 0.02, a.neck_v - 0.025)],
                stripe, 0.01, outline=False)


def collar(f: Fig, k: Kit, a: Anchors) -> None:
    f.draw.rounded_rectangle(bbox(f, 0, a.neck_v + 0.01, a.neck_rx, 0.018), radius=f.size * 0.015,
                             fill=f.light(k.colour("collar")), outline=f.light(INK), width=f.line)
    f.oval(0, a.neck_v - 0.025, 0.03, 0.03, COLOURS["golden"])


def bowtie(f: Fig, k: Kit, a: Anchors) -> None:
    colour = k.colour("bowtie")
    v = a.neck_v
    f.poly([(0, v), (-0.09, v + 0.05), (-0.09, v - 0.05)], colour)
    f.poly([(0, v), (0.09, v + 0.05), (0.09, v - 0.05)], colour)
    f.oval(0, v, 0.025, 0.025, shade(colour, 0.15))


def head_bow(f: Fig, k: Kit, a: Anchors) -> None:
    colour = k.colour("bow")
    u, v = a.head_rx * 0.6, a.head_top - 0.02
    f.poly([(u, v), (u - 0.09, v + 0.06), (u - 0.08, v - 0.05)], colour)
    f.poly([(u, v), (u + 0.09, v + 0.06), (u + 0.08, v - 0.05)], colour)
    f.oval(u, v, 0.025, 0.025, shade(colour, 0.15))


def glasses(f: Fig, k: Kit, a: Anchors) -> None:
    colour = k.colour("glasses", (70, 60, 70))
    r = 0.06 if k.feat.species != "owl" else 0.1
    for s in (-1, 1):
        f.arc(s * a.eye_dx, a.eye_v, r, r, 0, 360, colour, width=1.6)
    f.arc(0, a.eye_v - 0.005, a.eye_dx - r, 0.02, 200, 340, colour, width=1.6)


def hat(f: Fig, k: Kit, a: Anchors) -> None:
    colour, top = k.colour("hat"), a.head_top - 0.02
    f.oval(0, top + 0.07, a.head_rx * 0.6, 0.08, colour)
    f.poly([(-a.head_rx * 0.6, top + 0.05), (a.head_rx * 0.6, top + 0.05), (a.head_rx * 0.6, top + 0.01),
            (-a.head_rx * 0.6, top + 0.01)], shade(colour, 0.3), False)
    f.oval(0, top, a.head_rx * 1.05, 0.03, colour)


def beanie(f: Fig, k: Kit, a: Anchors) -> None:
    colour, top = k.colour("beanie", k.colour("hat")), a.head_top - 0.06
    f.draw.pieslice(bbox(f, 0, top, a.head_rx * 0.92, 0.14), 180, 360, fill=f.light(colour),
                    outline=f.light(INK), width=f.line)
    f.draw.rounded_rectangle(bbox(f, 0, top, a.head_rx * 0.95, 0.03), radius=f.size * 0.02,
                             fill=f.light(shade(colour, -0.3)), outline=f.light(INK), width=f.line)
    f.oval(0, top + 0.15, 0.045, 0.045, shade(colour, -0.45))


def cap(f: Fig, k: Kit, a: Anchors) -> None:
    colour, top = k.colour("cap"), a.head_top - 0.05
    f.oval(a.head_rx * 0.55, top, a.head_rx * 0.6, 0.025, shade(colour, 0.15))
    f.draw.pieslice(bbox(f, 0, top, a.head_rx * 0.85, 0.12), 180, 360, fill=f.light(colour),
                    outline=f.light(INK), width=f.line)


def crown(f: Fig, k: Kit, a: Anchors) -> None:
    gold, top, w = k.colour("crown", COLOURS["golden"]), a.head_top - 0.03, a.head_rx * 0.55
    pts = [(-w, top), (-w, top + 0.1), (-w / 2, top + 0.05), (0, top + 0.12), (w / 2, top + 0.05), (w,
            top + 0.1), (w, top)]
    f.poly(pts, gold)
    f.oval(0, top + 0.03, 0.018, 0.018, (220, 60, 80), outline=False)


def tophat(f: Fig, k: Kit, a: Anchors) -> None:
    colour, top = k.colour("tophat"), a.head_top - 0.02
    f.poly([(-0.1, top), (0.1, top), (0.09, top + 0.2), (-0.09, top + 0.2)], colour)
    f.poly([(-0.1, top + 0.02), (0.1, top + 0.02), (0.1, top + 0.05), (-0.1, top + 0.05)], shade(colour, -0.4), False)
    f.oval(0, top, 0.17, 0.025, colour)


def cone_hat(f: Fig, k: Kit, a: Anchors) -> None:
    item = "wizardhat" if k.has("wizardhat") else "partyhat"
    colour, top = k.colour(item), a.head_top - 0.03
    f.poly([(-0.12, top), (0.12, top), (0.03, top + 0.3)], colour)
    if item == "wizardhat":
        f.oval(0, top, 0.2, 0.03, colour)
        for u, v in ((-0.03, top + 0.08), (0.04, top + 0.16)):
            star(f.draw, f.xy(u, v), f.size * 0.025, f.light((255, 230, 110)))
    else:
        f.oval(0.03, top + 0.31, 0.035, 0.035, shade(colour, -0.5))


def helmet(f: Fig, k: Kit, a: Anchors) -> None:
    colour, top = k.colour("helmet"), a.head_top - 0.07
    f.draw.chord(bbox(f, 0, top, a.head_rx * 1.0, 0.16), 180, 360, fill=f.light(colour), outline=f.light(INK),
            width=f.line)


def flower_item(f: Fig, k: Kit, a: Anchors) -> None:
    colour = k.colour("flower", (246, 120, 160))
    u, v = -a.head_rx * 0.75, a.head_top - 0.06
    for i in range(5):
        t = i * 2 * math.pi / 5
        f.oval(u + math.cos(t) * 0.028, v + math.sin(t) * 0.028, 0.022, 0.022, colour, outline=False)
    f.oval(u, v, 0.016, 0.016, (255, 210, 70), outline=False)


def backpack_straps(f: Fig, k: Kit, a: Anchors) -> None:
    colour = shade(k.colour("backpack"), 0.2)
    for s in (-1, 1):
        f.stroke([(s * a.neck_rx * 0.7, a.neck_v - 0.02), (s * a.body_rx * 0.75, a.body_v - 0.05)], colour,
                0.022, outline=False)


ITEM_PAINTERS: dict[str, Callable[[Fig, Kit, Anchors], None]] = {
    "scarf": scarf, "collar": collar, "bowtie": bowtie, "bow": head_bow, "glasses": glasses, "hat": hat,
    "beanie": beanie, "cap": cap, "crown": crown, "tophat": tophat, "wizardhat": cone_hat, "partyhat": cone_hat,
    "helmet": helmet, "flower": flower_item, "backpack": backpack_straps,
}


def paint_character(draw: ImageDraw.ImageDraw, look: CharacterLook, feat: Features, at: Placement,
                    mood: str, gaze: float, light: Callable[[RGB], RGB]) -> None:
    """One character: accessories behind, the body plan for its species, accessories in front."""
    f = Fig(draw, at.x, at.base, at.size, light)
    k = make_kit(feat, mood, gaze)
    anchors = {"child": CHILD, "girl": CHILD, "boy": CHILD}.get(feat.species) or ANCHOR_OF.get(feat.species, MAMMAL)
    behind_items(f, k, anchors)
    if feat.species in HUMANS:
        paint_child(f, k, look.name)
    else:
        PAINTERS.get(feat.species, paint_mammal)(f, k)
    front_items(f, k, anchors)


ANCHOR_OF = {"owl": OWL, "bird": BIRD, "penguin": BIRD, "duck": replace(BIRD, head_v=0.64, eye_v=0.67, neck_v=0.47),
             "frog": FROG, "fish": FISH, "turtle": TURTLE, "robot": ROBOT, "blob": BLOB}


# ---------------------------------------------------------------- public API


def character_light(spec: SceneSpec) -> Callable[[RGB], RGB]:
    """Characters get only part of the scene's tint, so they stay readable at night."""
    key = tint_key(spec)
    return lambda colour: apply_tint(colour, key, 0.4)


def render(spec: SceneSpec, looks: list[CharacterLook], lay: Layout, seed: str) -> Image.Image:
    img = Image.new("RGB", (lay.w, lay.h), (255, 255, 255))
    st = Stage(img, ImageDraw.Draw(img), lay, spec, random.Random(f"{seed}|scene"), tint_key(spec))
    actors = [measured(Actor(look, features_of(look), spec.mood if i == 0 or spec.mood != "sleepy" else "happy"),
                       spec.bed and i == 0) for i, look in enumerate(looks)]
    spots = place_characters(lay, actors, spec.bed)
    bed = bed_for(lay, spots[0] if spots else None) if spec.bed else None
    (paint_room if spec.indoors else paint_outdoors)(st)
    if bed:
        paint_bed(st, bed)
    light = character_light(spec)
    for actor, at in zip(actors, spots):
        gaze = 0.0 if len(spots) == 1 else (1.0 if at.x < lay.w / 2 else -1.0)  # they look at each other
        paint_character(st.draw, actor.look, actor.feat, at, actor.mood, gaze, light)
    if bed:
        paint_blanket(st, bed)
    if spec.mood == "sleepy" and spots:
        paint_zzz(st, spots[0])
    paint_weather(st)
    return img


def check_size(width: int, height: int) -> None:
    if width < 16 or height < 16:
        raise ValueError(f"illustration size must be at least 16x16 px, got {width}x{height}")


def draw_illustration(prompt: str, characters: list[CharacterLook], width: int, height: int,
                      seed: str, text_zone: str = "bottom") -> Image.Image:
    """An RGB picture-book scene for one page; see the module docstring for the pipeline.

    Keywords in prompt pick time of day, weather and places; characters are
    drawn in the central 70% and above/below the text_zone quarter
    ("bottom" | "top" | "none"). Same arguments give identical pixels.
    """
    if text_zone not in TEXT_ZONES:
        raise ValueError(f"text_zone must be one of {', '.join(TEXT_ZONES)}, got {text_zone!r}")
    check_size(width, height)
    spec = parse_scene(prompt)
    return render(spec, list(characters), make_layout(width, height, text_zone, spec), seed)


def draw_cover_art(title: str, characters: list[CharacterLook], width: int, height: int, seed: str) -> Image.Image:
    """Front-cover art: bigger characters, a cheerful scene, a calm sky in the top 35% for the title.

    A full-wrap size (width >= 1.6 x height) puts the characters on the right
    half, the front cover; the back half stays quieter for the blurb.
    """
    check_size(width, height)
    spec = parse_scene(title)
    cheerful = replace(spec, weather="clear" if spec.weather != "snowing" else "snowing", mood="happy", bed=False,
                       places=spec.places - {"room"} or frozenset({"meadow"}))
    if not cheerful.places - {"snow", "sky"}:
        cheerful = replace(cheerful, places=cheerful.places | {"meadow"})
    return render(cheerful, list(characters), make_layout(width, height, "none", cheerful, cover=True), seed)
