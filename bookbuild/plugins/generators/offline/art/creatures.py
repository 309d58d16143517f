"""The body plans that are not mammals: owl, bird, duck, frog, fish, turtle, robot and blob.

Each painter draws the whole figure and returns its Anchors, so the
accessories know where its head and neck are. The blob is the friendly
fallback for a creature the description does not name.
"""

from __future__ import annotations

from dataclasses import replace

from .colour import INK, shade
from .faces import cheeks, eyes, mouth
from .figure import Anchors, Fig, Kit, bbox
from .palette import RGB, WHITE, mix

OWL = Anchors(head_v=0.6, head_rx=0.27, head_ry=0.26, neck_v=0.42, neck_rx=0.24, eye_v=0.62, eye_dx=0.11,
              body_v=0.38, body_rx=0.3, body_ry=0.38)
BIRD = Anchors(head_v=0.58, head_rx=0.22, head_ry=0.2, neck_v=0.42, neck_rx=0.2, eye_v=0.6, eye_dx=0.085,
               body_v=0.34, body_rx=0.27, body_ry=0.3)
DUCK = replace(BIRD, head_v=0.64, eye_v=0.67, neck_v=0.47)
FROG = Anchors(head_v=0.55, head_rx=0.32, head_ry=0.19, neck_v=0.38, neck_rx=0.22, eye_v=0.73, eye_dx=0.16,
               body_v=0.25, body_rx=0.25, body_ry=0.22)
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
    a = DUCK
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
