"""The offline story writer, checked the way a parent reading the book would notice."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from bookbuild.plugins.generators.offline.story import (
    AGE_GROUPS,
    MAX_SENTENCE_WORDS,
    Character,
    StoryBrief,
    StoryPage,
    data,
    write_story,
)

PIP = Character("Pip", "hero", "a small orange fox who is afraid of the dark",
                "a small orange fox with a white-tipped tail and a green scarf")
OWL = Character("Owl", "friend", "a wise grey owl with big yellow eyes", "a wise grey owl with big yellow eyes")
MORAL = "Being brave means trying even when you feel a little scared."
NIGHT_SKY = StoryBrief(title="Pip and the Night Sky", age_group="3-5", characters=(PIP, OWL), theme="courage",
                       moral=MORAL, setting="a snowy forest")
LUNA = StoryBrief(
    title="Luna Learns to Share", age_group="3-5",
    characters=(Character("Luna", "hero", "a cheerful bunny", "a white bunny with a pink bow"),
                Character("Max", "friend", "a playful puppy"),
                Character("Grandma Bear", "mentor", "a kind old bear")),
    theme="sharing", educational_focus="counting to ten", setting="a sunny meadow")
SAM = StoryBrief(title="Sam's Kite", age_group="3-5",
                 characters=(Character("Sam", "hero", "a boy who never gives up", "a boy in a yellow raincoat"),),
                 theme="perseverance", educational_focus="colours", setting="a windy beach")
BRIEFS = (NIGHT_SKY, LUNA, SAM)

# Words an illustrator keys a scene on: places, weather and times of day.
SCENE_WORDS = ("forest", "meadow", "river", "beach", "garden", "farm", "town", "snow", "night", "stars",
               "home", "sunset", "morning", "evening", "afternoon", "daytime", "sunrise")
TIME_ORDER = ("morning", "daytime", "afternoon", "sunset", "evening", "night")


def words(text: str) -> list[str]:
    return [t for t in text.split() if any(c.isalnum() for c in t)]


def sentences(text: str) -> list[str]:
    """A reader's sentences: a break after . ! or ? (and a closing quote) before a capital or a quote."""
    return [s for s in re.split(r'(?<=[.!?])"?\s+(?=["A-Z0-9])', text.replace("\n\n", " ")) if s.strip()]


def normalised(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def joined(pages: list[StoryPage]) -> str:
    return "\n\n".join(p.text for p in pages)


def test_same_brief_gives_the_same_story() -> None:
    assert write_story(NIGHT_SKY, 24) == write_story(NIGHT_SKY, 24)


def test_same_story_in_another_process() -> None:
    """Byte for byte, even with a different hash seed (the writer must not use hash())."""
    here = hashlib.sha256(joined(write_story(NIGHT_SKY, 28)).encode()).hexdigest()
    code = (
        "import hashlib\n"
        "from bookbuild.plugins.generators.offline.story import Character, StoryBrief, write_story\n"
        f"brief = StoryBrief(title={NIGHT_SKY.title!r}, age_group='3-5', characters=(\n"
        f"    Character(*{tuple(vars(PIP).values())!r}), Character(*{tuple(vars(OWL).values())!r})),\n"
        f"    theme='courage', moral={MORAL!r}, setting='a snowy forest')\n"
        "print(hashlib.sha256('\\n\\n'.join(p.text for p in write_story(brief, 28)).encode()).hexdigest())\n"
    )
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    env = {**os.environ, "PYTHONHASHSEED": "12345",
           "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH", "")]))}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == here


@pytest.mark.parametrize("pages", [4, 5, 8, 24, 40])
def test_exact_page_count(pages: int) -> None:
    story = write_story(NIGHT_SKY, pages)
    assert len(story) == pages
    assert all(p.text.strip() and p.illustration.strip() for p in story)


@pytest.mark.parametrize("age", list(AGE_GROUPS))
@pytest.mark.parametrize("pages", [4, 24, 40])
def test_words_per_page_and_sentence_length_fit_the_age(age: str, pages: int) -> None:
    low, high = AGE_GROUPS[age]
    for brief in BRIEFS:
        for number, page in enumerate(write_story(replace(brief, age_group=age), pages), 1):
            count = len(words(page.text))
            assert low <= count <= high, f"{brief.title} {age} page {number}: {count} words"
            for sentence in sentences(page.text):
                assert len(words(sentence)) <= MAX_SENTENCE_WORDS[age], f"{age} page {number}: {sentence!r}"


