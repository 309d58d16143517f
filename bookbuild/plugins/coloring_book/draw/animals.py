"""Animals drawn from shapes: ellipses, circles, petals and bands.

Each drawer paints one animal, back to front, centred on (cx, cy) and about
``s`` pixels across, facing right; ``rng`` varies its proportions and the
pattern on its body. Details (spots, scales, stripes) are sized from
``pen.shape`` and left out when there is no room for them.
"""

from __future__ import annotations

import math
import random
from typing import Callable

from .pen import Pen, ellipse_points, petal, strip

Drawer = Callable[[Pen, random.Random, float, float, float], None]


def eye(pen: Pen, x: float, y: float, r: float) -> None:
    """A white eye with a black pupil; on a small animal just a black dot, as a white ring
    too thin to colour would be filled black anyway."""
    if r < pen.shape * 0.75:
        pen.dot(x, y, max(pen.line * 1.2, r * 0.7))
        return
    pen.circle(x, y, r)
    pen.dot(x + r * 0.15, y, r * 0.55)


def smile(pen: Pen, x: float, y: float, r: float) -> None:
    pen.stroke(ellipse_points(x, y, r, r * 0.7, 0, 16, math.pi * 0.15, math.pi * 0.85))


def _spots(pen: Pen, rng: random.Random, cx: float, cy: float, rx: float, ry: float, count: int) -> None:
    """Round spots inside an ellipse, never touching its edge or each other."""
    r = max(pen.shape * 0.55, min(rx, ry) * 0.16)
    placed: list[tuple[float, float]] = []
    for _ in range(count * 12):
        if len(placed) >= count:
            break
        a, d = rng.random() * 2 * math.pi, math.sqrt(rng.random()) * 0.62
        x, y = cx + rx * d * math.cos(a), cy + ry * d * math.sin(a)
        if all(math.hypot(x - px, y - py) > 2 * r + pen.shape for px, py in placed):
            placed.append((x, y))
            pen.circle(x, y, r)


