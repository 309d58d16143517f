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

from .colour import INK, Point, apply_tint, fill_gradient, glow, oval_points, shade, star, tint_key
from .layout import BED_HALF, BED_LIFT, TEXT_ZONES, Layout, Placement, make_layout
from .palette import COLOURS, HUMANS, RGB, WHITE, CharacterLook, Features, features_of, mix, palette_for
from .scene import SceneSpec, parse_scene

__all__ = ["CharacterLook", "palette_for", "draw_illustration", "draw_cover_art"]


# ---------------------------------------------------------------- the stage


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


def wave_line(st: Stage, base: float, amp: float, freq: float, step: int = 40) -> list[Point]:
    """A gently rolling line across the page (the top edge of a hill)."""
    phase, phase2 = st.rng.uniform(0, 6.3), st.rng.uniform(0, 6.3)
    xs = [st.w * k / step for k in range(-1, step + 2)]
    return [(x, base + amp * math.sin(freq * x / st.w * 6.28 + phase)
             + amp * 0.4 * math.sin(2.3 * freq * x / st.w * 6.28 + phase2)) for x in xs]


def fill_below(st: Stage, line: list[Point], colour: RGB) -> None:
    st.draw.polygon(line + [(st.w + 10, st.h + 10), (-10, st.h + 10)], fill=colour)


GROUND = {  # far hill, middle hill, near ground, foreground strip
    "grass": ((166, 212, 140), (124, 192, 98), (104, 178, 82), (92, 164, 74)),
    "snow": ((214, 226, 242), (228, 236, 248), (242, 246, 252), (232, 238, 250)),
    "sand": ((166, 212, 140), (124, 192, 98), (244, 220, 166), (236, 208, 150)),
}


def paint_far_hills(st: Stage) -> None:
    far, mid, _, _ = GROUND[st.spec.ground]
    if "sea" in st.spec.places:
        return  # the sea meets the sky
    fill_below(st, wave_line(st, st.lay.horizon - st.u(40), st.u(30), 1.3), st.c(mix(far, (180, 200, 230), 0.25)))
    fill_below(st, wave_line(st, st.lay.horizon + st.u(10), st.u(22), 1.8), st.c(mid))


def paint_ground(st: Stage) -> None:
    _, _, near, front = GROUND[st.spec.ground]
    fill_below(st, wave_line(st, st.lay.ground, st.u(14), 0.9), st.c(near))
    if "hill" in st.spec.places:
        paint_hilltop(st, near)
    fill_below(st, wave_line(st, st.lay.feet + st.u(60), st.u(10), 0.7), st.c(front))


def paint_hilltop(st: Stage, near: RGB) -> None:
    """One big rounded hill under the characters, a shade lighter than the land behind it."""
    top, bottom = st.lay.ground - st.u(90), st.lay.feet + st.h * 0.12
    st.draw.ellipse((-0.15 * st.w, top, 1.15 * st.w, 2 * bottom - top), fill=st.c(shade(near, -0.15)))


def paint_mountains(st: Stage) -> None:
    top_limit = st.lay.band[0] + st.u(30)
    for k in range(4):
        cx = st.w * (k + st.rng.uniform(0.1, 0.9)) / 3.5 - st.w * 0.05
        peak = max(top_limit, st.lay.horizon - st.h * st.rng.uniform(0.14, 0.24))
        half = st.w * st.rng.uniform(0.18, 0.26)
        base = st.lay.horizon + st.u(30)
        body = st.c((140, 150, 186) if k % 2 else (122, 132, 172))
        st.draw.polygon([(cx - half, base), (cx, peak), (cx + half, base)], fill=body)
        cap = 0.3 * (base - peak)
        frac = cap / (base - peak)
        zig = [(cx - half * frac, peak + cap), (cx - half * frac * 0.4, peak + cap * 0.75),
               (cx, peak + cap * 1.05), (cx + half * frac * 0.45, peak + cap * 0.7), (cx + half * frac, peak + cap)]
        st.draw.polygon([(cx, peak)] + zig, fill=st.c((246, 248, 255)))


