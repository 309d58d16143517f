"""The offline story writer: a deterministic template grammar for picture books.

With no API key bookbuild still has to hand the layout a real story, so this
package writes one from the book's brief, using only the word lists and
sentence templates in data/*.yaml: no AI, no network. The same brief always gives the same story, byte for byte,
in every process: all variation comes from ``random.Random`` seeded with a
SHA-256 of the title and seed (never ``hash()``, which Python salts per process).

How a story is made:

1. The brief is read into a cast (hero, companions: species, looks, home, a
   fear such as "afraid of the dark"), a place (landmarks, creatures, sounds of
   "a snowy forest") and a plot (courage, friendship, sharing, ...).
2. The pages are planned as story beats: beginning (hero and setting), problem,
   middle episodes (tries, helpers, journey), turning point, ending and moral.
   Each beat also gets a time of day, so scenes move from morning to night.
3. Each beat is a list of "moves"; each move offers a few sentence templates of
   different lengths. A page takes the essential moves, adds optional ones until
   it is long enough for the age group, and never reuses a sentence.
4. Each page gets an illustration prompt naming who is shown, where and when.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field, fields, replace
from typing import Any, Callable, Mapping, Sequence

from . import data
from .model import (
    AGE_GROUPS,
    MAX_SENTENCE_WORDS,
    MIN_PAGES,
    PREFERRED_MIN_WORDS,
    Character,
    Fear,
    Kind,
    Move,
    Moves,
    Place,
    Plot,
    StoryBrief,
    StoryPage,
    Weather,
)

__all__ = [
    "AGE_GROUPS",
    "MAX_SENTENCE_WORDS",
    "Character",
    "StoryBrief",
    "StoryPage",
    "write_story",
]

# ---------------------------------------------------------------------------
# Text helpers. Words are whitespace tokens with a letter or digit in them, the
# way a reader (and the layout's word count) sees them.

_SENTENCE_BREAK = re.compile(r'(?<=[.!?])\s+(?=["A-Z0-9])|(?<=[.!?]")\s+(?=["A-Z0-9])')
_SLOT = re.compile(r"\{(\w+)\}")


def _words(text: str) -> list[str]:
    return [t for t in text.split() if any(c.isalnum() for c in t)]


def _split_sentences(text: str) -> list[str]:
    """Sentences as a reader sees them; '"Look!" said Owl.' stays one sentence."""
    return [s for s in _SENTENCE_BREAK.split(text.strip()) if s]


def _key(sentence: str) -> str:
    """Case- and punctuation-blind identity, so "Whee!" and "whee." count as one."""
    return " ".join(re.findall(r"[a-z0-9]+", sentence.lower()))


def _capitalise_sentences(text: str) -> str:
    """Upper-case the first letter of each sentence (templates may start with a slot)."""
    out = []
    for sentence in _split_sentences(text):
        for i, ch in enumerate(sentence):
            if ch.isalpha():
                sentence = sentence[:i] + ch.upper() + sentence[i + 1:]
                break
            if ch not in "\"'(":
                break
        out.append(sentence)
    return " ".join(out)


def _fill(template: str, ctx: Mapping[str, str]) -> str | None:
    """The template with its slots filled; None when a slot has no value here."""
    missing = False

    def sub(match: re.Match[str]) -> str:
        nonlocal missing
        name = match.group(1)
        value = ctx.get(name, "")
        if not value:
            missing = True
        # "{if_young}" style slots only switch a template on or off; they print nothing.
        return "" if name.startswith("if_") else value

    text = _SLOT.sub(sub, template)
    return None if missing else _capitalise_sentences(text)


def _join(names: Sequence[str]) -> str:
    """'Pip', 'Pip and Owl', 'Pip, Owl and Bun'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _strip_article(phrase: str) -> str:
    return re.sub(r"^(a|an|the)\s+", "", phrase.strip(), flags=re.I)


def _with_article(phrase: str) -> str:
    """'orange fox' -> 'an orange fox'; phrases that already have one are kept."""
    phrase = phrase.strip()
    if not phrase or re.match(r"^(a|an|the|some|two|three)\s", phrase, re.I):
        return phrase
    return ("an " if phrase[0].lower() in "aeiou" else "a ") + phrase


def _the(phrase: str) -> str:
    return "the " + _strip_article(phrase) if phrase else ""


def _possessive(name: str) -> str:
    return name + "'s"


def _seed_int(*parts: str) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def _prefill(template: str, values: Mapping[str, str]) -> str:
    """Fill only the named slots, leaving the rest for _fill: the first of a template's two steps.

    Values go in as they are and are never read for slots again, just as an
    f-string would put them in.
    """
    return _SLOT.sub(lambda m: values.get(m.group(1), m.group(0)), template)


# ---------------------------------------------------------------------------
# Reading the brief: cast and world.

@dataclass(frozen=True)
class _Actor:
    name: str
    role: str
    species: str  # "fox"; "" when the brief never says
    looks: str  # "a small orange fox", with article; "" when unknown
    features: str  # "a white-tipped tail and a green scarf"
    feature_verb: str  # "had" or "wore"
    trait: str  # "curious"
    fear: str  # "the dark"
    likes: str  # a past-tense clause: "loved to sing"
    kind: Kind
    epithets: tuple[str, ...]  # "the little fox": lets the text avoid pronouns
    colours: tuple[tuple[str, str], ...]  # (colour, part) pairs: ("yellow", "eyes")


_FEAR_RE = re.compile(
    r"\b(?:afraid|scared|frightened|fearful|terrified|nervous|worried)\s+(?:of|about)\s+"
    r"(.+?)(?=\s+(?:and|but|who|because|when|so)\b|[,.;!]|$)", re.I)
_FEARS_RE = re.compile(r"\bfears\s+(.+?)(?=\s+(?:and|but|who|because)\b|[,.;!]|$)", re.I)
_WHO_RE = re.compile(r"\bwho\s+(.+?)(?=[,.;!]|$)", re.I)

def _species_in(text: str) -> str:
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
    words = _strip_article(base).lower().replace(",", " ").split()
    if species and species in words:
        words = words[: words.index(species)]
    elif words:
        words = words[:-1]
    return [w for w in words if w.isalpha() and w not in ("and", "very", "quite")]


def _past_clause(clause: str) -> str:
    """'is afraid of the dark' -> 'was afraid of the dark' (first verb only)."""
    past = data.words()["past_tense"]
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


def _actor(char: Character, title_species: str = "") -> _Actor:
    visual = (char.visual or "").strip()
    description = (char.description or "").strip()
    species = (_species_in(visual) or _species_in(description) or _species_in(char.name)
               or title_species)
    base, features, verb = _split_look(visual)
    if not re.match(r"^(a|an|the)\s", base, re.I):
        base = ""
    desc_base, desc_features, desc_verb = _split_look(description)
    if not re.match(r"^(a|an|the)\s", desc_base, re.I):
        desc_base = ""
    looks = base or desc_base or (_with_article(species) if species else "")
    if not species and looks:
        species = _strip_article(looks).split()[-1].lower()
    if not features and desc_features:
        features, verb = desc_features, desc_verb
    adjectives = _adjectives(base, species) + _adjectives(desc_base, species)
    table = data.words()
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
    return _Actor(
        name=char.name.strip(), role=(char.role or "").strip().lower(), species=species,
        looks=looks, features=features, feature_verb=verb or "had", trait=traits[0] if traits else "",
        fear=fear, likes=likes, kind=kind, epithets=tuple(epithets) or (char.name.strip(),),
        colours=coloured,
    )


