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


PUPIL_PX = 16  # a pupil's radius at most (about 0.1 in across): a dot, never a black shape to colour


def pupil_radius(pen: Pen, r: float) -> float:
    return max(pen.line * 1.5, min(r * 0.35, PUPIL_PX))


def eye(pen: Pen, x: float, y: float, r: float) -> None:
    """A white eye a child can colour, with a small black pupil looking forward; on a small
    animal just the pupil (a white ring too thin to colour helps nobody)."""
    pupil = pupil_radius(pen, r)
    if r < pen.shape * 0.75:
        pen.dot(x, y, pupil)
        return
    pen.circle(x, y, r)
    pen.dot(x + r * 0.4, y, pupil)


def room(pen: Pen, size: float, shapes: float = 1.3) -> float:
    """``size``, or more: a part a child colours is at least ``shapes`` shapes across
    (plus its outline) however small the animal is drawn."""
    return max(size, pen.shape * shapes + pen.line)


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
    long, high = room(pen, s * 0.2, 2.0), max(ry * 1.1, pen.shape * 1.6)
    pen.shape_of([(tail + s * 0.05, cy), (tail - long, cy - high), (tail - long * 0.55, cy), (tail - long, cy + high)])
    pen.shape_of(petal(cx - rx * 0.1, cy - ry * 0.55, 0, ry * 0.45 + room(pen, ry * 0.5, 1.8), room(pen, rx * 0.8, 1.6), -math.pi / 2 - 0.35))
    pen.shape_of(petal(cx - rx * 0.05, cy + ry * 0.55, 0, ry * 0.45 + room(pen, ry * 0.35, 1.8), room(pen, rx * 0.5, 1.6), math.pi / 2 + 0.4))
    pen.ellipse(cx, cy, rx, ry)
    gill = cx + rx * 0.18  # well behind the eye: a gill touching it leaves a wedge
    pen.stroke(ellipse_points(gill - rx * 0.5, cy, rx * 0.5, ry * 0.75, 0, 20, -math.pi * 0.38, math.pi * 0.38))
    striped = rng.random() < 0.5
    if striped and rx * 0.24 > pen.shape + pen.line:  # bands a child can colour, or none
        for k in (-0.62, -0.3):
            x = cx + rx * k
            h = ry * math.sqrt(max(0.0, 1 - k * k)) * 0.92
            pen.stroke([(x, cy - h), (x + rx * 0.08, cy), (x, cy + h)])
    elif not striped:
        _spots(pen, rng, cx - rx * 0.25, cy, rx * 0.5, ry * 0.7, 3)
    eye(pen, cx + rx * 0.55, cy - ry * 0.2, ry * 0.3)
    smile(pen, cx + rx * 0.78, cy + ry * 0.2, ry * 0.15)