def paint_city(st: Stage) -> None:
    x = -st.u(10)
    lit = st.spec.time in ("night", "sunset")
    while x < st.w:
        bw, bh = st.u(st.rng.uniform(60, 110)), st.h * st.rng.uniform(0.08, 0.2)
        top = max(st.lay.band[0] + st.u(20), st.lay.horizon + st.u(20) - bh)
        col = st.c(st.rng.choice([(176, 168, 200), (200, 176, 170), (160, 186, 200), (206, 196, 160)]))
        st.draw.rectangle((x, top, x + bw, st.lay.horizon + st.u(40)), fill=col)
        for wy in range(int(top + st.u(16)), st.lay.horizon, st.u(28)):
            for wx in range(int(x + st.u(12)), int(x + bw - st.u(18)), st.u(24)):
                on = lit and st.rng.random() < 0.6
                st.draw.rectangle((wx, wy, wx + st.u(10), wy + st.u(14)),
                                  fill=(255, 220, 120) if on else st.c(shade(col, 0.2)))
        x += bw + st.u(st.rng.uniform(4, 20))


def paint_sea(st: Stage) -> None:
    top, bottom = st.lay.horizon, st.lay.ground + st.u(20)
    fill_gradient(st.draw, (0, top, st.w, bottom), [(0.0, st.c((70, 150, 210))), (1.0, st.c((110, 190, 220)))])
    for _ in range(26):
        x, y = st.rng.uniform(0, st.w), st.rng.uniform(top + st.u(15), bottom - st.u(10))
        r = st.u(12 + 30 * (y - top) / max(1, bottom - top))
        st.draw.arc((x - r, y - r / 2, x + r, y + r / 2), 200, 340, fill=st.c((190, 228, 246)), width=st.u(4))
    if st.rng.random() < 0.7:
        paint_boat(st, st.w * st.rng.choice((0.25, 0.72)), top + st.u(20))


def paint_boat(st: Stage, x: float, y: float) -> None:
    s = st.u(60)
    st.draw.polygon([(x - s, y), (x + s, y), (x + s * 0.7, y + s * 0.35), (x - s * 0.7, y + s * 0.35)],
            fill=st.c((196, 80, 64)))
    st.draw.line([(x, y), (x, y - s * 1.3)], fill=st.c((110, 80, 60)), width=st.u(5))
    st.draw.polygon([(x + st.u(4), y - s * 1.25), (x + st.u(4), y - st.u(8)), (x + s * 0.85, y - st.u(8))],
            fill=st.c(WHITE))


def paint_beach_edge(st: Stage) -> None:
    """Foam where the sand meets the water."""
    line = wave_line(st, st.lay.ground, st.u(10), 2.0)
    st.draw.line(line, fill=st.c((250, 252, 255)), width=st.u(12), joint="curve")


def paint_lake(st: Stage) -> None:
    cx = st.w * st.rng.choice((0.22, 0.78))
    cy, rx, ry = st.lay.ground + st.u(70), st.w * 0.24, st.u(55)
    st.draw.ellipse((cx - rx - st.u(10), cy - ry - st.u(6), cx + rx + st.u(10), cy + ry + st.u(8)),
            fill=st.c((214, 200, 150)))
    st.draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=st.c((86, 160, 214)))
    for k in range(5):
        x, y = cx + st.rng.uniform(-0.6, 0.6) * rx, cy + st.rng.uniform(-0.5, 0.5) * ry
        st.draw.arc((x - st.u(30), y - st.u(6), x + st.u(30), y + st.u(6)), 200, 340, fill=st.c((180, 220, 244)),
                width=st.u(4))
        if k < 3:
            lily_pad(st, cx + st.rng.uniform(-0.7, 0.7) * rx, cy + st.rng.uniform(-0.4, 0.5) * ry)


def lily_pad(st: Stage, x: float, y: float) -> None:
    r = st.u(20)
    st.draw.pieslice((x - r, y - r * 0.5, x + r, y + r * 0.5), 30, 330, fill=st.c((76, 150, 84)))
    if st.rng.random() < 0.5:
        flower(st, x, y - st.u(4), st.u(8), (246, 160, 196))


def paint_river(st: Stage) -> None:
    top, bottom = st.lay.horizon + st.u(6), st.lay.ground + st.u(80)
    phase = st.rng.uniform(0, 6.3)
    upper, lower = [], []
    for k in range(31):
        s = k / 30
        x = -0.05 * st.w + 1.1 * st.w * s
        y = top + (bottom - top) * s + st.u(20) * math.sin(3 * s + phase)
        half = st.u(4) + st.u(55) * s
        upper.append((x, y - half))
        lower.append((x, y + half))
    st.draw.polygon(upper + lower[::-1], fill=st.c((84, 158, 214)))
    st.draw.line(upper, fill=st.c((214, 200, 150)), width=st.u(6))
    for k in range(6, 30, 4):
        x, y = (upper[k][0] + lower[k][0]) / 2, (upper[k][1] + lower[k][1]) / 2
        st.draw.line([(x - st.u(20), y), (x + st.u(20), y)], fill=st.c((186, 224, 246)), width=st.u(4))


