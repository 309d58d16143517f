"""The stage every scene painter draws on, and the sky behind it all.

A Stage carries the image, its layout, the scene and the scenery's random
stream, and knows the scene's light and the page's size unit. The sky
painters draw the gradient, the sun or the moon (always to one side, never
over the characters' heads), stars, clouds and a rainbow.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

from .colour import Point, apply_tint, fill_gradient, glow, shade, star
from .layout import Layout
from .palette import RGB, WHITE
from .scene import SceneSpec


@dataclass
class Stage:
    """Drawing context shared by the scene painters."""

    img: Image.Image
    draw: ImageDraw.ImageDraw
    lay: Layout
    spec: SceneSpec
    rng: random.Random
    tint_name: str | None = None

    def c(self, colour: RGB) -> RGB:
        """A scenery colour under the scene's light (night, sunset, rain)."""
        return apply_tint(colour, self.tint_name)

    def u(self, f: float) -> int:
        """A size in thousandths of the short side, at least one pixel."""
        return max(1, round(f * self.lay.unit))

    @property
    def w(self) -> int:
        return self.lay.w

    @property
    def h(self) -> int:
        return self.lay.h

    def in_band(self, lo: float, hi: float) -> float:
        """A random y between lo and hi, clipped to the text-free band."""
        top, bottom = self.lay.band
        lo, hi = max(lo, top), min(hi, bottom)
        return self.rng.uniform(lo, max(lo, hi))


SKY_STOPS: dict[str, list[tuple[float, RGB]]] = {
    "day": [(0.0, (92, 168, 234)), (1.0, (200, 230, 247))],
    "dawn": [(0.0, (128, 166, 224)), (0.6, (236, 196, 206)), (1.0, (255, 220, 172))],
    "sunset": [(0.0, (82, 72, 150)), (0.45, (222, 118, 126)), (0.8, (250, 168, 100)), (1.0, (255, 208, 128))],
    "night": [(0.0, (12, 18, 54)), (1.0, (44, 60, 122))],
    "rain": [(0.0, (110, 122, 146)), (1.0, (178, 188, 200))],
    "storm": [(0.0, (54, 60, 82)), (1.0, (116, 124, 142))],
}


def sky_stops(spec: SceneSpec, calm: bool) -> list[tuple[float, RGB]]:
    key = spec.time if spec.time != "day" or spec.weather not in ("rain", "storm") else spec.weather
    stops = SKY_STOPS[key]
    if calm and key == "day":  # cover: a flatter gradient keeps the title area quiet
        stops = [(0.0, (120, 186, 238)), (1.0, (200, 230, 247))]
    return stops


def paint_sky(st: Stage) -> None:
    height = st.lay.horizon + st.h // 8
    fill_gradient(st.draw, (0, 0, st.w, height), sky_stops(st.spec, st.lay.cover))
    st.draw.rectangle((0, height, st.w, st.h), fill=st.c(SKY_STOPS["day"][1][1]))


def sky_side(st: Stage) -> float:
    """x of the sun or moon: left or right, never over the characters' heads."""
    return st.w * (0.8 if st.rng.random() < 0.5 else 0.2)


def celestial_y(st: Stage, r: float) -> float:
    return max(st.lay.band[0] + r * 1.6, min(st.lay.horizon - 3 * r, st.lay.band[0] + st.h * 0.1))


def paint_sun(st: Stage) -> Point:
    r = st.u(58)
    x = sky_side(st)
    y = celestial_y(st, r)
    if st.spec.time in ("sunset", "dawn"):
        r, y = st.u(90), st.lay.horizon - st.u(30)
    glow(st.img, (x, y), r * 2.6, (255, 246, 200), 150)
    spin = st.rng.uniform(0, math.pi)
    for k in range(10):  # rays: long thin triangles around the disc
        a = spin + k * math.pi / 5
        tip = (x + math.cos(a) * r * 1.75, y + math.sin(a) * r * 1.75)
        side = [(x + math.cos(a + s) * r * 1.15, y + math.sin(a + s) * r * 1.15) for s in (-0.16, 0.16)]
        st.draw.polygon([side[0], tip, side[1]], fill=(255, 218, 92))
    st.draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 206, 64) if st.spec.time == "day" else (255, 170, 90))
    return x, y


