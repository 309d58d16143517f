"""What falls over the finished scene: rain, lightning, snow, and a sleeper's 'z's.

Painted last, over the characters, and kept out of the text panel.
"""

from __future__ import annotations

from .layout import Placement
from .stage import Stage


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


def paint_zzz(st: Stage, fig: Placement) -> None:
    """Sleepy 'z's rising from a sleeper, outside the text panel."""
    x, y = fig.x + fig.size * 0.3, fig.base - fig.size * 0.95
    for k, s in enumerate((0.06, 0.08, 0.1)):
        zx, zy = x + k * fig.size * 0.12, y - k * fig.size * 0.14
        size = fig.size * s
        if zy - size > st.lay.band[0]:
            st.draw.line([(zx, zy - size), (zx + size, zy - size), (zx, zy), (zx + size, zy)],
                         fill=(250, 250, 255), width=max(1, int(fig.size * 0.016)))