def _invent_hero(title: str, rng: random.Random) -> Character:
    """A gentle hero for a brief without characters, read off the title if it can be."""
    words = re.findall(r"[A-Za-z']+", title)
    species = _species_in(title)
    first = words[0].removesuffix("'s") if words else ""
    name = first if first[:1].isupper() and first.lower() not in data.words()["title_common"] \
        and first.lower() not in data.species() else ""
    invented = data.words()["invented_hero"]
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
                     description=_with_article(looks), visual=_with_article(looks))


@dataclass(frozen=True)
class _World:
    setting: str  # "a snowy forest", as the brief says it (or invented)
    the_setting: str  # "the snowy forest"
    in_setting: str  # "in the snowy forest"
    in_a_setting: str  # "in a snowy forest"
    place: Place
    noun: str  # illustrator word: "forest"
    weather: Weather | None
    lookout: str


def _world(setting: str) -> _World:
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
        the_setting = _the(rest) if re.match(r"^(a|an)\s", rest, re.I) else rest
        in_a_setting = setting
        in_setting = f"{lead.group(1)} {the_setting}"
    elif re.match(r"^(a|an|the)\s", setting, re.I):
        preps = table["prepositions"]
        prep = preps["words"].get(noun) or preps["places"].get(place_key) or "in"
        the_setting = _the(setting)
        in_setting = f"{prep} {the_setting}"
        in_a_setting = f"{prep} {setting}"
    else:  # a proper name such as "Paris"
        the_setting = setting
        in_setting = in_a_setting = f"in {setting}"
    lookout = place.lookout
    if weather and weather.lookout_word and " hill" in lookout:
        lookout = re.sub(r"the top of the (\w+ )?hill", f"the top of the {weather.lookout_word} hill",
                         lookout)
    return _World(setting, the_setting, in_setting, in_a_setting, place, noun, weather, lookout)


def _pool(world: _World, name: str) -> tuple[str, ...]:
    """A place list with the weather's entries first (snow games before meadow games)."""
    base: tuple[str, ...] = getattr(world.place, name)
    extra: tuple[str, ...] = getattr(world.weather, name, ()) if world.weather else ()
    return tuple(extra) + tuple(x for x in base if x not in extra)


def _scalar(world: _World, name: str) -> str:
    value = getattr(world.weather, name, "") if world.weather else ""
    return value or getattr(world.place, name)


# ---------------------------------------------------------------------------
# Plots: data/plots/*.yaml, with data/fears.yaml for the courage plot.

def _prefilled(value: Any, values: Mapping[str, str]) -> Any:
    """`value` (a plot, a fear, moves or a template) with its plot-time slots filled."""
    if isinstance(value, str):
        return _prefill(value, values)
    if isinstance(value, tuple):
        return tuple(_prefilled(v, values) for v in value)
    if isinstance(value, dict):
        return {k: _prefilled(v, values) for k, v in value.items()}
    if isinstance(value, (Move, Plot, Fear)):
        return replace(value, **{f.name: _prefilled(getattr(value, f.name), values) for f in fields(value)})
    return value


def _courage_plot(fear: str) -> Plot:
    lowered = fear.lower()
    fears = data.fears()
    spec = next((f for f in fears.values() if any(re.search(rf"\b{w}\b", lowered) for w in f.words)), None)
    if spec is None:  # any other fear: the hero must get past it to reach the party
        spec = _prefilled(fears["other"], {"fear": fear, "Fear": fear.capitalize()})
    first = "the dark" if spec.key == "dark" and lowered in ("dark", "night") else fear
    frame = data.read("plots/courage.yaml")
    slots = {"first": first, "want": spec.want, "want_short": spec.want_short}
    return Plot(
        key="courage", moral=frame["moral"], moral_short=frame["moral_short"], night=spec.night,
        problem=_prefilled(frame["problem"] + (spec.problem or frame["problem_more"]), slots),
        goal=spec.goal, worry=_prefilled(frame["worry"], slots), tries=spec.tries,
        ideas=spec.ideas + frame["ideas"], comforts=frame["comforts"], low=spec.low,
        turn=_prefilled(frame["turn"], slots), success=spec.success, joy=spec.joy, ending=spec.ending,
        pictures=spec.pictures, destination=spec.destination, feeling=frame["feeling"],
    )


def _quest_plot(theme: str) -> Plot:
    """Any other value: the hero sets out to find out what it means."""
    word = theme.strip().lower()
    quest = data.read("plots/quest.yaml")
    act = next((a for k, a in quest["acts"].items() if k in word), quest["act_default"])
    return _prefilled(data.plot("quest"), {"word": word, "Title": word.capitalize(), "act": act})


def _theme_key(*texts: str) -> str:
    """The first known theme word in the texts, in order ("" when none)."""
    themes = data.themes()
    for text in texts:
        words = re.findall(r"[a-z]+", text.lower())
        if "give" in words and "up" in words:  # "never give up"
            return "perseverance"
        for word in words:
            if word in themes:
                return themes[word]
    return ""


def _title_fear(title: str, rng: random.Random) -> str:
    """A fear to be brave about when the theme is courage but nobody is afraid of anything."""
    words = set(re.findall(r"[a-z]+", title.lower()))
    table = data.read("fears.yaml")
    for entry in table["title_fears"]:
        if words & set(entry["words"]):
            return entry["fear"]
    return rng.choice(table["title_fear_default"])


def _plot_for(brief: StoryBrief, hero: _Actor, rng: random.Random) -> Plot:
    if hero.fear:  # a fear in the hero's description always drives the problem
        return _courage_plot(hero.fear)
    key = _theme_key(brief.theme) or (
        "" if brief.theme.strip() else _theme_key(hero.likes, hero.trait, brief.title,
                                                   brief.educational_focus))
    if key == "courage":
        return _courage_plot(_title_fear(brief.title, rng))
    if key:
        return data.plot(key)
    if _is_value(brief.theme):
        return _quest_plot(brief.theme)
    # A topic ("the seasons") or no theme at all: a gentle story about making a friend.
    return data.plot("friendship")


def _is_value(theme: str) -> bool:
    """'gratitude', 'being yourself': something a hero can show. 'the seasons' is a topic instead."""
    words = re.findall(r"[a-z]+", theme.lower())
    if not words or words[0] in ("the", "a", "an"):
        return False
    quest = data.read("plots/quest.yaml")
    values, acts = quest["values"], quest["acts"]
    return any(w.endswith(values["endings"]) or w in values["words"] or w in acts for w in words) \
        or any(k in theme.lower() for k in acts)


# ---------------------------------------------------------------------------
# Planning: which beat goes on which page, and at what time of day.

