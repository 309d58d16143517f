"""The names the offline drawings know, without importing Pillow."""

from __future__ import annotations

SEA = ("fish", "turtle", "whale", "octopus", "crab", "jellyfish", "starfish", "snail")
LAND = ("owl", "cat", "bunny", "butterfly", "snail", "turtle")
SCENES = ("sea", "meadow", "night")
TILINGS = ("hexagons", "scales", "diamonds", "triangles", "bricks", "waves", "stars", "squares")
ANIMAL_WORDS = {
    "fish": ("fish", "goldfish", "clownfish", "angelfish"),
    "turtle": ("turtle", "tortoise"),
    "whale": ("whale", "dolphin"),
    "octopus": ("octopus", "squid"),
    "crab": ("crab", "lobster"),
    "jellyfish": ("jellyfish", "jelly"),
    "starfish": ("starfish", "star fish", "sea star"),
    "snail": ("snail", "sea snail", "shell"),
    "owl": ("owl", "bird"),
    "cat": ("cat", "kitten", "kitty"),
    "bunny": ("bunny", "rabbit", "hare"),
    "butterfly": ("butterfly", "moth"),
}
SCENE_WORDS = {
    "sea": ("sea", "ocean", "underwater", "reef", "seabed", "coral"),
    "meadow": ("meadow", "garden", "farm", "field", "park", "flowers"),
    "night": ("night", "moon", "stars", "bedtime", "sky"),
}
SEA_WORDS = {"sea", "ocean", "oceans", "underwater", "reef", "coral", "beach", "marine", "seabed", "aquarium", "fish", "whale", "whales", "octopus", "crab", "jellyfish", "starfish", "turtle", "turtles"}


def _find(text: str, table: dict[str, tuple[str, ...]]) -> str | None:
    words = " " + " ".join(text.lower().replace(",", " ").replace(".", " ").split()) + " "
    for name, spellings in table.items():
        if any(f" {w} " in words or f" {w}s " in words or f" {w}es " in words for w in spellings):
            return name
    return None


def animals_mentioned(text: str) -> list[str]:
    """Every animal the drawings know that ``text`` names, in the order it names them
    ("fish, turtles, octopuses and their friends" -> fish, turtle, octopus)."""
    words = " " + " ".join(text.lower().replace(",", " ").replace(".", " ").split()) + " "
    found = []
    for name, spellings in ANIMAL_WORDS.items():
        at = [words.find(f" {w}{end} ") for w in spellings for end in ("", "s", "es")]
        at = [i for i in at if i >= 0]
        if at:
            found.append((min(at), name))
    return [name for _, name in sorted(found)]


def animal_named(text: str) -> str | None:
    """The animal a subject names ("a happy sea turtle" -> "turtle"), if the drawings know it."""
    return _find(text, ANIMAL_WORDS)


def scene_named(text: str) -> str | None:
    return _find(text, SCENE_WORDS)
