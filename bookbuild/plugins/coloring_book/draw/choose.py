"""What each offline page shows, decided when the build is planned (no Pillow here).

The choice goes into the page's cache key, so the key says exactly what will
be drawn: "animals: turtle", "scenes: sea with fish, crab", "pattern: hexagons".
"""

from __future__ import annotations

import random
import re

from .names import LAND, SCENES, SEA, SEA_WORDS, TILINGS, animal_named, animals_mentioned, scene_named


def plan_design(style: str, subject: str, book_words: str, seed: str, index: int) -> dict:
    """{"style", "animal" | "scene" + "animals" | "tiling" | nothing for a mandala}.

    index: how many pages of this style came before (0 for the first), so that
    successive animal pages, scenes and patterns differ.
    """
    rng = random.Random(f"{seed}|design|{style}|{index}")
    named = animal_named(subject) if subject else None
    sea = _is_sea(subject + " " + book_words)
    promised = animals_mentioned(book_words)  # what the title, description and keywords name
    if style == "animals" or (named and style != "scenes"):
        return {"style": "animals", "animal": named or _nth(SEA if sea else LAND, seed, index, promised, any_promised=True)}
    if style == "scenes":
        scene = scene_named(subject) or ("sea" if sea else rng.choice([s for s in SCENES if s != "sea"]))
        cast = SEA if scene == "sea" else LAND
        first = named or _nth(cast, seed + "|scene", index, promised[::-1])
        others = [a for a in rng.sample(list(SIDEKICKS), k=len(SIDEKICKS)) if a != first][: 2 if scene == "sea" else 0]
        return {"style": "scenes", "scene": scene, "animals": [first, *others]}
    if style == "pattern":
        return {"style": "pattern", "tiling": TILINGS[(index + _offset(seed)) % len(TILINGS)]}
    return {"style": "mandala"}


SIDEKICKS = ("fish", "starfish", "jellyfish", "crab", "whale")  # simple enough to draw small


def describe(design: dict) -> str:
    """A short label for progress lines and the manifest."""
    detail = design.get("animal") or design.get("tiling") or design.get("scene") or ""
    return f"{design['style']}: {detail}".rstrip(": ")


def _nth(options: tuple[str, ...], seed: str, index: int, promised: list[str] = (), any_promised: bool = False) -> str:
    """Options in a seeded order, so neighbouring pages show different animals; the ones
    the book promises (its description names them) come first, so they are drawn (on an
    animal page any animal the drawings know; in a scene, those that live there)."""
    order = list(options)
    random.Random(f"{seed}|order").shuffle(order)
    first = [a for a in promised if any_promised or a in order]
    order = first + [a for a in order if a not in first]
    return order[index % len(order)]


def _offset(seed: str) -> int:
    return random.Random(f"{seed}|tiling").randrange(len(TILINGS))


def _is_sea(text: str) -> bool:
    words = set(re.findall(r"[a-z]+", text.lower()))
    return bool(words & SEA_WORDS)