def round_tree(st: Stage, x: float, base: float, size: float, colour: RGB) -> None:
    """Lollipop tree: trunk and a crown of overlapping circles with a lighter top."""
    trunk = st.c((122, 86, 60))
    st.draw.rectangle((x - size * 0.09, base - size * 1.1, x + size * 0.09, base), fill=trunk)
    puffs = [(0.0, -1.55, 0.55), (-0.38, -1.25, 0.42), (0.38, -1.25, 0.42), (-0.2, -1.8, 0.4), (0.22, -1.75, 0.4)]
    for dx, dy, r in puffs:
        st.draw.ellipse((x + (dx - r) * size, base + (dy - r) * size, x + (dx + r) * size, base + (dy + r) * size),
                        fill=st.c(colour))
    light = shade(colour, -0.25)
    st.draw.ellipse((x - 0.35 * size, base - 2.05 * size, x + 0.05 * size, base - 1.7 * size), fill=st.c(light))
    if st.spec.ground == "snow":
        st.draw.chord((x - 0.5 * size, base - 2.2 * size, x + 0.45 * size, base - 1.6 * size), 180, 360,
                fill=st.c(WHITE))


def pine_tree(st: Stage, x: float, base: float, size: float, colour: RGB) -> None:
    """Three stacked triangles; snow on the tiers in winter."""
    st.draw.rectangle((x - size * 0.08, base - size * 0.4, x + size * 0.08, base), fill=st.c((110, 80, 58)))
    for k in range(3):
        top, wide = base - size * (1.25 + 0.55 * k), size * (0.62 - 0.13 * k)
        bottom = top + size * 0.95
        st.draw.polygon([(x - wide, bottom), (x, top), (x + wide, bottom)], fill=st.c(shade(colour, 0.08 * (2 - k))))
        if st.spec.ground == "snow":
            st.draw.polygon([(x - wide * 0.35, top + size * 0.33), (x, top), (x + wide * 0.35, top + size * 0.33)],
                            fill=st.c(WHITE))


def tree(st: Stage, x: float, base: float, size: float, far: bool) -> None:
    greens = [(70, 150, 80), (92, 168, 76), (60, 136, 96), (110, 176, 84)]
    colour = st.rng.choice(greens)
    colour = mix(colour, (150, 190, 200), 0.3) if far else colour
    pine = st.spec.ground == "snow" or st.rng.random() < (0.5 if "forest" in st.spec.places else 0.2)
    (pine_tree if pine else round_tree)(st, x, base, size, colour)


def frame_tree_size(st: Stage) -> float:
    """Big side trees, but their crowns stay below the text panel on top-text pages."""
    return min(st.u(190), (st.lay.feet + st.u(40) - st.lay.band[0]) / 2.3)


def paint_meadow_trees(st: Stage) -> None:
    sides = [0.08, 0.92] if st.rng.random() < 0.5 else [0.1]
    for s in sides:
        tree(st, st.w * (s + st.rng.uniform(-0.03, 0.03)), st.lay.ground + st.u(30),
             st.u(st.rng.uniform(95, 125)), far=False)


def house(st: Stage, x: float, base: float, size: float) -> None:
    """Cottage: walls, roof, door, windows lit at night, chimney."""
    wall = st.rng.choice([(250, 236, 210), (246, 214, 190), (222, 232, 240), (250, 226, 160)])
    roof = st.rng.choice([(200, 80, 70), (110, 90, 150), (80, 120, 170), (170, 100, 70)])
    left, right, top = x - size * 0.55, x + size * 0.55, base - size * 0.8
    st.draw.rectangle((x + size * 0.22, top - size * 0.5, x + size * 0.38, top), fill=st.c((150, 90, 80)))
    st.draw.rectangle((left, top, right, base), fill=st.c(wall))
    st.draw.polygon([(left - size * 0.12, top + size * 0.02), (x, top - size * 0.55),
                     (right + size * 0.12, top + size * 0.02)], fill=st.c(roof))
    if st.spec.ground == "snow":
        st.draw.polygon([(left - size * 0.06, top - size * 0.04), (x, top - size * 0.55),
                         (right + size * 0.06, top - size * 0.04), (x, top - size * 0.4)], fill=st.c(WHITE))
    st.draw.rounded_rectangle((x - size * 0.14, base - size * 0.42, x + size * 0.14, base),
                              radius=size * 0.1, fill=st.c(shade(roof, 0.2)))
    lit = st.spec.time in ("night", "sunset")
    for wx in (x - size * 0.36, x + size * 0.2):
        pane = (255, 214, 110) if lit else st.c((170, 210, 236))
        st.draw.rectangle((wx, top + size * 0.16, wx + size * 0.16, top + size * 0.34), fill=pane,
                          outline=st.c(WHITE), width=max(1, int(size * 0.025)))


