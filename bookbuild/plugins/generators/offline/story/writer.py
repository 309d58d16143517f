"""Writing the story: the Writer fills a page's moves, and write_story() runs the whole book."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from functools import lru_cache
from typing import Callable, Mapping, Sequence

from bookbuild.providers import split_page_variant

from . import data
from .beats import focus_kind, focus_moves, illustration, moral_page, moves_for
from .cast import actor_from, invent_hero, pick_critters, species_in, world_from
from .context import base_context, page_context
from .fillers import Filler, filler_lines
from .model import (AGE_GROUPS, MAX_SENTENCE_WORDS, MIN_PAGES, PREFERRED_MIN_WORDS, Beat, Character, Move,
                    Moves, Story, StoryBrief, StoryPage)
from .plan import LOOSE_BEATS, assign_places, assign_times, focus_pages, plan_pages
from .plots import plot_for
from .text import fill, join_names, paragraphs, prefill, seed_int, sentence_key, split_sentences, words_in


def out_of_time(text: str, time: str) -> bool:
    """Whether ``text`` names something of another time of day (data/time.yaml, out_of_time)."""
    return bool(_time_words(time).search(text))


@lru_cache(maxsize=None)
def _time_words(time: str) -> re.Pattern[str]:
    words = data.read("time.yaml")["out_of_time"].get(time, ())
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I) if words else re.compile(r"(?!x)x")


class Writer:
    """Fills move templates, keeps every sentence unique, and keeps pages in the age band."""

    def __init__(self, brief: StoryBrief, rng: random.Random) -> None:
        self.age = brief.age_group
        self.page_min, self.page_max = AGE_GROUPS[self.age]
        self.max_sentence = MAX_SENTENCE_WORDS[self.age]
        self.prefer = PREFERRED_MIN_WORDS[self.age]
        self.rng = rng
        self.rewriting = False  # True while writing the one page `regenerate --text` asked for
        self.used: set[str] = set()
        self.families: set[str] = set()  # filler templates already used in this book

    def candidate(self, template: str, ctx: Mapping[str, str], budget: int) -> tuple[str, int] | str:
        """The filled sentence and its word count, or why it cannot be used here."""
        text = fill(template, ctx)
        if text is None:
            return "missing"
        parts = split_sentences(text)
        if any(len(words_in(p)) > self.max_sentence for p in parts):
            return "long"
        keys = [sentence_key(p) for p in parts]
        if any(not k or k in self.used for k in keys) or len(set(keys)) < len(keys):
            return "used"
        if ctx.get("time") and out_of_time(text, ctx["time"]):
            return "time"  # a moon on a morning page: the story's time of day runs one way
        n = len(words_in(text))
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
        if self.rewriting:  # `regenerate --text`: any form that fits the age group, for a page that reads anew
            return options[self.rng.randrange(len(options))]
        # Younger readers get the short forms, older readers the fuller ones.
        preferred = [o for o in options if o[1] >= self.prefer * len(split_sentences(o[0]))] or options
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
        for part in split_sentences(text):
            self.used.add(sentence_key(part))

    def compose(self, segments: Sequence[tuple[Moves, Mapping[str, str], Sequence[tuple[int, str]]]],
                fillers: Callable[[], Sequence[Filler]] = lambda: (),
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
        total = sum(len(words_in(t)) for part in chosen for t in part.values())
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
            total, picked = self._say(move, ctx, part, i, total)
            if not isinstance(picked, tuple) and "long" in picked:
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
            total, _ = self._say(move, ctx, part, i, total)
        return total

    def _say(self, move: Move, ctx: Mapping[str, str], part: dict[int, str], i: int,
             total: int) -> tuple[int, tuple[str, int] | set[str]]:
        """Put move `i` on the page if one of its variants fits; the new total and what pick() said."""
        picked = self.pick(move, ctx, self.page_max - total)
        if isinstance(picked, tuple):
            part[i] = picked[0]
            total += picked[1]
            self.take(picked[0])
        return total, picked

    def _pad(self, sentences: list[str], total: int, fillers: Sequence[Filler],
             ctx: Mapping[str, str]) -> list[str]:
        """Bring a short page up to the age group's minimum; one scene line may open it."""
        lead: list[str] = []
        for template, values, is_scene, family in fillers:
            if total >= self.page_min:
                break
            if family and family in self.families:
                continue
            got = self.candidate(prefill(template, values) if values else template, ctx, self.page_max - total)
            if isinstance(got, tuple):
                opens = is_scene and not lead and ctx.get("scene_lead")
                (lead if opens else sentences).append(got[0])
                total += got[1]
                self.take(got[0])
                if family:
                    self.families.add(family)
        return lead + sentences


def _ensure_names(story: Story, pages: list[list[str]], beats: list[Beat], writer: Writer) -> None:
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
            room = writer.page_max - len(words_in(" ".join(kept)))
            fit = _names_line(missing, min(room, writer.max_sentence), writer)
            if fit:
                line, placed = fit
                pages[i] = kept + [line]
                named.add(i)
                writer.take(line)
                missing = [n for n in missing if n not in placed]
    if missing:  # nowhere to put them: the names matter more than the word band
        pages[-1].append(prefill(data.read("beats.yaml")["names_lines"][0], {"names": join_names(missing)}))


