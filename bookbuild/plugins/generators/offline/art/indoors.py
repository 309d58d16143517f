"""Indoor scenes: a bedroom with its window, picture and lamp, and the bed.

The room replaces the whole outdoor scene. A bed is drawn in two parts
around its sleeper: headboard and pillow behind the first character, then
the quilt and footboard over it, up to the chest.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .colour import fill_gradient, glow, shade, star
from .layout import BED_HALF, BED_LIFT, Layout, Placement
from .palette import RGB, WHITE
from .stage import SKY_STOPS, Stage, sky_stops


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


def bed_for(lay: Layout, fig: Placement | None) -> Bed:
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
