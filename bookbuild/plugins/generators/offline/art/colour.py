"""Colour and shape helpers shared by every painter.

The scene's light as a colour filter (night, sunset, rain, a lamp), shading,
banded gradients, soft glows pasted through a mask, and the point lists of
shapes ImageDraw cannot draw itself (rotated ellipses, stars). Nothing here
loops over pixels, so a full 300 DPI page stays fast.
"""

from __future__ import annotations

import math

from PIL import Image, ImageDraw

from .palette import RGB, WHITE, mix
from .scene import SceneSpec

Point = tuple[float, float]

INK: RGB = (58, 42, 52)  # outline colour of characters: warm near-black, softer than pure black

# (multiply, add) per channel: night is blue and dim, sunset warm, rain grey.
TINTS: dict[str, tuple[tuple[float, float, float], tuple[int, int, int]]] = {
    "night": ((0.40, 0.46, 0.64), (12, 16, 38)),
    "sunset": ((1.0, 0.82, 0.76), (16, 6, 12)),
    "dawn": ((1.0, 0.93, 0.92), (10, 4, 8)),
    "rain": ((0.78, 0.82, 0.88), (22, 24, 30)),
    "storm": ((0.58, 0.62, 0.70), (16, 18, 26)),
    "lamp": ((0.9, 0.82, 0.74), (14, 8, 0)),
}


def tint_key(spec: SceneSpec) -> str | None:
    """Which mood colour filter the scenery gets."""
    if spec.time == "night":
        return "lamp" if spec.indoors else "night"
    if spec.weather in ("rain", "storm") and not spec.indoors:
        return spec.weather
    return spec.time if spec.time in ("sunset", "dawn") else None


def apply_tint(colour: RGB, key: str | None, amount: float = 1.0) -> RGB:
    if key is None:
        return colour
    mul, add = TINTS[key]
    full = tuple(min(255, round(c * m + a)) for c, m, a in zip(colour, mul, add))
    return mix(colour, full, amount)  # type: ignore[arg-type]


def shade(colour: RGB, amount: float) -> RGB:
    """Darker (amount > 0) or lighter (amount < 0) version of a colour."""
    return mix(colour, (0, 0, 0), amount) if amount > 0 else mix(colour, WHITE, -amount)


def fill_gradient(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], stops: list[tuple[float, RGB]]) -> None:
    """Multi-stop top-to-bottom gradient drawn as at most 256 flat bands: 8-bit colour has no
    finer steps anyway, and it avoids building and pasting a page-sized image."""
    x0, y0, x1, y1 = box
    height = max(1, y1 - y0)
    levels = min(256, height)
    for k in range(levels):
        top, bottom = y0 + height * k // levels, y0 + height * (k + 1) // levels - 1
        colour = tuple(channel_at(stops, k / max(1, levels - 1), ch) for ch in range(3))
        if bottom >= top:
            draw.rectangle((x0, top, x1 - 1, bottom), fill=colour)  # type: ignore[arg-type]


def channel_at(stops: list[tuple[float, RGB]], t: float, ch: int) -> int:
    """One channel of the piecewise-linear colour ramp at t in [0, 1]."""
    for (t0, c0), (t1, c1) in zip(stops, stops[1:]):
        if t <= t1:
            f = 0.0 if t1 == t0 else (t - t0) / (t1 - t0)
            return round(c0[ch] + (c1[ch] - c0[ch]) * max(0.0, f))
    return stops[-1][1][ch]


def glow(img: Image.Image, centre: Point, radius: float, colour: RGB, strength: int) -> None:
    """Soft round halo: a radial gradient used as a paste mask (no pixel loops)."""
    r = max(2, int(radius))
    mask = Image.radial_gradient("L").resize((2 * r, 2 * r), Image.Resampling.BILINEAR)
    # radial_gradient reads 181 on the inscribed circle; fade to zero there, quadratically
    mask = mask.point([round(strength * max(0.0, 1 - v / 181) ** 2) for v in range(256)])
    img.paste(colour, (int(centre[0]) - r, int(centre[1]) - r), mask)


def oval_points(cx: float, cy: float, rx: float, ry: float, angle: float = 0.0,
                t0: float = 0.0, t1: float = 2 * math.pi, n: int = 40) -> list[Point]:
    """Points on a rotated ellipse (ImageDraw cannot rotate ellipses itself)."""
    ca, sa = math.cos(angle), math.sin(angle)
    ts = [t0 + (t1 - t0) * k / n for k in range(n + 1)]
    return [(cx + rx * math.cos(t) * ca - ry * math.sin(t) * sa,
             cy + rx * math.cos(t) * sa + ry * math.sin(t) * ca) for t in ts]


def star(draw: ImageDraw.ImageDraw, c: Point, r: float, fill: RGB) -> None:
    """Five-point star (dots for the tiny ones)."""
    if r < 8:
        draw.ellipse((c[0] - r, c[1] - r, c[0] + r, c[1] + r), fill=fill)
        return
    pts = [(c[0] + math.cos(-math.pi / 2 + k * math.pi / 5) * (r if k % 2 == 0 else r * 0.45),
            c[1] + math.sin(-math.pi / 2 + k * math.pi / 5) * (r if k % 2 == 0 else r * 0.45)) for k in range(10)]
    draw.polygon(pts, fill=fill)
