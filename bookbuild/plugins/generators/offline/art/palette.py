"""Reading a character's visual description for the offline illustrator.

Turns free text such as "a small orange fox with a white-tipped tail and a
green scarf" into what the drawing code needs: a species to draw, the
accessories to put on it, and colours for each part. Plain word matching
only, so the result is deterministic and needs no network; colour words are
attached to the first part, garment or animal noun that follows them.
"""

from __future__ import annotations

import colorsys
import hashlib
import re
from dataclasses import dataclass

RGB = tuple[int, int, int]

WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)


@dataclass(frozen=True)
class CharacterLook:
    """A story character as the book spec describes it."""

    name: str  # "Pip"
    visual: str  # "a small orange fox with a white-tipped tail and a green scarf"
    description: str = ""  # "a curious fox who is afraid of the dark"


# Picture-book versions of the colour words: saturated but never neon, and
# "black" is a soft charcoal so eyes and outlines still read on a black cat.
COLOURS: dict[str, RGB] = {
    "red": (220, 64, 58), "orange": (240, 132, 42), "yellow": (248, 206, 62),
    "green": (82, 170, 84), "blue": (66, 124, 214), "purple": (142, 88, 188),
    "pink": (240, 146, 182), "brown": (150, 100, 64), "black": (58, 56, 66),
    "white": (246, 244, 238), "grey": (150, 153, 163), "gray": (150, 153, 163),
    "golden": (232, 176, 54), "gold": (232, 176, 54), "silver": (194, 200, 212),
    "teal": (38, 150, 150), "violet": (150, 96, 200), "lilac": (196, 160, 222),
    "lavender": (184, 164, 230), "navy": (44, 62, 124), "cream": (246, 234, 204),
    "tan": (210, 170, 120), "ginger": (224, 120, 48), "rust": (184, 86, 48),
    "crimson": (196, 34, 60), "scarlet": (226, 48, 44), "turquoise": (56, 196, 196),
    "mint": (160, 222, 186), "lime": (160, 210, 60), "peach": (250, 188, 150),
    "beige": (226, 210, 180), "maroon": (128, 40, 52), "magenta": (210, 60, 150),
    "cyan": (70, 200, 230), "sandy": (222, 190, 130), "chocolate": (112, 72, 46),
    "copper": (190, 110, 60), "ivory": (250, 246, 228), "amber": (240, 166, 40),
    "coral": (246, 124, 100), "indigo": (76, 70, 160), "olive": (128, 136, 60),
    "rosy": (238, 150, 160), "ruby": (196, 30, 70), "emerald": (40, 160, 100),
    "honey": (230, 170, 70), "caramel": (200, 130, 70), "charcoal": (70, 72, 80),
    "blond": (240, 210, 120), "blonde": (240, 210, 120), "auburn": (160, 70, 40),
}

# Modifier word -> (colour to mix towards, amount); "sky blue" is a light blue.
MODIFIERS: dict[str, tuple[RGB, float]] = {
    "light": (WHITE, 0.4), "pale": (WHITE, 0.5), "pastel": (WHITE, 0.45),
    "soft": (WHITE, 0.25), "baby": (WHITE, 0.45), "sky": (WHITE, 0.3),
    "dark": (BLACK, 0.35), "deep": (BLACK, 0.25), "forest": (BLACK, 0.3),
    "royal": (BLACK, 0.15), "bright": (WHITE, 0.0), "vivid": (WHITE, 0.0), "hot": (WHITE, 0.0),
}