@pytest.mark.parametrize("age", list(AGE_GROUPS))
def test_no_sentence_is_told_twice(age: str) -> None:
    for brief in BRIEFS:
        seen: dict[str, int] = {}
        for number, page in enumerate(write_story(replace(brief, age_group=age), 40), 1):
            for sentence in sentences(page.text):
                key = normalised(sentence)
                assert key not in seen, f"{brief.title} {age}: page {number} repeats page {seen[key]}: {sentence!r}"
                seen[key] = number


@pytest.mark.parametrize("age", list(AGE_GROUPS))
def test_every_character_is_named(age: str) -> None:
    crowd = replace(LUNA, age_group=age, characters=LUNA.characters + (
        Character("Zed", "sidekick", "a zebra"), Character("Kay", "friend", "a wise old crow")))
    for pages in (4, 12, 28):
        text = joined(write_story(crowd, pages))
        for character in crowd.characters:
            assert character.name in text, f"{character.name} missing from a {pages}-page {age} book"


@pytest.mark.parametrize("age", list(AGE_GROUPS))
def test_moral_comes_in_the_last_pages(age: str) -> None:
    for pages in (4, 12, 28):
        story = write_story(replace(NIGHT_SKY, age_group=age), pages)
        ending = normalised(" ".join(p.text for p in story[-3:]))
        assert normalised(MORAL) in ending
        assert normalised(MORAL) not in normalised(joined(story[:-3]))


def test_a_story_without_a_moral_still_ends_with_one() -> None:
    story = write_story(replace(LUNA, moral=""), 24)
    assert "shar" in " ".join(p.text for p in story[-3:]).lower()


def test_different_seeds_and_titles_give_different_stories() -> None:
    base = joined(write_story(NIGHT_SKY, 24))
    assert joined(write_story(replace(NIGHT_SKY, seed="another"), 24)) != base
    assert joined(write_story(replace(NIGHT_SKY, title="Pip Under the Stars"), 24)) != base


def test_story_has_a_beginning_a_problem_and_an_ending() -> None:
    story = write_story(NIGHT_SKY, 28)
    assert "Pip" in story[0].text and "snowy forest" in story[0].text
    assert "afraid of the dark" in " ".join(p.text for p in story[:6])  # the description drives the problem
    assert "Owl" in joined(story[6:-6])  # the friend helps in the middle
    assert "stars" in joined(story[-6:])


def test_illustrations_name_characters_places_and_times() -> None:
    for brief in BRIEFS:
        story = write_story(brief, 24)
        setting_noun = brief.setting.split()[-1]
        assert setting_noun in story[0].illustration
        hero = brief.characters[0].name
        for page in story:
            assert hero in page.illustration
            assert any(word in page.illustration.lower() for word in SCENE_WORDS), page.illustration


def test_scenes_move_from_morning_to_night() -> None:
    story = write_story(NIGHT_SKY, 28)
    ranks = [max(i for i, word in enumerate(TIME_ORDER) if word in page.illustration) for page in story[:-1]]
    assert ranks == sorted(ranks), ranks
    assert ranks[0] == 0 and ranks[-1] == len(TIME_ORDER) - 1
    assert "sunrise" in story[-1].illustration  # a night-time adventure ends the next morning


def test_counting_and_colours_are_woven_in() -> None:
    counting = [p.text for p in write_story(LUNA, 24) if re.search(r"\bOne, two, three\b", p.text)]
    assert len(counting) >= 2
    colours = joined(write_story(SAM, 24)).lower()
    assert sum(colour in colours for colour in ("red", "yellow", "blue", "orange", "white", "pink")) >= 3


def test_zero_characters_invents_a_hero_from_the_title() -> None:
    brief = StoryBrief(title="The Brave Little Fox", age_group="3-5", characters=())
    story = write_story(brief, 24)
    assert len(story) == 24
    assert "Little Fox" in story[0].text and "Little Fox" in story[0].illustration
    low, high = AGE_GROUPS["3-5"]
    assert all(low <= len(words(p.text)) <= high for p in story)


def test_one_character_and_no_theme_or_setting() -> None:
    brief = StoryBrief(title="Mo", age_group="6-8", characters=(Character("Mo", description="a mouse"),))
    story = write_story(brief, 24)
    assert len(story) == 24 and all("Mo" in p.illustration for p in story)
    assert "Mo" in story[0].text


@pytest.mark.parametrize("pages", [3, 0, -1])
def test_fewer_than_four_pages_is_refused(pages: int) -> None:
    with pytest.raises(ValueError, match="at least 4 pages"):
        write_story(NIGHT_SKY, pages)