def fish(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    rx, ry = s * 0.34, s * rng.uniform(0.2, 0.26)
    tail = cx - rx * 0.85
    pen.shape_of([(tail + s * 0.05, cy), (tail - s * 0.2, cy - ry * 1.1), (tail - s * 0.12, cy), (tail - s * 0.2, cy + ry * 1.1)])
    pen.shape_of(petal(cx - rx * 0.1, cy - ry * 0.6, 0, ry * 0.9, rx * 0.8, -math.pi / 2 - 0.35))
    pen.shape_of(petal(cx - rx * 0.05, cy + ry * 0.6, 0, ry * 0.7, rx * 0.5, math.pi / 2 + 0.4))
    pen.ellipse(cx, cy, rx, ry)
    gill = cx + rx * 0.35
    pen.stroke(ellipse_points(gill - rx * 0.5, cy, rx * 0.5, ry * 0.75, 0, 20, -math.pi * 0.38, math.pi * 0.38))
    if rng.random() < 0.5:
        for k in (-0.45, -0.05):
            x = cx + rx * k
            h = ry * math.sqrt(max(0.0, 1 - k * k)) * 0.92
            pen.stroke([(x, cy - h), (x + rx * 0.08, cy), (x, cy + h)])
    else:
        _spots(pen, rng, cx - rx * 0.25, cy, rx * 0.5, ry * 0.7, 3)
    eye(pen, cx + rx * 0.55, cy - ry * 0.2, ry * 0.3)
    smile(pen, cx + rx * 0.78, cy + ry * 0.2, ry * 0.15)


def turtle(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    rx, ry = s * 0.34, s * 0.26
    base = cy + ry * 0.25
    for x in (cx - rx * 0.55, cx + rx * 0.5):  # legs behind the shell
        pen.ellipse(x, base + ry * 0.45, s * 0.08, s * 0.12)
    pen.shape_of([(cx - rx * 0.9, base), (cx - rx * 1.3, base + ry * 0.1), (cx - rx * 0.9, base + ry * 0.3)])
    pen.rounded_box((cx - rx * 1.02, base - ry * 0.08, cx + rx * 1.02, base + ry * 0.2), ry * 0.14)  # shell rim
    dome = ellipse_points(cx, base - ry * 0.08, rx, ry * 1.15, 0, 48, math.pi, 2 * math.pi)
    pen.shape_of(dome)
    if ry > pen.shape * 2.5:  # plates: a hexagon-ish middle and arcs to the rim
        top = base - ry * 1.23
        pen.shape_of([(cx - rx * 0.3, base - ry * 0.1), (cx - rx * 0.38, base - ry * 0.6), (cx, top + ry * 0.28), (cx + rx * 0.38, base - ry * 0.6), (cx + rx * 0.3, base - ry * 0.1)])
        for side in (-1, 1):
            pen.stroke([(cx + side * rx * 0.38, base - ry * 0.6), (cx + side * rx * 0.78, base - ry * 0.72)])
    head = (cx + rx * 1.25, base - ry * 0.35)
    pen.ellipse(cx + rx * 1.0, base - ry * 0.05, s * 0.12, s * 0.07)  # neck, in front of the rim
    pen.circle(head[0], head[1], s * 0.14)
    eye(pen, head[0] + s * 0.03, head[1] - s * 0.03, s * 0.05)
    smile(pen, head[0] + s * 0.05, head[1] + s * 0.05, s * 0.04)


def whale(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    rx, ry = s * 0.42, s * 0.24
    tail_x = cx - rx * 0.95
    pen.shape_of(petal(tail_x, cy - ry * 0.2, 0, s * 0.2, s * 0.1, -math.pi * 0.75))
    pen.shape_of(petal(tail_x, cy - ry * 0.2, 0, s * 0.2, s * 0.1, -math.pi * 0.95))
    body = ellipse_points(cx, cy, rx, ry, 0, 60, 0, math.pi) + [(tail_x, cy - ry * 0.2)] + ellipse_points(cx, cy, rx, ry * 1.1, 0, 30, math.pi * 1.05, math.pi * 2)
    pen.shape_of(body)
    belly = ellipse_points(cx + rx * 0.05, cy + ry * 0.05, rx * 0.85, ry * 0.75, 0, 30, math.pi * 0.08, math.pi * 0.78)
    pen.stroke(belly)
    if ry > pen.shape * 3:
        for k in (0.25, 0.45, 0.65):
            x = cx + rx * (0.55 - k)
            pen.stroke([(x, cy + ry * 0.55 - k * ry * 0.1), (x - rx * 0.04, cy + ry * 0.95 - k * ry * 0.2)])
    eye(pen, cx + rx * 0.55, cy - ry * 0.15, ry * 0.22)
    smile(pen, cx + rx * 0.78, cy + ry * 0.25, ry * 0.18)
    spout_x, spout_y = cx + rx * 0.2, cy - ry * 1.1
    for angle in (-2.2, -1.57, -0.94):
        end = (spout_x + math.cos(angle) * s * 0.16, spout_y + math.sin(angle) * s * 0.16)
        pen.stroke([(spout_x, spout_y), end])
        pen.circle(end[0] + math.cos(angle) * s * 0.03, end[1] + math.sin(angle) * s * 0.03, max(pen.shape * 0.5, s * 0.025))


def octopus(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    head_r = s * 0.26
    hy = cy - s * 0.12
    arms = 6
    for k in range(arms):
        x0 = cx + (k - (arms - 1) / 2) * head_r * 0.33
        sway = rng.choice((-1, 1)) * s * 0.06
        spread = (k - (arms - 1) / 2) * s * 0.09
        centre = [(x0 + spread * t + sway * math.sin(t * math.pi * 1.6), hy + head_r * 0.5 + t * s * 0.42) for t in (i / 20 for i in range(21))]
        widths = [max(pen.shape * 1.1, s * 0.1 * (1 - t * 0.75)) for t in (i / 20 for i in range(21))]
        pen.shape_of(strip(centre, widths))
    pen.ellipse(cx, hy, head_r, head_r * 1.05)
    pen.ellipse(cx, hy + head_r * 0.75, head_r * 0.95, head_r * 0.3)
    for side in (-1, 1):
        eye(pen, cx + side * head_r * 0.38, hy + head_r * 0.05, head_r * 0.26)
    smile(pen, cx, hy + head_r * 0.4, head_r * 0.18)
    if head_r > pen.shape * 4:
        _spots(pen, rng, cx, hy - head_r * 0.5, head_r * 0.6, head_r * 0.3, 2)


def crab(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    rx, ry = s * 0.3, s * 0.18
    for side in (-1, 1):
        for k in range(3):
            x = cx + side * rx * (0.55 + k * 0.1)
            pen.stroke([(x, cy + ry * 0.3), (x + side * s * 0.12, cy + ry * 0.6), (x + side * s * 0.14, cy + ry * (1.2 + k * 0.15))])
        arm = (cx + side * rx * 0.85, cy - ry * 0.4)
        claw = (cx + side * rx * 1.35, cy - ry * 1.6)
        pen.stroke([arm, (arm[0] + side * s * 0.1, cy - ry * 0.9), claw], width=pen.line * 2)
        pen.shape_of(ellipse_points(claw[0], claw[1], s * 0.12, s * 0.09, side * -0.5, 40, 0.5, 2 * math.pi - 0.5) + [(claw[0], claw[1])])
    for side in (-1, 1):
        stalk = cx + side * rx * 0.3
        pen.stroke([(stalk, cy - ry * 0.7), (stalk, cy - ry * 1.3)])
        eye(pen, stalk, cy - ry * 1.4, s * 0.07)
    pen.ellipse(cx, cy, rx, ry)
    smile(pen, cx, cy + ry * 0.15, ry * 0.3)
    if ry > pen.shape * 3:
        _spots(pen, rng, cx, cy - ry * 0.1, rx * 0.7, ry * 0.5, 3)


def jellyfish(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    rx = s * 0.3
    top = cy - s * 0.3
    rim = cy - s * 0.02
    for k in range(5):
        x = cx + (k - 2) * rx * 0.38
        points = [(x + math.sin(t * 9 + k) * s * 0.04, rim + t * s * 0.45) for t in (i / 30 for i in range(31))]
        pen.stroke(points)
    bell = ellipse_points(cx, rim, rx, rim - top, 0, 40, math.pi, 2 * math.pi)
    scallops = []
    for k in range(6):
        x0 = cx + rx - k * rx / 3
        scallops += ellipse_points(x0 - rx / 6, rim, rx / 6, s * 0.05, 0, 10, 0, math.pi)
    pen.shape_of(bell + scallops)
    for side in (-1, 1):
        eye(pen, cx + side * rx * 0.35, rim - s * 0.11, s * 0.065)
    smile(pen, cx, rim - s * 0.04, s * 0.05)
    if rx > pen.shape * 5:
        for k in (-1, 0, 1):
            pen.circle(cx + k * rx * 0.45, top + s * 0.08 + abs(k) * s * 0.05, max(pen.shape * 0.55, s * 0.035))


def starfish(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    outer, inner = s * 0.45, s * 0.2
    points = []
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        a = -math.pi / 2 + math.pi * i / 5 + rng.uniform(-0.04, 0.04)
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    smooth = []
    for i, p in enumerate(points):  # round the tips a little
        q = points[(i + 1) % 10]
        smooth += [p, ((p[0] * 3 + q[0]) / 4, (p[1] * 3 + q[1]) / 4)]
    pen.shape_of(smooth)
    if outer > pen.shape * 6:
        for i in range(5):
            a = -math.pi / 2 + 2 * math.pi * i / 5
            pen.circle(cx + outer * 0.62 * math.cos(a), cy + outer * 0.62 * math.sin(a), max(pen.shape * 0.55, s * 0.03))
    for side in (-1, 1):
        eye(pen, cx + side * s * 0.07, cy - s * 0.03, s * 0.06)
    smile(pen, cx, cy + s * 0.05, s * 0.05)


def snail(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    body_y = cy + s * 0.2
    body = ellipse_points(cx, body_y, s * 0.44, s * 0.1, 0, 40, math.pi, 2 * math.pi) + [(cx + s * 0.44, body_y), (cx - s * 0.5, body_y + s * 0.06)]
    head = (cx + s * 0.34, body_y - s * 0.12)
    for side in (-0.05, 0.07):
        tip = (head[0] + side * s + s * 0.04, head[1] - s * 0.2)
        pen.stroke([head, tip])
        pen.dot(tip[0], tip[1], max(pen.line, s * 0.02))
    pen.shape_of(body)
    pen.circle(head[0], head[1], s * 0.1)
    eye(pen, head[0] + s * 0.03, head[1] - s * 0.02, s * 0.05)
    smile(pen, head[0] + s * 0.04, head[1] + s * 0.035, s * 0.03)
    shell_r = s * 0.27
    sx, sy = cx - s * 0.05, body_y - shell_r * 0.95
    pen.circle(sx, sy, shell_r)
    turns = 2.2 if shell_r > pen.shape * 4 else 1.4
    spiral = [(sx + shell_r * 0.9 * (1 - t / turns) * math.cos(t * 2 * math.pi + math.pi / 2), sy + shell_r * 0.9 * (1 - t / turns) * math.sin(t * 2 * math.pi + math.pi / 2)) for t in (i / 80 * turns * 0.8 for i in range(81))]
    pen.stroke(spiral)


def owl(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    rx, ry = s * 0.28, s * 0.36
    for side in (-1, 1):  # ear tufts and wings behind the body
        pen.shape_of([(cx + side * rx * 0.45, cy - ry * 0.85), (cx + side * rx * 0.95, cy - ry * 1.15), (cx + side * rx * 0.85, cy - ry * 0.5)])
        pen.shape_of(petal(cx + side * rx * 0.7, cy - ry * 0.2, 0, ry * 1.0, rx * 0.55, math.pi / 2 - side * 0.25))
    pen.ellipse(cx, cy, rx, ry)
    pen.ellipse(cx, cy + ry * 0.3, rx * 0.62, ry * 0.55)
    if ry > pen.shape * 4:
        for row in range(2):
            for k in range(-1, 2 - row):
                x = cx + (k + row * 0.5) * rx * 0.36
                y = cy + ry * (0.2 + row * 0.28)
                pen.stroke(ellipse_points(x, y, rx * 0.14, ry * 0.08, 0, 12, 0, math.pi))
    for side in (-1, 1):
        x = cx + side * rx * 0.42
        pen.circle(x, cy - ry * 0.42, rx * 0.36)
        eye(pen, x, cy - ry * 0.42, rx * 0.22)
    pen.shape_of([(cx - rx * 0.1, cy - ry * 0.25), (cx + rx * 0.1, cy - ry * 0.25), (cx, cy - ry * 0.05)])
    for side in (-1, 1):
        x = cx + side * rx * 0.3
        for k in (-1, 0, 1):
            pen.stroke([(x, cy + ry * 0.95), (x + k * rx * 0.1, cy + ry * 1.08)])


def cat(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    body = (cx - s * 0.05, cy + s * 0.2)
    tail = [(body[0] - s * 0.22 - t * s * 0.2, body[1] - t * s * 0.3 + math.sin(t * math.pi) * s * 0.06) for t in (i / 24 for i in range(25))]
    pen.shape_of(strip(tail, [max(pen.shape * 1.1, s * 0.07)] * len(tail)))
    pen.ellipse(body[0], body[1], s * 0.27, s * 0.2)
    for x in (body[0] - s * 0.12, body[0] + s * 0.12):
        pen.ellipse(x, body[1] + s * 0.18, s * 0.08, s * 0.05)
    head = (cx + s * 0.08, cy - s * 0.12)
    hr = s * 0.2
    for side in (-1, 1):
        pen.shape_of([(head[0] + side * hr * 0.15, head[1] - hr * 0.8), (head[0] + side * hr * 0.95, head[1] - hr * 1.5), (head[0] + side * hr * 0.98, head[1] - hr * 0.2)])
    pen.circle(head[0], head[1], hr)
    for side in (-1, 1):
        eye(pen, head[0] + side * hr * 0.4, head[1] - hr * 0.1, hr * 0.26)
        for k in (-1, 1):
            pen.stroke([(head[0] + side * hr * 0.5, head[1] + hr * 0.3), (head[0] + side * hr * 1.25, head[1] + hr * (0.25 + k * 0.15))])
    pen.shape_of([(head[0] - hr * 0.12, head[1] + hr * 0.15), (head[0] + hr * 0.12, head[1] + hr * 0.15), (head[0], head[1] + hr * 0.3)])
    smile(pen, head[0], head[1] + hr * 0.35, hr * 0.15)


def bunny(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    body = (cx - s * 0.02, cy + s * 0.2)
    pen.circle(body[0] - s * 0.25, body[1] + s * 0.02, s * 0.08)  # tail
    pen.ellipse(body[0], body[1], s * 0.25, s * 0.22)
    pen.ellipse(body[0] + s * 0.15, body[1] + s * 0.2, s * 0.11, s * 0.05)
    head = (cx + s * 0.1, cy - s * 0.1)
    hr = s * 0.17
    for side in (-1, 1):
        angle = -math.pi / 2 + side * 0.25
        pen.shape_of(petal(head[0] + side * hr * 0.35, head[1] - hr * 0.6, 0, s * 0.36, s * 0.13, angle))
        if s * 0.07 > pen.shape * 1.2:
            pen.shape_of(petal(head[0] + side * hr * 0.35, head[1] - hr * 0.75, s * 0.05, s * 0.3, s * 0.06, angle))
    pen.circle(head[0], head[1], hr)
    for side in (-1, 1):
        eye(pen, head[0] + side * hr * 0.42, head[1] - hr * 0.1, hr * 0.27)
    pen.circle(head[0], head[1] + hr * 0.25, max(pen.shape * 0.45, hr * 0.1), fill=0)
    smile(pen, head[0], head[1] + hr * 0.38, hr * 0.15)


def butterfly(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    for side in (-1, 1):
        upper = petal(cx, cy - s * 0.02, 0, s * 0.48, s * 0.42, -math.pi / 2 + side * 1.0)
        lower = petal(cx, cy + s * 0.02, 0, s * 0.36, s * 0.3, math.pi / 2 - side * 0.9)
        pen.shape_of(upper)
        pen.shape_of(lower)
        if s * 0.1 > pen.shape:
            a = -math.pi / 2 + side * 1.0
            pen.circle(cx + math.cos(a) * s * 0.3, cy + math.sin(a) * s * 0.3, s * 0.09)
            b = math.pi / 2 - side * 0.9
            pen.circle(cx + math.cos(b) * s * 0.22, cy + math.sin(b) * s * 0.22, s * 0.06)
        pen.stroke([(cx + side * s * 0.02, cy - s * 0.2), (cx + side * s * 0.12, cy - s * 0.42)])
        pen.dot(cx + side * s * 0.12, cy - s * 0.42, max(pen.line * 1.2, s * 0.02))
    pen.ellipse(cx, cy, s * 0.05, s * 0.24)


DRAWERS: dict[str, Drawer] = {
    "fish": fish, "turtle": turtle, "whale": whale, "octopus": octopus, "crab": crab,
    "jellyfish": jellyfish, "starfish": starfish, "snail": snail, "owl": owl, "cat": cat,
    "bunny": bunny, "butterfly": butterfly,
}  # fmt: skip