def paint_moon(st: Stage) -> Point:
    r = st.u(56)
    x = sky_side(st)
    y = celestial_y(st, r)
    glow(st.img, (x, y), r * 3.0, (200, 210, 255), 70)
    mask = Image.new("L", (2 * r + 2, 2 * r + 2), 0)
    md = ImageDraw.Draw(mask)
    md.ellipse((0, 0, 2 * r, 2 * r), fill=255)
    off = r * 0.55 * (1 if x > st.w / 2 else -1)  # crescent opens away from the page centre
    md.ellipse((-off, -r * 0.25, 2 * r - off, 2 * r - r * 0.25), fill=0)
    st.img.paste((255, 242, 190), (int(x - r), int(y - r)), mask)
    return x, y


def paint_stars(st: Stage, avoid: Point) -> None:
    for _ in range(60):
        x, y = st.rng.uniform(0.04, 0.96) * st.w, st.in_band(0, st.lay.horizon - st.u(20))
        if math.dist((x, y), avoid) < st.u(150):
            continue
        r = st.rng.choice((st.u(3), st.u(4), st.u(5), st.u(9), st.u(12)))
        star(st.draw, (x, y), r, (255, 246, 206) if r > st.u(5) else WHITE)


def paint_cloud(st: Stage, cx: float, cy: float, size: float, colour: RGB) -> None:
    """A cartoon cloud: overlapping puffs over a flat base, a shadow underneath."""
    puffs = [(-0.62, 0.12, 0.36), (-0.25, -0.12, 0.5), (0.22, -0.2, 0.58), (0.62, 0.06, 0.4), (0.0, 0.1, 0.45)]
    jitter = [(dx + st.rng.uniform(-0.06, 0.06), dy + st.rng.uniform(-0.05, 0.05), r) for dx, dy, r in puffs]
    for layer, col in ((0.06, shade(colour, 0.12)), (0.0, colour)):
        for dx, dy, r in jitter:
            x, y, rr = cx + dx * size, cy + (dy + layer) * size, r * size
            st.draw.ellipse((x - rr, y - rr, x + rr, y + rr), fill=col)
        st.draw.rounded_rectangle((cx - 0.95 * size, cy + layer * size, cx + 0.95 * size,
                                   cy + (0.42 + layer) * size), radius=0.2 * size, fill=col)


def paint_clouds(st: Stage) -> None:
    spec = st.spec
    count = {"clear": 3, "rain": 6, "storm": 6, "snowing": 4}[spec.weather] + (3 if "sky" in spec.places else 0)
    count = 1 if spec.time == "night" and spec.weather == "clear" else count
    base = {"rain": (196, 200, 210), "storm": (120, 124, 140)}.get(spec.weather, (255, 255, 255))
    base = (255, 226, 222) if spec.time == "sunset" and spec.weather == "clear" else base
    for k in range(count):
        size = st.u(st.rng.uniform(55, 95))
        x = st.w * (k + st.rng.uniform(0.2, 0.8)) / count
        y = st.in_band(st.lay.band[0] + size * 0.7, st.lay.horizon - size * 1.6)
        paint_cloud(st, x, y, size, (84, 96, 150) if spec.time == "night" else base)


def paint_rainbow(st: Stage) -> None:
    cx, cy = st.w * 0.5, st.lay.horizon + st.h * 0.08
    r = min(st.w * 0.42, cy - st.lay.band[0] - st.u(20))
    band = st.u(14)
    colours = [(232, 80, 72), (246, 150, 60), (250, 214, 80), (112, 190, 96), (80, 150, 222), (134, 100, 196)]
    for k, col in enumerate(colours):
        rr = r - k * band
        st.draw.arc((cx - rr, cy - rr, cx + rr, cy + rr), 180, 360, fill=st.c(col), width=band + 1)