def _names_line(names: list[str], room: int, writer: Writer) -> tuple[str, list[str]] | None:
    """The longest run of names that fits in `room` words as a fresh sentence."""
    for count in range(len(names), 0, -1):
        group = names[:count]
        for pattern in data.read("beats.yaml")["names_lines"]:
            if count > 1 and "was" in pattern:
                pattern = pattern.replace("was", "were")
            line = prefill(pattern, {"names": join_names(group)})
            if len(words_in(line)) <= room and sentence_key(line) not in writer.used:
                return line, group
    return None


def _tidy(brief: StoryBrief) -> StoryBrief:
    """Missing fields arrive as None from some specs; the writer treats them as empty."""
    chars = tuple(Character(*(str(v or "").strip() for v in (c.name, c.role, c.description, c.visual)))
                  for c in (brief.characters or ()))
    text = {k: str(getattr(brief, k) or "").strip()
            for k in ("title", "theme", "educational_focus", "moral", "setting", "seed")}
    return replace(brief, characters=chars, **text)


def _prepare(brief: StoryBrief) -> Story:
    """Cast, world and plot for a brief; all seeded randomness starts here."""
    rng = random.Random(seed_int("offline-story-v1", brief.title, brief.seed))
    chars = [c for c in brief.characters if (c.name or "").strip()]
    if not chars:
        chars = [invent_hero(brief.title, rng)]
    hero_roles = data.read("words.yaml")["hero_roles"]
    hero_index = next((i for i, c in enumerate(chars) if (c.role or "").strip().lower() in hero_roles), 0)
    hero = actor_from(chars[hero_index], species_in(brief.title))
    companions = [actor_from(c) for i, c in enumerate(chars) if i != hero_index]
    world = world_from(brief.setting)
    plot = plot_for(brief, hero, rng)
    critters, small, newcomer = pick_critters(world, [hero] + companions, rng)
    moral = brief.moral.strip() or (plot.moral_short if brief.age_group == "0-2" else plot.moral)
    buddy = "" if companions else critters.pop(0)
    if not critters:
        critters.append("a little bird")
    bystander = critters.pop() if len(critters) > 2 else critters[-1]
    return Story(brief, rng, hero, companions, world, plot, moral,
                 focus_kind(brief.educational_focus), critters, small, newcomer, buddy, bystander)


def write_story(brief: StoryBrief, pages: int) -> list[StoryPage]:
    """Exactly `pages` story pages (pages >= 4; raise ValueError with a clear message otherwise)."""
    if not isinstance(pages, int) or isinstance(pages, bool) or pages < MIN_PAGES:
        raise ValueError(f"a story needs at least {MIN_PAGES} pages (beginning, problem, turning point, "
                         f"ending); got {pages!r}")
    if brief.age_group not in AGE_GROUPS:
        raise ValueError(f"unknown age group {brief.age_group!r}; expected one of {', '.join(AGE_GROUPS)}")
    brief = _tidy(brief)
    rewrite = split_page_variant(brief.seed)  # `regenerate --text`: the same story, one page drawn afresh
    if rewrite is not None:
        brief = replace(brief, seed=rewrite[0])
    story = _prepare(brief)
    # The oldest readers' long pages take two middle episodes where the story has them.
    layout = plan_pages(pages, len(story.companions) or (1 if story.buddy else 0), story.plot,
                        2 if brief.age_group == "9-12" else 1, len(story.critters), len(story.companions))
    flat = [beat for group in layout for beat in group]
    assign_times(flat, story.plot.night, pages == MIN_PAGES)
    for group in layout:
        for extra in group[1:]:
            extra.time = group[0].time  # one page, one moment
    assign_places(story, flat)
    beats = [group[0] for group in layout]
    focus_pages(beats, story.focus)

    writer = Writer(brief, story.rng)
    base = base_context(story)
    texts: list[list[str]] = []
    contexts: list[dict[str, str]] = []
    focus_counter = 0
    for number, group in enumerate(layout, 1):
        if rewrite is not None and number == rewrite[1]:  # every page before it is as it was
            story.rng = writer.rng = random.Random(seed_int("offline-story-v1", brief.title, brief.seed, f"page{number}v{rewrite[2]}"))
            writer.rewriting = True
        beat = group[0]
        segments = []
        for part in group:
            ctx = page_context(story, base, part)
            if part is not beat:
                ctx.pop("time_open", None)  # the page's first beat already said when
            moves = moves_for(story, part, ctx)
            forced: list[tuple[int, str]] = []
            if part.kind == "moral":
                moves, forced = moral_page(story, writer.max_sentence, pages == MIN_PAGES)
            if part is beat and beat.focus:
                extra = focus_moves(story, beat, ctx, focus_counter)
                focus_counter += 1
                at = 1 if beat.kind in LOOSE_BEATS else len(moves)
                moves = moves[:at] + extra + moves[at:]
            segments.append((moves, ctx, forced))
        # Filler lines follow the page's last beat, so they are chosen for it.
        texts.append(writer.compose(segments, lambda last=group[-1]: filler_lines(story, last), segments[0][1]))
        contexts.append(segments[0][1])

    _ensure_names(story, texts, beats, writer)
    result = []
    for number, (beat, sentences, ctx) in enumerate(zip(beats, texts, contexts)):
        text = paragraphs(sentences, brief.age_group)
        result.append(StoryPage(text=text, illustration=illustration(story, beat, ctx, text, number == 0)))
    return result