def turtle(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    rx, ry = s * 0.34, s * 0.26
    base = cy + ry * 0.25
    for x in (cx - rx * 0.55, cx + rx * 0.5):  # legs behind the shell
        pen.ellipse(x, base + ry * 0.45, s * 0.08, s * 0.12)
    pen.shape_of(petal(cx - rx * 0.85, base + ry * 0.06, 0, rx * 0.55, max(ry * 0.3, pen.shape * 1.3), math.pi))  # tail
    dome = ellipse_points(cx, base, rx, ry * 1.23, 0, 48, math.pi, 2 * math.pi)
    pen.shape_of(dome)
    rim = room(pen, ry * 0.28, 1.2)
    pen.rounded_box((cx - rx * 1.02, base - rim * 0.3, cx + rx * 1.02, base + rim * 0.7), rim * 0.45)  # shell rim, over the dome's edge
    if ry > pen.shape * 2.5:  # plates: a hexagon-ish middle and arcs to the rim
        top = base - ry * 1.23
        pen.shape_of([(cx - rx * 0.3, base - ry * 0.3), (cx - rx * 0.38, base - ry * 0.7), (cx, top + ry * 0.32), (cx + rx * 0.38, base - ry * 0.7), (cx + rx * 0.3, base - ry * 0.3)])
        for side in (-1, 1):
            pen.stroke([(cx + side * rx * 0.38, base - ry * 0.7), (cx + side * rx * 0.78, base - ry * 0.82)])
    head = (cx + rx * 1.2, base - ry * 0.3)
    pen.circle(head[0], head[1], s * 0.14)
    eye(pen, head[0] + s * 0.03, head[1] - s * 0.03, s * 0.05)
    smile(pen, head[0] + s * 0.05, head[1] + s * 0.05, s * 0.04)


def whale(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    """A whale a child knows: a big round head, a tail stock curving up to two flukes,
    a flipper, a striped belly and a spout of water."""
    rx, ry = s * 0.3, s * 0.2
    bx, by = cx + s * 0.08, cy + s * 0.02  # the body, its head to the right
    tail = [(bx - rx * 0.6 - t * s * 0.3, by - t * t * s * 0.22) for t in (i / 24 for i in range(25))]
    end = tail[-1]
    for side in (-1, 1):  # the flukes, behind the tail stock
        pen.shape_of(petal(end[0], end[1], s * 0.01, s * 0.01 + room(pen, s * 0.2, 2.2), room(pen, s * 0.1, 1.5), -math.pi / 2 + side * 0.95))
    pen.shape_of(strip(tail, [max(pen.shape * 1.4, s * 0.2 * (1 - t * 0.6)) for t in (i / 24 for i in range(25))]))
    pen.shape_of(petal(bx - rx * 0.05, by + ry * 0.55, 0, ry * 0.45 + room(pen, s * 0.12, 1.8), room(pen, s * 0.08, 1.5), math.pi * 0.62))  # flipper
    pen.ellipse(bx, by, rx, ry)
    belly = ellipse_points(bx, by, rx, ry, 0, 40, math.pi * 0.08, math.pi * 0.86)
    top = ellipse_points(bx + rx * 0.05, by + ry * 0.62, rx * 0.95, ry * 0.3, 0, 30, math.pi * 0.93, math.pi * 2.02)
    pen.stroke(top)  # the belly's upper edge, from the mouth back
    grooves = max(0, min(4, int(rx * 1.2 / (pen.shape * 1.6)) - 1))
    for k in range(grooves):
        t = 0.2 + 0.6 * (k + 1) / (grooves + 1)
        x, y = belly[int(t * (len(belly) - 1))]
        pen.stroke([(x, y), (x + s * 0.005, by + ry * 0.45)])
    eye(pen, bx + rx * 0.5, by - ry * 0.2, ry * 0.2)
    smile(pen, bx + rx * 0.8, by + ry * 0.2, ry * 0.14)
    base = (bx + rx * 0.25, by - ry * 1.12)
    drop = max(pen.shape * 0.6, s * 0.035)
    for k in (-1, 0, 1):  # a spout: three arcs of water, each ending in a drop, apart from each other
        angle = -math.pi / 2 + k * 0.55
        start = (base[0] + k * s * 0.03, base[1])
        end = (start[0] + math.cos(angle) * s * 0.16, start[1] + math.sin(angle) * s * 0.16)
        pen.stroke([start, end])
        pen.circle(end[0] + math.cos(angle) * drop, end[1] + math.sin(angle) * drop, drop)


def octopus(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    head_r = s * 0.26
    hy = cy - s * 0.12
    arms = 5
    spacing = head_r * 0.36
    sway = rng.choice((-1, 1)) * s * 0.04  # every arm sways the same way: they never close a pocket
    for k in range(arms):  # apart from each other all the way: no sliver between two arms
        x0 = cx + (k - (arms - 1) / 2) * spacing
        spread = (k - (arms - 1) / 2) * s * 0.12
        centre = [(x0 + spread * t + sway * math.sin(t * math.pi * 1.6), hy + head_r * 0.55 + t * s * 0.44) for t in (i / 20 for i in range(21))]
        widths = [max(pen.shape * 1.2, min(spacing * 0.75, s * 0.1) * (1 - t * 0.6)) for t in (i / 20 for i in range(21))]
        pen.shape_of(strip(centre, widths))
    pen.ellipse(cx, hy, head_r, head_r * 1.05)
    for side in (-1, 1):
        eye(pen, cx + side * head_r * 0.38, hy + head_r * 0.05, head_r * 0.26)
    smile(pen, cx, hy + head_r * 0.45, head_r * 0.18)
    if head_r > pen.shape * 4:
        _spots(pen, rng, cx, hy - head_r * 0.55, head_r * 0.55, head_r * 0.25, 2)


def crab(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    rx, ry = s * 0.3, s * 0.18
    for side in (-1, 1):
        for k in range(3):
            x = cx + side * rx * (0.3 + k * 0.22)  # legs apart where they leave the body: no wedge
            pen.stroke([(x, cy + ry * 0.5), (x + side * s * 0.08, cy + ry * 1.1), (x + side * s * 0.1, cy + ry * (1.45 + k * 0.12))])
        arm = (cx + side * rx * 0.85, cy - ry * 0.4)
        claw = (cx + side * rx * 1.35, cy - ry * 1.6)
        pen.stroke([arm, (arm[0] + side * s * 0.1, cy - ry * 0.9), claw])
        size = room(pen, s * 0.12, 1.7)
        pen.shape_of(ellipse_points(claw[0], claw[1], size, size * 0.75, side * -0.5, 40, 0.5, 2 * math.pi - 0.5) + [(claw[0], claw[1])])
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
    middles = [cx + rx - rx / 6 - k * rx / 3 for k in range(6)]
    for k, x in enumerate(middles[1:-1]):  # each from the lowest point of a scallop: no wedge where lines meet
        points = [(x + math.sin(t * 9 + k) * s * 0.04, rim + s * 0.05 + t * s * 0.42) for t in (i / 30 for i in range(31))]
        pen.stroke(points)
    bell = ellipse_points(cx, rim, rx, rim - top, 0, 40, math.pi, 2 * math.pi)
    scallops = []
    for x in middles:
        scallops += ellipse_points(x, rim, rx / 6, s * 0.05, 0, 10, 0, math.pi)
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
        pen.dot(tip[0], tip[1], pupil_radius(pen, s * 0.03))
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
        tuft = room(pen, ry * 0.3, 1.8)
        pen.shape_of([(cx + side * rx * 0.2, cy - ry * 0.8), (cx + side * rx * 0.95, cy - ry * 0.8 - tuft), (cx + side * rx * 0.9, cy - ry * 0.4)])
        pen.shape_of(petal(cx + side * rx * 0.8, cy - ry * 0.25, 0, ry * 1.0, room(pen, rx * 0.6, 1.6), math.pi / 2 - side * 0.3))
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
        eye(pen, x, cy - ry * 0.42, rx * 0.34)
    beak = max(rx * 0.12, pen.shape * 0.75)
    top = cy - ry * 0.42 + rx * 0.34 + pen.shape * 0.3 + pen.line  # clear of the eyes
    pen.shape_of([(cx - beak, top), (cx + beak, top), (cx, top + beak * 1.8)])
    for side in (-1, 1):
        x = cx + side * rx * 0.3
        for k in (-1, 0, 1):
            pen.stroke([(x, cy + ry * 0.95), (x + k * rx * 0.1, cy + ry * 1.08)])


def cat(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    body = (cx - s * 0.05, cy + s * 0.2)
    tail = [(body[0] - s * 0.22 - t * s * 0.2, body[1] - t * s * 0.3 + math.sin(t * math.pi) * s * 0.06) for t in (i / 24 for i in range(25))]
    pen.shape_of(strip(tail, [max(pen.shape * 1.1, s * 0.07)] * len(tail)))
    pen.ellipse(body[0], body[1], s * 0.27, s * 0.2)
    paw = room(pen, s * 0.05, 0.9)
    for x in (body[0] - s * 0.12, body[0] + s * 0.12):
        pen.ellipse(x, body[1] + s * 0.2 - s * 0.05 + paw * 0.6, max(s * 0.08, paw * 1.4), paw)
    head = (cx + s * 0.08, cy - s * 0.12)
    hr = s * 0.2
    for side in (-1, 1):
        ear = room(pen, hr * 0.55, 2.0)  # how far the ear stands out of the head
        pen.shape_of([(head[0] + side * hr * 0.05, head[1] - hr * 0.6), (head[0] + side * hr * 0.85, head[1] - hr * 0.85 - ear), (head[0] + side * hr * 0.9, head[1] - hr * 0.05)])
    pen.circle(head[0], head[1], hr)
    for side in (-1, 1):
        eye(pen, head[0] + side * hr * 0.4, head[1] - hr * 0.1, hr * 0.26)
        for k in (-1, 1):  # whiskers start outside the head: no sliver between them and it
            pen.stroke([(head[0] + side * hr * 1.08, head[1] + hr * (0.3 + k * 0.06)), (head[0] + side * hr * 1.45, head[1] + hr * (0.25 + k * 0.2))])
    pen.dot(head[0], head[1] + hr * 0.2, pupil_radius(pen, hr * 0.1))
    smile(pen, head[0], head[1] + hr * 0.35, hr * 0.15)


def bunny(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    body = (cx - s * 0.02, cy + s * 0.2)
    tail = room(pen, s * 0.08, 0.9)
    pen.circle(body[0] - s * 0.25 - tail * 0.45, body[1] + s * 0.02, tail)  # tail
    pen.ellipse(body[0], body[1], s * 0.25, s * 0.22)
    pen.ellipse(body[0] + s * 0.15, body[1] + s * 0.2, s * 0.11, s * 0.05)
    head = (cx + s * 0.1, cy - s * 0.1)
    hr = s * 0.17
    for side in (-1, 1):
        angle = -math.pi / 2 + side * 0.25
        pen.shape_of(petal(head[0] + side * hr * 0.35, head[1] - hr * 0.6, 0, s * 0.36, s * 0.13, angle))
        if s * 0.035 > pen.shape + pen.line:  # an inner ear only with a shape's room around it
            pen.shape_of(petal(head[0] + side * hr * 0.35, head[1] - hr * 0.75, s * 0.05, s * 0.3, s * 0.06, angle))
    pen.circle(head[0], head[1], hr)
    for side in (-1, 1):
        eye(pen, head[0] + side * hr * 0.42, head[1] - hr * 0.1, hr * 0.27)
    pen.dot(head[0], head[1] + hr * 0.25, pupil_radius(pen, hr * 0.1))
    smile(pen, head[0], head[1] + hr * 0.38, hr * 0.15)


def butterfly(pen: Pen, rng: random.Random, cx: float, cy: float, s: float) -> None:
    """Wings as ellipses reaching past the body's middle, so their outlines cross the body's
    steeply (lines meeting at a glancing angle leave slivers and black wedges)."""
    for side in (-1, 1):
        upper = (cx + side * s * 0.2, cy - s * 0.17, s * 0.25, s * 0.19, side * -0.45)
        lower = (cx + side * s * 0.16, cy + s * 0.15, s * 0.19, s * 0.14, side * 0.5)
        for x, y, rx, ry, tilt in (upper, lower):
            pen.shape_of(ellipse_points(x, y, rx, ry, tilt, 48))
        if s * 0.09 > pen.shape * 0.8:
            pen.circle(upper[0] + side * s * 0.06, upper[1] - s * 0.02, s * 0.08)
            pen.circle(lower[0] + side * s * 0.04, lower[1] + s * 0.01, s * 0.055)
        pen.stroke([(cx + side * s * 0.015, cy - s * 0.255), (cx + side * s * 0.1, cy - s * 0.46)])  # from the body's tip
        pen.dot(cx + side * s * 0.1, cy - s * 0.46, pupil_radius(pen, s * 0.03))
    pen.ellipse(cx, cy, s * 0.06, s * 0.26)


DRAWERS: dict[str, Drawer] = {
    "fish": fish, "turtle": turtle, "whale": whale, "octopus": octopus, "crab": crab,
    "jellyfish": jellyfish, "starfish": starfish, "snail": snail, "owl": owl, "cat": cat,
    "bunny": bunny, "butterfly": butterfly,
}  # fmt: skip