# Word -> species the drawing code knows; first one in the text wins.
SPECIES_WORDS: dict[str, str] = {
    "fox": "fox", "vixen": "fox", "wolf": "wolf", "cat": "cat", "kitten": "cat", "kitty": "cat",
    "tiger": "tiger", "dog": "dog", "puppy": "dog", "pup": "dog", "rabbit": "rabbit",
    "bunny": "rabbit", "hare": "rabbit", "bear": "bear", "teddy": "bear", "cub": "bear",
    "panda": "panda", "mouse": "mouse", "mice": "mouse", "hamster": "mouse", "rat": "mouse",
    "owl": "owl", "owlet": "owl", "bird": "bird", "robin": "bird", "sparrow": "bird",
    "bluebird": "bird", "parrot": "bird", "chick": "bird", "penguin": "penguin", "duck": "duck",
    "duckling": "duck", "goose": "duck", "frog": "frog", "toad": "frog", "fish": "fish",
    "goldfish": "fish", "turtle": "turtle", "tortoise": "turtle", "lion": "lion",
    "elephant": "elephant", "pig": "pig", "piglet": "pig", "child": "child", "girl": "girl",
    "boy": "boy", "kid": "child", "toddler": "child", "robot": "robot", "dragon": "dragon",
    "dinosaur": "dragon", "squirrel": "squirrel", "raccoon": "raccoon", "hedgehog": "hedgehog",
    "monkey": "monkey", "koala": "koala", "sheep": "sheep", "lamb": "sheep",
}

# What a species looks like when the text gives no colour for it.
SPECIES_COLOURS: dict[str, RGB] = {
    "fox": COLOURS["orange"], "wolf": (150, 156, 170), "cat": (160, 160, 172),
    "tiger": COLOURS["orange"], "dog": (200, 150, 96), "rabbit": (222, 210, 196),
    "bear": COLOURS["brown"], "panda": COLOURS["white"], "mouse": (170, 168, 176),
    "owl": (156, 112, 74), "bird": (80, 150, 226), "penguin": (58, 60, 78),
    "duck": COLOURS["yellow"], "frog": COLOURS["green"], "fish": COLOURS["orange"],
    "turtle": (110, 176, 90), "lion": COLOURS["golden"], "elephant": (160, 168, 186),
    "pig": (246, 170, 180), "robot": COLOURS["silver"], "dragon": COLOURS["green"],
    "squirrel": (196, 104, 52), "raccoon": (140, 140, 150), "hedgehog": (176, 130, 92),
    "monkey": (160, 108, 70), "koala": (170, 170, 180), "sheep": (246, 244, 238),
}

HUMANS = frozenset({"child", "girl", "boy"})

# Body-part nouns: a colour before them colours that part ("white belly").
PARTS: dict[str, str] = {
    "fur": "body", "feathers": "body", "scales": "body", "body": "body",
    "belly": "belly", "tummy": "belly", "chest": "belly", "tail": "tail", "ears": "ears",
    "ear": "ears", "paws": "paws", "wings": "wings", "wing": "wings", "spots": "spots",
    "stripes": "stripes", "hair": "hair", "curls": "hair", "pigtails": "hair", "eyes": "eyes",
    "eyed": "eyes", "nose": "nose", "beak": "beak", "bill": "beak", "horns": "horns",
    "spikes": "spikes", "mane": "mane", "shell": "shell", "skin": "skin", "tip": "tip",
    "cheeks": "cheeks", "antenna": "antenna", "screen": "screen",
}

# Clothing and accessory nouns -> the item the drawing code puts on.
ITEMS: dict[str, str] = {
    "scarf": "scarf", "muffler": "scarf", "hat": "hat", "cap": "cap", "beanie": "beanie",
    "bobble": "beanie", "crown": "crown", "tiara": "crown", "cape": "cape", "cloak": "cape",
    "bow": "bow", "ribbon": "bow", "bowtie": "bowtie", "glasses": "glasses",
    "spectacles": "glasses", "goggles": "glasses", "backpack": "backpack",
    "rucksack": "backpack", "satchel": "backpack", "bag": "backpack", "boots": "boots",
    "wellies": "boots", "wellingtons": "boots", "shoes": "boots", "sneakers": "boots",
    "sweater": "sweater", "jumper": "sweater", "shirt": "sweater", "tshirt": "sweater",
    "hoodie": "sweater", "jacket": "sweater", "coat": "sweater", "raincoat": "sweater",
    "vest": "sweater", "overalls": "sweater", "dungarees": "sweater", "pajamas": "sweater",
    "pyjamas": "sweater", "dress": "dress", "skirt": "dress", "collar": "collar",
    "bandana": "scarf", "necklace": "collar", "bell": "collar", "flower": "flower",
    "helmet": "helmet", "umbrella": "umbrella", "tie": "bowtie",
}

