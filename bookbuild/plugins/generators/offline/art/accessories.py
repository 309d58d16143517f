"""What characters wear and carry: hats, scarves, glasses, capes, bags and more.

Capes, backpacks and umbrellas hang behind the body and are painted before
it; everything else goes on top, in the description's order, placed by the
body plan's Anchors so one hat fits an owl and a child alike.
"""

from __future__ import annotations

import math
from typing import Callable

from .colour import INK, shade, star
from .figure import Anchors, Fig, Kit, bbox
from .palette import COLOURS


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