def paint_village(st: Stage) -> None:
    for k in range(5):
        x = st.w * (0.1 + 0.2 * k + st.rng.uniform(-0.04, 0.04))
        house(st, x, st.lay.horizon + st.u(40), st.u(st.rng.uniform(60, 80)))


def paint_house(st: Stage) -> None:
    side = st.rng.choice((0.14, 0.86))
    size = min(st.u(190), (st.lay.ground + st.u(40) - st.lay.band[0]) / 1.9)
    house(st, st.w * side, st.lay.ground + st.u(40), size)


def paint_cave(st: Stage) -> None:
    cx = st.w * st.rng.choice((0.2, 0.8))
    base = st.lay.ground + st.u(60)
    top = max(st.lay.band[0] + st.u(20), base - st.h * 0.3)
    wide = st.w * 0.3
    rock = st.c((136, 122, 120))
    pts = oval_points(cx, base, wide, base - top, 0, math.pi, 2 * math.pi, 24)
    st.draw.polygon(pts, fill=rock)
    for _ in range(6):
        x, y = cx + st.rng.uniform(-0.7, 0.7) * wide, st.rng.uniform(top + st.u(40), base - st.u(30))
        r = st.u(st.rng.uniform(15, 35))
        st.draw.ellipse((x - r, y - r * 0.7, x + r, y + r * 0.7), fill=st.c((156, 142, 138)))
    mouth_w, mouth_h = wide * 0.42, (base - top) * 0.55
    st.draw.pieslice((cx - mouth_w, base - mouth_h, cx + mouth_w, base + mouth_h), 180, 360, fill=(34, 30, 40))
    if st.spec.time == "night":
        for dx in (-0.12, 0.12):
            x, y = cx + dx * mouth_w, base - mouth_h * 0.45
            st.draw.ellipse((x - st.u(8), y - st.u(6), x + st.u(8), y + st.u(6)), fill=(250, 230, 120))


def paint_fence(st: Stage) -> None:
    y, step = st.lay.ground + st.u(10), st.u(46)
    post, height = st.u(22), st.u(80)
    colour = st.c((250, 246, 236))
    st.draw.rectangle((0, y - height * 0.7, st.w, y - height * 0.58), fill=colour)
    st.draw.rectangle((0, y - height * 0.32, st.w, y - height * 0.2), fill=colour)
    for x in range(-st.u(10), st.w + step, step):
        st.draw.polygon([(x, y), (x, y - height), (x + post / 2, y - height - post * 0.6),
                         (x + post, y - height), (x + post, y)], fill=colour)


PETALS = [(240, 96, 120), (250, 210, 70), (246, 150, 200), (180, 130, 230), (255, 255, 255), (250, 140, 70)]


def flower(st: Stage, x: float, y: float, r: float, colour: RGB) -> None:
    for k in range(5):
        a = k * 2 * math.pi / 5
        px, py = x + math.cos(a) * r, y + math.sin(a) * r
        st.draw.ellipse((px - r * 0.75, py - r * 0.75, px + r * 0.75, py + r * 0.75), fill=st.c(colour))
    st.draw.ellipse((x - r * 0.6, y - r * 0.6, x + r * 0.6, y + r * 0.6), fill=st.c((255, 200, 60)))


def ground_spot(st: Stage) -> Point:
    """A random point on the near ground, outside the text panel."""
    lo, hi = st.lay.ground + st.u(40), min(st.lay.band[1] - st.u(15), st.h - st.u(60))
    return st.rng.uniform(0.04, 0.96) * st.w, st.rng.uniform(lo, max(lo, hi))