# Two-word items read before single words ("bow tie" is not a bow).
PAIRS: dict[tuple[str, str], str] = {
    ("bow", "tie"): "bowtie", ("top", "hat"): "tophat", ("party", "hat"): "partyhat",
    ("wizard", "hat"): "wizardhat", ("witch", "hat"): "wizardhat", ("pointy", "hat"): "wizardhat",
    ("bobble", "hat"): "beanie", ("woolly", "hat"): "beanie", ("wooly", "hat"): "beanie",
    ("knitted", "hat"): "beanie", ("baseball", "cap"): "cap", ("t", "shirt"): "sweater",
}

HAT_ITEMS = frozenset({"hat", "cap", "beanie", "crown", "tophat", "partyhat", "wizardhat", "helmet"})
GARMENTS = frozenset({"sweater", "dress"})
STOP_WORDS = frozenset({"with", "wearing", "who", "that", "which", "has", "have", "holding",
                        "carrying", "in", "on", "is", "was", "but"})


@dataclass(frozen=True)
class Features:
    """Everything the drawing code reads from one CharacterLook."""

    species: str  # a key of SPECIES_COLOURS, "child"/"girl"/"boy", or "blob"
    items: tuple[str, ...]  # canonical accessory names, in text order
    palette: dict[str, RGB]
    words: frozenset[str]  # all words, for small style hints ("curly", "spotty")


def tokens(text: str) -> list[str]:
    """Lower-case words and stopping punctuation; 'greenish' reads as 'green'."""
    raw = re.findall(r"[a-z]+|[,.;:!?()]", text.lower().replace("t-shirt", "tshirt"))
    return [w[:-3] if w.endswith("ish") and w[:-3] in COLOURS else w for w in raw]


def colour_at(words: list[str], i: int) -> RGB:
    """The colour named at words[i], adjusted by a modifier just before it."""
    base = COLOURS[words[i]]
    if i > 0 and words[i - 1] in MODIFIERS:
        towards, amount = MODIFIERS[words[i - 1]]
        return mix(base, towards, amount)
    return base


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """Linear blend: t=0 gives a, t=1 gives b."""
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


def noun_kind(words: list[str], j: int) -> tuple[str, str] | None:
    """('species'|'part'|'item', canonical name) when words[j] is a noun we know."""
    pair = (words[j - 1], words[j]) if j > 0 else None
    if pair in PAIRS:
        return "item", PAIRS[pair]
    word = words[j]
    if word in SPECIES_WORDS or word.rstrip("s") in SPECIES_WORDS:
        return "species", SPECIES_WORDS.get(word, SPECIES_WORDS.get(word.rstrip("s"), ""))
    if word in ITEMS and (j + 1 >= len(words) or (words[j], words[j + 1]) not in PAIRS):
        return "item", ITEMS[word]
    singular = word.rstrip("s")
    if word in PARTS or singular in PARTS:
        return "part", PARTS.get(word, PARTS.get(singular, ""))
    return None


def attach(words: list[str], i: int) -> tuple[str, str] | None:
    """The noun a colour word at i describes: the first known noun within 5 words."""
    tipped = False
    for j in range(i + 1, min(i + 6, len(words))):
        if words[j] in STOP_WORDS or not words[j].isalpha():
            return None
        tipped = tipped or words[j] == "tipped"
        kind = noun_kind(words, j)
        if kind is not None:
            return ("part", "tip") if tipped and kind[1] == "tail" else kind
    return None


def colour_mentions(words: list[str]) -> list[tuple[tuple[str, str] | None, RGB]]:
    """Every colour word with the noun it describes (None when it describes nothing)."""
    return [(attach(words, i), colour_at(words, i)) for i, w in enumerate(words) if w in COLOURS]


