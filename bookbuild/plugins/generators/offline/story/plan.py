"""Planning: which beat goes on which page, at what time of day, and where."""

from __future__ import annotations

from . import data
from .cast import world_list
from .model import MIN_PAGES, Beat, Plot, Story

_OPENING_ORDER = ("intro", "life", "meet", "problem", "goal", "worry")
_CLOSING_ORDER = ("low", "turn", "success", "joy", "thanks", "moral", "ending")


def plan_pages(pages: int, companions: int, plot: Plot, per_page: int = 1, critters: int = 6,
               meets: int | None = None) -> list[list[Beat]]:
    """Beats for exactly `pages` pages: a fixed spine, optional beats by priority, middle episodes.

    Each page gets one beat; with per_page=2 (the oldest readers, whose pages are
    long) middle pages take a second episode while the story has fresh ones, so
    their length comes from story rather than from description.
    """
    if pages == MIN_PAGES:
        return [[Beat(k)] for k in ("intro", "problem", "turn", "moral")]
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
    opening: list[Beat] = []
    for kind in _OPENING_ORDER:
        if kind == "meet":
            opening.extend(Beat("meet", companion=i) for i in range(meet_count))
        elif kind in chosen:
            opening.append(Beat(kind))
    closing = [Beat(k) for k in _CLOSING_ORDER if k in chosen]
    slots = pages - len(opening) - len(closing)
    episodes = _middle(slots * per_page, companions, plot, pad_to=slots, critters=critters, known=meet_count)
    middle = _group(episodes, slots)
    return [[b] for b in opening] + middle + [[b] for b in closing]


def _group(episodes: list[Beat], slots: int) -> list[list[Beat]]:
    """Spread episodes over `slots` pages, doubling up evenly; a set-off always starts a page."""
    if slots <= 0:
        return []
    doubles = min(max(0, len(episodes) - slots), slots)
    pages: list[list[Beat]] = []
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
            known: int = 0) -> list[Beat]:
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
    shared = data.read("beats.yaml")  # every episode in the data files is used once before any repeats
    left = {"try": len(plot.tries), "helper": len(plot.ideas), "comfort": len(plot.comforts),
            "cameo": critters, "play": len(shared["play"]), "snack": len(shared["snack"]), "setoff": 1,
            "journey": len(shared["journeys"])}
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
    beats: list[Beat] = []
    counters: dict[str, int] = {}
    ideas_used = 0
    helper_turn = 0
    for kind in kinds:
        beat = Beat(kind)
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


def assign_times(beats: list[Beat], night: bool, four_pages: bool = False) -> None:
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
LOOSE_BEATS = frozenset({"life", "play", "journey", "snack", "setoff", "joy"})


def focus_pages(beats: list[Beat], focus_kind: str) -> None:
    """Mark a few pages, spread through the book, to carry the educational focus."""
    if not focus_kind:
        return
    good = [i for i, b in enumerate(beats) if b.kind in LOOSE_BEATS]
    if len(good) < 3:
        good = [i for i, b in enumerate(beats) if b.kind not in ("moral", "ending")] or [0]
    wanted = max(2, min(5, len(beats) // 6))
    step = len(good) / wanted
    picks = sorted({good[int(i * step)] for i in range(wanted) if int(i * step) < len(good)})
    for i in picks:
        beats[i].focus = True


def assign_places(story: Story, beats: list[Beat]) -> None:
    """Landmarks in seeded order, so the journey keeps moving to new places."""
    landmarks = list(world_list(story.world, "landmarks"))
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