@dataclass
class _Beat:
    kind: str
    companion: int = -1  # index into companions, -1 for none
    index: int = 0  # which try/idea/comfort
    time: str = "morning"
    focus: bool = False  # weave the educational focus into this page
    spot: str = ""
    critter: str = ""
    again: bool = False  # the creature on this page was met earlier in the book


_OPENING_ORDER = ("intro", "life", "meet", "problem", "goal", "worry")
_CLOSING_ORDER = ("low", "turn", "success", "joy", "thanks", "moral", "ending")


def _plan(pages: int, companions: int, plot: Plot, per_page: int = 1, critters: int = 6,
          meets: int | None = None) -> list[list[_Beat]]:
    """Beats for exactly `pages` pages: a fixed spine, optional beats by priority, middle episodes.

    Each page gets one beat; with per_page=2 (the oldest readers, whose pages are
    long) middle pages take a second episode while the story has fresh ones, so
    their length comes from story rather than from description.
    """
    if pages == MIN_PAGES:
        return [[_Beat(k)] for k in ("intro", "problem", "turn", "moral")]
    chosen = {"intro", "problem", "turn", "moral", "ending"}
    meets = min(companions if meets is None else meets, 2)  # others are introduced when they first help
    meet_count = 0
    for kind in ("success", "goal", "meet", "low", "joy", "worry", "life", "meet", "thanks"):
        if len(chosen) + meet_count >= pages:
            break
        if kind == "meet":
            meet_count = min(meets, meet_count + 1)
        else:
            chosen.add(kind)
    opening: list[_Beat] = []
    for kind in _OPENING_ORDER:
        if kind == "meet":
            opening.extend(_Beat("meet", companion=i) for i in range(meet_count))
        elif kind in chosen:
            opening.append(_Beat(kind))
    closing = [_Beat(k) for k in _CLOSING_ORDER if k in chosen]
    slots = pages - len(opening) - len(closing)
    episodes = _middle(slots * per_page, companions, plot, pad_to=slots, critters=critters, known=meet_count)
    middle = _group(episodes, slots)
    return [[b] for b in opening] + middle + [[b] for b in closing]


