"""Extra lines for pages still short of the age group's minimum (mostly for 6-12 readers).

Thoughts that fit where the story is, a companion's small gestures, facts,
and scene lines: sounds of the place, creatures, things noticed, light
(data/fillers.yaml, data/facts.yaml).
"""

from __future__ import annotations

from typing import Mapping

from . import data
from .cast import world_list
from .model import Beat, Story
from .text import prefill

# A filler line: (template, its first-step values, may it open the page?, family).
# The first step waits until the writer reaches the line: most are never used.
Filler = tuple[str, Mapping[str, str], bool, str]

# Beats where a companion is around to talk.
_WITH_COMPANIONS = frozenset({"meet", "goal", "helper", "comfort", "play", "snack", "setoff", "journey",
                              "low", "turn", "success", "joy", "thanks", "moral"})


def _fact_lines(story: Story, beat: Beat) -> list[str]:
    """Facts for this page's place, weather, cast and time, shared by a companion or remembered."""
    if beat.kind not in ("intro", "life", "meet", "play", "journey", "snack", "setoff", "cameo", "helper"):
        return []  # a fun fact in the middle of a worry or a hug would jar
    tags = ["general", story.world.place.noun, story.world.place.key]
    tags += [story.world.weather.word] if story.world.weather else []
    tags += [a.species for a in [story.hero] + story.companions]
    tags += ["night"] if beat.time in ("evening", "night") or story.plot.night else []
    table = data.read("facts.yaml")
    facts: list[str] = []
    for tag in tags:
        facts.extend(f for f in table["facts"].get(tag, ()) if f not in facts)
    story.rng.shuffle(facts)
    replies = table["replies"]
    out = []
    for i, fact in enumerate(facts):
        if (story.companions or story.buddy) and beat.kind in _WITH_COMPANIONS:
            reply = replies[(i + story.rng.randrange(len(replies))) % len(replies)]
            out.append(prefill(table["shared"], {"fact": fact, "reply": reply}))
        else:
            out.append(prefill(table["remembered"], {"fact": fact}))
    return out


def filler_lines(story: Story, beat: Beat) -> list[Filler]:
    """Lines to lengthen a short page, best first.

    A family (one thought, one kind of creature vignette, one fact) is used at most
    once per book, so long books do not echo themselves. A page takes one scene
    line, then a fact, thoughts and gestures in turn; the rest is a safety net so
    every page reaches its age group's minimum.
    """
    world, rng, time = story.world, story.rng, beat.time
    table, times = data.read("fillers.yaml"), data.read("time.yaml")
    phase = table["phases"].get(beat.kind, "middle")
    late = time in ("evening", "night", "sunset")
    day_or_night = "night" if late else "day"
    sounds: list[Filler] = [(t, {}, True, t) for t in world.place.sounds_night if late] + \
                           [(t, {}, True, t) for t in world.place.sounds_day if not late]
    sounds += [(t, {}, True, t) for t in (world.weather.details if world.weather else world.place.details)]
    vignettes: list[Filler] = [
        (table["vignette"], {"opener": rng.choice(table["vignette_openers"]), "critter": c, "doing": d}, True, d)
        for c in story.critters for d in table["doings"][day_or_night]]
    looks: list[Filler] = [(t, {"thing": o}, True, o)
                           for o in table["observations"][day_or_night] for t in table["looks"]]
    lights: list[Filler] = [
        (times["light_line"], {"light": light, "shine": verb, "surface": surface}, True, "")
        for light in times["lights"][time] for verb in times["shine"]
        for surface in list(world_list(world, "surfaces")) + ([beat.spot] if beat.spot else [])]
    scenes = [sounds, vignettes, looks, lights]
    for pool in scenes:
        rng.shuffle(pool)
    rng.shuffle(scenes)  # which kind of scene line opens this page
    thoughts: list[Filler] = [(t, {}, False, t) for t in table["thoughts"][phase]]
    if phase in ("calm", "middle", "happy"):
        thoughts += [(table["memory_line"], {"memory": m}, False, m) for m in table["memories"]]
    gestures: list[Filler] = [(t, {}, False, t) for t in table["companion_lines"][phase]] \
        if beat.kind in _WITH_COMPANIONS else []
    facts: list[Filler] = [(t, {}, False, t.split('"')[1] if '"' in t else t) for t in _fact_lines(story, beat)]
    for pool in (thoughts, gestures):
        rng.shuffle(pool)
    best = [pool[0] for pool in scenes if pool][:1]
    best += facts[:1] + thoughts[:1] + gestures[:1] + thoughts[1:2] + gestures[1:2]
    # The safety net takes one line from each pool in turn, so no page gets a run of one kind.
    pools = scenes + [thoughts, facts, gestures]
    rest = [pool[i] for i in range(max(map(len, pools))) for pool in pools if i < len(pool)]
    return best + rest
