"""Children: girls, boys and kids, dressed in the colours of their description.

Skin and hair come from the words when given, else from a stable pick
seeded by the name (hashlib, since hash() is salted per process). Long
hair, pigtails and curls follow the description's words.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import replace

from .colour import INK, shade
from .faces import cheeks, eyes, mouth
from .figure import Anchors, Fig, Kit, bbox
from .palette import RGB

CHILD = Anchors(head_v=0.69, head_rx=0.2, head_ry=0.2, neck_v=0.48, neck_rx=0.1, eye_v=0.68, eye_dx=0.075,
                body_v=0.34, body_rx=0.14, body_ry=0.16)

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
