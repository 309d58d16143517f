"""The land and the water: hills, ground, mountains, a city skyline, sea, lake and river.

Hills and ground are wavy lines filled down to the bottom of the page, in
the colours of the scene's ground (grass, snow or sand). The ground cover
that sits on them, flowers and grass tufts, is here too, since a lily pad
on the lake wears the same flower.
"""

from __future__ import annotations

import math

from .colour import Point, fill_gradient, shade
from .palette import RGB, WHITE, mix
from .stage import Stage


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
