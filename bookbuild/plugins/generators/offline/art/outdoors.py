"""What stands on the land outdoors: trees, houses, a cave, a fence and small props.

Trees are round or pine (always pine in snow, often in a forest), hazier
when far away; cottages light their windows at dusk. The small things,
shells, puddles, fireflies, a kite or balloon and a snowman, are scattered
on the near ground or in the sky, outside the text panel.
"""

from __future__ import annotations

import math

from .colour import INK, glow, oval_points, shade, star
from .landscape import ground_spot
from .palette import RGB, WHITE, mix
from .stage import Stage


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
