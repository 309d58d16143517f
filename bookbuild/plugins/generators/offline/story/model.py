"""The story writer's types.

StoryBrief and StoryPage are what the writer trades in; Kind, Place, Weather,
Move, Plot and Fear are what the data files load into (data.py); Actor, World,
Beat and Story are one story in the making: its cast, its setting, its page
plan and everything the writer has decided so far.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Mapping

from bookbuild import reading
from bookbuild.spec.model import Character  # the book's own character type

__all__ = ["AGE_GROUPS", "MAX_SENTENCE_WORDS", "MIN_PAGES", "Character", "StoryBrief", "StoryPage"]

# The age tables are shared with the reading-level check (bookbuild/reading.py),
# so the writer and the checker can never disagree.
AGE_GROUPS: dict[str, tuple[int, int]] = reading.WORDS_PER_PAGE
MAX_SENTENCE_WORDS: dict[str, int] = reading.MAX_SENTENCE_WORDS

MIN_PAGES = 4  # beginning, problem, turning point, ending: fewer is not a story

# Sentence lengths each age group should mostly get. Older readers get the
# longer variants so their pages do not read as a chain of baby sentences.
PREFERRED_MIN_WORDS: dict[str, int] = {"0-2": 1, "3-5": 5, "6-8": 9, "9-12": 11}


@dataclass(frozen=True)
class StoryBrief:
    title: str
    age_group: str  # one of AGE_GROUPS
    characters: tuple[Character, ...]
    theme: str = ""  # "courage", "friendship", "sharing", ...
    educational_focus: str = ""  # "counting to ten", "colours", "kindness", ""
    moral: str = ""  # "Being brave means doing it even when you feel scared."
    setting: str = ""  # "a snowy forest"
    seed: str = ""  # extra variation; the title is always part of the seed
    description: str = ""  # the book's blurb: what it promises, the story keeps (the treasure)


@dataclass(frozen=True)
class StoryPage:
    text: str  # Markdown: plain sentences, paragraphs separated by a blank line
    illustration: str  # who is shown (by name), the scene, the place and time of day


# ---------------------------------------------------------------------------
# What the data files hold (data/*.yaml, loaded by data.py).

@dataclass(frozen=True)
class Kind:
    """A kind of creature (data/kinds.yaml)."""

    move: str  # how it gets about: "trotted", "flew"
    limb: str  # what it holds out: "paw", "wing"
    home: str
    home_short: str
    gift: str  # what it is good at, for introductions
    coat: str  # "fur", "feathers": what a colour word on the species colours


@dataclass(frozen=True)
class Place:
    """What a setting holds, for text and for the illustrator's scene words (data/places.yaml)."""

    key: str  # "pond"
    noun: str  # the word an illustrator keys the scene on: "river"
    landmarks: tuple[str, ...]
    lookout: str  # a high place to reach: "the top of the tall hill"
    critters: tuple[str, ...]  # helpers met along the way
    smalls: tuple[str, ...]  # small creatures who may need the hero's help
    surfaces: tuple[str, ...]  # what light falls on
    sounds_day: tuple[str, ...]
    sounds_night: tuple[str, ...]
    activities: tuple[str, ...]  # "-ing" phrases the hero loves
    games: tuple[str, ...]
    snacks: tuple[str, ...]
    count_items: tuple[str, ...]
    colour_things: tuple[str, ...]
    dark_spots: tuple[str, ...]
    water: str
    ground: str
    small_sound: str
    party: str
    treasure: str
    project: str  # something big to build together
    details: tuple[str, ...] = ()  # weather lines
    weather: str = ""  # scene word for the illustrator: "snow"


@dataclass(frozen=True)
class Weather:
    """A season or weather a setting word switches on (data/weather.yaml)."""

    words: tuple[str, ...]  # setting words that switch it on
    word: str  # illustrator's scene word
    surfaces: tuple[str, ...]
    details: tuple[str, ...]
    activities: tuple[str, ...]
    games: tuple[str, ...]
    snacks: tuple[str, ...]
    count_items: tuple[str, ...]
    colour_things: tuple[str, ...]
    landmarks: tuple[str, ...]
    ground: str = ""
    water: str = ""
    small_sound: str = ""
    party: str = ""
    treasure: str = ""
    project: str = ""
    lookout_word: str = ""


@dataclass(frozen=True)
class Move:
    """One sentence slot with a few templates of different lengths."""

    variants: tuple[str, ...]
    essential: bool = True  # "need:" in the data files; optional moves are "may:"


Moves = tuple[Move, ...]


@dataclass(frozen=True)
class Plot:
    key: str
    moral: str  # used when the brief gives none
    moral_short: str  # the same for board books (8 words or fewer)
    night: bool  # does the climax happen at night (so the book ends next morning)?
    problem: Moves
    goal: Moves
    worry: Moves
    tries: tuple[Moves, ...]
    ideas: tuple[Moves, ...]
    comforts: tuple[Moves, ...]
    low: Moves
    turn: Moves
    success: Moves
    joy: Moves
    ending: Moves
    pictures: Mapping[str, str]  # beat kind -> illustration action
    destination: str = ""  # where the journey leads, for "on the way to ..." lines
    feeling: str = "worried"  # the hero's feeling before the turning point


@dataclass(frozen=True)
class Fear:
    """What facing one fear looks like in a courage plot (data/fears.yaml)."""

    key: str
    words: tuple[str, ...]
    night: bool
    goal: Moves
    want: str  # "see the stars from {lookout}"
    want_short: str  # "see the stars": for board books
    tries: tuple[Moves, ...]
    ideas: tuple[Moves, ...]
    low: Moves
    success: Moves
    joy: Moves
    ending: Moves
    pictures: Mapping[str, str]
    destination: str
    problem: Moves = ()  # extra problem lines; else the courage plot's own


# ---------------------------------------------------------------------------
# One story in the making: the cast and world read from the brief (cast.py),
# the page plan (plan.py) and the story the writer works on (writer.py).

@dataclass(frozen=True)
class Actor:
    """A character as the story sees them."""

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


@dataclass(frozen=True)
class World:
    setting: str  # "a snowy forest", as the brief says it (or invented)
    the_setting: str  # "the snowy forest"
    in_setting: str  # "in the snowy forest"
    in_a_setting: str  # "in a snowy forest"
    place: Place
    noun: str  # illustrator word: "forest"
    weather: Weather | None
    lookout: str


@dataclass
class Beat:
    kind: str
    companion: int = -1  # index into companions, -1 for none
    index: int = 0  # which try/idea/comfort
    time: str = "morning"
    focus: bool = False  # weave the educational focus into this page
    spot: str = ""
    critter: str = ""
    again: bool = False  # the creature on this page was met earlier in the book


@dataclass
class Story:
    brief: StoryBrief
    rng: random.Random
    hero: Actor
    companions: list[Actor]
    world: World
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
