"""Choosing the plot for a brief, and filling in the courage and quest plots' own slots.

Most plots are used as data/plots/*.yaml has them. The courage plot is put
together from its frame (plots/courage.yaml) and the hero's fear
(fears.yaml); the quest plot takes the theme word itself.
"""

from __future__ import annotations

import random
import re
from dataclasses import fields, replace
from typing import Any, Mapping

from . import data
from .model import Actor, Fear, Move, Plot, StoryBrief
from .text import prefill


def _prefilled(value: Any, values: Mapping[str, str]) -> Any:
    """`value` (a plot, a fear, moves or a template) with its plot-time slots filled."""
    if isinstance(value, str):
        return prefill(value, values)
    if isinstance(value, tuple):
        return tuple(_prefilled(v, values) for v in value)
    if isinstance(value, dict):
        return {k: _prefilled(v, values) for k, v in value.items()}
    if isinstance(value, (Move, Plot, Fear)):
        return replace(value, **{f.name: _prefilled(getattr(value, f.name), values) for f in fields(value)})
    return value


def _courage_plot(fear: str) -> Plot:
    """A courage plot around one fear ("the dark"): the frame in plots/courage.yaml, the rest from fears.yaml."""
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


def plot_for(brief: StoryBrief, hero: Actor, rng: random.Random) -> Plot:
    """The hero's fear picks the plot first, then the theme; with no theme, the hero, title or focus may."""
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
