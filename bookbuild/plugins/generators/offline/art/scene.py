"""What a page's prompt asks for: its keywords read into a SceneSpec.

Plain word matching, so the same prompt always gives the same scene: the
first time-of-day and weather word found wins, every place word counts, and
words about sleeping or feelings set the bed and the characters' mood. An
empty or unknown prompt gives a sunny meadow.
"""

from __future__ import annotations

from dataclasses import dataclass

TIME_WORDS = {
    "night": {"night", "moon", "moonlight", "moonlit", "star", "stars", "starry", "midnight",
              "nighttime", "tonight", "dark", "bedtime", "firefly", "fireflies"},
    "sunset": {"sunset", "evening", "dusk", "twilight", "sundown"},
    "dawn": {"dawn", "sunrise", "daybreak"},
    "day": {"sun", "sunny", "day", "daytime", "noon", "morning", "afternoon", "bright", "sunshine"},
}
WEATHER_WORDS = {
    "storm": {"storm", "stormy", "thunder", "lightning", "thunderstorm"},
    "rain": {"rain", "raining", "rainy", "drizzle", "puddle", "puddles", "umbrella", "wet", "shower"},
    "snowing": {"snowing", "snowflake", "snowflakes", "snowfall", "blizzard", "flurry", "falling"},
}
PLACE_WORDS = {
    "forest": {"forest", "woods", "wood", "woodland", "trees", "tree", "jungle"},
    "meadow": {"meadow", "field", "fields", "grass", "grassy", "park", "picnic"},
    "garden": {"garden", "flower", "flowers", "bloom", "tulip", "tulips", "daisy", "daisies", "farm"},
    "river": {"river", "stream", "brook", "creek", "bridge"},
    "lake": {"lake", "pond", "lily"},
    "sea": {"sea", "ocean", "beach", "shore", "waves", "seaside", "sand", "sandy", "boat", "island"},
    "mountain": {"mountain", "mountains", "peak", "peaks", "cliff", "volcano"},
    "hill": {"hill", "hills", "hilltop"},
    "house": {"house", "home", "cottage", "farm"},
    "village": {"village", "town"},
    "room": {"bedroom", "room", "bed", "kitchen", "inside", "indoors", "sofa", "couch",
             "blanket", "pillow", "bath", "bathtub", "nursery", "tucked"},
    "cave": {"cave", "cavern", "tunnel", "den"},
    "sky": {"sky", "clouds", "cloud", "fly", "flying", "flies", "balloon", "kite", "rainbow"},
    "city": {"city", "street", "streets", "buildings", "skyline"},
    "snow": {"snow", "snowy", "winter", "icy", "ice", "frost", "frosty", "snowman", "sled",
             "sledge", "snowflake", "snowflakes", "snowing", "blizzard"},
}
BED_WORDS = {"bed", "bedtime", "tucked", "asleep", "sleep", "sleeps", "sleeping", "nap", "blanket"}
MOOD_WORDS = {
    "sleepy": {"sleep", "sleeps", "sleeping", "asleep", "dream", "dreams", "dreaming", "nap", "snore"},
    "sad": {"sad", "cry", "cries", "crying", "tear", "tears", "lonely", "upset", "worried"},
    "scared": {"scared", "afraid", "frightened", "fear", "nervous", "shiver", "trembling"},
    "excited": {"laugh", "laughs", "laughing", "giggle", "excited", "cheer", "hooray", "dance",
                "dances", "dancing", "play", "plays", "playing", "happy", "joy", "party"},
}


@dataclass(frozen=True)
class SceneSpec:
    """What the prompt asks for, as a small set of tags."""

    time: str  # day | night | sunset | dawn
    weather: str  # clear | rain | storm | snowing
    places: frozenset[str]
    bed: bool
    mood: str  # happy | sleepy | sad | scared | excited
    words: frozenset[str]
    prompt: str = ""  # as written: the things it names are drawn in its order and colours (props.py)

    @property
    def ground(self) -> str:
        if "snow" in self.places:
            return "snow"
        return "sand" if "sea" in self.places else "grass"

    @property
    def indoors(self) -> bool:
        return "room" in self.places


def prompt_words(prompt: str) -> frozenset[str]:
    """Lower-case words plus their singular form ('flowers' also matches 'flower')."""
    words = {w for w in "".join(c if c.isalpha() else " " for c in prompt.lower()).split()}
    return frozenset(words | {w[:-1] for w in words if w.endswith("s") and len(w) > 3})


def first_tag(words: frozenset[str], table: dict[str, set[str]], default: str) -> str:
    """The first key of table (in priority order) whose words occur."""
    return next((tag for tag, vocab in table.items() if vocab & words), default)


def parse_scene(prompt: str) -> SceneSpec:
    """Keywords -> SceneSpec; unknown words give a sunny meadow."""
    words = prompt_words(prompt)
    places = {tag for tag, vocab in PLACE_WORDS.items() if vocab & words}
    time = first_tag(words, TIME_WORDS, "day")
    if time == "day" and not TIME_WORDS["day"] & words and words & {"sleep", "asleep", "bed", "dream"}:
        time = "night"  # bedtime pictures default to night unless the prompt says otherwise
    places = (places & {"room"}) if "room" in places else places
    if not places - {"snow", "sky"}:
        places.add("meadow")
    weather = first_tag(words, WEATHER_WORDS, "clear")
    bed = "room" in places and bool(BED_WORDS & words)
    return SceneSpec(time, weather, frozenset(places), bed, first_tag(words, MOOD_WORDS, "happy"), words, prompt)