def paint_flowers(st: Stage, count: int) -> None:
    stem = st.c((70, 140, 70))
    for _ in range(count):
        x, y = ground_spot(st)
        r = st.u(st.rng.uniform(8, 14)) * (0.7 + 0.6 * (y - st.lay.ground) / max(1, st.h - st.lay.ground))
        st.draw.line([(x, y), (x, y + r * 3)], fill=stem, width=max(1, int(r * 0.35)))
        flower(st, x, y, r, st.rng.choice(PETALS))


def paint_grass_tufts(st: Stage, count: int) -> None:
    colour = st.c(shade(GROUND["grass"][2], 0.18))
    for _ in range(count):
        x, y = ground_spot(st)
        s = st.u(st.rng.uniform(10, 18))
        for dx in (-0.6, 0.0, 0.6):
            st.draw.line([(x + dx * s * 0.4, y), (x + dx * s, y - s * (1.2 - abs(dx) * 0.4))], fill=colour,
                    width=st.u(3))


def paint_shells(st: Stage) -> None:
    for _ in range(5):
        x, y = ground_spot(st)
        star(st.draw, (x, y), st.u(16), st.c((246, 140, 100)))
        x, y = ground_spot(st)
        st.draw.pieslice((x - st.u(12), y - st.u(12), x + st.u(12), y + st.u(12)), 180, 360, fill=st.c((250, 222,
                214)))


def paint_puddles(st: Stage) -> None:
    for _ in range(3):
        x, y = ground_spot(st)
        st.draw.ellipse((x - st.u(60), y - st.u(12), x + st.u(60), y + st.u(12)), fill=st.c((150, 176, 210)))


def paint_fireflies(st: Stage) -> None:
    for _ in range(14):
        x, y = st.rng.uniform(0.05, 0.95) * st.w, st.in_band(st.lay.horizon - st.u(120), st.lay.feet)
        glow(st.img, (x, y), st.u(26), (255, 240, 120), 230)
        st.draw.ellipse((x - st.u(4), y - st.u(4), x + st.u(4), y + st.u(4)), fill=(255, 250, 190))


def paint_kite_or_balloon(st: Stage) -> None:
    x, y = st.w * st.rng.uniform(0.42, 0.58), st.in_band(0, st.lay.horizon - st.u(180))
    s = st.u(40)
    if "balloon" in st.spec.words:
        st.draw.line([(x, y + s * 1.2), (x + s * 0.3, y + s * 3)], fill=st.c((90, 90, 90)), width=st.u(2))
        st.draw.ellipse((x - s, y - s * 1.2, x + s, y + s * 1.2), fill=st.c((232, 80, 90)))
        return
    st.draw.line([(x, y + s * 1.4), (x - s, y + s * 2.4), (x - s * 0.3, y + s * 3.4)], fill=st.c((90, 90, 90)),
            width=st.u(2))
    st.draw.polygon([(x, y - s * 1.4), (x + s, y), (x, y + s * 1.4), (x - s, y)], fill=st.c((250, 200, 60)))
    st.draw.polygon([(x, y - s * 1.4), (x + s, y), (x, y)], fill=st.c((232, 90, 80)))


def paint_snowman(st: Stage) -> None:
    x, base = st.w * st.rng.choice((0.1, 0.9)), st.lay.ground + st.u(50)
    for r, dy in ((st.u(60), 0.0), (st.u(42), 1.5), (st.u(30), 2.55)):
        cy = base - st.u(60) - dy * st.u(60)
        st.draw.ellipse((x - r, cy - r, x + r, cy + r), fill=st.c((250, 252, 255)), outline=st.c((200, 214,
                236)), width=st.u(3))
    head = base - st.u(60) - 2.55 * st.u(60)
    st.draw.polygon([(x, head), (x + st.u(40), head + st.u(6)), (x, head + st.u(12))], fill=st.c((246, 140, 50)))
    for dx in (-0.35, 0.35):
        st.draw.ellipse((x + dx * st.u(30) - st.u(4), head - st.u(12), x + dx * st.u(30) + st.u(4),
                head - st.u(4)), fill=INK)


# ---------------------------------------------------------------- indoors


