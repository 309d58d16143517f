"""Things the prompt names that the drawing knows: a ball, a basket of plums, a boat.

"Milo holding a bouncy red ball" shows the ball: each known thing is drawn on the
ground beside the first character (in its colour when the prompt names one just
before it: "a red wagon"), up to two of them, sized from the character. Things
the drawing does not know are left out, as before; a kite or a balloon is drawn
in the sky by the outdoor painters.
"""

from __future__ import annotations

from typing import Callable

from .colour import INK
from .layout import Placement
from .palette import COLOURS, RGB
from .stage import Stage

Painter = Callable[[Stage, float, float, float, RGB], None]  # stage, x, ground y, size, colour
# Fruit the drawing knows ("orange" is left out: in a prompt it is far more often a colour).
FRUIT = {"plum": (122, 62, 140), "apple": (222, 58, 52), "berry": (70, 64, 160), "cherry": (200, 30, 60),
         "strawberry": (232, 52, 64), "pear": (190, 200, 80), "acorn": (160, 110, 60),
         "nut": (170, 120, 70), "mushroom": (220, 90, 70)}


def _outline(st: Stage) -> dict:
    return {"outline": st.c(INK), "width": st.u(3)}


def paint_ball(st: Stage, x: float, y: float, s: float, colour: RGB) -> None:
    r = s * 0.16
    st.draw.ellipse((x - r, y - 2 * r, x + r, y), fill=st.c(colour), **_outline(st))
    st.draw.arc((x - r * 0.6, y - 1.7 * r, x + r * 0.2, y - 0.9 * r), 200, 290, fill=st.c((255, 255, 255)), width=st.u(4))


def paint_basket(st: Stage, x: float, y: float, s: float, colour: RGB, fruit: RGB | None = None) -> None:
    w, h = s * 0.42, s * 0.22
    top = y - h
    if fruit:  # a heap of fruit over the rim
        r = w * 0.15
        for dx, dy in ((-0.55, 0.1), (-0.2, -0.05), (0.15, 0.05), (0.5, 0.12), (-0.35, -0.55), (0.05, -0.6), (0.35, -0.45)):
            cx, cy = x + dx * w / 2 * 1.5, top + dy * r * 1.5
            st.draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=st.c(fruit), **_outline(st))
    st.draw.arc((x - w * 0.35, top - h * 1.1, x + w * 0.35, top + h * 0.5), 180, 360, fill=st.c(INK), width=st.u(7))  # handle
    st.draw.polygon([(x - w / 2, top), (x + w / 2, top), (x + w * 0.4, y), (x - w * 0.4, y)], fill=st.c(colour), **_outline(st))
    for k in range(1, 4):  # wickerwork
        yy = top + h * k / 4
        st.draw.line([(x - w * (0.5 - 0.1 * k / 4), yy), (x + w * (0.5 - 0.1 * k / 4), yy)], fill=st.c(INK), width=st.u(2))


def paint_boat(st: Stage, x: float, y: float, s: float, colour: RGB) -> None:
    w, h = s * 0.5, s * 0.12
    st.draw.line([(x, y - h), (x, y - h - s * 0.3)], fill=st.c(INK), width=st.u(4))  # mast
    st.draw.polygon([(x + st.u(4), y - h - s * 0.28), (x + w * 0.4, y - h - st.u(6)), (x + st.u(4), y - h - st.u(6))], fill=st.c((250, 250, 245)), **_outline(st))
    st.draw.polygon([(x - w / 2, y - h), (x + w / 2, y - h), (x + w * 0.35, y), (x - w * 0.35, y)], fill=st.c(colour), **_outline(st))


def paint_bucket(st: Stage, x: float, y: float, s: float, colour: RGB) -> None:
    w, h = s * 0.26, s * 0.26
    st.draw.arc((x - w * 0.45, y - h * 1.5, x + w * 0.45, y - h * 0.5), 180, 360, fill=st.c(INK), width=st.u(4))
    st.draw.polygon([(x - w / 2, y - h), (x + w / 2, y - h), (x + w * 0.38, y), (x - w * 0.38, y)], fill=st.c(colour), **_outline(st))


def paint_watering_can(st: Stage, x: float, y: float, s: float, colour: RGB) -> None:
    w, h = s * 0.3, s * 0.24
    st.draw.line([(x + w / 2, y - h * 0.4), (x + w * 1.05, y - h * 1.05)], fill=st.c(colour), width=st.u(12))  # spout
    st.draw.arc((x - w * 0.45, y - h * 1.45, x + w * 0.3, y - h * 0.6), 180, 360, fill=st.c(INK), width=st.u(5))
    st.draw.rounded_rectangle((x - w / 2, y - h, x + w / 2, y), st.u(10), fill=st.c(colour), **_outline(st))


def paint_wagon(st: Stage, x: float, y: float, s: float, colour: RGB) -> None:
    w, h, r = s * 0.5, s * 0.14, s * 0.06
    st.draw.line([(x + w / 2, y - r - h * 0.5), (x + w * 0.85, y - r - h * 1.6)], fill=st.c(INK), width=st.u(4))  # handle
    st.draw.rectangle((x - w / 2, y - r - h, x + w / 2, y - r), fill=st.c(colour), **_outline(st))
    for dx in (-0.3, 0.3):
        cx = x + dx * w
        st.draw.ellipse((cx - r, y - 2 * r, cx + r, y), fill=st.c((70, 70, 80)), **_outline(st))