def test_unknown_age_group_is_refused() -> None:
    with pytest.raises(ValueError, match="age group"):
        write_story(replace(NIGHT_SKY, age_group="13-18"), 24)


def test_text_stays_gentle() -> None:
    harsh = re.compile(r"\b(kill|killed|blood|dead|die|died|hate|stupid|hurt him|hurt her|monster|weapon|gun)\b", re.I)
    for theme in ("courage", "friendship", "sharing", "kindness", "patience", "honesty", "teamwork", "gratitude"):
        text = joined(write_story(replace(NIGHT_SKY, theme=theme, characters=(OWL,)), 28))
        assert not harsh.search(text), harsh.search(text)


def _run(code: str) -> str:
    """Python in a fresh process that imports the same bookbuild as this one."""
    root = str(Path(data.__file__).parents[5])  # .../bookbuild/plugins/generators/offline/story/data.py
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH", "")]))}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout


def test_data_files_are_read_on_the_first_story_and_only_once() -> None:
    out = _run(
        "import yaml\n"
        "parsed = []\n"
        "real_load = yaml.load\n"
        "yaml.load = lambda stream, Loader: parsed.append(stream.name) or real_load(stream, Loader=Loader)\n"
        "from bookbuild.plugins.generators.offline.story import StoryBrief, write_story\n"
        "print(len(parsed))\n"
        "for age in ('3-5', '9-12'):\n"
        "    write_story(StoryBrief('Mo', age, (), theme='courage', educational_focus='colours'), 30)\n"
        "    write_story(StoryBrief('Bo', age, (), theme='honesty', educational_focus='counting'), 30)\n"
        "print(len(parsed), len(set(parsed)))\n"
    )
    on_import, parses, files = map(int, out.split())
    assert on_import == 0  # importing the provider costs no YAML
    assert parses == files > 0  # each file parsed once however many stories follow


def test_every_data_file_says_what_it_holds_and_loads() -> None:
    folder = Path(data.__file__).with_name("data")
    files = sorted(folder.rglob("*.yaml"))
    assert {"kinds.yaml", "places.yaml", "weather.yaml", "fears.yaml", "courage.yaml"} <= {f.name for f in files}
    for path in files:
        assert path.read_text(encoding="utf-8").startswith("# "), f"{path.name}: start with a comment for authors"
        assert data.read(path.relative_to(folder).as_posix()), path.name
    themes = data.themes()  # raises when two plots claim one theme word
    assert themes["brave"] == "courage" and themes["generosity"] == "sharing"


def test_a_misspelt_key_in_the_data_files_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    places = data.read("places.yaml")
    forest = dict(places["places"]["forest"])
    forest["landmark"] = forest.pop("landmarks")
    monkeypatch.setattr(data, "read", lambda name: {**places, "places": {"forest": forest}})
    data.places.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"places\.yaml forest: unknown key\(s\) landmark$"):
            data.places()
    finally:
        data.places.cache_clear()


# -- the proof keeps its brief's promises and one order of time -------------------------


@pytest.mark.parametrize(("description", "thing"), [
    ("Milo the bear cub finds a basket of ripe plums by the river and wants to keep them all.", "basket of ripe plums"),
    ("Luna gets a shiny new kite for her birthday, and everyone wants a turn.", "shiny new kite"),
    ("When Luna found some golden acorns, she wanted them all.", "golden acorns"),
])  # fmt: skip
def test_the_thing_the_description_promises_is_the_one_in_the_story(description, thing):
    story = write_story(replace(LUNA, description=description), 24)
    text = " ".join(p.text for p in story)
    assert thing in text and "some golden" not in text.replace("found some golden", "")  # "the golden acorns", never "the some"
    for other in ("ball", "watering can", "wagon", "bucket", "sled"):  # the place's usual treasure stays out
        assert other not in text
    assert any(thing in p.illustration for p in story)  # and the pictures are asked for it


@pytest.mark.parametrize("brief", [*BRIEFS, replace(LUNA, age_group="6-8"), replace(SAM, age_group="9-12"), replace(NIGHT_SKY, seed="other")])
def test_no_page_names_something_of_another_time_of_day(brief):
    """A page drawn in the morning never says the moon is out; a night page has no sunshine."""
    from bookbuild.plugins.generators.offline.story.writer import out_of_time

    times = data.read("time.yaml")["scenes"]
    for number, page in enumerate(write_story(brief, 28 if brief.age_group in ("6-8", "9-12") else 24), 1):
        time = next(t for t, words in times.items() if words in page.illustration)
        assert not out_of_time(page.text, time), f"page {number} ({time}): {page.text}"