def paint_room(st: Stage) -> None:
    """Bedroom: papered wall, window onto the sky, wooden floor, rug, picture, lamp."""
    floor = st.lay.feet - st.u(110)
    wall = st.rng.choice([(250, 228, 204), (214, 230, 244), (236, 222, 246), (226, 242, 222)])
    st.draw.rectangle((0, 0, st.w, floor), fill=st.c(wall))
    paint_wallpaper(st, floor, shade(wall, 0.06))
    st.draw.rectangle((0, floor, st.w, st.h), fill=st.c((206, 156, 108)))
    for k in range(1, 9):
        y = floor + (st.h - floor) * (k / 9) ** 1.4
        st.draw.line([(0, y), (st.w, y)], fill=st.c((186, 136, 92)), width=st.u(3))
    st.draw.rectangle((0, floor - st.u(18), st.w, floor), fill=st.c((250, 250, 246)))
    window_x = st.w * st.rng.choice((0.2, 0.8))
    paint_window(st, window_x, floor)
    paint_picture(st, st.w - window_x, floor)
    st.draw.ellipse((st.w * 0.2, st.lay.feet - st.u(40), st.w * 0.8, st.lay.feet + st.u(60)), fill=st.c((210,
            110, 120)))
    st.draw.ellipse((st.w * 0.24, st.lay.feet - st.u(28), st.w * 0.76, st.lay.feet + st.u(48)), fill=st.c((236,
            150, 150)))