def _group(episodes: list[_Beat], slots: int) -> list[list[_Beat]]:
    """Spread episodes over `slots` pages, doubling up evenly; a set-off always starts a page."""
    if slots <= 0:
        return []
    doubles = min(max(0, len(episodes) - slots), slots)
    pages: list[list[_Beat]] = []
    i = carry = 0
    for j in range(slots):
        want = min(2, 1 + ((j + 1) * doubles) // slots - (j * doubles) // slots + carry)
        carry = 0
        group = episodes[i: i + want]
        if len(group) == 2 and group[1].kind == "setoff":
            group, carry = group[:1], 1  # the journey starts on a page of its own
        pages.append(group)
        i += len(group)
    for extra, page in zip(episodes[i:], [p for p in reversed(pages) if len(p) == 1]):
        if extra.kind != "setoff":
            page.append(extra)
    return pages


def _middle(count: int, companions: int, plot: Plot, pad_to: int = 0, critters: int = 6,
            known: int = 0) -> list[_Beat]:
    """Up to `count` episodes between problem and turning point: tries and helpers, then the journey.

    Helpers and creatures met on the way share one pool of ideas, taken in order,
    so the advice builds up instead of repeating; once the pool is used up the
    book keeps moving with walking, playing and chance meetings. Every shape is
    used at most once; only a book longer than all of them (more than `pad_to`
    is never needed) walks on with repeated journey shapes.
    """
    if count <= 0:
        return []
    prepare = ("try", "helper", "play", "try", "helper", "comfort", "cameo", "try", "helper",
               "cameo", "play", "helper", "comfort", "helper", "cameo", "play")
    journey = ("setoff", "journey", "helper", "cameo", "journey", "snack", "helper", "journey",
               "cameo", "journey", "helper", "journey", "snack", "journey", "cameo")
    left = {"try": len(plot.tries), "helper": len(plot.ideas), "comfort": len(plot.comforts),
            "cameo": critters, "play": 3, "snack": 2, "setoff": 1, "journey": len(data.beats()["journeys"])}
    first_half = (count + 1) // 2
    kinds: list[str] = []
    for pattern, size in ((prepare, first_half), (journey, count - first_half)):
        picked = 0
        for i in range(6 * len(pattern)):
            if picked >= size:
                break
            kind = pattern[i % len(pattern)]
            if left.get(kind, 1) <= 0:
                continue
            left[kind] = left.get(kind, 1) - 1
            kinds.append(kind)
            picked += 1
    while len(kinds) < pad_to:
        kinds.append("journey")  # a very long book: walking on is always possible
    beats: list[_Beat] = []
    counters: dict[str, int] = {}
    ideas_used = 0
    helper_turn = 0
    for kind in kinds:
        beat = _Beat(kind)
        if kind in ("helper", "cameo"):
            if ideas_used < len(plot.ideas):
                beat.index = ideas_used
                ideas_used += 1
            elif kind == "helper":
                beat.kind = kind = "journey"
            else:
                beat.index = -1 - counters.get("plain_cameo", 0)  # a meeting without advice
                counters["plain_cameo"] = counters.get("plain_cameo", 0) + 1
        if kind in ("try", "comfort", "journey", "play", "snack"):
            beat.index = counters.get(kind, 0)
            counters[kind] = beat.index + 1
        if kind in ("helper", "comfort") and companions:
            beat.companion = helper_turn % companions
            helper_turn += 1
        elif kind in ("journey", "setoff", "snack", "play") and companions:
            # walking companions are ones the reader has met already
            met = max(1, known, min(helper_turn, companions))
            beat.companion = (helper_turn + len(beats)) % met
        beats.append(beat)
    return beats


def _assign_times(beats: list[_Beat], night: bool, four_pages: bool = False) -> None:
    """Morning to night across the book: the scene follows the story's clock."""
    middle = [b for b in beats if b.kind not in _OPENING_ORDER and b.kind not in _CLOSING_ORDER]
    half = (len(middle) + 1) // 2
    for i, beat in enumerate(middle):
        late = i >= half
        if night:
            ramp = ("day", "afternoon") if not late else ("sunset", "evening")
        else:
            ramp = ("day", "day") if not late else ("afternoon", "afternoon")
        part = (i if not late else i - half) / max(1, (half if not late else len(middle) - half))
        beat.time = ramp[0] if part < 0.5 else ramp[1]
    closing_times = ({"low": "night", "turn": "night", "success": "night", "joy": "night",
                      "thanks": "night", "moral": "night", "ending": "dawn"} if night else
                     {"low": "afternoon", "turn": "afternoon", "success": "sunset", "joy": "sunset",
                      "thanks": "evening", "moral": "evening", "ending": "night"})
    for beat in beats:
        if beat.kind in ("intro", "life", "meet"):
            beat.time = "morning"
        elif beat.kind in ("problem", "goal", "worry"):
            beat.time = "morning" if beat.kind == "problem" else "day"
        elif beat.kind in closing_times:
            beat.time = closing_times[beat.kind]
    if four_pages:  # the whole day in four pages
        for beat, time in zip(beats, ("morning", "afternoon", "night" if night else "sunset",
                                      "dawn" if night else "night")):
            beat.time = time


# Beats whose lines do not hang on each other: counting or colours can join in
# after their first sentence without breaking a conversation.
_LOOSE_BEATS = frozenset({"life", "play", "journey", "snack", "setoff", "joy"})


def _focus_pages(beats: list[_Beat], focus_kind: str) -> None:
    """Mark a few pages, spread through the book, to carry the educational focus."""
    if not focus_kind:
        return
    good = [i for i, b in enumerate(beats) if b.kind in _LOOSE_BEATS]
    if len(good) < 3:
        good = [i for i, b in enumerate(beats) if b.kind not in ("moral", "ending")] or [0]
    wanted = max(2, min(5, len(beats) // 6))
    step = len(good) / wanted
    picks = sorted({good[int(i * step)] for i in range(wanted) if int(i * step) < len(good)})
    for i in picks:
        beats[i].focus = True


# ---------------------------------------------------------------------------
# Educational focus.

def _focus_kind(focus: str) -> str:
    """"counting", "colours", "shapes" or "" for the brief's educational focus."""
    if re.search(r"\d", focus):
        return "counting"
    words = set(re.findall(r"[a-z]+", focus.lower()))
    return next((kind for kind, names in data.focus()["kinds"].items() if words & set(names)), "")


def _count_to(focus: str, age: str) -> int:
    digits = re.findall(r"\d+", focus)
    if digits:
        top = int(digits[-1])
    else:
        numbers = data.focus()["numbers"]
        words = re.findall(r"[a-z]+", focus.lower())
        top = max((numbers.index(w) for w in words if w in numbers), default=10 if age != "0-2" else 5)
    return max(3, min(20, top))


def _count_moves(items: str, number: int, max_words: int, who: str) -> Moves:
    """'One, two, three pine cones!', split into running totals that fit the sentence limit."""
    table = data.focus()
    numbers = list(table["numbers"][1: number + 1])
    tail = items.split()
    size = max(2, max_words - len(tail))
    lines = []
    for start in range(0, len(numbers), size):
        part = numbers[start: start + size]
        last = start + size >= len(numbers)
        text = ", ".join(part) + " " + items + ("!" if last else ".")
        lines.append(text[0].upper() + text[1:])
    intro = tuple(_prefill(t, {"H": who, "items": items}) for t in table["count"])
    return Move(intro, False), Move((" ".join(lines),))


# ---------------------------------------------------------------------------
# Writing pages.

class _Writer:
    """Fills move templates, keeps every sentence unique, and keeps pages in the age band."""

    def __init__(self, brief: StoryBrief, rng: random.Random) -> None:
        self.age = brief.age_group
        self.page_min, self.page_max = AGE_GROUPS[self.age]
        self.max_sentence = MAX_SENTENCE_WORDS[self.age]
        self.prefer = PREFERRED_MIN_WORDS[self.age]
        self.rng = rng
        self.used: set[str] = set()
        self.families: set[str] = set()  # filler templates already used in this book

    def candidate(self, template: str, ctx: Mapping[str, str], budget: int) -> tuple[str, int] | str:
        """The filled sentence and its word count, or why it cannot be used here."""
        text = _fill(template, ctx)
        if text is None:
            return "missing"
        parts = _split_sentences(text)
        if any(len(_words(p)) > self.max_sentence for p in parts):
            return "long"
        keys = [_key(p) for p in parts]
        if any(not k or k in self.used for k in keys) or len(set(keys)) < len(keys):
            return "used"
        n = len(_words(text))
        return (text, n) if n <= budget else "long"

    def pick(self, move: Move, ctx: Mapping[str, str], budget: int) -> tuple[str, int] | set[str]:
        ordinary = [t for t in move.variants if not t.startswith("~")]
        results = [self.candidate(t, ctx, budget) for t in ordinary]
        options = [r for r in results if isinstance(r, tuple)]
        if not options:  # "~" variants are plain fallbacks, used only when nothing else fits
            results += [self.candidate(t[1:], ctx, budget) for t in move.variants if t.startswith("~")]
            options = [r for r in results if isinstance(r, tuple)]
        if not options:
            return {r for r in results if isinstance(r, str)}
        # Younger readers get the short forms, older readers the fuller ones.
        preferred = [o for o in options if o[1] >= self.prefer * len(_split_sentences(o[0]))] or options
        if self.age in ("6-8", "9-12"):
            longest = max(o[1] for o in preferred)
            preferred = [o for o in preferred if o[1] >= longest * 0.6]
        elif self.age == "3-5":  # the fuller variant, as long as it stays a simple sentence
            longest = max(o[1] for o in preferred)
            preferred = [o for o in preferred if o[1] >= longest * 0.7]
        elif self.age == "0-2":
            shortest = min(o[1] for o in preferred)
            preferred = [o for o in preferred if o[1] <= shortest + 2]
        return preferred[self.rng.randrange(len(preferred))]

    def take(self, text: str) -> None:
        for part in _split_sentences(text):
            self.used.add(_key(part))

    def compose(self, segments: Sequence[tuple[Moves, Mapping[str, str], Sequence[tuple[int, str]]]],
                fillers: Callable[[], Sequence[tuple[str, bool, str]]] = lambda: (),
                filler_ctx: Mapping[str, str] | None = None) -> list[str]:
        """Sentences for one page from one or two beats (segments), in move order.

        `forced` sentences (the moral) are kept whatever their length. When a
        needed sentence does not fit (the page or the sentence would be too long
        for the age group) that beat ends there: later lines may depend on it, and
        a short page that makes sense beats a full one that does not.
        """
        lo, hi = self.page_min, self.page_max
        target = self.rng.randint(lo + (hi - lo) // 3, lo + (hi - lo) * 3 // 4)
        chosen: list[dict[int, str]] = [dict(forced) for _, _, forced in segments]
        for part in chosen:
            for text in part.values():
                self.take(text)
        total = sum(len(_words(t)) for part in chosen for t in part.values())
        cutoffs = []
        for (moves, ctx, _), part in zip(segments, chosen):
            total, cutoff = self._add_essential(moves, ctx, part, total)
            cutoffs.append(cutoff)
        for (moves, ctx, _), part, cutoff in zip(segments, chosen, cutoffs):
            total = self._add_optional(moves[:cutoff], ctx, part, total, target)
        sentences = [part[i] for part in chosen for i in sorted(part)]
        if total >= lo:
            return sentences
        ctx = filler_ctx if filler_ctx is not None else (segments[0][1] if segments else {})
        return self._pad(sentences, total, fillers(), ctx)

    def _add_essential(self, moves: Moves, ctx: Mapping[str, str], part: dict[int, str],
                       total: int) -> tuple[int, int]:
        """Pick every essential move in order; return the new total and where the beat was cut."""
        for i, move in enumerate(moves):
            if not move.essential or i in part:
                continue
            picked = self.pick(move, ctx, self.page_max - total)
            if isinstance(picked, tuple):
                part[i] = picked[0]
                total += picked[1]
                self.take(picked[0])
            elif "long" in picked:
                return total, i
        return total, len(moves)

    def _add_optional(self, moves: Moves, ctx: Mapping[str, str], part: dict[int, str],
                      total: int, target: int) -> int:
        """Add optional moves in order until the page reaches its target length."""
        for i, move in enumerate(moves):
            if total >= target:
                break
            if move.essential or i in part:
                continue
            picked = self.pick(move, ctx, self.page_max - total)
            if isinstance(picked, tuple):
                part[i] = picked[0]
                total += picked[1]
                self.take(picked[0])
        return total

    def _pad(self, sentences: list[str], total: int, fillers: Sequence[tuple[str, bool, str]],
             ctx: Mapping[str, str]) -> list[str]:
        """Bring a short page up to the age group's minimum; one scene line may open it."""
        lead: list[str] = []
        for template, is_scene, family in fillers:
            if total >= self.page_min:
                break
            if family and family in self.families:
                continue
            got = self.candidate(template, ctx, self.page_max - total)
            if isinstance(got, tuple):
                opens = is_scene and not lead and ctx.get("scene_lead")
                (lead if opens else sentences).append(got[0])
                total += got[1]
                self.take(got[0])
                if family:
                    self.families.add(family)
        return lead + sentences


def _paragraphs(sentences: Sequence[str], age: str) -> str:
    """Board and picture books read as one block; older readers get short paragraphs.

    A break never comes right before a quote: in prose that would mean a new speaker.
    """
    if age in ("0-2", "3-5") or len(sentences) <= 3:
        return " ".join(sentences)
    size = 3 if age == "6-8" else 4
    blocks: list[list[str]] = [[]]
    for sentence in sentences:
        if len(blocks[-1]) >= size and not sentence.startswith('"'):
            blocks.append([])
        blocks[-1].append(sentence)
    if len(blocks) > 1 and len(_words(" ".join(blocks[-1]))) < 8:
        last = blocks.pop()  # a one-line tail joins the paragraph before it
        blocks[-1].extend(last)
    return "\n\n".join(" ".join(block) for block in blocks)


def _moral_sentences(moral: str, max_words: int) -> list[str]:
    """The moral in the brief's own words, split at a natural pause only if a sentence is too long."""
    moral = moral.strip()
    if moral and moral[-1] not in ".!?":
        moral += "."
    out: list[str] = []
    for sentence in _split_sentences(moral):
        out.extend(_split_long(sentence, max_words))
    return out


def _split_long(sentence: str, max_words: int) -> list[str]:
    words = sentence.split()
    if len(words) <= max_words:
        return [sentence]
    breaks = [i for i, w in enumerate(words[:-1], start=1)
              if w.endswith((",", ";", ":")) or words[i].lower() in
              ("even", "when", "because", "and", "but", "so", "if", "though", "although", "until")]
    # "even when": break before the whole phrase, not inside it.
    breaks = [b for b in breaks if 2 <= b <= len(words) - 2 and words[b - 1].lower() != "even"]
    if not breaks:
        return [sentence]  # no natural pause: the brief's words win over the length guide
    middle = min(breaks, key=lambda b: abs(b - len(words) / 2))
    head = " ".join(words[:middle]).rstrip(",;:") + "."
    tail = " ".join(words[middle:])
    tail = tail[0].upper() + tail[1:]
    return _split_long(head, max_words) + _split_long(tail, max_words)


# ---------------------------------------------------------------------------
# The story.

@dataclass
class _Story:
    brief: StoryBrief
    rng: random.Random
    hero: _Actor
    companions: list[_Actor]
    world: _World
    plot: Plot
    moral: str
    focus: str
    critters: list[str]
    small: str
    newcomer: str
    buddy: str = ""  # with no companions, the creature who brings the news comes along
    bystander: str = ""  # someone around when a plot needs a creature outside chance meetings
    counted: set[str] = field(default_factory=set)  # things already counted in this book
    introduced: set[int] = field(default_factory=set)
    opener_count: dict[str, int] = field(default_factory=dict)


def _base_context(story: _Story) -> dict[str, str]:
    hero, world = story.hero, story.world
    friends = [c.name for c in story.companions] or ([_the(story.buddy)] if story.buddy else [])
    activities = list(_pool(world, "activities"))
    story.rng.shuffle(activities)
    beats = data.beats()
    fallback = beats["fallbacks"]
    body = data.body(hero.kind)
    ctx = dict(beats["slot_words"])
    ctx.update({
        "H": hero.name, "Hs": _possessive(hero.name),
        "h_looks": "" if hero.species and hero.species in hero.name.lower() else (hero.looks or fallback["h_looks"]),
        "h_with": hero.features, "h_feature_verb": hero.feature_verb,
        "h_home": hero.kind.home, "home": hero.kind.home_short, "h_move": hero.kind.move,
        "h_limb": hero.kind.limb, "h_chest": body["chest"], "h_face": body["face"],
        "h_love": activities[-1] if activities else fallback["h_love"],
        "act1": activities[0] if activities else fallback["act1"],
        "act2": activities[1] if len(activities) > 1 else "",
        "h_likes": hero.likes,
        # Big casts: five names in a row make a sentence too long to read aloud.
        "all": _join([hero.name] + friends) if len(friends) <= 2 else _prefill(fallback["all"], {"H": hero.name}),
        "friends": _join(friends) if len(friends) <= 4 else fallback["friends"],
        "pal": friends[0] if friends else "",
        "setting": world.setting, "the_setting": world.the_setting, "in_setting": world.in_setting,
        "in_a_setting": world.in_a_setting, "In_a_setting": world.in_a_setting[:1].upper() + world.in_a_setting[1:],
        "place": world.noun, "lookout": world.lookout,
        "lookout_short": "the " + world.lookout.split()[-1], "water": _scalar(world, "water"),
        "ground": _scalar(world, "ground"), "small_sound": _scalar(world, "small_sound"),
        "party": _scalar(world, "party"), "treasure": _scalar(world, "treasure"),
        "treasure_the": _the(_scalar(world, "treasure")), "project": _scalar(world, "project"),
        "small": story.small, "small_the": _the(story.small),
        "newcomer": story.newcomer, "newcomer_the": _the(story.newcomer),
        "fear": hero.fear, "moral": story.moral, "feeling": story.plot.feeling,
        "if_young": "1" if story.brief.age_group == "0-2" else "",
    })
    if hero.trait and hero.trait in beats["traits"]:
        ctx["h_trait_short"], ctx["h_trait_long"] = (
            _prefill(t, {"H": hero.name}) for t in beats["traits"][hero.trait])
    elif hero.trait:
        ctx["h_trait_short"] = ctx["h_trait_long"] = _prefill(beats["trait_line"], {"H": hero.name, "trait": hero.trait})
    destination = _fill(story.plot.destination, ctx) if story.plot.destination else None
    if destination:
        ctx["destination"] = destination[:1].lower() + destination[1:]
    return ctx


def _companion_context(ctx: dict[str, str], actor: _Actor | None, rel_default: str = "friend") -> None:
    if actor is None:
        return
    nocturnal = actor.species in data.words()["nocturnal"]
    ctx.update({
        "F": actor.name, "Fs": _possessive(actor.name), "f": actor.epithets[0],
        "f_looks": actor.looks, "f_with": actor.features, "f_feature_verb": actor.feature_verb,
        "f_home": actor.kind.home, "f_move": actor.kind.move, "f_limb": actor.kind.limb,
        "f_gift": actor.kind.gift, "f_face": data.body(actor.kind)["face"],
        "rel": data.words()["roles"].get(actor.role, rel_default),
        "f_night": _prefill(data.beats()["night_line"], {"F": actor.name}) if nocturnal else "",
    })


def _critter_context(ctx: dict[str, str], critter: str, as_helper: bool) -> None:
    if not critter:
        return
    if ctx.get("if_young") and _species_in(critter):
        critter = _with_article(_species_in(critter))  # board books: "the rabbit" keeps lines short
    species = _species_in(critter)
    kind = data.kind_of(species)
    ctx.update({"critter": critter, "critter_the": _the(critter), "c_move": kind.move})
    if as_helper:  # a creature met on the way gives the advice a companion would
        ctx.update({"F": _the(critter), "Fs": _the(critter) + "'s", "f": _the(critter),
                    "f_limb": kind.limb, "f_gift": kind.gift, "f_face": data.body(kind)["face"]})


# Extra lines for pages that are still short of the age group's minimum (mostly
# for 6-12 readers): thoughts that fit where the story is, a companion's small
# gestures, and sounds of the place (data/fillers.yaml, data/facts.yaml).
# Beats where a companion is around to talk:
_WITH_COMPANIONS = frozenset({"meet", "goal", "helper", "comfort", "play", "snack", "setoff", "journey",
                              "low", "turn", "success", "joy", "thanks", "moral"})


def _fact_lines(story: _Story, beat: _Beat) -> list[str]:
    if beat.kind not in ("intro", "life", "meet", "play", "journey", "snack", "setoff", "cameo", "helper"):
        return []  # a fun fact in the middle of a worry or a hug would jar
    tags = ["general", story.world.place.noun, story.world.place.key]
    tags += [story.world.weather.word] if story.world.weather else []
    tags += [a.species for a in [story.hero] + story.companions]
    tags += ["night"] if beat.time in ("evening", "night") or story.plot.night else []
    table = data.facts()
    facts: list[str] = []
    for tag in tags:
        facts.extend(f for f in table["facts"].get(tag, ()) if f not in facts)
    story.rng.shuffle(facts)
    replies = table["replies"]
    out = []
    for i, fact in enumerate(facts):
        if (story.companions or story.buddy) and beat.kind in _WITH_COMPANIONS:
            reply = replies[(i + story.rng.randrange(len(replies))) % len(replies)]
            out.append(_prefill(table["shared"], {"fact": fact, "reply": reply}))
        else:
            out.append(_prefill(table["remembered"], {"fact": fact}))
    return out


def _fillers(story: _Story, beat: _Beat) -> list[tuple[str, bool, str]]:
    """Lines to lengthen a short page, best first: (template, opens the page?, family).

    A family (one thought, one kind of creature vignette, one fact) is used at most
    once per book, so long books do not echo themselves. A page takes one scene
    line, then a fact, thoughts and gestures in turn; the rest is a safety net so
    every page reaches its age group's minimum.
    """
    world, rng, time = story.world, story.rng, beat.time
    table, times = data.fillers(), data.times()
    phase = table["phases"].get(beat.kind, "middle")
    late = time in ("evening", "night", "sunset")
    day_or_night = "night" if late else "day"
    sounds = [(t, True, t) for t in world.place.sounds_night if late] + \
             [(t, True, t) for t in world.place.sounds_day if not late]
    sounds += [(t, True, t) for t in (world.weather.details if world.weather else world.place.details)]
    vignettes = [(_prefill(table["vignette"], {"opener": rng.choice(table["vignette_openers"]),
                                               "critter": c, "doing": d}), True, d)
                 for c in story.critters for d in table["doings"][day_or_night]]
    looks = [(_prefill(t, {"thing": o}), True, o) for o in table["observations"][day_or_night] for t in table["looks"]]
    lights = [(_prefill(times["light_line"], {"light": light, "shine": verb, "surface": surface}), True, "")
              for light in times["lights"][time] for verb in times["shine"]
              for surface in list(_pool(world, "surfaces")) + ([beat.spot] if beat.spot else [])]
    scenes = [sounds, vignettes, looks, lights]
    for pool in scenes:
        rng.shuffle(pool)
    rng.shuffle(scenes)  # which kind of scene line opens this page
    thoughts = [(t, False, t) for t in table["thoughts"][phase]]
    if phase in ("calm", "middle", "happy"):
        thoughts += [(_prefill(table["memory_line"], {"memory": m}), False, m) for m in table["memories"]]
    gestures = [(t, False, t) for t in table["companion_lines"][phase]] if beat.kind in _WITH_COMPANIONS else []
    facts = [(t, False, t.split('"')[1] if '"' in t else t) for t in _fact_lines(story, beat)]
    for pool in (thoughts, gestures):
        rng.shuffle(pool)
    best = [pool[0] for pool in scenes if pool][:1]
    best += facts[:1] + thoughts[:1] + gestures[:1] + thoughts[1:2] + gestures[1:2]
    # The safety net takes one line from each pool in turn, so no page gets a run of one kind.
    pools = scenes + [thoughts, facts, gestures]
    rest = [pool[i] for i in range(max(map(len, pools))) for pool in pools if i < len(pool)]
    return best + rest


def _page_context(story: _Story, base: Mapping[str, str], beat: _Beat) -> dict[str, str]:
    ctx = dict(base)
    rng = story.rng
    ctx["h"] = rng.choice(story.hero.epithets)
    # Pages that carry on a conversation must not open with birdsong.
    ctx["scene_lead"] = "" if beat.kind in ("success", "turn", "thanks", "moral", "worry", "comfort") else "1"
    times = data.times()
    openers = times["openers"][beat.time]
    story.opener_count[beat.time] = story.opener_count.get(beat.time, rng.randrange(len(openers))) + 1
    ctx["time_open"] = openers[story.opener_count[beat.time] % len(openers)]
    ctx["sky"] = times["skies"][beat.time]
    ctx["spot"] = beat.spot
    ctx["dark_spot"] = rng.choice(_pool(story.world, "dark_spots"))
    companion = story.companions[beat.companion] if 0 <= beat.companion < len(story.companions) else (
        story.companions[0] if story.companions else None)
    _companion_context(ctx, companion)
    if companion is None and story.buddy:
        _critter_context(ctx, story.buddy, True)
    _critter_context(ctx, beat.critter or story.bystander, beat.kind == "cameo")
    giver = story.companions[0] if story.companions else None
    buddy_kind = data.kind_of(_species_in(story.buddy))
    ctx["G"] = giver.name if giver else _the(story.buddy)
    ctx["G_first"] = giver.name if giver else story.buddy  # first mention: "a kind ladybird"
    ctx["Gs"] = _possessive(giver.name) if giver else _the(story.buddy) + "'s"
    ctx["g_move"] = giver.kind.move if giver else buddy_kind.move
    games = _pool(story.world, "games")
    snacks = _pool(story.world, "snacks")
    ctx["game"] = games[rng.randrange(len(games))]
    ctx["snack"] = snacks[rng.randrange(len(snacks))]
    return ctx


def _moves_for(story: _Story, beat: _Beat, ctx: dict[str, str]) -> Moves:
    plot, shared = story.plot, data.beats()
    kind = beat.kind
    if kind in ("intro", "life", "setoff", "thanks"):
        return shared[kind]
    if kind == "meet":
        story.introduced.add(beat.companion)
        return shared["meet"]
    if kind in ("problem", "goal", "worry", "low", "turn", "success", "joy", "ending"):
        return getattr(plot, kind)
    if kind == "try":
        return plot.tries[beat.index % len(plot.tries)]
    if kind == "helper":
        moves = plot.ideas[beat.index]
        if story.companions and beat.companion not in story.introduced:
            story.introduced.add(beat.companion)
            return shared["helper_intro"] + moves
        return moves
    if kind == "comfort":
        return plot.comforts[beat.index % len(plot.comforts)] if plot.comforts else shared["comfort"]
    if kind == "cameo":
        meeting = shared["cameo_again" if beat.again else "cameo"]
        if beat.index >= 0:
            return meeting[:1] + plot.ideas[beat.index]
        return meeting + _nth(shared["plain_cameos"], -1 - beat.index)
    if kind in ("play", "snack"):
        return _nth(shared[kind], beat.index)
    if kind == "journey":
        return _nth(shared["journeys"], beat.index)
    return ()


def _nth(episodes: tuple[Moves, ...], index: int) -> Moves:
    """Episodes in turn; a book longer than the list starts it again."""
    return episodes[index % len(episodes)]


def _focus_moves(story: _Story, beat: _Beat, ctx: dict[str, str], counter: int) -> Moves:
    """Counting, colours or shapes for pages marked to carry the educational focus."""
    age = story.brief.age_group
    who = ctx["H"]
    if story.focus == "counting":
        items = list(_pool(story.world, "count_items"))
        if beat.time in ("evening", "night"):
            items.insert(0, "stars")
        fresh = [i for i in items if i not in story.counted] or items
        item = fresh[counter % len(fresh)] if fresh is items else fresh[0]
        story.counted.add(item)
        top = _count_to(story.brief.educational_focus, age)
        marks = [max(2, round(top * f)) for f in (0.3, 0.5, 0.7, 1.0, 0.4, 0.6, 0.8, 0.9)]
        return _count_moves(item, marks[counter % len(marks)], MAX_SENTENCE_WORDS[age], who)
    table = data.focus()
    spot = ctx["spot"] or table["no_spot"]
    if story.focus == "colours":
        # (what is seen, the colour named out loud) for one coloured thing per page
        things: list[tuple[tuple[str, ...], str]] = []
        for thing in _pool(story.world, "colour_things"):
            colour = next((c for c in data.words()["colours"] if f" {c} " in f" {thing} "), "")
            things.append((tuple(_prefill(t, {"H": who, "thing": thing, "spot": spot}) for t in table["colour_seen"]),
                           colour))
        for actor in [story.hero] + story.companions:
            for colour, part in actor.colours:
                verb = "were" if part.endswith("s") and part not in ("fur",) else "was"
                slots = {"whose": _possessive(actor.name), "part": part, "verb": verb, "colour": colour}
                things.insert(1, (tuple(_prefill(t, slots) for t in table["colour_worn"]), colour))
        seen, colour = things[counter % len(things)]
        said = tuple(_prefill(t, {"Colour": colour.capitalize(), "colour": colour, "H": who})
                     for t in table["colour_said"]) if colour else ("",)
        return Move(seen), Move(said, False)
    if story.focus == "shapes":
        shape, thing = list(table["shapes"].items())[counter % len(table["shapes"])]
        slots = {"H": who, "thing": thing, "shape": shape, "spot": spot}
        return (Move(tuple(_prefill(t, slots) for t in table["shape_found"])),
                Move(tuple(_prefill(t, slots) for t in table["shape_said"])))
    return ()


def _illustration(story: _Story, beat: _Beat, ctx: Mapping[str, str], text: str, first: bool) -> str:
    names = [story.hero.name] + [c.name for c in story.companions if c.name and c.name in text]
    if story.buddy and _the(story.buddy).lower() in text.lower():
        names.append(story.buddy)
    shown = _join(names)
    shared = data.beats()
    spot = beat.spot or shared["picture_spot"]
    actions = dict(shared["pictures"])
    actions.update(story.plot.pictures)
    values = dict(ctx)
    values.update({"who": shown, "spot": spot})
    if "critter" not in values:
        values["critter"] = shared["picture_critter"]
    template = actions.get(f"{beat.kind}{beat.index}" if beat.kind == "try" else beat.kind,
                           actions.get(beat.kind, shared["picture_default"]))
    action = _fill(template, values) or _fill(shared["picture_default"], values) or shown
    action = action[:1].upper() + action[1:]
    where = story.world.in_a_setting if first else story.world.in_setting
    if story.world.noun not in where.lower():  # "Paris": still give the drawer a scene word
        where = f"{where}, near a {story.world.noun}"
    weather = story.world.weather.word if story.world.weather else (
        story.world.place.weather or "")
    scene = f"{action}, {where}, {data.times()['scenes'][beat.time]}"
    if beat.kind == "ending" and "home" not in scene:
        scene += ", cosy home"
    if weather and weather not in scene:
        scene += f", {weather} all around"
    return scene + "."


def _assign_places(story: _Story, beats: list[_Beat]) -> None:
    """Landmarks in seeded order, so the journey keeps moving to new places."""
    landmarks = list(_pool(story.world, "landmarks"))
    story.rng.shuffle(landmarks)
    critters = list(story.critters)
    c = 0
    for i, beat in enumerate(beats):
        beat.spot = landmarks[i % len(landmarks)]
        if beat.kind == "cameo":
            beat.critter = critters[c % len(critters)]
            beat.again = c >= len(critters)  # met before: the text says so
            c += 1
        if beat.kind in ("success", "joy", "moral") and story.plot.destination == "{lookout}":
            beat.spot = story.world.lookout


def _pick_critters(world: _World, cast: Sequence[_Actor], rng: random.Random) -> tuple[list[str], str, str]:
    taken = {a.species for a in cast}
    critters = [c for c in _pool(world, "critters") if _species_in(c) not in taken]
    rng.shuffle(critters)
    smalls = [s for s in world.place.smalls if s not in taken] or ["mouse"]
    small = f"a tiny {smalls[0]}" if smalls[0] not in ("bunny", "chick", "duckling") else f"a little {smalls[0]}"
    newcomer_animal = smalls[1] if len(smalls) > 1 else "hedgehog"
    newcomer = f"a shy little {newcomer_animal}"
    critters = [c for c in critters if _species_in(c) not in (smalls[0], newcomer_animal)] or critters
    return critters or ["a little bird"], small, newcomer


def _ensure_names(story: _Story, pages: list[list[str]], beats: list[_Beat], writer: _Writer) -> None:
    """Every named character must appear in the text: add "X came along too." where there is room.

    Busy short books (five friends in a four-page board book) spread the names over
    several pages, and may give up a page's last optional line to make room.
    """
    text = " ".join(" ".join(p) for p in pages)
    missing = [c.name for c in story.companions if c.name and c.name not in text]
    order = sorted(range(len(pages)), key=lambda i: (beats[i].kind not in ("joy", "thanks", "success", "meet"), i))
    named: set[int] = set()  # pages that already carry a names line keep it
    for drop in (False, True):
        for i in order:
            if not missing:
                return
            sentences = pages[i]
            if i in named or (drop and (len(sentences) < 2 or beats[i].kind in ("moral", "ending"))):
                continue
            kept = sentences[:-1] if drop else sentences
            room = writer.page_max - len(_words(" ".join(kept)))
            fit = _names_line(missing, min(room, writer.max_sentence), writer)
            if fit:
                line, placed = fit
                pages[i] = kept + [line]
                named.add(i)
                writer.take(line)
                missing = [n for n in missing if n not in placed]
    if missing:  # nowhere to put them: the names matter more than the word band
        pages[-1].append(_prefill(data.beats()["names_lines"][0], {"names": _join(missing)}))


def _names_line(names: list[str], room: int, writer: _Writer) -> tuple[str, list[str]] | None:
    """The longest run of names that fits in `room` words as a fresh sentence."""
    for count in range(len(names), 0, -1):
        group = names[:count]
        for pattern in data.beats()["names_lines"]:
            if count > 1 and "was" in pattern:
                pattern = pattern.replace("was", "were")
            line = _prefill(pattern, {"names": _join(group)})
            if len(_words(line)) <= room and _key(line) not in writer.used:
                return line, group
    return None


def _tidy(brief: StoryBrief) -> StoryBrief:
    """Missing fields arrive as None from some specs; the writer treats them as empty."""
    chars = tuple(Character(*(str(v or "").strip() for v in (c.name, c.role, c.description, c.visual)))
                  for c in (brief.characters or ()))
    text = {k: str(getattr(brief, k) or "").strip()
            for k in ("title", "theme", "educational_focus", "moral", "setting", "seed")}
    return replace(brief, characters=chars, **text)


def _prepare(brief: StoryBrief) -> _Story:
    """Cast, world and plot for a brief; all seeded randomness starts here."""
    rng = random.Random(_seed_int("offline-story-v1", brief.title, brief.seed))
    chars = [c for c in brief.characters if (c.name or "").strip()]
    if not chars:
        chars = [_invent_hero(brief.title, rng)]
    hero_index = next((i for i, c in enumerate(chars) if (c.role or "").strip().lower() in
                       ("hero", "heroine", "protagonist", "main", "main character")), 0)
    hero = _actor(chars[hero_index], _species_in(brief.title))
    companions = [_actor(c) for i, c in enumerate(chars) if i != hero_index]
    world = _world(brief.setting)
    plot = _plot_for(brief, hero, rng)
    critters, small, newcomer = _pick_critters(world, [hero] + companions, rng)
    moral = brief.moral.strip() or (plot.moral_short if brief.age_group == "0-2" else plot.moral)
    buddy = "" if companions else critters.pop(0)
    if not critters:
        critters.append("a little bird")
    bystander = critters.pop() if len(critters) > 2 else critters[-1]
    return _Story(brief, rng, hero, companions, world, plot, moral,
                  _focus_kind(brief.educational_focus), critters, small, newcomer, buddy, bystander)


def write_story(brief: StoryBrief, pages: int) -> list[StoryPage]:
    """Exactly `pages` story pages (pages >= 4; raise ValueError with a clear message otherwise)."""
    if not isinstance(pages, int) or isinstance(pages, bool) or pages < MIN_PAGES:
        raise ValueError(f"a story needs at least {MIN_PAGES} pages (beginning, problem, turning point, "
                         f"ending); got {pages!r}")
    if brief.age_group not in AGE_GROUPS:
        raise ValueError(f"unknown age group {brief.age_group!r}; expected one of {', '.join(AGE_GROUPS)}")
    brief = _tidy(brief)
    story = _prepare(brief)
    # The oldest readers' long pages take two middle episodes where the story has them.
    layout = _plan(pages, len(story.companions) or (1 if story.buddy else 0), story.plot,
                   2 if brief.age_group == "9-12" else 1, len(story.critters), len(story.companions))
    flat = [beat for group in layout for beat in group]
    _assign_times(flat, story.plot.night, pages == MIN_PAGES)
    for group in layout:
        for extra in group[1:]:
            extra.time = group[0].time  # one page, one moment
    _assign_places(story, flat)
    beats = [group[0] for group in layout]
    _focus_pages(beats, story.focus)

    writer = _Writer(brief, story.rng)
    base = _base_context(story)
    texts: list[list[str]] = []
    contexts: list[dict[str, str]] = []
    focus_counter = 0
    for group in layout:
        beat = group[0]
        segments = []
        for part in group:
            ctx = _page_context(story, base, part)
            if part is not beat:
                ctx.pop("time_open", None)  # the page's first beat already said when
            moves = _moves_for(story, part, ctx)
            forced: list[tuple[int, str]] = []
            if part.kind == "moral":
                moves, forced = _moral_page(story, ctx, writer, pages == MIN_PAGES)
            if part is beat and beat.focus:
                extra = _focus_moves(story, beat, ctx, focus_counter)
                focus_counter += 1
                at = 1 if beat.kind in _LOOSE_BEATS else len(moves)
                moves = moves[:at] + extra + moves[at:]
            segments.append((moves, ctx, forced))
        # Filler lines follow the page's last beat, so they are chosen for it.
        texts.append(writer.compose(segments, lambda last=group[-1]: _fillers(story, last), segments[0][1]))
        contexts.append(segments[0][1])

    _ensure_names(story, texts, beats, writer)
    result = []
    for number, (beat, sentences, ctx) in enumerate(zip(beats, texts, contexts)):
        text = _paragraphs(sentences, brief.age_group)
        result.append(StoryPage(text=text, illustration=_illustration(story, beat, ctx, text, number == 0)))
    return result


def _moral_page(story: _Story, ctx: dict[str, str], writer: _Writer,
                last: bool) -> tuple[Moves, list[tuple[int, str]]]:
    """The moral in the brief's own words, spoken by a companion or realised by the hero."""
    moral_text = " ".join(_moral_sentences(story.moral, writer.max_sentence))
    shared = data.beats()
    lead = shared["moral_lead"]
    if story.companions and story.rng.random() < 0.5:
        moral_text = f'"{moral_text}"'
        lead = tuple(v for v in lead if "{F}" in v)
    else:
        lead = tuple(v for v in lead if "{F}" not in v)
    # Slot 1 holds the moral itself: it is "forced" so no length filter can drop it.
    moves: list[Move] = [Move(lead), Move(("",))]
    if last:  # four-page books: the moral page is also the ending
        moves += list(story.plot.ending)
    else:
        moves += list(shared["moral_nod"])
    return tuple(moves), [(1, moral_text)]
