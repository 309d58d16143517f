"""What each beat says and shows: its moves, the educational focus, the moral and the picture."""

from __future__ import annotations

import re
from typing import Mapping

from . import data
from .cast import world_list
from .model import MAX_SENTENCE_WORDS, Beat, Move, Moves, Story
from .text import fill, join_names, moral_sentences, possessive, prefill, the


def moves_for(story: Story, beat: Beat, ctx: dict[str, str]) -> Moves:
    """What a beat says: its plot's moves, or the ones every plot shares (data/beats.yaml)."""
    plot, shared = story.plot, data.read("beats.yaml")
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


def focus_kind(focus: str) -> str:
    """Which focus the brief asks for: counting, colours, shapes, or none ("")."""
    if re.search(r"\d", focus):
        return "counting"
    words = set(re.findall(r"[a-z]+", focus.lower()))
    return next((kind for kind, names in data.read("focus.yaml")["kinds"].items() if words & set(names)), "")


def _count_to(focus: str, age: str) -> int:
    digits = re.findall(r"\d+", focus)
    if digits:
        top = int(digits[-1])
    else:
        numbers = data.read("focus.yaml")["numbers"]
        words = re.findall(r"[a-z]+", focus.lower())
        top = max((numbers.index(w) for w in words if w in numbers), default=10 if age != "0-2" else 5)
    return max(3, min(20, top))


def _count_moves(items: str, number: int, max_words: int, who: str) -> Moves:
    """'One, two, three pine cones!', split into running totals that fit the sentence limit."""
    table = data.read("focus.yaml")
    numbers = list(table["numbers"][1: number + 1])
    tail = items.split()
    size = max(2, max_words - len(tail))
    lines = []
    for start in range(0, len(numbers), size):
        part = numbers[start: start + size]
        last = start + size >= len(numbers)
        text = ", ".join(part) + " " + items + ("!" if last else ".")
        lines.append(text[0].upper() + text[1:])
    intro = tuple(prefill(t, {"H": who, "items": items}) for t in table["count"])
    return Move(intro, False), Move((" ".join(lines),))


def focus_moves(story: Story, beat: Beat, ctx: dict[str, str], counter: int) -> Moves:
    """Counting, colours or shapes for pages marked to carry the educational focus."""
    age = story.brief.age_group
    who = ctx["H"]
    if story.focus == "counting":
        items = list(world_list(story.world, "count_items"))
        if beat.time in ("evening", "night"):
            items.insert(0, "stars")
        fresh = [i for i in items if i not in story.counted] or items
        item = fresh[counter % len(fresh)] if fresh is items else fresh[0]
        story.counted.add(item)
        top = _count_to(story.brief.educational_focus, age)
        marks = [max(2, round(top * f)) for f in (0.3, 0.5, 0.7, 1.0, 0.4, 0.6, 0.8, 0.9)]
        return _count_moves(item, marks[counter % len(marks)], MAX_SENTENCE_WORDS[age], who)
    table = data.read("focus.yaml")
    spot = ctx["spot"] or table["no_spot"]
    if story.focus == "colours":
        # (what is seen, the colour named out loud) for one coloured thing per page
        things: list[tuple[tuple[str, ...], str]] = []
        for thing in world_list(story.world, "colour_things"):
            colour = next((c for c in data.read("words.yaml")["colours"] if f" {c} " in f" {thing} "), "")
            seen = tuple(prefill(t, {"H": who, "thing": thing, "spot": spot}) for t in table["colour_seen"])
            things.append((seen, colour))
        for actor in [story.hero] + story.companions:
            for colour, part in actor.colours:
                verb = "were" if part.endswith("s") and part not in ("fur",) else "was"
                slots = {"whose": possessive(actor.name), "part": part, "verb": verb, "colour": colour}
                things.insert(1, (tuple(prefill(t, slots) for t in table["colour_worn"]), colour))
        seen, colour = things[counter % len(things)]
        said = tuple(prefill(t, {"Colour": colour.capitalize(), "colour": colour, "H": who})
                     for t in table["colour_said"]) if colour else ("",)
        return Move(seen), Move(said, False)
    if story.focus == "shapes":
        shape, thing = list(table["shapes"].items())[counter % len(table["shapes"])]
        slots = {"H": who, "thing": thing, "shape": shape, "spot": spot}
        return (Move(tuple(prefill(t, slots) for t in table["shape_found"])),
                Move(tuple(prefill(t, slots) for t in table["shape_said"])))
    return ()


def moral_page(story: Story, max_words: int, last: bool) -> tuple[Moves, list[tuple[int, str]]]:
    """The moral in the brief's own words, spoken by a companion or realised by the hero."""
    moral_text = " ".join(moral_sentences(story.moral, max_words))
    shared = data.read("beats.yaml")
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


def illustration(story: Story, beat: Beat, ctx: Mapping[str, str], text: str, first: bool) -> str:
    """A page's picture: who is shown (by name), doing what, where, and at what time of day."""
    names = [story.hero.name] + [c.name for c in story.companions if c.name and c.name in text]
    if story.buddy and the(story.buddy).lower() in text.lower():
        names.append(story.buddy)
    shown = join_names(names)
    shared = data.read("beats.yaml")
    spot = beat.spot or shared["picture_spot"]
    actions = dict(shared["pictures"])
    actions.update(story.plot.pictures)
    values = dict(ctx)
    values.update({"who": shown, "spot": spot})
    if "critter" not in values:
        values["critter"] = shared["picture_critter"]
    template = actions.get(f"{beat.kind}{beat.index}" if beat.kind == "try" else beat.kind,
                           actions.get(beat.kind, shared["picture_default"]))
    action = fill(template, values) or fill(shared["picture_default"], values) or shown
    action = action[:1].upper() + action[1:]
    where = story.world.in_a_setting if first else story.world.in_setting
    if story.world.noun not in where.lower():  # "Paris": still give the drawer a scene word
        where = f"{where}, near a {story.world.noun}"
    weather = story.world.weather.word if story.world.weather else (
        story.world.place.weather or "")
    when = data.read("time.yaml")["scenes"][beat.time]
    scene = f"{action}, {where}, {when}"
    if beat.kind == "ending" and "home" not in scene:
        scene += ", cosy home"
    if weather and weather not in scene:
        scene += f", {weather} all around"
    return scene + "."