def paint_wallpaper(st: Stage, floor: int, colour: RGB) -> None:
    top = st.lay.band[0]
    step = st.u(70)
    for row, y in enumerate(range(top + step // 2, floor - st.u(30), step)):
        for x in range(step // 2 * (row % 2), st.w, step):
            star(st.draw, (x, y), st.u(9), st.c(colour))


def paint_window(st: Stage, cx: float, floor: int) -> None:
    half_w = st.u(150)
    top, bottom = max(st.lay.band[0] + st.u(30), floor - st.u(520)), floor - st.u(140)
    box = (int(cx - half_w), int(top), int(cx + half_w), int(bottom))
    outside = replace(st.spec, places=frozenset({"meadow"}), bed=False)
    fill_gradient(st.draw, box, sky_stops(outside, False))
    vd = st.draw
    if st.spec.time == "night":
        mx, my = cx + half_w * 0.4, top + (bottom - top) * 0.3
        r = st.u(34)
        vd.ellipse((mx - r, my - r, mx + r, my + r), fill=(255, 242, 190))
        vd.ellipse((mx - r * 0.5, my - r * 1.15, mx + r * 1.5, my + r * 0.85), fill=SKY_STOPS["night"][0][1])
        for _ in range(7):
            star(vd, (st.rng.uniform(box[0] + 10, box[2] - 10), st.rng.uniform(box[1] + 10, box[3] - 10)),
                    st.u(5), WHITE)
    frame = st.c((250, 250, 246))
    vd.rectangle(box, outline=frame, width=st.u(16))
    vd.line([(cx, top), (cx, bottom)], fill=frame, width=st.u(10))
    vd.line([(box[0], (top + bottom) / 2), (box[2], (top + bottom) / 2)], fill=frame, width=st.u(10))
    curtain = st.c((120, 160, 220))
    for side in (-1, 1):
        x0 = cx + side * (half_w + st.u(10))
        vd.polygon([(x0, top - st.u(20)), (x0 - side * st.u(80), top - st.u(20)), (x0 - side * st.u(30),
                bottom + st.u(30)),
                    (x0 + side * st.u(40), bottom + st.u(30))], fill=curtain)
    vd.rectangle((box[0] - st.u(60), top - st.u(34), box[2] + st.u(60), top - st.u(20)), fill=st.c((150, 110, 80)))


def paint_picture(st: Stage, cx: float, floor: int) -> None:
    half = st.u(70)
    cy = max(st.lay.band[0] + half + st.u(40), floor - st.u(380))
    st.draw.rectangle((cx - half, cy - half, cx + half, cy + half * 0.8), fill=st.c((196, 226, 246)),
                      outline=st.c((170, 120, 80)), width=st.u(12))
    st.draw.chord((cx - half, cy + half * 0.1, cx + half, cy + half * 1.5), 180, 360, fill=st.c((110, 180, 90)))
    st.draw.ellipse((cx + half * 0.2, cy - half * 0.6, cx + half * 0.55, cy - half * 0.25), fill=st.c((255, 206, 64)))
    if st.spec.time == "night":  # a lamp's warm light on the picture side
        glow(st.img, (cx, floor - st.u(60)), st.u(200), (255, 226, 150), 90)
        st.draw.rectangle((cx - st.u(8), floor - st.u(150), cx + st.u(8), floor), fill=st.c((150, 110, 80)))
        st.draw.polygon([(cx - st.u(55), floor - st.u(150)), (cx - st.u(30), floor - st.u(230)),
                         (cx + st.u(30), floor - st.u(230)), (cx + st.u(55),
                                 floor - st.u(150))], fill=(255, 214, 130))


@dataclass(frozen=True)
class Bed:
    """Where the bed stands: it is drawn under the first character and its blanket over it."""

    x: float
    size: float  # the sleeper's height; the bed is sized from it
    tuck: float  # y of the blanket's top edge (the sleeper's chest)
    floor: float  # y of the bed's feet


def bed_for(lay: Layout, fig: "Placement | None") -> Bed:
    size = fig.size if fig else min(lay.fig_h * 0.9, (lay.stage[1] - lay.stage[0]) / 2 / BED_HALF)
    base = fig.base if fig else lay.feet - size * BED_LIFT
    return Bed(fig.x if fig else lay.w / 2, size, base - size * 0.36, lay.feet)


def paint_bed(st: Stage, bed: Bed) -> None:
    """Headboard and pillow, behind the sleeper."""
    s, x = bed.size, bed.x
    wood = st.c((176, 116, 78))
    top = bed.tuck - s * 0.52
    st.draw.rounded_rectangle((x - s * 0.62, top, x + s * 0.62, bed.floor - s * 0.1), radius=s * 0.14, fill=wood)
    st.draw.rounded_rectangle((x - s * 0.5, top + s * 0.08, x + s * 0.5, bed.floor - s * 0.2), radius=s * 0.1,
                              fill=st.c(shade(wood, -0.15)))
    st.draw.rounded_rectangle((x - s * 0.4, bed.tuck - s * 0.32, x + s * 0.4, bed.tuck - s * 0.02), radius=s * 0.1,
                              fill=st.c((250, 250, 252)), outline=st.c((214, 220, 234)), width=max(1,
                                      round(s * 0.01)))


def paint_blanket(st: Stage, bed: Bed) -> None:
    """Over the sitting character up to the chest: a starry quilt, a sheet hem, a footboard."""
    s, x = bed.size, bed.x
    left, right, bottom = x - s * 0.68, x + s * 0.68, bed.floor - s * 0.1
    quilt = st.c((112, 150, 222))
    st.draw.rounded_rectangle((left, bed.tuck, right, bottom), radius=s * 0.07, fill=quilt)
    for row in range(3):
        for col in range(7):
            px = left + (col + 0.5 + 0.5 * (row % 2)) * (right - left) / 7.5
            star(st.draw, (px, bed.tuck + s * (0.17 + 0.08 * row)), s * 0.025, shade(quilt, -0.35))
    st.draw.rounded_rectangle((left, bed.tuck, right, bed.tuck + s * 0.09), radius=s * 0.045, fill=st.c((240,
            242, 250)))
    wood = st.c((160, 102, 68))
    st.draw.rounded_rectangle((left - s * 0.02, bed.floor - s * 0.2, right + s * 0.02, bed.floor - s * 0.05),
                              radius=s * 0.04, fill=wood)
    for px in (left, right):
        st.draw.rounded_rectangle((px - s * 0.05, bed.floor - s * 0.3, px + s * 0.05, bed.floor),
                radius=s * 0.03, fill=wood)
        st.draw.ellipse((px - s * 0.06, bed.floor - s * 0.36, px + s * 0.06, bed.floor - s * 0.26), fill=wood)


# ---------------------------------------------------------------- weather


def paint_rain(st: Stage) -> None:
    colour = (206, 220, 240) if st.spec.time != "night" else (150, 170, 210)
    for _ in range(140):
        x, y = st.rng.uniform(0, st.w), st.in_band(0, st.h)
        length = st.u(st.rng.uniform(25, 40))
        if y + length < st.lay.band[1]:
            st.draw.line([(x, y), (x - length * 0.25, y + length)], fill=colour, width=st.u(3))


def paint_lightning(st: Stage) -> None:
    x, y, s = st.w * st.rng.uniform(0.3, 0.7), st.lay.band[0] + st.u(60), st.u(60)
    bolt = [(x, y), (x - s * 0.6, y + s * 1.3), (x - s * 0.1, y + s * 1.3), (x - s * 0.7, y + s * 2.6),
            (x + s * 0.5, y + s * 1.0), (x, y + s * 1.0), (x + s * 0.5, y)]
    st.draw.polygon(bolt, fill=(255, 230, 100))


def paint_snowfall(st: Stage) -> None:
    for _ in range(110):
        x, y = st.rng.uniform(0, st.w), st.in_band(0, st.h)
        r = st.u(st.rng.uniform(3, 9))
        if y + r < st.lay.band[1]:
            st.draw.ellipse((x - r, y - r, x + r, y + r), fill=(250, 252, 255))


def paint_zzz(st: Stage, fig: "Placement") -> None:
    """Sleepy 'z's rising from a sleeper, outside the text panel."""
    x, y = fig.x + fig.size * 0.3, fig.base - fig.size * 0.95
    for k, s in enumerate((0.06, 0.08, 0.1)):
        zx, zy = x + k * fig.size * 0.12, y - k * fig.size * 0.14
        size = fig.size * s
        if zy - size > st.lay.band[0]:
            st.draw.line([(zx, zy - size), (zx + size, zy - size), (zx, zy), (zx + size, zy)],
                         fill=(250, 250, 255), width=max(1, int(fig.size * 0.016)))


# ---------------------------------------------------------------- whole scenes


def paint_outdoors(st: Stage) -> None:
    places, spec = st.spec.places, st.spec
    paint_sky(st)
    if spec.time == "night":
        paint_stars(st, paint_moon(st))
    elif spec.weather not in ("rain", "storm") or "rainbow" in spec.words:
        paint_sun(st)
    if "rainbow" in spec.words:
        paint_rainbow(st)
    paint_clouds(st)
    if spec.weather == "storm":
        paint_lightning(st)
    if {"kite", "balloon"} & spec.words:
        paint_kite_or_balloon(st)
    if "mountain" in places:
        paint_mountains(st)
    if "city" in places:
        paint_city(st)
    paint_far_hills(st)
    paint_midground(st)


def paint_midground(st: Stage) -> None:
    places = st.spec.places
    if "sea" in places:
        paint_sea(st)
    if "village" in places:
        paint_village(st)
    if "forest" in places:
        paint_forest_back(st)
    paint_ground(st)
    if "sea" in places:
        paint_beach_edge(st)
    paint_water_and_buildings(st)
    paint_ground_details(st)


def paint_forest_back(st: Stage) -> None:
    """A row of small, hazier trees along the horizon."""
    for k in range(16):
        x = st.w * (k + st.rng.uniform(0, 1)) / 16
        tree(st, x, st.lay.horizon + st.u(45), st.u(st.rng.uniform(55, 80)), far=True)


def paint_forest_front(st: Stage) -> None:
    """A middle row of trees, then two big ones framing the page at the edges."""
    for k in range(7):
        x = st.w * (k + st.rng.uniform(0.1, 0.9)) / 7
        tree(st, x, st.lay.ground + st.u(25), st.u(st.rng.uniform(80, 105)), far=False)
    for x in (st.w * st.rng.uniform(0.02, 0.08), st.w * st.rng.uniform(0.92, 0.98)):
        tree(st, x, st.lay.feet + st.u(40), frame_tree_size(st), far=False)


def paint_water_and_buildings(st: Stage) -> None:
    places = st.spec.places
    if "river" in places:
        paint_river(st)
    if "lake" in places:
        paint_lake(st)
    if "cave" in places:
        paint_cave(st)
    if "house" in places:
        paint_house(st)
    if "garden" in places:
        paint_fence(st)
    if "forest" in places:
        paint_forest_front(st)
    elif {"meadow", "garden", "hill", "river", "lake"} & places and st.spec.ground != "sand":
        paint_meadow_trees(st)


def paint_ground_details(st: Stage) -> None:
    spec = st.spec
    if spec.ground == "grass":
        paint_grass_tufts(st, 22)
        flowers = 26 if "garden" in spec.places else 14 if "meadow" in spec.places else 6
        paint_flowers(st, flowers if spec.weather != "storm" else 3)
    if spec.ground == "sand":
        paint_shells(st)
    if "snowman" in spec.words:
        paint_snowman(st)
    if spec.weather in ("rain", "storm"):
        paint_puddles(st)
    if spec.time == "night" and spec.places & {"forest", "meadow", "garden"}:
        paint_fireflies(st)


def paint_weather(st: Stage) -> None:
    if st.spec.indoors:
        return
    if st.spec.weather in ("rain", "storm"):
        paint_rain(st)
    if st.spec.weather == "snowing" or "snowflake" in st.spec.words:
        paint_snowfall(st)


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
