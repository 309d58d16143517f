"""Reading the brief: the cast (hero and companions) and the world they live in."""

from __future__ import annotations

import random
import re
from typing import Sequence

from . import data
from .model import Actor, Character, World
from .text import strip_article, the, with_article

_FEAR_RE = re.compile(
    r"\b(?:afraid|scared|frightened|fearful|terrified|nervous|worried)\s+(?:of|about)\s+"
    r"(.+?)(?=\s+(?:and|but|who|because|when|so)\b|[,.;!]|$)", re.I)
_FEARS_RE = re.compile(r"\bfears\s+(.+?)(?=\s+(?:and|but|who|because)\b|[,.;!]|$)", re.I)
_WHO_RE = re.compile(r"\bwho\s+(.+?)(?=[,.;!]|$)", re.I)


def species_in(text: str) -> str:
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in data.species():
            return word
        if word.endswith("s") and word[:-1] in data.species():
            return word[:-1]
    return ""


def _split_look(text: str) -> tuple[str, str, str]:
    """'a small orange fox with a white-tipped tail' -> (base, features, verb)."""
    text = text.strip().rstrip(".")
    text = _WHO_RE.sub("", text).strip().rstrip(",")
    for marker, verb in ((" with ", "had"), (" wearing ", "wore"), (" in a ", "wore")):
        if marker in text:
            base, _, rest = text.partition(marker)
            if marker == " in a ":
                rest = "a " + rest
            return base.strip().rstrip(","), rest.strip(), verb
    return text, "", ""


def _adjectives(base: str, species: str) -> list[str]:
    words = strip_article(base).lower().replace(",", " ").split()
    if species and species in words:
        words = words[: words.index(species)]
    elif words:
        words = words[:-1]
    return [w for w in words if w.isalpha() and w not in ("and", "very", "quite")]


def _past_clause(clause: str) -> str:
    """'is afraid of the dark' -> 'was afraid of the dark' (first verb only)."""
    past = data.read("words.yaml")["past_tense"]
    words = clause.split()
    if not words or words[0].lower() not in past:
        return ""
    words[0] = past[words[0].lower()]
    if words[0] in ("always", "never") and len(words) > 1 and words[1].lower() in past:
        words[1] = past[words[1].lower()]
    return " ".join(words)


def _fear_of(text: str) -> str:
    match = _FEAR_RE.search(text) or _FEARS_RE.search(text)
    if not match:
        return ""
    fear = match.group(1).strip()
    if fear.lower() in ("dark", "night"):  # "afraid of dark": the story says "the dark"
        fear = "the " + fear
    return fear


def actor_from(char: Character, title_species: str = "") -> Actor:
    visual = (char.visual or "").strip()
    description = (char.description or "").strip()
    species = (species_in(visual) or species_in(description) or species_in(char.name)
               or title_species)
    base, features, verb = _split_look(visual)
    if not re.match(r"^(a|an|the)\s", base, re.I):
        base = ""
    desc_base, desc_features, desc_verb = _split_look(description)
    if not re.match(r"^(a|an|the)\s", desc_base, re.I):
        desc_base = ""
    looks = base or desc_base or (with_article(species) if species else "")
    if not species and looks:
        species = strip_article(looks).split()[-1].lower()
    if not features and desc_features:
        features, verb = desc_features, desc_verb
    adjectives = _adjectives(base, species) + _adjectives(desc_base, species)
    table = data.read("words.yaml")
    traits = [a for a in adjectives if a not in table["colours"] and a not in table["sizes"]]
    colours = [a for a in adjectives if a in table["colours"]]
    kind = data.kind_of(species)
    coloured = tuple((c, kind.coat) for c in colours[:1])
    for match in re.finditer(r"\b(" + "|".join(table["colours"]) + r")\s+([a-z]+)", features.lower()):
        if match.group(2) not in table["colours"]:
            coloured += ((match.group(1), match.group(2)),)
    epithets: list[str] = []
    if species:
        if any(a in table["little"] for a in adjectives):
            epithets.append(f"the little {species}")
        if traits:
            epithets.append(f"the {traits[0]} {species}")
        if colours:
            epithets.append(f"the {colours[0]} {species}")
        if not epithets:
            epithets.append(f"the {species}")
    who = _WHO_RE.search(description)
    likes = _past_clause(who.group(1)) if who else ""
    fear = _fear_of(description) or _fear_of(visual)
    if fear or re.search(r"\b(afraid|scared|frightened)\b", likes):
        likes = ""  # the fear is the story's problem, not a hobby line
    return Actor(
        name=char.name.strip(), role=(char.role or "").strip().lower(), species=species,
        looks=looks, features=features, feature_verb=verb or "had", trait=traits[0] if traits else "",
        fear=fear, likes=likes, kind=kind, epithets=tuple(epithets) or (char.name.strip(),),
        colours=coloured,
    )


