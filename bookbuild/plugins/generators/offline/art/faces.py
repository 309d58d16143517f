"""Faces shared by the body plans: eyes, mouth, cheeks and whiskers.

The character's mood shows here: closed eyes when sleepy, wide eyes when
scared, brows and a turned-down mouth when sad or scared, an open mouth
when excited. Eyes follow the gaze, so two characters look at each other.
"""

from __future__ import annotations

from .colour import INK
from .figure import Anchors, Fig, Kit, bbox
from .palette import WHITE, mix


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


def cheeks(f: Fig, k: Kit, a: Anchors, spread: float = 1.6) -> None:
    blush = mix(k.body, (255, 110, 140), 0.45)
    for side in (-1, 1):
        f.oval(side * a.eye_dx * spread, a.eye_v - 0.06, 0.038, 0.022, blush, outline=False)


def whiskers(f: Fig, a: Anchors, v: float) -> None:
    for side in (-1, 1):
        for dv in (-0.012, 0.018):
            f.stroke([(side * 0.1, v + dv * 0.5), (side * 0.24, v + dv * 2.2)], INK, 0.006, outline=False)