def paint_sled(st: Stage, x: float, y: float, s: float, colour: RGB) -> None:
    w, h = s * 0.5, s * 0.08
    st.draw.arc((x - w / 2 - h, y - h * 2, x - w / 2 + h, y), 90, 270, fill=st.c(INK), width=st.u(5))
    st.draw.line([(x - w / 2, y), (x + w / 2, y)], fill=st.c(INK), width=st.u(5))
    st.draw.rectangle((x - w / 2, y - h * 2.2, x + w / 2, y - h), fill=st.c(colour), **_outline(st))


def paint_book(st: Stage, x: float, y: float, s: float, colour: RGB) -> None:
    w, h = s * 0.3, s * 0.08
    st.draw.rectangle((x - w / 2, y - h, x + w / 2, y), fill=st.c(colour), **_outline(st))
    st.draw.rectangle((x - w / 2 + st.u(4), y - h + st.u(6), x + w / 2 - st.u(4), y - st.u(6)), fill=st.c((250, 246, 232)))


def paint_cake(st: Stage, x: float, y: float, s: float, colour: RGB) -> None:
    w, h = s * 0.34, s * 0.18
    st.draw.rectangle((x - w / 2, y - h, x + w / 2, y), fill=st.c((250, 236, 210)), **_outline(st))
    st.draw.rectangle((x - w / 2, y - h, x + w / 2, y - h * 0.6), fill=st.c(colour), **_outline(st))  # icing
    st.draw.line([(x, y - h), (x, y - h * 1.6)], fill=st.c((90, 150, 220)), width=st.u(6))  # candle
    st.draw.ellipse((x - st.u(6), y - h * 1.85, x + st.u(6), y - h * 1.6), fill=st.c((255, 200, 60)))


def paint_bell(st: Stage, x: float, y: float, s: float, colour: RGB) -> None:
    w, h = s * 0.2, s * 0.2
    st.draw.chord((x - w / 2, y - h * 1.6, x + w / 2, y - h * 0.4), 180, 360, fill=st.c(colour), **_outline(st))
    st.draw.polygon([(x - w / 2, y - h), (x + w / 2, y - h), (x + w * 0.62, y - h * 0.3), (x - w * 0.62, y - h * 0.3)], fill=st.c(colour), **_outline(st))
    st.draw.ellipse((x - st.u(8), y - h * 0.35, x + st.u(8), y - h * 0.1), fill=st.c(INK))


def paint_fruit_heap(st: Stage, x: float, y: float, s: float, colour: RGB) -> None:
    r = s * 0.06
    for dx, dy in ((-1.6, 0), (0, 0), (1.6, 0), (-0.8, -1.4), (0.8, -1.4)):
        cx, cy = x + dx * r, y - r + dy * r
        st.draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=st.c(colour), **_outline(st))


# word -> (painter, its usual colour). Two-word names are read first.
PROPS: dict[str, tuple[Painter, RGB]] = {
    "watering can": (paint_watering_can, (90, 160, 110)),
    "ball": (paint_ball, (230, 70, 60)),
    "basket": (paint_basket, (200, 150, 80)),
    "boat": (paint_boat, (180, 120, 70)),
    "bucket": (paint_bucket, (230, 70, 60)),
    "wagon": (paint_wagon, (220, 60, 50)),
    "sled": (paint_sled, (200, 60, 50)),
    "sledge": (paint_sled, (200, 60, 50)),
    "book": (paint_book, (80, 120, 200)),
    "cake": (paint_cake, (240, 150, 190)),
    "bell": (paint_bell, (236, 196, 70)),
}


def props_in(prompt: str) -> list[tuple[str, RGB, RGB | None]]:
    """(thing, colour, fruit colour) for each known thing the prompt names, in order, at most two.
    A colour word just before the thing colours it; fruit named with a basket fills it;
    fruit on its own ("some ripe plums") is a little heap."""
    words = [w for w in "".join(c if c.isalpha() else " " for c in prompt.lower()).split()]
    found: list[tuple[int, str, RGB, RGB | None]] = []
    fruit = next((FRUIT[_singular(w)] for w in words if _singular(w) in FRUIT), None)
    i = 0
    while i < len(words):
        pair = " ".join(words[i:i + 2])
        name = pair if pair in PROPS else _singular(words[i]) if _singular(words[i]) in PROPS else None
        if name:
            colour = next((COLOURS[w] for w in reversed(words[max(0, i - 3):i]) if w in COLOURS), PROPS[name][1])
            found.append((i, name, colour, fruit if name == "basket" else None))
            i += len(name.split())
            continue
        i += 1
    if fruit and not any(name == "basket" for _, name, _, _ in found):
        at = next(i for i, w in enumerate(words) if _singular(w) in FRUIT)
        found.append((at, "fruit", fruit, None))
    return [(name, colour, extra) for _, name, colour, extra in sorted(found)[:2]]


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def paint_props(st: Stage, prompt: str, spots: list[Placement]) -> None:
    """The prompt's things on the ground beside the first character, on its free side."""
    things = props_in(prompt)
    if not things:
        return
    hero = spots[0] if spots else Placement(st.w * 0.5, st.lay.feet, st.lay.fig_h)
    size = hero.size
    # Away from a second character (who would hide it), else towards the middle of the page.
    side = (-1.0 if spots[1].x > hero.x else 1.0) if len(spots) > 1 else (1.0 if hero.x < st.w * 0.6 else -1.0)
    for k, (name, colour, fruit) in enumerate(things):
        x = hero.x + side * size * (0.62 + 0.42 * k)  # a second thing further out
        x = min(max(x, size * 0.35), st.w - size * 0.35)
        y = hero.base + size * 0.02
        if name == "basket":
            paint_basket(st, x, y, size, colour, fruit)
        elif name == "fruit":
            paint_fruit_heap(st, x, y, size, colour)
        else:
            PROPS[name][0](st, x, y, size, colour)
