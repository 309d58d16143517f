"""The values a page's templates are filled from: {H}, {F}, {spot}, {time_open}, ..."""

from __future__ import annotations

import re
from typing import Mapping

from . import data
from .cast import species_in, world_list, world_value
from .model import Actor, Beat, Story
from .text import fill, join_names, possessive, prefill, the, with_article


def promised_thing(description: str) -> str:
    """What the description says the hero finds or gets ("a basket of ripe plums"), or ""."""
    words = data.read("words.yaml")
    verbs = "|".join(re.escape(v) for v in sorted(words["found_verbs"], key=len, reverse=True))
    stops = "|".join(re.escape(w) for w in words["found_stops"])
    m = re.search(rf"\b(?:{verbs})\s+((?:an?|some)\s+(?:(?!\b(?:{stops})\b)[a-z'-]+\s*){{1,6}})", description, re.I)
    return m.group(1).strip().rstrip(",.;:!?") if m else ""


def base_context(story: Story) -> dict[str, str]:
    """The values every page shares: hero, cast, world and plot."""
    hero, world = story.hero, story.world
    treasure = promised_thing(story.brief.description) or world_value(world, "treasure")  # the blurb's, if it names one
    friends = [c.name for c in story.companions] or ([the(story.buddy)] if story.buddy else [])
    activities = list(world_list(world, "activities"))
    story.rng.shuffle(activities)
    shared = data.read("beats.yaml")
    fallback = shared["fallbacks"]
    body = data.body(hero.kind)
    ctx = dict(shared["slot_words"])
    ctx.update({
        "H": hero.name, "Hs": possessive(hero.name),
        "h_looks": "" if hero.species and hero.species in hero.name.lower() else (hero.looks or fallback["h_looks"]),
        "h_with": hero.features, "h_feature_verb": hero.feature_verb,
        "h_home": hero.kind.home, "home": hero.kind.home_short, "h_move": hero.kind.move,
        "h_limb": hero.kind.limb, "h_chest": body["chest"], "h_face": body["face"],
        "h_love": activities[-1] if activities else fallback["h_love"],
        "act1": activities[0] if activities else fallback["act1"],
        "act2": activities[1] if len(activities) > 1 else "",
        "h_likes": hero.likes,
        # Big casts: five names in a row make a sentence too long to read aloud.
        "all": (join_names([hero.name] + friends) if len(friends) <= 2
                else prefill(fallback["all"], {"H": hero.name})),
        "friends": join_names(friends) if len(friends) <= 4 else fallback["friends"],
        "pal": friends[0] if friends else "",
        "setting": world.setting, "the_setting": world.the_setting, "in_setting": world.in_setting,
        "in_a_setting": world.in_a_setting, "In_a_setting": world.in_a_setting[:1].upper() + world.in_a_setting[1:],
        "place": world.noun, "lookout": world.lookout,
        "lookout_short": "the " + world.lookout.split()[-1], "water": world_value(world, "water"),
        "ground": world_value(world, "ground"), "small_sound": world_value(world, "small_sound"),
        "party": world_value(world, "party"), "treasure": treasure, "treasure_the": the(treasure),
        "project": world_value(world, "project"),
        "small": story.small, "small_the": the(story.small),
        "newcomer": story.newcomer, "newcomer_the": the(story.newcomer),
        "fear": hero.fear, "moral": story.moral, "feeling": story.plot.feeling,
        "if_young": "1" if story.brief.age_group == "0-2" else "",
    })
    if hero.trait and hero.trait in shared["traits"]:
        ctx["h_trait_short"], ctx["h_trait_long"] = (
            prefill(t, {"H": hero.name}) for t in shared["traits"][hero.trait])
    elif hero.trait:
        line = prefill(shared["trait_line"], {"H": hero.name, "trait": hero.trait})
        ctx["h_trait_short"] = ctx["h_trait_long"] = line
    destination = fill(story.plot.destination, ctx) if story.plot.destination else None
    if destination:
        ctx["destination"] = destination[:1].lower() + destination[1:]
    return ctx


def _companion_context(ctx: dict[str, str], actor: Actor | None, rel_default: str = "friend") -> None:
    if actor is None:
        return
    nocturnal = actor.species in data.read("words.yaml")["nocturnal"]
    ctx.update({
        "F": actor.name, "Fs": possessive(actor.name), "f": actor.epithets[0],
        "f_looks": actor.looks, "f_with": actor.features, "f_feature_verb": actor.feature_verb,
        "f_home": actor.kind.home, "f_move": actor.kind.move, "f_limb": actor.kind.limb,
        "f_gift": actor.kind.gift, "f_face": data.body(actor.kind)["face"],
        "rel": data.read("words.yaml")["roles"].get(actor.role, rel_default),
        "f_night": prefill(data.read("beats.yaml")["night_line"], {"F": actor.name}) if nocturnal else "",
    })


def _critter_context(ctx: dict[str, str], critter: str, as_helper: bool) -> None:
    if not critter:
        return
    if ctx.get("if_young") and species_in(critter):
        critter = with_article(species_in(critter))  # board books: "the rabbit" keeps lines short
    species = species_in(critter)
    kind = data.kind_of(species)
    ctx.update({"critter": critter, "critter_the": the(critter), "c_move": kind.move})
    if as_helper:  # a creature met on the way gives the advice a companion would
        ctx.update({"F": the(critter), "Fs": the(critter) + "'s", "f": the(critter),
                    "f_limb": kind.limb, "f_gift": kind.gift, "f_face": data.body(kind)["face"]})


def page_context(story: Story, base: Mapping[str, str], beat: Beat) -> dict[str, str]:
    """The base values plus this page's: time of day, landmark, companion, creature met, game, snack."""
    ctx = dict(base)
    rng = story.rng
    ctx["h"] = rng.choice(story.hero.epithets)
    # Pages that carry on a conversation must not open with birdsong.
    ctx["scene_lead"] = "" if beat.kind in ("success", "turn", "thanks", "moral", "worry", "comfort") else "1"
    times = data.read("time.yaml")
    openers = times["openers"][beat.time]
    story.opener_count[beat.time] = story.opener_count.get(beat.time, rng.randrange(len(openers))) + 1
    ctx["time_open"] = openers[story.opener_count[beat.time] % len(openers)]
    ctx["sky"] = times["skies"][beat.time]
    ctx["time"] = beat.time  # the Writer keeps words of another time of day off the page
    ctx["spot"] = beat.spot
    ctx["dark_spot"] = rng.choice(world_list(story.world, "dark_spots"))
    companion = story.companions[beat.companion] if 0 <= beat.companion < len(story.companions) else (
        story.companions[0] if story.companions else None)
    _companion_context(ctx, companion)
    if companion is None and story.buddy:
        _critter_context(ctx, story.buddy, True)
    _critter_context(ctx, beat.critter or story.bystander, beat.kind == "cameo")
    giver = story.companions[0] if story.companions else None
    buddy_kind = data.kind_of(species_in(story.buddy))
    ctx["G"] = giver.name if giver else the(story.buddy)
    ctx["G_first"] = giver.name if giver else story.buddy  # first mention: "a kind ladybird"
    ctx["Gs"] = possessive(giver.name) if giver else the(story.buddy) + "'s"
    ctx["g_move"] = giver.kind.move if giver else buddy_kind.move
    games = world_list(story.world, "games")
    snacks = world_list(story.world, "snacks")
    ctx["game"] = games[rng.randrange(len(games))]
    ctx["snack"] = snacks[rng.randrange(len(snacks))]
    return ctx