def invent_hero(title: str, rng: random.Random) -> Character:
    """A gentle hero for a brief without characters, read off the title if it can be."""
    words = re.findall(r"[A-Za-z']+", title)
    species = species_in(title)
    first = words[0].removesuffix("'s") if words else ""
    name = first if first[:1].isupper() and first.lower() not in data.read("words.yaml")["title_common"] \
        and first.lower() not in data.species() else ""
    invented = data.read("words.yaml")["invented_hero"]
    if not species:
        species = rng.choice(invented["species"])
    adjectives = []
    lowered = [w.lower() for w in words]
    if species in lowered:
        adjectives = [w for w in lowered[: lowered.index(species)] if w in invented["adjectives"]]
    looks = " ".join(adjectives or ["little"]) + " " + species
    if "little" not in looks and "small" not in looks and "tiny" not in looks:
        looks = looks.replace(species, "little " + species)
    return Character(name=name or f"Little {species.capitalize()}", role="hero",
                     description=with_article(looks), visual=with_article(looks))


def world_from(setting: str) -> World:
    """Where the story happens: "a snowy forest" is the forest place, in snow."""
    table = data.read("places.yaml")
    setting = setting.strip().rstrip(".") or table["default_setting"]
    words = re.findall(r"[a-z]+", setting.lower())
    place_words = data.place_words()
    place_key = next((place_words[w] for w in words if w in place_words), table["default_place"])
    place = data.places()[place_key]
    # A place with weather of its own (the arctic: all snow) keeps it whatever the setting says.
    weather = None if place.weather else next(
        (w for w in data.weathers() if any(x in words for x in w.words)), None)
    noun = next((w for w in words if place_words.get(w) == place_key), place.noun)
    lead = re.match(r"^(in|on|at|by|near|under|beside|inside)\s+(.*)$", setting, re.I)
    if lead:  # "on a farm": later mentions say "on the farm"
        rest = lead.group(2)
        the_setting = the(rest) if re.match(r"^(a|an)\s", rest, re.I) else rest
        in_a_setting = setting
        in_setting = f"{lead.group(1)} {the_setting}"
    elif re.match(r"^(a|an|the)\s", setting, re.I):
        preps = table["prepositions"]
        prep = preps["words"].get(noun) or preps["places"].get(place_key) or "in"
        the_setting = the(setting)
        in_setting = f"{prep} {the_setting}"
        in_a_setting = f"{prep} {setting}"
    else:  # a proper name such as "Paris"
        the_setting = setting
        in_setting = in_a_setting = f"in {setting}"
    lookout = place.lookout
    if weather and weather.lookout_word and " hill" in lookout:
        lookout = re.sub(r"the top of the (\w+ )?hill", f"the top of the {weather.lookout_word} hill",
                         lookout)
    return World(setting, the_setting, in_setting, in_a_setting, place, noun, weather, lookout)


def world_list(world: World, name: str) -> tuple[str, ...]:
    """A place list with the weather's entries first (snow games before meadow games)."""
    base: tuple[str, ...] = getattr(world.place, name)
    extra: tuple[str, ...] = getattr(world.weather, name, ()) if world.weather else ()
    return tuple(extra) + tuple(x for x in base if x not in extra)


def world_value(world: World, name: str) -> str:
    value = getattr(world.weather, name, "") if world.weather else ""
    return value or getattr(world.place, name)


def pick_critters(world: World, cast: Sequence[Actor], rng: random.Random) -> tuple[list[str], str, str]:
    """Creatures to meet on the way (seeded order), a little one who needs help, and a newcomer."""
    taken = {a.species for a in cast}
    critters = [c for c in world_list(world, "critters") if species_in(c) not in taken]
    rng.shuffle(critters)
    smalls = [s for s in world.place.smalls if s not in taken] or ["mouse"]
    small = f"a tiny {smalls[0]}" if smalls[0] not in ("bunny", "chick", "duckling") else f"a little {smalls[0]}"
    newcomer_animal = smalls[1] if len(smalls) > 1 else "hedgehog"
    newcomer = f"a shy little {newcomer_animal}"
    critters = [c for c in critters if species_in(c) not in (smalls[0], newcomer_animal)] or critters
    return critters or ["a little bird"], small, newcomer
