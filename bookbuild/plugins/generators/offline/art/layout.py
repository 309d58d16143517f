"""Where things go on the page, in pixels.

make_layout turns the page size, the text zone and the scene into a horizon,
a ground line, the characters' feet line and height, and the vertical band
that busy detail must stay inside so the text panel is calm. A Placement is
one character's spot on that layout; the bed's proportions live here too
because both the bed and the character placing read them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .scene import SceneSpec

TEXT_ZONES = ("bottom", "top", "none")


@dataclass(frozen=True)
class Layout:
    """Where things go on the page, in pixels."""

    w: int
    h: int
    band: tuple[int, int]  # vertical range where busy detail may go (outside the text panel)
    horizon: int
    ground: int  # top edge of the near ground
    feet: int  # characters stand on this line
    fig_h: int  # nominal character height
    stage: tuple[int, int]  # horizontal range for characters
    cover: bool = False

    @property
    def unit(self) -> float:
        return min(self.w, self.h) / 1000


def make_layout(w: int, h: int, text_zone: str, spec: SceneSpec, cover: bool = False) -> Layout:
    """Horizon, feet line and character size for a text zone (fractions tuned by eye)."""
    edge = 0.06
    rows = {"bottom": (edge, 0.75, 0.47, 0.715, 0.335), "top": (0.25, 1 - edge, 0.56, 0.875, 0.31),
            "none": (edge, 1 - edge, 0.50, 0.84, 0.37), "cover": (0.35, 1 - edge, 0.58, 0.90, 0.45)}
    top, bottom, horizon, feet, fig = rows["cover" if cover else text_zone]
    horizon += 0.05 if "sky" in spec.places and not cover else 0.0
    stage = (0.15 * w, 0.85 * w)
    if cover and w >= 1.6 * h:  # full wrap: the front cover is the right half
        stage = (0.575 * w, 0.925 * w)
    ground = horizon + (feet - horizon) * 0.4
    return Layout(w, h, (round(top * h), round(bottom * h)), round(horizon * h), round(ground * h),
                  round(feet * h), round(fig * h), (round(stage[0]), round(stage[1])), cover)


@dataclass(frozen=True)
class Placement:
    """One character on the page: centre x, feet y, height in pixels."""

    x: float
    base: float
    size: float


BED_LIFT = 0.14  # a sleeper sits this much (of its height) above the floor line
BED_HALF = 0.77  # the bed's half-width, in the sleeper's height