def name_colour(name: str, shift: float = 0.0) -> RGB:
    """A pleasant, stable colour derived from a name (hashlib: hash() is salted)."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    hue = (int.from_bytes(digest[:4], "big") / 2**32 + shift) % 1.0
    r, g, b = colorsys.hsv_to_rgb(hue, 0.55, 0.88)
    return round(r * 255), round(g * 255), round(b * 255)


def species_of(look: CharacterLook) -> str:
    """The first species word in the visual text, then the name, then the description."""
    for text in (look.visual, look.name, look.description):
        for word in tokens(text):
            found = SPECIES_WORDS.get(word) or SPECIES_WORDS.get(word.rstrip("s"))
            if found:
                return found
    return "blob"


def items_of(words: list[str]) -> tuple[str, ...]:
    """Accessory names in text order, without repeats."""
    found: list[str] = []
    for j in range(len(words)):
        kind = noun_kind(words, j)
        if kind and kind[0] == "item" and kind[1] not in found:
            found.append(kind[1])
    if "hat" in found and HAT_ITEMS.intersection(found) - {"hat"}:
        found.remove("hat")  # "a wizard hat" is one hat, not two
    return tuple(found)


def body_colour(species: str, mentions: list, name: str) -> RGB:
    """First colour of the creature itself; humans are coloured by their clothes."""
    wanted = {"sweater", "dress"} if species in HUMANS else {"body"}
    for noun, colour in mentions:
        if noun and (noun[0] == "species" and species not in HUMANS or noun[1] in wanted):
            return colour
    for noun, colour in mentions:
        if noun is None:
            return colour  # "a fox, bright orange": an unattached colour is the body's
    return SPECIES_COLOURS.get(species) or name_colour(name)


def accent_colour(mentions: list, body: RGB, name: str) -> RGB:
    """First clothing/accessory colour, else any other named colour, else derived."""
    for kinds in (("item",), ("part", "species")):
        for noun, colour in mentions:
            if noun and noun[0] in kinds and colour != body and noun[1] not in ("eyes", "skin"):
                return colour
    hue_from_body = colorsys.rgb_to_hsv(*(c / 255 for c in body))
    if hue_from_body[1] < 0.2:  # grey/white/black body: any cheerful colour works
        return name_colour(name, 0.0)
    r, g, b = colorsys.hsv_to_rgb((hue_from_body[0] + 0.45) % 1.0, 0.6, 0.85)
    return round(r * 255), round(g * 255), round(b * 255)


def parts_palette(species: str, mentions: list) -> dict[str, RGB]:
    """Colours of named parts and items: 'scarf', 'tail tip', 'hair', a second body colour..."""
    out: dict[str, RGB] = {}
    seen_species = False
    for noun, colour in mentions:
        if noun is None:
            continue
        if noun[0] == "species" and species not in HUMANS:
            key = "belly" if seen_species else ""
            seen_species = True
            if key and key not in out:
                out[key] = colour  # "orange and white fox": white is the second colour
        elif noun[1] and noun[1] != "body" and noun[1] not in out:
            out[noun[1]] = colour
    return out


def palette_for(look: CharacterLook) -> dict[str, RGB]:
    """Colours parsed from the visual description.

    Always has 'body' (the creature's own colour, or a human's main garment)
    and 'accent' (first clothing/detail colour); plus any part or item that a
    colour was given for, e.g. 'scarf', 'tip' (of a white-tipped tail),
    'belly', 'hair', 'eyes'. Without colour words: the species' usual colour,
    else a stable colour derived from the name.
    """
    species = species_of(look)
    mentions = colour_mentions(tokens(look.visual))
    body = body_colour(species, mentions, look.name)
    palette = parts_palette(species, mentions)
    palette["body"] = body
    palette["accent"] = accent_colour(mentions, body, look.name)
    return palette


def features_of(look: CharacterLook) -> Features:
    """Species, accessories and colours of one character, read once per drawing."""
    words = tokens(look.visual)
    return Features(species_of(look), items_of(words), palette_for(look),
                    frozenset(words + tokens(look.description)))
