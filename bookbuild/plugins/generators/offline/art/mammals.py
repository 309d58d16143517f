"""The upright 'chibi' mammal every furry species shares, and its parts.

A big head on a round body; the species picks the ears, muzzle, tail and
markings (stripes, masks, a mane, spines, wool, a dragon's wings and horns)
from small tables. Parts are drawn back to front, so the head overlaps the
bases of the ears and the tail sits behind the body.
"""

from __future__ import annotations

import math
from dataclasses import replace

from .colour import INK, oval_points, shade
from .faces import cheeks, eyes, mouth, whiskers
from .figure import MAMMAL, Anchors, Fig, Kit
from .palette import COLOURS, mix


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
