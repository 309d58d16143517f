"""The offline story writer: a deterministic template grammar for picture books.

With no API key bookbuild still has to hand the layout a real story, so this
module writes one from the book's brief with nothing but the standard library:
no AI, no network. The same brief always gives the same story, byte for byte,
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
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping, Sequence

from bookbuild import reading
from bookbuild.spec.model import Character  # the book's own character type

__all__ = [
    "AGE_GROUPS",
    "MAX_SENTENCE_WORDS",
    "Character",
    "StoryBrief",
    "StoryPage",
    "write_story",
]

# The age tables are shared with the reading-level check (bookbuild/reading.py),
# so the writer and the checker can never disagree.
AGE_GROUPS: dict[str, tuple[int, int]] = reading.WORDS_PER_PAGE
MAX_SENTENCE_WORDS: dict[str, int] = reading.MAX_SENTENCE_WORDS

MIN_PAGES = 4  # beginning, problem, turning point, ending: fewer is not a story

# Sentence lengths each age group should mostly get. Older readers get the
# longer variants so their pages do not read as a chain of baby sentences.
_PREFERRED_MIN_WORDS: dict[str, int] = {"0-2": 1, "3-5": 5, "6-8": 9, "9-12": 11}


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


@dataclass(frozen=True)
class StoryPage:
    text: str  # Markdown: plain sentences, paragraphs separated by a blank line
    illustration: str  # who is shown (by name), the scene, the place and time of day


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


# ---------------------------------------------------------------------------
# Vocabulary: what kinds of creatures do, and what places hold.

@dataclass(frozen=True)
class _Kind:
    move: str  # how it gets about: "trotted", "flew"
    limb: str  # what it holds out: "paw", "wing"
    home: str
    home_short: str
    gift: str  # what it is good at, for introductions
    coat: str  # "fur", "feathers": what a colour word on the species colours


_KINDS: dict[str, _Kind] = {
    "den": _Kind("trotted", "paw", "a cosy den under the roots of an old tree", "the den",
                 "could sniff out a surprise from far away", "fur"),
    "cat": _Kind("padded", "paw", "a sunny little house with a soft basket", "the basket",
                 "could balance on the thinnest branch", "fur"),
    "bear": _Kind("lumbered", "paw", "a snug cave under the hill", "the cave",
                  "gave the warmest, biggest hugs", "fur"),
    "hopper": _Kind("hopped", "paw", "a warm burrow under a hill", "the burrow",
                    "could hop faster than anyone", "fur"),
    "digger": _Kind("scurried", "paw", "a snug burrow under the roots", "the burrow",
                    "knew every tunnel and trail", "fur"),
    "small": _Kind("scampered", "paw", "a tiny nest of soft moss", "the nest",
                   "was small but very clever", "fur"),
    "owl": _Kind("flew", "wing", "a hollow high in an old oak tree", "the hollow",
                 "could see in the dark", "feathers"),
    "bird": _Kind("fluttered", "wing", "a snug nest high in a tree", "the nest",
                  "could fly high above the treetops", "feathers"),
    "waddler": _Kind("waddled", "wing", "a snug nest by the water", "the nest",
                     "was the best swimmer around", "feathers"),
    "frog": _Kind("hopped", "foot", "a lily pad by the pond", "the lily pad",
                  "could jump higher than anyone", "skin"),
    "shell": _Kind("plodded", "foot", "a shady spot under a big leaf", "home",
                   "was slow and steady and never gave up", "shell"),
    "swimmer": _Kind("swam", "fin", "a little cave of coral", "the coral cave",
                     "could swim faster than anyone", "scales"),
    "crab": _Kind("scuttled", "claw", "a snug hole in the sand", "the hole",
                  "could scuttle sideways faster than anyone", "shell"),
    "otter": _Kind("swam", "paw", "a cosy den by the water", "the den",
                   "could float on the water like a boat", "fur"),
    "farm": _Kind("trotted", "hoof", "a warm red barn", "the barn",
                  "knew every field and fence", "coat"),
    "hoof": _Kind("trotted", "hoof", "a quiet glade under tall trees", "the glade",
                  "could run like the wind", "coat"),
    "elephant": _Kind("plodded", "trunk", "a shady spot by the watering hole", "home",
                      "never forgot a friend", "skin"),
    "dragon": _Kind("stomped", "claw", "a cosy cave on the hill", "the cave",
                    "could puff warm little clouds of steam", "scales"),
    "human": _Kind("walked", "hand", "a little house with a red door", "the little house",
                   "knew the best songs", "hair"),
    "robot": _Kind("rolled", "hand", "a tidy workshop", "the workshop",
                   "could count anything in a blink", "paint"),
    "bug": _Kind("fluttered", "leg", "a snug little hole in an old log", "the log",
                 "could find the sweetest flowers", "wings"),
}
_DEFAULT_KIND = _Kind("came", "hand", "a cosy little home", "home",
                      "always knew how to make others smile", "coat")

_SPECIES_KIND: dict[str, str] = {}
for _kind, _names in {
    "den": "fox vixen wolf dog puppy pup coyote lion tiger leopard cheetah raccoon",
    "cat": "cat kitten kitty",
    "bear": "bear panda koala cub",
    "hopper": "rabbit bunny hare kangaroo",
    "digger": "mole badger meerkat",
    "small": "mouse hamster squirrel chipmunk hedgehog rat vole shrew",
    "owl": "owl owlet bat",
    "bird": "bird robin sparrow wren bluebird finch parrot eagle hawk crow raven magpie seagull "
            "gull puffin swan chick hen rooster cardinal",
    "waddler": "duck duckling penguin goose gosling",
    "frog": "frog toad",
    "shell": "turtle tortoise snail",
    "swimmer": "fish goldfish whale dolphin octopus seahorse starfish",
    "crab": "crab lobster",
    "otter": "otter seal beaver",
    "farm": "cow calf sheep lamb goat pig piglet horse pony donkey",
    "hoof": "deer fawn moose unicorn zebra giraffe hippo rhino camel llama",
    "elephant": "elephant",
    "dragon": "dragon dinosaur monster",
    "human": "girl boy child kid baby toddler princess prince knight wizard pirate grandma "
             "grandpa granny mum mom dad mama papa teacher",
    "robot": "robot",
    "bug": "butterfly ladybird ladybug bee dragonfly beetle firefly ant caterpillar moth",
}.items():
    for _name in _names.split():
        _SPECIES_KIND[_name] = _kind

_COLOURS = ("red", "orange", "yellow", "green", "blue", "purple", "pink", "white", "black",
            "brown", "grey", "gray", "golden", "silver")
_SIZES = ("small", "little", "tiny", "young", "baby", "wee", "teeny", "big", "large", "tall")
_NOCTURNAL = ("owl", "owlet", "bat")


@dataclass(frozen=True)
class _Place:
    """What a setting holds, for text and for the illustrator's scene words."""

    noun: str  # the word an illustrator keys the scene on: "forest"
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


_PLACES: dict[str, _Place] = {
    "forest": _Place(
        "forest",
        ("the hollow log", "the old oak tree", "the little wooden bridge", "the mossy rocks",
         "the quiet clearing", "the tall pine trees", "the babbling brook", "the bramble patch"),
        "the top of the tall hill",
        ("a little rabbit", "a red squirrel", "a gentle deer", "a sleepy hedgehog",
         "a busy woodpecker", "a friendly badger"),
        ("mouse", "hedgehog", "bunny"),
        ("the tall trees", "the mossy ground", "the winding path", "the old oak", "the ferns",
         "the treetops"),
        ("A woodpecker tapped on a tree, tap, tap, tap.", "Birds sang high in the branches.",
         "The leaves whispered in the breeze.", "A bee buzzed past on its way home."),
        ("A cricket chirped a sleepy song.", "The trees creaked softly in the wind.",
         "Far away, the brook gurgled its night song."),
        ("climbing over mossy logs", "playing hide-and-seek behind the trees",
         "collecting shiny acorns", "singing with the birds"),
        ("hide-and-seek", "leapfrog", "tag"),
        ("sweet blackberries", "crunchy hazelnuts", "little honey cakes"),
        ("acorns", "pine cones", "mushrooms", "birds", "leaves"),
        ("a red ladybird", "a yellow flower", "a green fern", "a brown acorn",
         "a blue butterfly", "a purple violet"),
        ("the hollow log", "a little cave under the rocks"),
        "the brook", "the soft moss", "a pine cone fell with a soft plop",
        "the forest picnic", "a shiny red ball", "a cosy tree house",
    ),
    "meadow": _Place(
        "meadow",
        ("the big daisy patch", "the old apple tree", "the little stone wall", "the buttercup field",
         "the tall grass", "the wooden gate", "the clover patch", "the sunny slope"),
        "the top of the grassy hill",
        ("a little rabbit", "a buzzy bee", "a kind ladybird", "a field mouse", "a bright butterfly",
         "a cheerful lark"),
        ("mouse", "bunny", "chick"),
        ("the tall grass", "the daisies", "the buttercups", "the grassy hill", "the apple tree",
         "the wildflowers"),
        ("Bees hummed from flower to flower.", "A lark sang high in the sky.",
         "The tall grass swished in the breeze."),
        ("Crickets sang in the tall grass.", "The grass rustled softly in the night breeze.",
         "Fireflies blinked over the grass."),
        ("rolling down the grassy hill", "chasing butterflies", "making daisy chains",
         "looking for shapes in the clouds"),
        ("tag", "hide-and-seek", "a rolling race"),
        ("juicy apples", "sweet strawberries", "crunchy carrots"),
        ("daisies", "butterflies", "bees", "clouds", "ladybirds"),
        ("a red poppy", "a yellow buttercup", "a white daisy", "a blue butterfly",
         "a purple clover flower", "a green grasshopper"),
        ("the shady hollow under the apple tree", "the long shadow of the stone wall"),
        "the little pond", "the soft grass", "the tall grass went swish, swish",
        "the meadow picnic", "a bouncy red ball", "a grass hut",
    ),
    "garden": _Place(
        "garden",
        ("the vegetable patch", "the old garden shed", "the bird bath", "the rose bushes",
         "the apple tree", "the garden gate", "the flower beds", "the little pond"),
        "the top of the garden wall",
        ("a spotty ladybird", "a busy bee", "a slow snail", "a chirpy robin", "a bright butterfly",
         "a friendly worm"),
        ("snail", "mouse", "chick"),
        ("the flower beds", "the green leaves", "the garden path", "the rose bushes",
         "the bird bath", "the lettuce rows"),
        ("Bees buzzed around the flowers.", "A robin sang from the garden gate.",
         "The sprinkler went tick, tick, tick."),
        ("Crickets chirped by the flower beds.", "The garden smelled of sleepy roses.",
         "Moths fluttered around the lamp."),
        ("watering the flowers", "digging in the soft earth", "counting the ladybirds",
         "smelling the roses"),
        ("hide-and-seek", "hopscotch", "a treasure hunt"),
        ("crunchy carrots", "sweet peas from the pod", "juicy strawberries"),
        ("flowers", "ladybirds", "carrots", "snails", "butterflies"),
        ("a red tomato", "an orange carrot", "a yellow sunflower", "a green pea pod",
         "a pink rose", "a purple plum"),
        ("the old garden shed", "the dark space under the porch"),
        "the little pond", "the soft grass", "a leaf landed with a tiny tap",
        "the garden party", "a shiny new watering can", "a bean-pole den",
    ),
    "farm": _Place(
        "farm",
        ("the big red barn", "the duck pond", "the hay bales", "the apple orchard",
         "the wooden fence", "the vegetable field", "the chicken coop", "the old tractor"),
        "the top of the hill behind the barn",
        ("a clucky hen", "a woolly lamb", "a muddy piglet", "a friendly cow", "a busy duck",
         "a patient old horse"),
        ("chick", "duckling", "mouse"),
        ("the red barn", "the golden hay", "the green fields", "the wooden fence",
         "the farmyard", "the orchard"),
        ("A rooster crowed, cock-a-doodle-doo!", "The cows mooed in the field.",
         "Hens clucked around the farmyard."),
        ("The barn creaked softly in the night.", "A cow mooed a sleepy moo.",
         "Crickets sang by the fence."),
        ("jumping in the hay", "feeding the ducks", "picking apples", "splashing in puddles"),
        ("hide-and-seek", "tag", "a jumping game"),
        ("crunchy apples", "warm bread", "sweet corn"),
        ("eggs", "hay bales", "apples", "ducks", "sheep"),
        ("a red apple", "a yellow duckling", "a green tractor", "a brown egg", "a pink piglet",
         "an orange pumpkin"),
        ("the dark corner of the barn", "the shadowy hay loft"),
        "the duck pond", "the soft hay", "a bucket went clang",
        "the harvest party", "a big red wagon", "a hay-bale fort",
    ),
    "beach": _Place(
        "beach",
        ("the big rock pool", "the sand dunes", "the old lighthouse", "the wooden pier",
         "the pile of seashells", "the smooth flat rocks", "the little boats", "the edge of the waves"),
        "the top of the tall dunes",
        ("a little crab", "a chatty seagull", "a kind sea turtle", "a playful seal",
         "a sandpiper", "a friendly hermit crab"),
        ("crab", "chick", "turtle"),
        ("the waves", "the golden sand", "the rock pools", "the wet shells", "the sea",
         "the dunes"),
        ("Waves went whoosh on the sand.", "Seagulls called above the water.",
         "The sea breeze smelled of salt."),
        ("The waves whispered on the sand.", "The sea sighed a sleepy sigh.",
         "The lighthouse light swept across the water."),
        ("building sandcastles", "collecting seashells", "splashing in the waves",
         "looking in rock pools"),
        ("a splashing game", "a shell hunt", "a sandcastle race"),
        ("cool watermelon", "crunchy apples", "little jam sandwiches"),
        ("seashells", "crabs", "waves", "boats", "starfish"),
        ("a red crab", "an orange starfish", "a yellow bucket", "a blue wave",
         "a white seagull", "a pink shell"),
        ("the little cave in the rocks", "the dark space under the pier"),
        "the sea", "the warm sand", "a wave went whoosh",
        "the beach party", "a bright red bucket", "the biggest sandcastle ever",
    ),
    "pond": _Place(
        "river",
        ("the lily pads", "the old stone bridge", "the tall reeds", "the willow tree",
         "the stepping stones", "the little waterfall", "the muddy bank", "the bend in the river"),
        "the top of the hill above the river",
        ("a friendly frog", "a busy duck", "a playful otter", "a shiny dragonfly",
         "a kind old heron", "a little fish"),
        ("duckling", "frog", "mouse"),
        ("the water", "the lily pads", "the reeds", "the willow tree", "the ripples",
         "the riverbank"),
        ("The water gurgled over the stones.", "A duck quacked in the reeds.",
         "A fish jumped with a splash."),
        ("Frogs sang their croaky night song.", "The river whispered in the dark.",
         "The reeds swayed in the night breeze."),
        ("skipping stones", "floating leaf boats", "paddling in the shallows",
         "watching the dragonflies"),
        ("a leaf-boat race", "a hopping game", "hide-and-seek"),
        ("crunchy water-cress sandwiches", "sweet berries", "little oat cakes"),
        ("lily pads", "ducks", "stones", "fish", "dragonflies"),
        ("a green lily pad", "a blue dragonfly", "a yellow duckling", "a white water lily",
         "a brown stone", "an orange fish"),
        ("the dark space under the old bridge", "the shady hollow in the willow roots"),
        "the river", "the soft riverbank grass", "a fish went plip in the water",
        "the riverside picnic", "a little wooden boat", "a raft of sticks",
    ),
    "mountain": _Place(
        "mountain",
        ("the rocky path", "the mountain stream", "the big boulder", "the pine trees",
         "the flower meadow", "the little cave", "the wooden hut", "the high ledge"),
        "the top of the mountain",
        ("a nimble goat", "a friendly marmot", "a kind eagle", "a little pika", "a woolly sheep",
         "a brave chipmunk"),
        ("mouse", "chick", "bunny"),
        ("the rocky peaks", "the pine trees", "the mountain path", "the big boulders",
         "the valley below", "the high meadow"),
        ("An eagle called high above.", "The mountain stream splashed over the rocks.",
         "The wind whistled between the rocks."),
        ("The mountain wind hummed softly.", "The stream tinkled in the dark.",
         "An owl hooted far below."),
        ("climbing the rocks", "picking mountain flowers", "watching the clouds float by",
         "jumping over little streams"),
        ("a rock-hopping game", "hide-and-seek", "a pebble-rolling race"),
        ("warm oat cakes", "sweet mountain berries", "crunchy nuts"),
        ("rocks", "clouds", "pine trees", "flowers", "birds"),
        ("a blue mountain flower", "a grey rock", "a white cloud", "a green pine tree",
         "a yellow flower", "a red berry"),
        ("the little cave", "the deep shade behind the big boulder"),
        "the mountain stream", "the soft mountain grass", "a pebble rolled with a clickety-clack",
        "the mountain picnic", "a shiny new sled", "a stone shelter",
    ),
    "jungle": _Place(
        "jungle",
        ("the giant fig tree", "the waterfall", "the hanging vines", "the big green leaves",
         "the muddy river", "the tall bamboo", "the flower bushes", "the fallen tree"),
        "the top of the tallest tree",
        ("a chatty parrot", "a cheeky monkey", "a slow sloth", "a bright tree frog",
         "a kind old tortoise", "a toucan"),
        ("frog", "chick", "mouse"),
        ("the big leaves", "the vines", "the treetops", "the waterfall", "the jungle floor",
         "the bright flowers"),
        ("Parrots squawked in the treetops.", "The waterfall splashed and roared.",
         "Monkeys chattered in the trees."),
        ("Frogs sang in the warm night.", "The leaves dripped, drip, drop.",
         "Insects hummed a sleepy jungle song."),
        ("swinging on vines", "splashing under the waterfall", "finding giant leaves",
         "listening to the parrots"),
        ("a vine-swinging game", "hide-and-seek", "a splashing game"),
        ("sweet mangoes", "yellow bananas", "juicy papaya"),
        ("bananas", "parrots", "flowers", "leaves", "frogs"),
        ("a red parrot", "a yellow banana", "a green tree frog", "a blue butterfly",
         "an orange flower", "a pink blossom"),
        ("the dark space under the big leaves", "the hollow fig tree"),
        "the river", "the soft leaves", "a big leaf went flap",
        "the jungle party", "a bouncy red ball", "a leafy tree house",
    ),
    "town": _Place(
        "town",
        ("the bakery", "the town square", "the park", "the little library", "the fountain",
         "the corner shop", "the big clock tower", "the playground"),
        "the top of the clock tower hill",
        ("a friendly pigeon", "a kind old cat", "a busy sparrow", "a happy dog", "a little mouse",
         "a cheerful robin"),
        ("mouse", "kitten", "chick"),
        ("the rooftops", "the windows", "the cobbled street", "the fountain", "the shop signs",
         "the chimneys"),
        ("A bicycle bell went ring-ring.", "The baker whistled a happy tune.",
         "Pigeons cooed on the rooftops."),
        ("The street lamps hummed softly.", "A window glowed warm and yellow.",
         "The clock tower chimed a sleepy chime."),
        ("visiting the bakery", "feeding the pigeons", "playing in the park",
         "reading at the library"),
        ("hopscotch", "hide-and-seek", "tag"),
        ("warm bread rolls", "sweet buns", "crunchy apples"),
        ("windows", "chimneys", "bicycles", "pigeons", "lamps"),
        ("a red door", "a yellow taxi", "a blue bicycle", "a green park bench",
         "an orange umbrella", "a pink cupcake"),
        ("the dark alley by the bakery", "the shadowy corner of the park"),
        "the fountain", "the soft park grass", "a door went creak",
        "the town fair", "a shiny red scooter", "a cardboard castle",
    ),
    "arctic": _Place(
        "ice",
        ("the ice cave", "the frozen lake", "the big snowdrift", "the icy cliffs",
         "the snowy hill", "the ice bridge", "the glittering icicles", "the edge of the sea ice"),
        "the top of the icy hill",
        ("a playful seal", "a kind polar bear", "a little arctic fox", "a snowy hare",
         "a chatty puffin", "a wise old walrus"),
        ("penguin", "seal", "chick"),
        ("the snow", "the ice", "the snowdrifts", "the frozen lake", "the icicles",
         "the glittering hills"),
        ("The wind whooshed over the snow.", "Snow crunched under every step.",
         "The ice creaked and sang."),
        ("The northern lights shimmered green and pink.", "The snow glittered under the moon.",
         "The cold wind hummed softly."),
        ("sliding on the ice", "building snow castles", "catching snowflakes",
         "making tracks in the snow"),
        ("a sliding race", "a snowball game", "a game of snow tag"),
        ("warm fish soup", "hot cocoa", "toasty oat cakes"),
        ("snowflakes", "icicles", "snowballs", "fish", "stars"),
        ("a white snowflake", "a blue icicle", "a green light in the sky", "a pink cloud",
         "an orange sunrise", "a grey seal"),
        ("the ice cave", "the dark tunnel in the snowdrift"),
        "the frozen lake", "the soft snow", "a clump of snow fell with a soft flump",
        "the snow party", "a shiny red sled", "the biggest igloo ever",
        details=("Snowflakes drifted down like tiny feathers.", "The snow sparkled like sugar."),
        weather="snow",
    ),
}
_PLACE_WORDS: dict[str, str] = {
    "forest": "forest", "woods": "forest", "wood": "forest", "woodland": "forest",
    "meadow": "meadow", "field": "meadow", "fields": "meadow", "valley": "meadow",
    "countryside": "meadow", "hill": "meadow", "hills": "meadow", "prairie": "meadow",
    "garden": "garden", "backyard": "garden", "yard": "garden", "park": "garden",
    "farm": "farm", "barnyard": "farm", "ranch": "farm",
    "beach": "beach", "sea": "beach", "seaside": "beach", "ocean": "beach", "coast": "beach",
    "island": "beach", "shore": "beach",
    "pond": "pond", "river": "pond", "lake": "pond", "stream": "pond", "swamp": "pond",
    "marsh": "pond",
    "mountain": "mountain", "mountains": "mountain", "alps": "mountain",
    "jungle": "jungle", "rainforest": "jungle",
    "town": "town", "city": "town", "village": "town", "street": "town",
    "arctic": "arctic", "antarctic": "arctic", "tundra": "arctic", "north": "arctic",
    "igloo": "arctic", "glacier": "arctic",
}


@dataclass(frozen=True)
class _Weather:
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


_WEATHERS: tuple[_Weather, ...] = (
    _Weather(
        ("snowy", "snow", "winter", "wintry", "icy", "frozen", "frosty", "snowbound"), "snow",
        ("the soft snow", "the snowy branches", "the icicles", "the snowdrifts"),
        ("Snowflakes drifted down like tiny feathers.", "The snow sparkled like sugar.",
         "Snow crunched softly under every step.", "A clump of snow slid off a branch, flump!"),
        ("sliding down the snowy hill", "catching snowflakes", "making tracks in the fresh snow",
         "building little snow castles"),
        ("a snowball game", "a game of snow tag", "a sledding race"),
        ("warm cocoa", "toasty acorn cookies", "warm berry muffins"),
        ("snowflakes", "icicles", "snowballs"),
        ("a red cardinal", "a white snowflake", "a blue icicle", "a green pine tree"),
        ("the frozen pond", "the biggest snowdrift"),
        ground="the soft snow", water="the frozen pond",
        small_sound="a clump of snow fell with a soft flump", party="the snow party",
        treasure="a shiny red sled", project="the biggest snow fort ever", lookout_word="snowy",
    ),
    _Weather(
        ("autumn", "autumnal", "fall"), "autumn leaves",
        ("the red and gold leaves", "the crunchy leaves", "the bare branches"),
        ("Red and gold leaves twirled down from the trees.", "Leaves crunched under every step."),
        ("jumping in piles of leaves", "collecting conkers", "catching falling leaves"),
        ("a leaf-pile jumping game", "a conker hunt"),
        ("warm apple pie", "roasted chestnuts"),
        ("leaves", "conkers", "pumpkins"),
        ("an orange pumpkin", "a red leaf", "a golden leaf", "a brown conker"),
        ("the big leaf pile",),
        ground="the crunchy leaves", party="the harvest party", treasure="a little red wheelbarrow",
        lookout_word="windy",
    ),
    _Weather(
        ("spring", "blooming", "flowery", "blossom"), "spring flowers",
        ("the pink blossoms", "the new green leaves", "the spring flowers"),
        ("Pink blossoms floated on the breeze.", "New green leaves unfolded in the sun."),
        ("smelling the new flowers", "splashing in spring puddles", "watching baby birds"),
        ("a puddle-jumping game", "a flower hunt"),
        ("fresh strawberries", "little honey cakes"),
        ("blossoms", "tulips", "baby birds"),
        ("a pink blossom", "a yellow tulip", "a purple crocus", "a green leaf"),
        ("the blossom tree",),
        party="the spring fair", lookout_word="flowery",
    ),
    _Weather(
        ("sunny", "summer", "hot", "bright"), "summer",
        ("the bright flowers", "the warm stones", "the shining water"),
        ("The warm sun made everything glow.", "A warm summer breeze drifted by."),
        ("splashing in cool water", "chasing butterflies", "eating cold watermelon"),
        ("a water-splashing game", "a butterfly hunt"),
        ("cold watermelon", "lemonade"),
        ("sunflowers", "bees"),
        ("a yellow sunflower", "a red strawberry"),
        ("the shady tree",),
        party="the summer party", lookout_word="sunny",
    ),
)

_TIME_OPENERS: dict[str, tuple[str, ...]] = {
    "morning": ("One bright morning", "Early that morning", "That morning", "After breakfast",
                "While the dew was still fresh"),
    "day": ("Later that day", "Around lunchtime", "In the middle of the day", "Before long",
            "A little later"),
    "afternoon": ("That afternoon", "Later that afternoon", "After lunch", "As the shadows grew longer",
                  "In the sleepy afternoon"),
    "sunset": ("As the sun began to set", "When the sky turned pink", "At sunset",
               "As the sun sank lower", "Just before sunset"),
    "evening": ("As evening came", "When the first star appeared", "In the blue evening light",
                "As the light faded", "When the moon rose"),
    "night": ("Under the silver moon", "Later that night", "In the quiet night", "By moonlight",
              "Deep in the night"),
    "dawn": ("The next morning", "When the sun came up", "At sunrise", "At first light",
             "As the new day began"),
}
_LIGHTS: dict[str, tuple[str, ...]] = {
    "morning": ("The morning sun", "Soft morning light", "The early sun"),
    "day": ("The bright sun", "Warm sunshine", "The midday sun"),
    "afternoon": ("The golden afternoon light", "The warm afternoon sun", "Long golden sunbeams"),
    "sunset": ("The setting sun", "Pink and orange light", "The last golden sunbeams"),
    "evening": ("The first evening star", "The blue evening light", "A thin silver moon"),
    "night": ("The silver moon", "Soft starlight", "The bright round moon"),
    "dawn": ("The rising sun", "Pale pink sunrise light", "The new morning sun"),
}
_SHINE = ("sparkled on", "glowed on", "shone on", "danced across", "rested on")
_SKIES: dict[str, str] = {
    "morning": "the pale morning sky", "day": "the bright blue sky",
    "afternoon": "the golden afternoon sky", "sunset": "the pink and orange sky",
    "evening": "the deep blue evening sky", "night": "the starry night sky",
    "dawn": "the rosy sunrise sky",
}
# Illustrator words for each time: a procedural drawer keys its palette on them.
_TIME_SCENES: dict[str, str] = {
    "morning": "morning, soft golden sunlight",
    "day": "bright daytime, blue sky",
    "afternoon": "afternoon, warm golden light",
    "sunset": "sunset, pink and orange sky",
    "evening": "evening, deep blue sky with the first stars",
    "night": "night, dark blue sky full of twinkling stars and a silver moon",
    "dawn": "early morning sunrise, rosy sky",
}

_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen", "twenty")

_SHAPES: tuple[tuple[str, str], ...] = (
    ("circle", "a round pebble"), ("triangle", "a pointy leaf"), ("square", "a flat square stone"),
    ("star", "a star-shaped flower"), ("heart", "a heart-shaped stone"), ("oval", "an egg-shaped cloud"),
)


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
    kind: _Kind
    epithets: tuple[str, ...]  # "the little fox": lets the text avoid pronouns
    colours: tuple[tuple[str, str], ...]  # (colour, part) pairs: ("yellow", "eyes")


_FEAR_RE = re.compile(
    r"\b(?:afraid|scared|frightened|fearful|terrified|nervous|worried)\s+(?:of|about)\s+"
    r"(.+?)(?=\s+(?:and|but|who|because|when|so)\b|[,.;!]|$)", re.I)
_FEARS_RE = re.compile(r"\bfears\s+(.+?)(?=\s+(?:and|but|who|because)\b|[,.;!]|$)", re.I)
_WHO_RE = re.compile(r"\bwho\s+(.+?)(?=[,.;!]|$)", re.I)
_PAST: dict[str, str] = {
    "is": "was", "are": "were", "has": "had", "loves": "loved", "likes": "liked",
    "wants": "wanted", "dreams": "dreamed", "can": "could", "can't": "couldn't",
    "cannot": "could not", "doesn't": "didn't", "enjoys": "enjoyed", "knows": "knew",
    "always": "always", "never": "never", "adores": "adored", "wishes": "wished",
}


def _species_in(text: str) -> str:
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _SPECIES_KIND:
            return word
        if word.endswith("s") and word[:-1] in _SPECIES_KIND:
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
    words = clause.split()
    if not words or words[0].lower() not in _PAST:
        return ""
    words[0] = _PAST[words[0].lower()]
    if words[0] in ("always", "never") and len(words) > 1 and words[1].lower() in _PAST:
        words[1] = _PAST[words[1].lower()]
    return " ".join(words)


def _fear_of(text: str) -> str:
    match = _FEAR_RE.search(text) or _FEARS_RE.search(text)
    if not match:
        return ""
    fear = match.group(1).strip()
    if fear.lower() in ("dark", "night", "heights", "water", "thunder", "storms", "spiders"):
        fear = ("the " + fear) if fear.lower() in ("dark", "night") else fear
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
    traits = [a for a in adjectives if a not in _COLOURS and a not in _SIZES]
    colours = [a for a in adjectives if a in _COLOURS]
    kind = _KINDS.get(_SPECIES_KIND.get(species, ""), _DEFAULT_KIND)
    coloured = tuple((c, kind.coat) for c in colours[:1])
    for match in re.finditer(r"\b(" + "|".join(_COLOURS) + r")\s+([a-z]+)", features.lower()):
        if match.group(2) not in _COLOURS:
            coloured += ((match.group(1), match.group(2)),)
    epithets: list[str] = []
    if species:
        if any(a in ("small", "little", "tiny", "young", "baby", "wee", "teeny") for a in adjectives):
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


_TITLE_COMMON = frozenset(
    "the a an and of in on at to for with who is my our your big little brave small tiny great "
    "grand good goodnight night day moon sun star stars sky magic secret lost first last one once "
    "hello bedtime time when where how why what very best new old happy busy sleepy kind tale "
    "story adventure adventures journey learns finds meets goes".split())


def _invent_hero(title: str, rng: random.Random) -> Character:
    """A gentle hero for a brief without characters, read off the title if it can be."""
    words = re.findall(r"[A-Za-z']+", title)
    species = _species_in(title)
    first = words[0].removesuffix("'s") if words else ""
    name = first if first[:1].isupper() and first.lower() not in _TITLE_COMMON \
        and first.lower() not in _SPECIES_KIND else ""
    if not species:
        species = rng.choice(("fox", "bunny", "bear", "mouse", "hedgehog"))
    adjectives = []
    lowered = [w.lower() for w in words]
    if species in lowered:
        adjectives = [w for w in lowered[: lowered.index(species)]
                      if w in ("brave", "little", "curious", "kind", "shy", "sleepy", "happy",
                               "small", "tiny", "clever", "gentle")]
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
    place: _Place
    noun: str  # illustrator word: "forest"
    weather: _Weather | None
    lookout: str


def _world(setting: str) -> _World:
    setting = setting.strip().rstrip(".")
    if not setting:
        setting = "a green meadow"
    words = re.findall(r"[a-z]+", setting.lower())
    place_key = next((_PLACE_WORDS[w] for w in words if w in _PLACE_WORDS), "meadow")
    weather = next((w for w in _WEATHERS if any(x in words for x in w.words)), None)
    if place_key == "arctic":
        weather = None  # the arctic place is already all snow
    place = _PLACES[place_key]
    noun = next((w for w in words if _PLACE_WORDS.get(w) == place_key), place.noun)
    lead = re.match(r"^(in|on|at|by|near|under|beside|inside)\s+(.*)$", setting, re.I)
    if lead:  # "on a farm": later mentions say "on the farm"
        rest = lead.group(2)
        the_setting = _the(rest) if re.match(r"^(a|an)\s", rest, re.I) else rest
        in_a_setting = setting
        in_setting = f"{lead.group(1)} {the_setting}"
    elif re.match(r"^(a|an|the)\s", setting, re.I):
        prep = "on" if place_key in ("farm", "beach") or noun in ("island", "mountain", "hill") else "in"
        prep = "by" if noun in ("sea", "ocean", "seaside") else prep
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
# Plots. A move is one sentence slot with a few templates of different lengths.

@dataclass(frozen=True)
class _Move:
    variants: tuple[str, ...]
    essential: bool = True


def _e(*variants: str) -> _Move:
    return _Move(tuple(variants), True)


def _o(*variants: str) -> _Move:
    return _Move(tuple(variants), False)


Moves = tuple[_Move, ...]


@dataclass(frozen=True)
class _Plot:
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


# Ideas any helper can offer a hero who has to be brave.
_COURAGE_IDEAS: tuple[Moves, ...] = (
    (_e('"Take a big breath," said {F}.', '"When I feel scared, I take a big breath," said {F}.',
        '"When I feel scared, I take a big, slow breath," said {F}.',
        '"Here is my secret. When I feel scared, I take a big, slow breath," said {F}.'),
     _e("{H} breathed in and out.", "{H} breathed in slowly, and then out slowly.",
        "{H} breathed in slowly, and then out slowly, just like {F} showed."),
     _o("{H} felt calmer.", "Little by little, {Hs} tummy stopped wobbling.")),
    (_e('"Try one small step," said {F}.', '"Try one small step at a time," said {F}.',
        '"Big brave things are made of small brave steps," said {F}.'),
     _e("{H} took one small step.", "{H} took one small step, and then another one."),
     _o('"That was not so bad!" said {H}.', '"That was not so bad," said {H}, with a tiny smile.')),
    (_e('"Let\'s sing a happy song," said {F}.',
        '"When I am nervous, I sing my happy song," said {F}.'),
     _e("They sang together.", "{F} and {H} sang together, loud and silly.",
        "{F} and {H} sang together, so loud and silly that the birds joined in."),
     _o("{H} giggled.", "The song made {H} giggle, and the worry felt smaller.")),
    (_e('"I will stay close to you," said {F}.',
        '"I will be right beside you the whole way," said {F}.'),
     _e("{F} held out a {f_limb}.", "{F} held out a {f_limb} for {H} to hold."),
     _o("{H} held on tight.", "{H} held on tight and felt a little braver.")),
    (_e('"Think of something happy," said {F}.',
        '"When I feel scared, I think of my favourite things," said {F}.'),
     _e("{H} thought happy thoughts.", "{H} thought of {h_love}.",
        "{H} closed both eyes and thought of {h_love}."),
     _o("{H} smiled.", "The happy thought made {H} feel warm and strong inside.")),
    (_e('"You are braver than you think," said {F}.',
        '"You are braver than you think, {H}," said {F}. "Your courage is already inside you."'),
     _e("{H} put a {h_limb} on {h_chest}.", "{H} put a {h_limb} on {h_chest} and listened."),
     _o("Thump, thump, went a brave little heart.",
        "Thump, thump, went a brave little heart, steady and strong.")),
)

_DARK_IDEAS: tuple[Moves, ...] = (
    (_e('"The dark has little lights," said {F}.', '"The dark is full of little lights," said {F}.',
        '"Look closely. The dark is full of little lights," said {F}.'),
     _e("{H} looked up and saw the moon.",
        "{H} looked up and saw the pale moon peeking through the trees."),
     _o("It glowed like a night-light.", "It glowed softly, like a friendly night-light.")),
    (_e('"Listen to the night," said {F}.',
        '"Listen. The night has its own soft music," said {F}.'),
     _e("{H} listened very carefully.", "{H} sat very still and listened very carefully."),
     _o("The sounds were friendly.",
        "The sounds were not scary at all. They were just {the_setting} saying goodnight.")),
)

_COURAGE_COMFORTS: tuple[Moves, ...] = (
    (_e("{F} sat beside {H}.", "{F} sat down beside {H} in {ground}."),
     _e('"Everyone feels scared sometimes," said {F}.',
        '"It is okay to feel scared. Everyone does sometimes," said {F}.'),
     _o('"Even you?" asked {H}.', '"Even you?" asked {H}, very surprised.'),
     _o('"Even me," said {F} with a wink.', '"Even me," said {F}. "Being scared is just a feeling."')),
    (_e("{F} gave {H} a soft hug.", "{F} gave {H} a soft, warm hug."),
     _e('"I was scared once too," said {F}.',
        '"When I was little, I was scared of the wind," said {F}.'),
     _o('"What did you do?" asked {H}.', '"What did you do?" asked {H}, wide-eyed.'),
     _o('"I kept trying," said {F}.', '"I kept trying, one little try at a time," said {F}.')),
)


@dataclass(frozen=True)
class _Fear:
    """What facing one fear looks like in a courage plot."""

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


_FEAR_DARK = _Fear(
    ("dark", "night", "shadow", "shadows"), True,
    (_e("One day, {G_first} had big news.", "One morning, {G_first} {g_move} over with exciting news."),
     _e('"The stars come out tonight!" said {G}.', '"Tonight the sky will be full of stars," said {G}.',
        '"Tonight is the Night of a Thousand Stars," said {G}.'),
     _e('"Let\'s watch from {lookout_short}!"', '"Let\'s watch them from {lookout}!"',
        '"Come and watch them with me from {lookout}!"')),
    "see the stars from {lookout}", "see the stars",
    ((_e("{H} decided to practise being brave.",
         "{H} decided to practise being brave before the big night."),
      _e("{H} peeked into the dark.", "{H} peeked into {dark_spot}.",
         "Very slowly, {H} crept up to {dark_spot} and peeked inside."),
      _o("It was very dark in there.", "It was dark and quiet inside, and {Hs} heart went thump, thump."),
      _e("{H} {h_move} straight back out.", "{H} {h_move} straight back out into the sunshine.")),
     (_e("{H} squeezed both eyes shut.", "{H} squeezed both eyes shut to see how dark would feel."),
      _o("Everything went black.", "Everything went black, like the inside of a pocket."),
      _e('"Too dark!" squeaked {H}.', '"Too dark!" squeaked {H}, and opened both eyes again.')),
     (_e("{H} stood in a long shadow.", "{H} stood in the long, cool shadow of {spot}."),
      _e("Plop! Something fell nearby.", "Suddenly, {small_sound}.", "Then, all of a sudden, {small_sound}."),
      _e("{H} jumped!", "{H} jumped so high that {h} nearly tumbled over."),
      _e("It was only a little noise.", "It was only a little noise, but {Hs} knees still wobbled."))),
    _DARK_IDEAS,
    (_e("The path grew very dark.", "The path grew darker and darker, and the trees looked tall and black."),
     _e("{H} stopped.", "{H} stopped. {Hs} legs began to wobble."),
     _e('"I can\'t do it," whispered {H}.', '"I can\'t do it," {H} whispered. "It is too dark."'),
     _o("{H} wanted to go home.", "{H} wanted to turn around and hurry home.")),
    (_e("Step by step, {H} climbed on.", "Step by step, {H} climbed on, with {small_the} close beside."),
     _e("At last, they reached the top!", "At last, they reached {lookout}.",
        "At last, they reached {lookout}, high above {the_setting}."),
     _e("The sky was full of stars!", "Above them, the whole sky sparkled with more stars than anyone could count.")),
    (_e("{all} looked up.", "{all} lay back in {ground} and gazed up at the sky."),
     _o("{small_the} snuggled close.", "{small_the} snuggled in close, safe and warm."),
     _o("A shooting star zoomed by!", "A shooting star zipped across the sky, and everyone gasped."),
     _o('"It is so beautiful," whispered {H}.', '"It is the most beautiful thing I have ever seen," whispered {H}.'),
     _e("The dark did not feel scary now.",
        "The dark did not feel scary anymore. It felt like a soft, starry blanket.")),
    (_e("The next morning, {H} woke up smiling.",
        "When the sun peeked over the hill, {H} woke up with a great big smile."),
     _o("{H} told everyone about the stars.", "{H} could not wait to tell everyone about the shooting star."),
     _e("And that night, {H} waved at the stars.",
        "And that night, and every night after, {H} waved goodnight to the stars.")),
    {"problem": "{H} outside {home}, looking worried and thoughtful",
     "try": "{H} peeking nervously into {dark_spot}",
     "try1": "{H} standing with both eyes squeezed shut near {spot}",
     "try2": "{H} jumping in surprise in a long shadow near {spot}",
     "low": "{who} on a dark path under tall trees, {H} looking worried",
     "success": "{who} reaching {lookout} under a sky full of stars",
     "joy": "{who} lying on their backs looking up at the stars, a shooting star overhead",
     "ending": "{H} waking up smiling at home as the sun rises"},
    "{lookout}",
)

_FEAR_WATER = _Fear(
    ("water", "swim", "swimming", "pond", "river", "sea", "waves", "splash", "bath"), False,
    (_e("One day, {G_first} had big news.", "One morning, {G_first} {g_move} over with exciting news."),
     _e('"Let\'s all swim today!" said {G}.', '"Today is the big splash day at {water}!" said {G}.',
        '"Today everyone is going to swim across {water}!" said {G}.'),
     _e('"Will you come too?"', '"You will come too, won\'t you?"')),
    "swim across {water}", "learn to swim",
    ((_e("{H} dipped one toe in the water.", "{H} tiptoed to the edge and dipped one toe in the water."),
      _o("Brr! It felt cold and deep.", "Brr! The water felt cold, and it looked so deep."),
      _e("{H} hopped back onto the bank.", "{H} hopped back onto the bank as fast as could be.")),
     (_e("{H} splashed a little puddle.", "{H} practised by splashing in a little puddle."),
      _o("The puddle was easy.", "Puddles were easy, but {water} was much bigger."),
      _e("{H} sighed.", "{H} sighed a long, wobbly sigh.")),
     (_e("{H} watched the others swim.", "{H} sat on the bank and watched the others swim and play."),
      _o("They looked so happy.", "They looked so happy, bobbing in the water like corks."),
      _e('"I wish I could," said {H}.', '"I wish I could do that," {H} said quietly.'))),
    (),
    (_e("The water looked very deep.", "Up close, the water looked deeper than ever."),
     _e("{H} froze on the bank.", "{H} froze on the bank, and {Hs} knees began to shake."),
     _e('"I can\'t do it," whispered {H}.', '"I can\'t do it," {H} whispered. "It is too deep."')),
    (_e("{H} kicked and paddled.", "{H} kicked and paddled, just like {F} showed."),
     _e("{H} swam all the way across!", "Splish, splash, {H} swam all the way across {water}!"),
     _o("Everyone cheered.", "Everyone on the bank cheered and clapped.")),
    (_e("{all} splashed and laughed.", "{all} splashed and laughed in the sparkling water."),
     _e("The water did not feel scary now.", "The water did not feel scary anymore. It felt cool and bubbly.")),
    (_e("That night, {H} fell asleep smiling.", "That night, {H} fell asleep with a happy, tired smile."),
     _e("Tomorrow there would be more splashing!", "Tomorrow there would be even more splashing to do.")),
    {"problem": "{H} looking nervously at {water}", "try": "{H} dipping one toe into {water}",
     "low": "{H} standing frozen on the bank of {water}", "success": "{H} swimming across {water}",
     "joy": "{who} splashing happily in {water}", "ending": "{H} asleep and smiling at home"},
    "{water}",
)

_FEAR_HEIGHTS = _Fear(
    ("height", "heights", "high", "climbing", "climb", "falling", "tall"), False,
    (_e("One day, {G_first} had big news.", "One morning, {G_first} {g_move} over with exciting news."),
     _e('"Let\'s climb up high!" said {G}.', '"From {lookout} you can see everything!" said {G}.',
        '"From {lookout} you can see the whole world!" said {G}.'),
     _e('"Let\'s climb up today!"', '"Let\'s all climb up there this afternoon!"')),
    "climb all the way to {lookout}", "climb up high",
    ((_e("{H} climbed onto {spot}.", "{H} climbed carefully onto {spot}."),
      _o("Then {H} looked down.", "Then {H} looked down, down, down."),
      _e("{H} climbed back down fast.", "Everything looked far away, so {H} climbed back down fast.")),
     (_e("{H} stood on a tall stone.", "{H} practised by standing on a tall, flat stone."),
      _o("It was a little bit high.", "It was only a little bit high, but {Hs} legs felt wobbly."),
      _e("{H} jumped back down.", "{H} jumped back down to the safe, soft ground.")),
     (_e("{H} looked up, up, up.", "{H} looked up at {lookout}.", "{H} looked up at {lookout}, so very far away."),
      _e('"It is so high," said {H}.', '"It is so very high," said {H} with a gulp.'))),
    (),
    (_e("The path got steeper and higher.", "Halfway up, the path got steeper and higher."),
     _e("{H} stopped and held on tight.", "{H} stopped and held on tight to a rock."),
     _e('"I can\'t do it," whispered {H}.', '"I can\'t do it," {H} whispered. "It is too high."')),
    (_e("Step by step, {H} climbed on.", "Step by step, {H} climbed on, looking up and never down."),
     _e("They made it to the top!", "At last, they reached {lookout}!",
        "At last, they reached {lookout}, high above {the_setting}!")),
    (_e("{all} looked out.", "{all} looked out at {the_setting}, tiny and beautiful below."),
     _e("High up did not feel scary now.", "Being up high did not feel scary anymore. It felt like flying.")),
    (_e("That night, {H} fell asleep smiling.", "That night, {H} fell asleep with a happy, tired smile."),
     _e("{H} dreamed of high places.", "{H} dreamed of all the high places still to see.")),
    {"problem": "{H} looking up nervously at a tall hill", "try": "{H} climbing onto {spot}",
     "low": "{H} holding on to a rock halfway up a steep path", "success": "{who} reaching {lookout}",
     "joy": "{who} looking out over the view from {lookout}", "ending": "{H} asleep and smiling at home"},
    "{lookout}",
)


def _generic_fear(fear: str) -> _Fear:
    """Any other fear: the hero must get past it to reach the party."""
    return _Fear(
        (), False,
        (_e("One day, {G_first} had big news.", "One morning, {G_first} {g_move} over with exciting news."),
         _e('"There is a party today!" said {G}.', '"There is a party at {lookout} today!" said {G}.',
            '"Everyone is going to {party} at {lookout} today!" said {G}.'),
         _e('"You must come!"', '"It will not be the same without you!"')),
        "go to {party}", "go to the party",
        ((_e(f"{{H}} tried not to think about {fear}.", f"{{H}} tried very hard not to think about {fear}."),
          _o("But it was hard.", f"But thinking about {fear} made {{Hs}} knees wobble."),
          _e("{H} sighed.", "{H} sighed a long, wobbly sigh.")),
         (_e("{H} practised being brave.", "{H} practised being brave by making a big, brave face."),
          _o("It looked very fierce.", "It looked very fierce in the puddle's reflection."),
          _e("But inside, {H} still felt wobbly.", "But inside, {H} still felt wobbly and small."))),
        (),
        (_e(f"Then {{H}} saw {fear}.", f"Then, on the path ahead, {{H}} saw {fear}."),
         _e("{H} stopped.", "{H} stopped. {Hs} legs began to wobble."),
         _e('"I can\'t do it," whispered {H}.', '"I can\'t do it," {H} whispered. "I want to go home."')),
        (_e("Step by step, {H} walked on.", "Step by step, {H} walked on, with {small_the} close beside."),
         _e("At last, they got to the party!", "At last, they reached {lookout} and the party!")),
        (_e("{all} danced and laughed.", "{all} danced and laughed at the party."),
         _e(f"{fear.capitalize()} did not seem so scary now.",
            f"{fear.capitalize()} did not seem so scary anymore.")),
        (_e("That night, {H} fell asleep smiling.", "That night, {H} fell asleep with a happy, tired smile."),
         _e("{H} felt brave and proud.", "{H} felt brave and proud, all the way down to {h_toes}.")),
        {"problem": "{H} looking worried", "try": "{H} practising a brave face",
         "low": "{H} stopping on the path, looking worried", "success": "{who} arriving at {lookout}",
         "joy": "{who} dancing at the party at {lookout}", "ending": "{H} asleep and smiling at home"},
        "{lookout}",
    )


def _courage_plot(fear: str) -> _Plot:
    lowered = fear.lower()
    spec = next((f for f in (_FEAR_DARK, _FEAR_WATER, _FEAR_HEIGHTS)
                 if any(re.search(rf"\b{w}\b", lowered) for w in f.words)), None) or _generic_fear(fear)
    first = "the dark" if spec is _FEAR_DARK and lowered in ("dark", "night") else fear
    problem = (
        _o("But {H} had a secret.", "But {H} had a little secret.",
           "But there was one thing {H} did not like at all."),
        _e(f"{{H}} was afraid of {first}.", f"{{H}} was afraid of {first}, and nobody knew."),
    ) + ((
        _e("At sunset, {H} hurried home.",
           "Every evening, when the sun slipped away, {H} hurried home to {home}."),
        _o("The shadows looked so big.", "In the dark, the shadows looked big and the night sounds seemed strange."),
        _o("{H} hid under a blanket.", "{H} hid under a warm blanket until morning came."),
    ) if spec is _FEAR_DARK else (
        _o(f"Just thinking about {first} made {{H}} shiver.",
           f"Just thinking about {first} made {{Hs}} tummy feel fluttery."),
    ))
    worry = (
        _e(f"{{H}} wanted to {spec.want_short}.", f"{{H}} wanted to {spec.want}.",
           f"{{H}} wanted to {spec.want} more than anything."),
        _e(f"But what about {first}?", f"But that meant being brave about {first}."),
        _o('"What if I get scared?" whispered {H}.', '"What if I get too scared?" {H} thought.'),
        _o("{Hs} tummy felt wobbly.", "{Hs} tummy did a little flip-flop."),
    )
    turn = (
        _e("Then {H} heard a tiny sniffle.", "Just then, {H} heard a tiny sniffle behind {spot}."),
        _e("It was {small}, all alone.", "It was {small}, lost and all alone."),
        _e(f'"I\'m scared of {first}," it said.', f'"I\'m scared of {first}," said {{small_the}} with a sniff.'),
        _o("{H} knew just how that felt.", "{H} knew exactly how that felt."),
        _e('"Hold my {h_limb}," said {H}. "We can be brave together."',
           '"Take my {h_limb}," said {H} gently. "We can be brave together."'),
        _o("{H} forgot to be scared!", "Helping {small_the}, {H} forgot all about being scared."),
    )
    return _Plot(
        key="courage",
        moral="Being brave does not mean you are never scared. It means you keep trying.",
        moral_short="Being brave means trying, even when scared.",
        night=spec.night,
        problem=problem, goal=spec.goal, worry=worry, tries=spec.tries,
        ideas=spec.ideas + _COURAGE_IDEAS, comforts=_COURAGE_COMFORTS, low=spec.low, turn=turn,
        success=spec.success, joy=spec.joy, ending=spec.ending, pictures=spec.pictures,
        destination=spec.destination, feeling="scared",
    )


def _friendship_plot() -> _Plot:
    return _Plot(
        key="friendship",
        moral="The best way to make a friend is to be a friend.",
        moral_short="To make a friend, be a friend.",
        night=False,
        problem=(
            _e("One day, someone new came along.", "One day, someone new came to live {in_setting}."),
            _e("It was {newcomer}.", "It was {newcomer}, who did not know anyone yet."),
            _e("{newcomer_the} sat all alone.", "{newcomer_the} sat all alone by {spot} and watched the others play."),
            _o("{H} wanted to be friends.", "{H} wanted to be friends, but did not know how to begin."),
        ),
        goal=(
            _e("{G_first} had an idea.", "{G_first} had a wonderful idea."),
            _e('"Let\'s invite our new neighbour!"', '"Let\'s invite our new neighbour to {party}!"',
               '"Let\'s ask our new neighbour to come to {party} this afternoon!" said {G}.'),
        ),
        worry=(
            _e("{H} felt a little shy.", "{H} felt a little shy about saying hello."),
            _e('"What if the answer is no?" thought {H}.', '"What if our new neighbour does not want to play?" thought {H}.'),
        ),
        tries=(
            (_e("{H} waved at {newcomer_the}.", "{H} waved a big, friendly wave at {newcomer_the}."),
             _e("{newcomer_the} looked down.", "{newcomer_the} looked down at the ground.", "But {newcomer_the} only looked down at the ground."),
             _o("{H} felt a bit sad.", "{H} walked away feeling a little bit sad.")),
            (_e("{H} did a silly dance.", "{H} tried a silly dance to make {newcomer_the} laugh."),
             _e("{newcomer_the} just blinked.", "{newcomer_the} just blinked, and then hid behind {spot}."),
             _o("Oh dear.", "Oh dear, that did not work at all.")),
            (_e("{H} left a little present.", "{H} left a present by {spot}.", "{H} left a little present by {spot}: {snack}."),
             _e("Later, the present was gone!", "When {H} came back later, the present was gone!"),
             _o("Maybe that was a good sign.", "{H} hoped that was a very good sign.")),
        ),
        ideas=(
            (_e('"Maybe our new neighbour is shy," said {F}.',
                '"Maybe our new neighbour is just a little shy," said {F}.'),
             _e("{H} had not thought of that.", "{H} had never thought of that before."),
             _o("Being new can feel scary.", "Being somewhere new can feel big and scary.")),
            (_e('"Find out what your neighbour likes," said {F}.',
                '"Friends like to share the things they love," said {F}.'),
             _e("{H} thought very hard.", "{H} thought very hard about what a new friend might like."),
             _o('"Maybe games!" said {H}.', '"Maybe games, or songs, or snacks!" said {H}.')),
            (_e('"Friends take time," said {F}.', '"Making friends is like growing a flower. It takes time," said {F}.'),
             _e("{H} nodded slowly.", "{H} nodded slowly and decided to be patient."),
             _o('"I will keep trying," said {H}.', '"Then I will keep trying," said {H}.')),
            (_e('"Just be yourself," said {F}.', '"Just be yourself. That is the best kind of friend," said {F}.'),
             _e("{H} practised saying hello.", "{H} practised saying hello in a kind, gentle voice."),
             _o('"Hello! My name is {H}."', '"Hello! My name is {H}. Would you like to play?"')),
        ),
        comforts=(
            (_e("{F} sat beside {H}.", "{F} sat down beside {H}."),
             _e('"Don\'t give up," said {F}.', '"Don\'t give up. Kind hearts find a way," said {F}.'),
             _o("{H} felt better.", "{H} felt a little better and tried a smile.")),
        ),
        low=(
            _e("{H} sat down all alone.", "{H} sat down all alone, feeling sad."),
            _e("Maybe it would never work.", "Maybe the new neighbour would never want to play."),
        ),
        turn=(
            _e("Then {H} saw {newcomer_the}.", "Then {H} saw {newcomer_the} trying to reach some berries."),
            _e("The berries were too high.", "The juicy berries were too high for {newcomer_the} to reach."),
            _e("{H} came over to help.", "{H} came over and helped pick the juiciest berries."),
            _e('"Thank you," said {newcomer_the}.', '"Thank you," said {newcomer_the} with a shy smile.'),
            _o('"Would you like to play?" asked {H}.', '"Would you like to come and play with us?" asked {H}.'),
        ),
        success=(
            _e('"Yes, please!" said {newcomer_the}.', '"Yes, please!" said {newcomer_the}, smiling at last.'),
            _e("They went to {party} together.", "Together, they skipped all the way to {party}."),
        ),
        joy=(
            _e("They all played together.", "{H} and {newcomer_the} played together all afternoon."),
            _o("Everyone laughed and laughed.", "Everyone laughed until their tummies hurt."),
            _e("It was the best day ever.", "It was the best day {H} could remember."),
        ),
        ending=(
            _e("That night, {H} fell asleep smiling.", "That night, {H} snuggled into bed with a big smile."),
            _e("Tomorrow they would play again.", "Tomorrow there would be a new friend to play with.",
               "Tomorrow, there would be one more friend to play with."),
        ),
        pictures={"goal": "{G} and {H} making a plan near {spot}", "problem": "{H} watching {newcomer} sitting alone by {spot}",
                  "try": "{H} waving at {newcomer} by {spot}",
                  "low": "{H} sitting alone, looking sad", "turn": "{H} helping {newcomer} pick berries",
                  "success": "{H} and {newcomer} skipping together", "joy": "{who} playing with {newcomer}",
                  "ending": "{H} asleep and smiling at home"},
        destination="{party}",
        feeling="shy",
    )


def _sharing_plot() -> _Plot:
    return _Plot(
        key="sharing",
        moral="Sharing turns a little fun into a lot of fun.",
        moral_short="Sharing makes fun bigger.",
        night=False,
        problem=(
            _e("{H} found {treasure}.", "One morning, {H} found {treasure}.", "One morning, {H} found {treasure} outside {home}."),
            _o("It was the best thing ever.", "It was the best, most wonderful thing {H} had ever seen."),
            _e('"It\'s mine!" said {H}.', '"It\'s all mine, and nobody else can have a turn!" said {H}.'),
        ),
        goal=(
            _e("{G_first} came to see.", "{G_first} {g_move} over to have a look."),
            _e('"Can I have a turn?" asked {G}.', '"Wow! Can I have a turn, please?" asked {G}.'),
            _e('"No," said {H}, holding on tight.', '"No," said {H}, holding on very tight.'),
            _o('"Let\'s all go to {party} later," said {G}.', '"Let\'s all go to {party} later and play there," said {G}.'),
        ),
        worry=(
            _e("{H} did not want to share.", "{H} did not want to share, not even a little bit."),
            _o('"What if it breaks?" thought {H}.', '"What if it breaks, or I never get it back?" thought {H}.'),
        ),
        tries=(
            (_e("{H} played alone by {spot}.", "{H} played with {treasure_the} all alone by {spot}."),
             _e("It was fun for a while.", "It was fun, for a little while."),
             _e("But nobody laughed along.", "But there was nobody to laugh with, and nobody to cheer.")),
            (_e("{H} watched the others playing.", "{H} watched the others playing together near {spot}."),
             _e("They giggled and cheered.", "They were giggling and cheering, having fun without {H}."),
             _o("{H} felt left out.", "Suddenly, {treasure_the} did not feel quite so special.")),
            (_e("{H} tried a new game alone.", "{H} tried to make up a new game, all alone."),
             _e("It was too quiet.", "It was quiet. Much too quiet."),
             _o("{H} sighed.", "{H} sighed and held {treasure_the} close.")),
        ),
        ideas=(
            (_e("{F} shared a snack with a bird.", "{F} shared some {snack} with a hungry little bird."),
             _e("The bird chirped a happy thank-you.", "The bird chirped a happy thank-you song."),
             _o("{H} watched closely.", "{H} watched, and wondered how that felt.")),
            (_e('"We could take turns," said {F}.', '"We could take turns. Then everyone gets to play," said {F}.'),
             _e("{H} thought about it.", "{H} thought about it for a long, long moment."),
             _o('"Maybe later," said {H}.', '"Maybe later," said {H}, but not very loudly.')),
            (_e('"Sharing is like a smile," said {F}.',
                '"Sharing is like a smile. When you give it away, it comes back," said {F}.'),
             _e("{H} smiled a tiny smile.", "{H} tried a tiny smile, just to see."),
             _o("It felt nice.", "It felt nicer than {H} expected.")),
            (_e('"Fun is better together," said {F}.', '"Fun is always bigger when it is shared," said {F}.'),
             _e("{H} looked at {treasure_the}.", "{H} looked at {treasure_the} and thought hard."),
             _o("Was that true?", "Could that really be true?")),
        ),
        comforts=(
            (_e("{F} sat beside {H}.", "{F} sat down beside {H}."),
             _e('"Sharing special things is hard," said {F}.',
                '"It is hard to share special things. I know," said {F}.'),
             _o('"But special things are better together."', '"But special things are even better together."')),
        ),
        low=(
            _e("{H} sat all alone.", "At {party}, {H} sat alone with {treasure_the}.", "{H} sat all alone with {treasure_the}."),
            _e("It was very quiet.", "It was very quiet, and {H} felt lonely."),
        ),
        turn=(
            _e("Then {H} saw {small}.", "Then {H} saw {small} looking at {treasure_the} with big, hopeful eyes."),
            _e("{H} took a deep breath.", "{H} took a deep breath and remembered what {F} had said."),
            _e('"Would you like a turn?" asked {H}.', '"Would you like a turn?" asked {H} with a smile.'),
            _e("{small_the} squeaked with joy!", "{small_the} squeaked with joy and did a happy dance."),
        ),
        success=(
            _e("Soon everyone was taking turns.", "Soon everyone was taking turns with {treasure_the}."),
            _e("{H} laughed louder than ever.", "{H} laughed louder than ever before, and so did everyone else."),
        ),
        joy=(
            _e("{all} played together.", "{all} played together until the sun went down."),
            _e("Sharing made the fun bigger.", "Sharing had made the fun bigger, not smaller."),
        ),
        ending=(
            _e("That night, {H} smiled in bed.", "That night, {H} snuggled into bed, still smiling."),
            _e("It had been the best day of all.", "Sharing had made it the very best day of all."),
        ),
        pictures={"goal": "{G} asking {H} for a turn with {treasure}", "problem": "{H} holding {treasure} outside {home}", "try": "{H} playing alone with {treasure}",
                  "low": "{H} sitting alone with {treasure}", "turn": "{H} offering {treasure} to {small}",
                  "success": "{who} taking turns with {treasure}", "joy": "{who} laughing and playing together",
                  "ending": "{H} asleep and smiling at home"},
        destination="{party}",
        feeling="grumpy",
    )


def _kindness_plot() -> _Plot:
    return _Plot(
        key="kindness",
        moral="A little kindness can make a big difference.",
        moral_short="Little kindnesses make a big difference.",
        night=False,
        problem=(
            _e("{H} was in a great hurry.", "{H} was in a great big hurry that day."),
            _e("Today was {party}!", "Today was {party}, and {H} wanted to be the very first one there."),
            _o("{H} had no time to stop.", "{H} had no time to stop for anything or anyone."),
        ),
        goal=(
            _e('"Don\'t be late!" called {G}.', '"Don\'t be late for {party}!" called {G}.'),
            _e('"I won\'t!" said {H}.', '"I won\'t be late. I\'ll be first!" said {H}.'),
        ),
        worry=(
            _e("{H} rushed along the path.", "{H} rushed along the path as fast as could be."),
            _o("There was no time to lose!", "There was no time to lose, not even one minute!"),
        ),
        tries=(
            (_e("{H} rushed past {critter}.", "{H} passed {critter} by {spot}.", "By {spot}, {H} rushed past {critter} with a heavy load."),
             _e("{H} almost stopped, but hurried on.", "{H} almost stopped to help, but hurried on instead."),
             _o("Something felt wrong inside.", "Something inside {H} felt a little bit wrong.")),
            (_e("{H} saw a bird with a broken nest.", "{H} saw a bird whose nest had fallen down."),
             _e('"No time!" said {H}.', '"Sorry, no time!" said {H}, and ran on.'),
             _o("That wrong feeling grew.", "That wrong feeling grew a little bigger.")),
        ),
        ideas=(
            (_e("{F} stopped to help {critter}.", "{F} stopped to help {critter} carry a heavy basket."),
             _e("{critter_the} smiled a big smile.", "{critter_the} smiled the biggest smile {H} had ever seen."),
             _o("{H} watched quietly.", "{H} watched quietly and felt something warm.")),
            (_e('"Kindness makes hearts warm," said {F}.', '"Kind things make two hearts warm: theirs and yours," said {F}.'),
             _e("{H} thought about the bird.", "{H} thought about the bird and the fallen nest."),
             _o("{Hs} cheeks went pink.", "{Hs} cheeks went a little bit pink.")),
            (_e('"Little kind things matter," said {F}.', '"Even a little kind thing can matter a lot," said {F}.'),
             _e("{H} went quiet.", "{H} went quiet and thought very hard."),
             _o("Maybe being first was not everything.", "Maybe being first was not the most important thing.")),
        ),
        comforts=(
            (_e("{F} sat beside {H}.", "{F} sat down beside {H}."),
             _e('"It is never too late to be kind."', '"It is never too late to be kind," said {F} softly.'),
             _o("{H} felt a little better.", "{H} felt a little better already.")),
        ),
        low=(
            _e("{H} stopped on the path.", "{H} stopped right in the middle of the path."),
            _e("That wrong feeling was too big now.", "That wrong feeling was much too big to ignore now."),
        ),
        turn=(
            _e("{H} turned around.", "{H} turned around and hurried back the other way."),
            _e("{H} helped mend the nest.", "{H} helped the bird mend the fallen nest, twig by twig."),
            _e("Then {H} helped {small}.", "Then {H} helped {small} who had dropped a basket of berries."),
            _o("That warm feeling grew and grew.", "A warm, happy feeling grew and grew inside {H}."),
        ),
        success=(
            _e("{H} was last to {party}.", "{H} was the very last one to arrive at {party}."),
            _e("But everyone cheered!", "But everyone cheered, because they had heard what {H} had done."),
        ),
        joy=(
            _e("{all} danced together.", "{all} danced and laughed together at {party}."),
            _o("The bird sang a special song.", "The little bird sang a special song, just for {H}."),
            _e("{Hs} heart felt warm and full.", "{Hs} heart felt warm and full, like a cup of cocoa."),
        ),
        ending=(
            _e("That night, {H} smiled in bed.", "That night, {H} snuggled into bed, still smiling."),
            _e("Being kind felt best of all.", "Being kind had felt even better than being first."),
        ),
        pictures={"goal": "{G} waving as {H} hurries off", "problem": "{H} rushing along a path", "try": "{H} rushing past {critter} by {spot}",
                  "low": "{H} stopping on the path, thinking", "turn": "{H} helping a bird mend its nest",
                  "success": "{who} cheering as {H} arrives at {party}", "joy": "{who} dancing at {party}",
                  "ending": "{H} asleep and smiling at home"},
        destination="{party}",
        feeling="uneasy",
    )


def _patience_plot() -> _Plot:
    return _Plot(
        key="patience",
        moral="Good things are worth waiting for.",
        moral_short="Good things are worth waiting for.",
        night=True,
        problem=(
            _e("Tonight was the lantern party!", "Tonight was the lantern party, and {H} could not wait."),
            _e('"Is it time yet?" asked {H}.', '"Is it time yet? Is it time yet?" asked {H}, again and again.'),
            _o("It was only morning.", "But it was only morning, and the party was at night."),
        ),
        goal=(
            _e('"It starts at night," said {G}.', '"It starts when the stars come out," said {G}.',
               '"The party starts when the first star comes out," said {G}.'),
            _e('"That is so long!" said {H}.', '"But that is so long from now!" groaned {H}.'),
        ),
        worry=(
            _e("The day felt very long.", "The day stretched out, long and slow."),
            _e("{H} wanted it to be night now.", "{H} wanted it to be night right now."),
        ),
        tries=(
            (_e("{H} stared at the sun.", "{H} stared at the sun, waiting for it to go down."),
             _e("It did not move at all.", "It did not seem to move at all."),
             _o('"Hurry up, sun!" said {H}.', '"Please hurry up, sun!" said {H}.')),
            (_e("{H} tried to sleep till night.", "{H} tried to sleep the whole day away."),
             _e("But {Hs} eyes kept popping open.", "But {Hs} eyes kept popping open, wide awake."),
             _o("It was no use.", "It was no use at all.")),
            (_e('"Is it time now?" asked {H}.', '"Is it time now?" asked {H} for the tenth time.'),
             _e('"Not yet," said {G}, smiling.', '"Not yet," said {G}, with a patient smile.'),
             _o("{H} groaned.", "{H} groaned a long, dramatic groan.")),
        ),
        ideas=(
            (_e('"Let\'s make lanterns while we wait," said {F}.',
                '"Let\'s make our lanterns while we wait," said {F}.'),
             _e("They cut and folded and glued.", "They cut and folded and glued until the lanterns were ready."),
             _o("The time went faster!", "Somehow, the time went a little faster.")),
            (_e('"Waiting is easier with friends," said {F}.',
                '"Waiting is always easier when you do it with a friend," said {F}.'),
             _e("They played a clapping game.", "They played a clapping game near {spot}."),
             _o("{H} forgot to ask the time.", "{H} forgot to ask if it was time yet.")),
            (_e('"Look at the little things," said {F}.',
                '"While you wait, look at all the little things," said {F}.'),
             _e("{H} watched a beetle walk by.", "{H} watched a tiny beetle walk slowly along a twig."),
             _o("It was quite interesting!", "It was much more interesting than {H} expected.")),
            (_e('"Good things take time," said {F}.', '"Good things take time, like bread rising in the oven," said {F}.'),
             _e("{H} took a long breath.", "{H} took a long, slow breath and sat still."),
             _o("The sky was changing colour.", "Little by little, the sky was changing colour.")),
        ),
        comforts=(
            (_e("{F} sat beside {H}.", "{F} sat down beside {H}."),
             _e('"Waiting is hard for everyone," said {F}.', '"Waiting is hard for everyone, even me," said {F}.'),
             _o("{H} felt better.", "{H} felt a little better knowing that.")),
        ),
        low=(
            _e('"I can\'t wait any more!" said {H}.', '"I can\'t wait any more!" said {H}, stamping a foot.'),
            _e("{H} wanted to give up.", "{H} wanted to stop waiting and go home."),
        ),
        turn=(
            _e("Then {H} saw {small}.", "Then {H} saw {small}, who was waiting too."),
            _e("{small_the} looked very sad.", "{small_the} looked very sad and very tired of waiting."),
            _e('"Let\'s wait together," said {H}.', '"Let\'s wait together. I know some good games," said {H}.'),
            _o("{H} taught the clapping game.", "{H} taught {small_the} the clapping game and the beetle-watching game."),
        ),
        success=(
            _e("Then the first star appeared!", "And then, at last, the first star appeared!"),
            _e("The lanterns glowed warm and gold.", "All the lanterns glowed warm and gold in the dark."),
        ),
        joy=(
            _e("{all} danced under the lanterns.", "{all} danced under the glowing lanterns."),
            _e("It was worth the wait.", "It was even better because they had waited for it."),
        ),
        ending=(
            _e("The next morning, {H} woke up smiling.", "When the sun came up, {H} woke up smiling."),
            _e('"When is the next party?" asked {H}.', '"When is the next party?" asked {H}. "I can wait."'),
        ),
        pictures={"goal": "{G} pointing at the sky while {H} waits impatiently", "problem": "{H} looking up at the sky, impatient", "try": "{H} staring at the sun",
                  "low": "{H} stamping a foot, impatient", "turn": "{H} and {small} playing a clapping game",
                  "success": "{who} holding glowing lanterns as the first star appears",
                  "joy": "{who} dancing under glowing lanterns", "ending": "{H} waking up smiling at sunrise"},
        destination="the lantern party",
        feeling="impatient",
    )


def _perseverance_plot() -> _Plot:
    return _Plot(
        key="perseverance",
        moral="Keep trying, and little by little you will get there.",
        moral_short="Keep trying, and you will get there.",
        night=False,
        problem=(
            _e("{H} wanted to fly a kite.", "More than anything, {H} wanted to fly a kite."),
            _o("{H} had a bright red kite.", "{H} had a bright red kite with a long, swishy tail."),
            _e("But it always fell down.", "But every time {H} tried, the kite flopped down."),
        ),
        goal=(
            _e("{G_first} had big news.", "{G_first} came with big news."),
            _e('"The kite day is this afternoon!" said {G}.',
               '"This afternoon is the big kite day at {lookout}!" said {G}.'),
        ),
        worry=(
            _e('"My kite never flies," said {H}.', '"But my kite never flies," said {H} sadly.'),
            _o("{H} looked at the floppy kite.", "{H} looked at the floppy kite and sighed."),
        ),
        tries=(
            (_e("{H} ran with the kite.", "{H} ran as fast as could be with the kite."),
             _e("Flop! It fell down.", "Flop! It fell straight down into {ground}."),
             _o('"Oh no," said {H}.', '"Oh no, not again," said {H}.')),
            (_e("{H} threw the kite up high.", "{H} threw the kite up high into the air."),
             _e("It tumbled into a bush.", "It tumbled down and got stuck in a prickly bush."),
             _o("{H} untangled the string.", "{H} carefully untangled the string, knot by knot.")),
            (_e("{H} tried from {spot}.", "{H} tried again from the top of {spot}."),
             _e("The kite spun round and round.", "The kite spun round and round and landed with a bump."),
             _o("{H} frowned.", "{H} frowned a very big frown.")),
        ),
        ideas=(
            (_e('"Wait for the wind," said {F}.', '"Wait for the wind, then let the string out slowly," said {F}.'),
             _e("{H} waited and waited.", "{H} stood still and waited for the wind."),
             _o("The kite lifted, just a little!", "The kite lifted up, just a little, before it wobbled down.")),
            (_e('"Every try teaches you something," said {F}.',
                '"Every try teaches you something new," said {F}.'),
             _e("{H} thought about each try.", "{H} thought about what each try had taught."),
             _o('"Run into the wind!" said {H}.', '"I need to run into the wind, not away from it!" said {H}.')),
            (_e('"I fell lots too," said {F}.', '"I fell lots when I was learning," said {F}.',
                '"When I was learning, I fell down lots and lots," said {F}.'),
             _e('"Really?" asked {H}.', '"Really? You did?" asked {H}.'),
             _o('"Really," said {F}. "Then one day I didn\'t."', '"Really," said {F}. "And then, one day, I didn\'t."')),
            (_e('"Let\'s fix the tail," said {F}.', '"Let\'s make the tail a little longer," said {F}.'),
             _e("They added a ribbon.", "Together they tied a long ribbon to the tail."),
             _o("The kite looked ready.", "Now the kite looked ready for the sky.")),
        ),
        comforts=(
            (_e("{F} sat beside {H}.", "{F} sat down beside {H}."),
             _e('"You are learning," said {F}.', '"You are not failing. You are learning," said {F}.'),
             _o("{H} felt a bit better.", "{H} felt a little better and picked up the kite.")),
        ),
        low=(
            _e("The kite fell again.", "The kite fell down yet again."),
            _e('"I give up," said {H}.', '"I give up," said {H}, and sat down with a bump.'),
        ),
        turn=(
            _e("Then {H} saw {small}.", "Then {H} saw {small} trying to fly a tiny kite."),
            _e("It kept falling down too.", "It kept falling down too, just like {Hs}."),
            _e('"Let\'s keep trying together," said {H}.', '"Don\'t give up! Let\'s keep trying together," said {H}.'),
            _o("{H} felt brave and ready.", "Saying it out loud made {H} feel ready to try again."),
        ),
        success=(
            _e("{H} ran into the wind.", "{H} ran into the wind and let the string out slowly."),
            _e("Up went the kite!", "Up, up, up went the kite, high into the sky!"),
        ),
        joy=(
            _e("{all} cheered.", "{all} cheered and clapped at {lookout}."),
            _e("The kite danced in the sky.", "The red kite danced with the clouds."),
        ),
        ending=(
            _e("That night, {H} smiled in bed.", "That night, {H} snuggled into bed, tired and proud."),
            _e("Tomorrow, the kite would fly again.", "Tomorrow, the kite would fly even higher."),
        ),
        pictures={"goal": "{G} telling {H} about the kite day", "problem": "{H} holding a red kite that has fallen", "try": "{H} running with a red kite",
                  "low": "{H} sitting down next to a fallen red kite", "turn": "{H} helping {small} with a tiny kite",
                  "success": "{H} flying a red kite high in the sky", "joy": "{who} cheering as a red kite flies",
                  "ending": "{H} asleep and smiling at home"},
        destination="{lookout}",
        feeling="discouraged",
    )


def _honesty_plot() -> _Plot:
    return _Plot(
        key="honesty",
        moral="Telling the truth makes your heart feel light.",
        moral_short="The truth makes your heart feel light.",
        night=False,
        problem=(
            _e("{H} was playing with a ball.", "{H} was playing catch with a bouncy ball near {home}."),
            _e("Crash! It hit {Gs} bowl.", "Crash! The ball knocked over {Gs} special painted bowl."),
            _e("The bowl cracked.", "The bowl cracked right down the middle."),
            _o("{H} hid it under a leaf.", "Quickly, {H} hid the pieces under a big leaf."),
        ),
        goal=(
            _e("{G} came looking.", "{G} came looking for the special bowl."),
            _e('"Have you seen my bowl?" asked {G}.', '"Have you seen my painted bowl anywhere?" asked {G}.'),
            _e('"No," said {H} quietly.', '"No," said {H}, looking at the ground.'),
        ),
        worry=(
            _e("{Hs} tummy felt heavy.", "{Hs} tummy felt heavy, like a stone was inside."),
            _o("That was not true.", "That was not true, and {H} knew it."),
        ),
        tries=(
            (_e("{H} tried to play.", "{H} tried to play and forget about it."),
             _e("But the heavy feeling stayed.", "But the heavy feeling stayed and stayed."),
             _o("It was no fun at all.", "Nothing was fun with a heavy feeling inside.")),
            (_e("{H} tried to fix the bowl.", "{H} tried to stick the bowl back together with mud."),
             _e("It fell apart again.", "But it fell apart again, plop."),
             _o("{H} sighed.", "{H} sighed a long, sad sigh.")),
        ),
        ideas=(
            (_e("{F} told {critter} a story.", "{F} was telling {critter} a story about a lost button."),
             _e('"Telling the truth helped me," said {F}.', '"I felt better when I told the truth," said {F}.',
                '"I felt so much better when I told the truth," said {F}.'),
             _o("{H} listened very closely.", "{H} listened very, very closely.")),
            (_e('"Truth is like sunshine," said {F}.', '"The truth is like sunshine. It makes hearts warm again," said {F}.'),
             _e("{H} thought about the bowl.", "{H} thought about the bowl under the leaf."),
             _o("The heavy feeling grew.", "The heavy feeling grew a little heavier.")),
            (_e('"Everyone makes mistakes," said {F}.', '"Everyone makes mistakes. It is how we fix them that matters," said {F}.'),
             _e("{H} nodded slowly.", "{H} nodded slowly, thinking hard."),
             _o("Maybe it was time.", "Maybe it was time to be brave.")),
        ),
        comforts=(
            (_e("{F} sat beside {H}.", "{F} sat down beside {H}."),
             _e('"You look sad," said {F}. "Do you want to talk?"', '"You look sad," said {F} kindly. "Do you want to talk?"'),
             _o("{H} almost said something.", "{H} almost said something, but not quite yet.")),
        ),
        low=(
            _e("{H} felt sad and heavy.", "{H} felt sad and heavy all over."),
            _e("Keeping the secret was too hard.", "Keeping the secret was the hardest thing of all."),
        ),
        turn=(
            _e("{H} took a deep breath.", "{H} took a deep breath and lifted the leaf."),
            _e('"I broke your bowl," said {H}.', '"I broke your bowl," said {H}. "I\'m sorry I hid it."'),
            _e("{G} was quiet for a moment.", "{G} was quiet for a moment."),
            _e('"Thank you for telling me," said {G}.', '"Thank you for telling me the truth," said {G}.'),
        ),
        success=(
            _e("The heavy feeling floated away.", "The heavy feeling floated away like a bubble."),
            _e("They fixed the bowl together.", "Together, they fixed the bowl with sticky tree sap."),
            _o("It had a funny crack now.", "It had a funny crack now, and they both loved it even more."),
        ),
        joy=(
            _e("{all} played together again.", "{all} played together again, happy and free."),
            _e("{Hs} heart felt light.", "{Hs} heart felt as light as a feather."),
        ),
        ending=(
            _e("That night, {H} slept well.", "That night, {H} slept soundly, with a light heart."),
            _e("Telling the truth felt good.", "Telling the truth had been hard, but it felt so good."),
        ),
        pictures={"goal": "{G} asking {H} about a missing bowl", "problem": "{H} looking at a cracked painted bowl", "try": "{H} trying to fix a cracked bowl",
                  "low": "{H} sitting alone, looking sad", "turn": "{H} showing {G} a cracked painted bowl",
                  "success": "{who} mending a painted bowl together", "joy": "{who} playing together happily",
                  "ending": "{H} asleep and smiling at home"},
        destination="{party}",
        feeling="uneasy",
    )


def _teamwork_plot() -> _Plot:
    return _Plot(
        key="teamwork",
        moral="We can do big things when we work together.",
        moral_short="Together we can do big things.",
        night=False,
        problem=(
            _e("{H} wanted to build {project}.", "{H} wanted to build {project}, all alone."),
            _o("It would be amazing.", "It would be the most amazing thing {in_setting}."),
            _e("But it was a very big job.", "But it was a very big job for one small builder."),
        ),
        goal=(
            _e('"Can I help?" asked {G_first}.', '"Can I help you build it?" asked {G_first}.'),
            _e('"No, thank you," said {H}.', '"No, thank you. I can do it by myself," said {H}.'),
        ),
        worry=(
            _e("{H} looked at the big pile.", "{H} looked at the big pile of things to build with."),
            _o("It was bigger than {H}.", "The pile was even bigger than {H}."),
        ),
        tries=(
            (_e("{H} lifted a heavy piece.", "{H} tried to lift the biggest, heaviest piece."),
             _e("It would not budge.", "It would not budge, not even a little."),
             _o("{H} puffed and panted.", "{H} puffed and panted and sat down.")),
            (_e("{H} built a tall wall.", "{H} built a wall as tall as could be."),
             _e("It wobbled and fell.", "It wobbled, and wibbled, and fell down flat."),
             _o('"Oh no!" said {H}.', '"Oh no, not again!" said {H}.')),
            (_e("{H} tried to hold two things.", "{H} tried to hold two things and build at the same time."),
             _e("Everything tumbled down.", "Everything tumbled down in a big heap."),
             _o("{H} needed more paws.", "{H} needed more than two {h_limb}s for this job.")),
        ),
        ideas=(
            (_e('"I can carry things," said {F}.', '"I am good at carrying things. Let me help," said {F}.'),
             _e('"Maybe later," said {H}.', '"Maybe later," said {H}, not quite ready to share the job.'),
             _o("{F} waited patiently.", "{F} waited patiently nearby.")),
            (_e("{F} showed {H} a clever trick.", "{F} showed {H} how to carry two things at once."),
             _e("{H} was amazed.", "{H} was amazed. That was very useful!"),
             _o("Maybe friends could help.", "Maybe friends could help after all.")),
            (_e('"Many {f_limb}s make light work," said {F}.',
                '"Many {f_limb}s make light work. That is what my grandma says," said {F}.'),
             _e("{H} thought about it.", "{H} thought about it for a long moment."),
             _o("It made a lot of sense.", "It made a lot of sense.")),
        ),
        comforts=(
            (_e("{F} sat beside {H}.", "{F} sat down beside {H}."),
             _e('"Big jobs are hard alone," said {F}.', '"Big jobs are hard to do alone," said {F} kindly.'),
             _o("{H} nodded.", "{H} nodded, a little tired.")),
        ),
        low=(
            _e("Everything fell down again.", "Everything fell down again, in the biggest heap yet."),
            _e("{H} sat down with a bump.", "{H} sat down with a bump, ready to cry."),
        ),
        turn=(
            _e("Then {H} saw {small}.", "Then {H} saw {small} trying to carry a big twig alone."),
            _e("{H} rushed to help.", "{H} rushed over to help, and together it was easy!"),
            _e('"Together is easier!" said {H}.', '"Oh! Together is so much easier!" said {H}.'),
            _e('"Will you all help me?" asked {H}.', '"Will you all help me build?" asked {H}.'),
        ),
        success=(
            _e("Everybody helped.", "Everybody helped, each in their own special way."),
            _e("Up went {project}!", "Bit by bit, up went {project}!"),
        ),
        joy=(
            _e("{all} cheered.", "{all} cheered at what they had made together."),
            _e("It was better than {H} had dreamed.", "It was better than {H} had ever dreamed."),
        ),
        ending=(
            _e("That night, {H} smiled in bed.", "That night, {H} snuggled into bed, tired and happy."),
            _e("Tomorrow they would play in it together.", "Tomorrow, they would all play in it together."),
        ),
        pictures={"goal": "{G} offering to help {H}", "problem": "{H} looking at a big pile of building things", "try": "{H} struggling with a heavy piece",
                  "low": "{H} sitting by a fallen heap", "turn": "{H} helping {small} carry a twig",
                  "success": "{who} building {project} together", "joy": "{who} cheering next to {project}",
                  "ending": "{H} asleep and smiling at home"},
        destination="{lookout}",
        feeling="frustrated",
    )


# What showing a theme looks like, for themes without a plot of their own.
_QUEST_ACTS: dict[str, str] = {
    "grat": "said thank you to every friend who had helped that day",
    "thank": "said thank you to every friend who had helped that day",
    "curio": "asked a big question and discovered something new",
    "respons": "looked after the little seedlings, just as promised",
    "respect": "listened carefully to everyone's ideas",
    "love": "gave everyone a big, warm hug",
    "yourself": "stopped trying to be like everyone else and was simply {H}",
    "accept": "smiled at everything that made each friend different",
    "forgiv": "forgave a friend who had made a mistake",
    "hope": "kept believing that tomorrow would be better",
    "joy": "danced just for the fun of it",
    "creativ": "made a picture out of leaves and pebbles",
    "imagin": "turned a cardboard box into a rocket ship",
    "calm": "took a slow breath and listened to the wind",
    "mindful": "took a slow breath and listened to the wind",
    "manners": "said please and thank you",
    "polite": "said please and thank you",
}


def _quest_plot(theme: str) -> _Plot:
    """Any other theme: the hero sets out to find out what it means."""
    word = theme.strip().lower()
    title = word.capitalize()
    act = next((a for k, a in _QUEST_ACTS.items() if k in word), "helped someone who needed it")
    return _Plot(
        key="quest",
        moral=f"{title} is something you show with your heart, every single day.",
        moral_short=f"{title} lives in your heart.",
        night=False,
        problem=(
            _e(f"{{H}} heard a big word: {word}.", f"One day, {{H}} heard a big, important word: {word}."),
            _e(f'"What is {word}?" asked {{H}}.', f'"What does {word} mean?" wondered {{H}}.'),
            _o("Nobody answered.", "Nobody was around to answer."),
        ),
        goal=(
            _e("{H} decided to find out.", "{H} decided to go and find out."),
            _o("{G_first} wanted to come too.", "{G_first} wanted to come along too."),
        ),
        worry=(
            _e(f'"Where can I find {word}?" thought {{H}}.', f'"Where in the world can I find {word}?" thought {{H}}.'),
        ),
        tries=(
            (_e(f"{{H}} looked for {word}.", f"{{H}} looked for {word} behind {{spot}}."),
             _e("But there was nothing there.", "But there was only a little beetle, and it did not know."),
             _o("{H} scratched {h_head}.", "{H} scratched {h_head} and thought.")),
            (_e(f"{{H}} shouted {word} across {{the_setting}}.", f"{{H}} called out, \"{title}!\" across {{the_setting}}."),
             _e("Only an echo came back.", "Only a little echo came back."),
             _o("{H} giggled.", "{H} giggled at the echo.")),
        ),
        ideas=(
            (_e(f'"{title} is something you do," said {{F}}.', f'"{title} is not a thing you find. It is a thing you do," said {{F}}.'),
             _e('"How?" asked {H}.', '"How do you do it?" asked {H}.'),
             _o('"Watch closely," said {F}.', '"Watch closely, and you will see," said {F}.')),
            (_e("{F} helped {critter}.", "{F} helped {critter} and shared a kind word."),
             _e("{critter_the} smiled.", "{critter_the} smiled a big, warm smile."),
             _o(f'"Is that {word}?" asked {{H}}.', f'"Is that what {word} looks like?" asked {{H}}.')),
            (_e(f'"{title} lives in your heart," said {{F}}.', f'"{title} lives in your heart, and grows when you use it," said {{F}}.'),
             _e("{H} put a {h_limb} on {h_chest}.", "{H} put a {h_limb} on {h_chest} and listened."),
             _o("Something warm was there.", "Something warm and quiet was there.")),
        ),
        comforts=(
            (_e("{F} sat beside {H}.", "{F} sat down beside {H}."),
             _e('"Keep looking," said {F}.', '"Keep looking. You are closer than you think," said {F}.'),),
        ),
        low=(
            _e(f'"I will never find {word}," sighed {{H}}.', f'"I will never find {word}," sighed {{H}}, sitting down.'),
        ),
        turn=(
            _e("Then {H} had an idea.", "Then, all at once, {H} had an idea."),
            _e(f"{{H}} {act}.", f"Without even thinking twice, {{H}} {act}."),
            _e(f'"That was {word}!" said {{F}}.', f'"That was {word}, {{H}}! You found it!" said {{F}}.'),
        ),
        success=(
            _e("{H} smiled a big smile.", "{H} smiled the biggest smile ever."),
            _e(f"{title} was inside all along!", f"{title} had been there, inside {{H}}, all along!"),
        ),
        joy=(
            _e("{all} danced for joy.", "{all} danced for joy {in_setting}."),
            _e("Everything felt bright.", "Everything felt a little bit brighter."),
        ),
        ending=(
            _e("That night, {H} smiled in bed.", "That night, {H} snuggled into bed with a warm heart."),
            _e(f"Tomorrow, {{H}} would share {word} again.", f"Tomorrow, {{H}} would find more ways to share {word}."),
        ),
        pictures={"goal": "{H} and {G} wondering together", "problem": "{H} wondering, with a thoughtful face", "try": "{H} searching behind {spot}",
                  "low": "{H} sitting down, thinking", "turn": "{H} helping {small}",
                  "success": "{H} smiling with a warm glow", "joy": "{who} dancing together",
                  "ending": "{H} asleep and smiling at home"},
        destination="{lookout}",
        feeling="puzzled",
    )


_THEME_ALIASES: dict[str, str] = {
    "courage": "courage", "brave": "courage", "bravery": "courage", "fear": "courage",
    "fears": "courage", "confidence": "courage", "afraid": "courage", "scared": "courage",
    "friendship": "friendship", "friends": "friendship", "friend": "friendship",
    "belonging": "friendship", "inclusion": "friendship", "loneliness": "friendship",
    "shy": "friendship", "shyness": "friendship", "lonely": "friendship",
    "sharing": "sharing", "share": "sharing", "generosity": "sharing", "giving": "sharing",
    "shares": "sharing",
    "kindness": "kindness", "kind": "kindness", "empathy": "kindness", "caring": "kindness",
    "compassion": "kindness", "helping": "kindness", "helpfulness": "kindness",
    "patience": "patience", "patient": "patience", "waiting": "patience", "impatient": "patience",
    "perseverance": "perseverance", "persistence": "perseverance", "determination": "perseverance",
    "resilience": "perseverance", "trying": "perseverance", "grit": "perseverance",
    "honesty": "honesty", "truth": "honesty", "honest": "honesty", "truthfulness": "honesty",
    "teamwork": "teamwork", "cooperation": "teamwork", "together": "teamwork",
    "collaboration": "teamwork",
}
_PLOTS = {
    "friendship": _friendship_plot, "sharing": _sharing_plot, "kindness": _kindness_plot,
    "patience": _patience_plot, "perseverance": _perseverance_plot, "honesty": _honesty_plot,
    "teamwork": _teamwork_plot,
}


def _theme_key(*texts: str) -> str:
    """The first known theme word in the texts, in order ("" when none)."""
    for text in texts:
        words = re.findall(r"[a-z]+", text.lower())
        if "give" in words and "up" in words:
            return "perseverance"
        for word in words:
            if word in _THEME_ALIASES:
                return _THEME_ALIASES[word]
    return ""


def _title_fear(title: str, rng: random.Random) -> str:
    """A fear to be brave about when the theme is courage but nobody is afraid of anything."""
    words = set(re.findall(r"[a-z]+", title.lower()))
    if words & {"night", "dark", "star", "stars", "moon", "bedtime", "goodnight"}:
        return "the dark"
    if words & {"swim", "sea", "water", "splash", "river", "pond", "wave", "waves"}:
        return "deep water"
    if words & {"climb", "mountain", "high", "top", "tree", "tall"}:
        return "heights"
    return rng.choice(("the dark", "the dark", "heights"))


def _plot_for(brief: StoryBrief, hero: _Actor, rng: random.Random) -> _Plot:
    if hero.fear:  # a fear in the hero's description always drives the problem
        return _courage_plot(hero.fear)
    key = _theme_key(brief.theme) or (
        "" if brief.theme.strip() else _theme_key(hero.likes, hero.trait, brief.title,
                                                   brief.educational_focus))
    if key == "courage":
        return _courage_plot(_title_fear(brief.title, rng))
    if key in _PLOTS:
        return _PLOTS[key]()
    if _is_value(brief.theme):
        return _quest_plot(brief.theme)
    # A topic ("the seasons") or no theme at all: a gentle story about making a friend.
    return _friendship_plot()


def _is_value(theme: str) -> bool:
    """'gratitude', 'being yourself': something a hero can show. 'the seasons' is a topic instead."""
    words = re.findall(r"[a-z]+", theme.lower())
    if not words or words[0] in ("the", "a", "an"):
        return False
    return any(w.endswith(("ness", "ity", "ship", "ence", "ance", "tude", "esty", "ment", "ion"))
               or w in ("love", "hope", "joy", "respect", "trust", "calm", "manners", "yourself", "being")
               or w in _QUEST_ACTS for w in words) or any(k in theme.lower() for k in _QUEST_ACTS)


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


def _plan(pages: int, companions: int, plot: _Plot, per_page: int = 1, critters: int = 6,
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


def _middle(count: int, companions: int, plot: _Plot, pad_to: int = 0, critters: int = 6,
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
            "cameo": critters, "play": 3, "snack": 2, "setoff": 1, "journey": _JOURNEYS}
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
# Generic beats: the same shape for every plot.

_ROLE_WORDS: dict[str, str] = {
    "friend": "best friend", "best friend": "best friend", "hero": "friend",
    "mentor": "wise old friend", "teacher": "teacher", "guide": "wise old friend",
    "sidekick": "little buddy", "buddy": "little buddy", "pal": "little buddy",
    "brother": "big brother", "sister": "big sister", "sibling": "big sister",
    "cousin": "cousin", "neighbour": "neighbour", "neighbor": "neighbor",
    "grandma": "grandma", "grandpa": "grandpa", "mother": "mama", "mom": "mama", "mum": "mum",
    "father": "papa", "dad": "dad", "parent": "mama", "pet": "loyal pet",
}

_TRAIT_LINES: dict[str, tuple[str, str]] = {
    "curious": ("{H} was curious about everything.", "{H} was curious about everything and asked a hundred questions a day."),
    "kind": ("{H} was kind to everyone.", "{H} was kind to everyone, big or small."),
    "shy": ("{H} was a little bit shy.", "{H} was a little bit shy, but very kind."),
    "brave": ("{H} was brave and bold.", "{H} wanted to be brave and bold, like the heroes in stories."),
    "playful": ("{H} loved to play.", "{H} loved to play from morning until night."),
    "clever": ("{H} was very clever.", "{H} was very clever and good at solving puzzles."),
    "cheerful": ("{H} was always cheerful.", "{H} was always cheerful and hummed little songs."),
    "gentle": ("{H} was gentle and kind.", "{H} was gentle and kind to every living thing."),
    "wise": ("{H} was very wise.", "{H} was very wise and always knew what to say."),
    "happy": ("{H} was a happy soul.", "{H} was a happy soul who loved to laugh."),
    "sleepy": ("{H} loved naps.", "{H} loved naps more than almost anything."),
    "funny": ("{H} loved to make jokes.", "{H} loved to make jokes and silly faces."),
    "busy": ("{H} was always busy.", "{H} was always busy, busy, busy."),
    "friendly": ("{H} was friendly to all.", "{H} was friendly to everyone, even grumpy beetles."),
}


def _intro_moves() -> Moves:
    return (
        _e("{if_young}{H} lived {in_a_setting}.", "{In_a_setting} lived {h_looks} named {H}.",
           "Once upon a time, {in_a_setting}, there lived {h_looks} named {H}.",
           "~{H} lived {in_a_setting}.", "~Once upon a time, {H} lived {in_a_setting}."),
        _o("{if_young}{H} was {h_looks}."),
        _o("{H} {h_feature_verb} {h_with}.", "{H} {h_feature_verb} {h_with}."),
        _o("{h_trait_short}", "{h_trait_long}"),
        _o("{H} lived in {h_home}.", "{Hs} home was {h_home}, warm and snug."),
    )


def _life_moves() -> Moves:
    return (
        _e("{H} loved {act1}.", "Every day, {H} loved {act1}.", "Every single day, {H} loved {act1} {in_setting}."),
        _o("{H} also loved {act2}.", "And {H} also loved {act2}, which was even more fun."),
        _o("{H} {h_likes}.", "And most of all, {H} {h_likes}."),
        _o('"Whee!" laughed {H}.', '"What a wonderful day!" laughed {H}.'),
    )


def _meet_moves() -> Moves:
    return (
        _e("{H} had a friend called {F}.", "{Hs} {rel} was {F}, {f_looks}.",
           "{Hs} {rel} was {F}, {f_looks}, who lived in {f_home}.",
           "{Hs} {rel} was {F}.", "{H} had a {rel} called {F}, who lived nearby."),
        _o("{F} {f_feature_verb} {f_with}.", "{F} {f_feature_verb} {f_with}."),
        _o("{F} {f_gift}.", "{F} {f_gift}, which was very useful.", "{F} {f_gift}, which often came in handy."),
        _o("{f_night}"),
        _o("They played every day.", "{H} and {F} played together every single day.",
           "{H} and {F} were the best of friends.", "{F} always made {H} laugh."),
    )


def _helper_intro_moves() -> Moves:
    """For companions who first appear in the middle of the book."""
    return (
        _e("Along came {F}.", "Along came {F}, {f_looks}.", "Just then, along came {F}, {f_looks}."),
    )


def _comfort_generic() -> Moves:
    return (
        _e("{F} sat beside {H}.", "{F} sat down close beside {H}."),
        _e('"I am here," said {F}.', '"I am right here with you," said {F}.'),
    )


def _play_moves(variant: int) -> Moves:
    """A break from the problem: picture books breathe between the hard parts."""
    shapes: tuple[Moves, ...] = (
        (_e("{time_open}, {all} played {game}.", "{time_open}, {all} played {game} near {spot}.",
            "{time_open}, {all} took a break from everything and played {game} near {spot}.",
            "~{all} played {game}.", "~They played {game}."),
         _o("{F} was very good at it.", "{F} was very good at it and laughed the whole time."),
         _o("{H} giggled and giggled.", "{H} giggled so much that {h} forgot to be {feeling} for a while."),
         _o("What fun they had!", "What fun they had, running and tumbling together!")),
        (_e("{all} made up a silly song.", "{time_open}, {all} made up a silly song about {spot}."),
         _o("It had a very bouncy tune.", "It had a very bouncy tune and far too many verses."),
         _o("{F} sang the loudest.", "{F} sang the loudest, and {H} sang the silliest."),
         _o("They sang it three times!", "They liked it so much that they sang it three times!")),
        (_e("{all} built a tiny house.", "{time_open}, {all} built a tiny house of twigs near {spot}."),
         _o("It had a leaf for a roof.", "It had a leaf for a roof and a pebble for a door."),
         _o('"Perfect for a beetle," said {F}.', '"It is perfect for a very small beetle," said {F}.'),
         _o("{H} laughed and agreed.", "{H} laughed and added a tiny moss garden.")),
    )
    return shapes[variant % len(shapes)]


def _snack_moves(variant: int) -> Moves:
    shapes: tuple[Moves, ...] = (
        (_e("They stopped by {spot}.", "They stopped to rest by {spot}."),
         _e("{F} shared {snack}.", "{F} had brought {snack} to share."),
         _o("Yum, yum, yum!", '"Yum!" said {H}. "These are the best ever!"'),
         _o("{H} giggled at {Fs} sticky {f_face}.", "{H} giggled at {Fs} happy, sticky {f_face}.")),
        (_e("Time for a picnic!", "It was time for a little picnic by {spot}."),
         _e("{H} unpacked {snack}.", "{H} unpacked {snack} and shared them out fairly."),
         _o("Munch, munch, crunch!", "Munch, munch, crunch! Nothing tastes better than a snack shared with a friend."),
         _o('"Thank you!" said {F}.', '"Thank you! That was just what I needed," said {F}.')),
    )
    return shapes[variant % len(shapes)]


def _cameo_moves(again: bool = False) -> Moves:
    if again:
        return (_e("{critter_the} came back.", "{critter_the} came back to see how {H} was doing."),
                _o("{critter_the} {c_move} closer.", "{critter_the} {c_move} closer with a friendly smile."))
    return (
        _e("{H} met {critter}.", "By {spot}, {H} met {critter}.",
           "{time_open}, {H} met {critter} by {spot}."),
        _o("{critter_the} {c_move} closer.", "{critter_the} {c_move} closer to say hello."),
    )


def _plain_cameo_moves(variant: int) -> Moves:
    """Meetings on the way once the advice has all been given: small kindnesses."""
    shapes: tuple[Moves, ...] = (
        (_e("{critter_the} showed them a shortcut.", "{critter_the} showed them a shortcut past {spot}."),
         _o('"Good luck!" called {critter_the}.', '"Good luck on your way!" called {critter_the}.')),
        (_e("{critter_the} shared {snack}.", "{critter_the} shared some {snack} with everyone."),
         _o('"Thank you!" said {H}.', '"Thank you, that was delicious!" said {H}.')),
        (_e("{critter_the} told a funny joke.", "{critter_the} told a joke so funny that {H} snorted."),
         _o("Everyone laughed.", "Everyone laughed until their sides ached.")),
        (_e("{critter_the} sang them a song.", "{critter_the} sang them a cheerful walking song."),
         _o("{H} clapped along.", "{H} clapped along and felt lighter.")),
        (_e("{critter_the} waved hello.", "{critter_the} waved a friendly hello from {spot}."),
         _o("{H} waved back.", "{H} waved back with a big smile.")),
        (_e('"I lost my button!" said {critter_the}.', '"Oh dear, I have lost my shiny button!" said {critter_the}.'),
         _o("{H} found it by {spot}.", "{H} looked all around and found it by {spot}."),
         _o("{critter_the} did a happy dance.", "{critter_the} did a happy little dance of thanks.")),
        (_e('"Where are you going?" asked {critter_the}.',),
         _o('"To {destination}!" said {H}.', '"We are going to {destination}!" said {H}.'),
         _o('"How exciting!" said {critter_the}.', '"How exciting! Have a wonderful time," said {critter_the}.')),
        (_e("{critter_the} gave {H} a shiny pebble.", "{critter_the} gave {H} a shiny pebble for good luck."),
         _o("{H} tucked it away safely.", "{H} tucked it away safely and said thank you.")),
    )
    return shapes[variant % len(shapes)]


def _setoff_moves() -> Moves:
    return (
        _e("{time_open}, it was time to go.", "{time_open}, it was finally time to go.", "~It was time to go."),
        _e("{all} set off together.", "{all} set off together toward {destination}.",
           "{all} set off together along the winding path toward {destination}."),
        _o("{H} stayed close to {F}.", "{H} stayed close to {F}, step by step."),
    )


def _journey_moves(variant: int) -> Moves:
    """Walking episodes: a handful of shapes, so long books do not repeat one."""
    shapes: tuple[Moves, ...] = (
        (_e("They passed {spot}.", "{time_open}, they passed {spot}.", "{time_open}, {all} walked past {spot}."),
         _o("{F} pointed at {sky}.", "{F} pointed up at {sky}."),
         _o("{H} kept on walking.", "{H} kept on walking, one step after another."),
         _o('"What do you think we will find?" asked {H}.', '"What do you think we will find up ahead?" asked {H}.'),
         _o('"Something wonderful," said {F}.', '"Something wonderful, I am sure of it," said {F}.')),
        (_e("The path went by {spot}.", "The path wound on, past {spot}."),
         _o('"Are we nearly there?" asked {H}.', '"Are we nearly there yet?" asked {H}.'),
         _o('"Nearly," said {F}.', '"Nearly," said {F}. "Just a little further."')),
        (_e("They crossed {spot}.", "{all} tiptoed carefully across {spot}."),
         _o("{H} hummed a little tune.", "{H} hummed a little tune to keep {h_feet} going."),
         _o("{F} hummed along.", "{F} hummed along, a little off-key, which made {H} laugh."),
         _o("Soon they were singing.", "Soon they were both singing at the tops of their voices, and the path went by in no time.")),
        (_e("They rested at {spot}.", "They stopped for a rest at {spot}."),
         _o("{H} looked back.", "{H} looked back at how far they had come."),
         _o('"Look how far we came!" said {H}.', '"Look how far we have come already!" said {H}.'),
         _o('"Every step counts," said {F}.', '"Every single step counts, even the tiny ones," said {F}, stretching.')),
        (_e("On and on they walked.", "{all} walked on past {spot}.", "On and on went {all}, past {spot}."),
         _o("{F} told a funny story.", "{F} told a funny story about a frog who wanted to be a cloud."),
         _o("{H} laughed and laughed.", "{H} laughed so hard that {h} got the hiccups."),
         _o('"Tell it again!" said {H}.', '"Tell it again, please!" said {H}, still giggling.')),
        (_e("They came to {spot}.", "Next they came to {spot}."),
         _o("{F} went first.", "{F} went first, to show the way."),
         _o("{H} followed closely.", "{H} followed closely, feeling a tiny bit braver."),
         _o('"Thank you for coming with me," said {H}.', '"Thank you for coming with me," said {H}. "I am glad you are here."')),
        (_e("A big branch lay on the path.", "A big fallen branch lay right across the path."),
         _o("{F} helped {H} climb over.", "{F} held the branch steady while {H} climbed over."),
         _o("Then {H} helped {F}.", "Then {H} held it steady for {F}, and they both laughed.")),
        (_e("A gust of wind whooshed by.", "A gust of wind came whooshing along the path."),
         _o("It tickled {Hs} {h_face}.", "It tickled {Hs} {h_face} and made {H} sneeze."),
         _o('"Bless you!" said {F}.', '"Bless you!" said {F}, and they both giggled.')),
        (_e("They played I spy.", "To pass the time, they played a game of I spy."),
         _o('"I spy something beginning with S," said {F}.'),
         _o('"Sky!" guessed {H}.', '"Is it the sky?" guessed {H}.'),
         _o('"Yes!" laughed {F}.', '"Yes! Your turn," laughed {F}.')),
        (_e("They found tiny tracks.", "They found a trail of tiny tracks by {spot}."),
         _o('"Who made these?" wondered {H}.', '"Who do you think made these?" wondered {H}.'),
         _o("A little bird hopped out.", "A little bird hopped out from behind {spot} and chirped."),
         _o('"Mystery solved!" said {F}.', '"Mystery solved!" said {F} with a grin.')),
        (_e("The path went uphill.", "The path began to climb, up and up and up."),
         _o("{Hs} legs felt tired.", "{Hs} legs felt tired, but {H} kept going."),
         _o('"Almost there," puffed {F}.', '"Almost there," puffed {F}. "Keep going!"')),
        (_e('{H} called out, "Hello!"', '{H} cupped both {h_limb}s and called out, "Hello!"'),
         _o('"Hello, hello," said the echo.', '"Hello, hello, hello," answered a faraway echo.'),
         _o("They giggled at the echo.", "They giggled and said hello to the echo all the way along.")),
    )
    return shapes[variant % len(shapes)]


_JOURNEYS = 12  # how many journey shapes there are; a book never repeats one


def _thanks_moves() -> Moves:
    return (
        _e("{H} hugged {friends}.", "{H} gave {friends} a great big hug."),
        _e('"Thank you for helping me," said {H}.', '"Thank you for helping me, every step of the way," said {H}.'),
        _o('"That is what friends do," said {F}.', '"That is what friends are for," said {F}, smiling.'),
    )


def _moral_lead() -> tuple[str, ...]:
    return ("{F} smiled.", "{F} smiled at {H}.", "{H} smiled.", "Now {H} knew something special.",
            "{H} had learned something important.", "{H} looked up and smiled.")


# ---------------------------------------------------------------------------
# Educational focus.

def _focus_kind(focus: str) -> str:
    words = set(re.findall(r"[a-z]+", focus.lower()))
    if words & {"count", "counting", "numbers", "number", "numeracy", "math", "maths", "one",
                "ten", "twenty", "five"} or re.search(r"\d", focus):
        return "counting"
    if words & {"colour", "colours", "color", "colors", "coloring", "colouring"}:
        return "colours"
    if words & {"shape", "shapes"}:
        return "shapes"
    return ""


def _count_to(focus: str, age: str) -> int:
    digits = re.findall(r"\d+", focus)
    if digits:
        top = int(digits[-1])
    else:
        words = re.findall(r"[a-z]+", focus.lower())
        top = max((_NUMBERS.index(w) for w in words if w in _NUMBERS), default=10 if age != "0-2" else 5)
    return max(3, min(20, top))


def _count_moves(items: str, number: int, max_words: int, who: str) -> Moves:
    """'One, two, three pine cones!', split into running totals that fit the sentence limit."""
    numbers = list(_NUMBERS[1: number + 1])
    tail = items.split()
    size = max(2, max_words - len(tail))
    lines = []
    for start in range(0, len(numbers), size):
        part = numbers[start: start + size]
        last = start + size >= len(numbers)
        text = ", ".join(part) + " " + items + ("!" if last else ".")
        lines.append(text[0].upper() + text[1:])
    return (
        _o(f"{who} counted the {items}.", f"{who} stopped to count the {items}.",
           f"How many {items} can you see?"),
        _e(" ".join(lines)),
    )


# ---------------------------------------------------------------------------
# Writing pages.

class _Writer:
    """Fills move templates, keeps every sentence unique, and keeps pages in the age band."""

    def __init__(self, brief: StoryBrief, rng: random.Random) -> None:
        self.age = brief.age_group
        self.page_min, self.page_max = AGE_GROUPS[self.age]
        self.max_sentence = MAX_SENTENCE_WORDS[self.age]
        self.prefer = _PREFERRED_MIN_WORDS[self.age]
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

    def pick(self, move: _Move, ctx: Mapping[str, str], budget: int) -> tuple[str, int] | set[str]:
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
    plot: _Plot
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
    ctx = {
        "H": hero.name, "Hs": _possessive(hero.name),
        "h_looks": "" if hero.species and hero.species in hero.name.lower() else (hero.looks or "a cheerful little friend"),
        "h_with": hero.features, "h_feature_verb": hero.feature_verb,
        "h_home": hero.kind.home, "home": hero.kind.home_short, "h_move": hero.kind.move,
        "h_limb": hero.kind.limb, "h_chest": "a fluttery chest" if hero.kind.limb == "wing" else "a thumping heart",
        "h_toes": "the tips of every toe",
        "h_face": "beak" if hero.kind.limb == "wing" else "nose", "h_breath": "some breath", "h_head": "a puzzled head", "h_feet": "tired feet",
        "h_love": activities[-1] if activities else "happy things",
        "act1": activities[0] if activities else "playing outside",
        "act2": activities[1] if len(activities) > 1 else "",
        "h_likes": hero.likes,
        # Big casts: five names in a row make a sentence too long to read aloud.
        "all": _join([hero.name] + friends) if len(friends) <= 2 else f"{hero.name} and friends",
        "friends": _join(friends) if len(friends) <= 4 else "all the friends",
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
    }
    if hero.trait and hero.trait in _TRAIT_LINES:
        ctx["h_trait_short"], ctx["h_trait_long"] = (
            t.replace("{H}", hero.name) for t in _TRAIT_LINES[hero.trait])
    elif hero.trait:
        ctx["h_trait_short"] = ctx["h_trait_long"] = f"{hero.name} was very {hero.trait}."
    destination = _fill(story.plot.destination, ctx) if story.plot.destination else None
    if destination:
        ctx["destination"] = destination[:1].lower() + destination[1:]
    return ctx


def _companion_context(ctx: dict[str, str], actor: _Actor | None, rel_default: str = "friend") -> None:
    if actor is None:
        return
    ctx.update({
        "F": actor.name, "Fs": _possessive(actor.name), "f": actor.epithets[0],
        "f_looks": actor.looks, "f_with": actor.features, "f_feature_verb": actor.feature_verb,
        "f_home": actor.kind.home, "f_move": actor.kind.move, "f_limb": actor.kind.limb,
        "f_gift": actor.kind.gift, "f_face": "beak" if actor.kind.limb == "wing" else "nose",
        "rel": _ROLE_WORDS.get(actor.role, rel_default),
        "f_night": f"{actor.name} loved the night, when the stars came out." if actor.species in _NOCTURNAL else "",
    })


def _critter_context(ctx: dict[str, str], critter: str, as_helper: bool) -> None:
    if not critter:
        return
    if ctx.get("if_young") and _species_in(critter):
        critter = _with_article(_species_in(critter))  # board books: "the rabbit" keeps lines short
    species = _species_in(critter)
    kind = _KINDS.get(_SPECIES_KIND.get(species, ""), _DEFAULT_KIND)
    ctx.update({"critter": critter, "critter_the": _the(critter), "c_move": kind.move})
    if as_helper:  # a creature met on the way gives the advice a companion would
        ctx.update({"F": _the(critter), "Fs": _the(critter) + "'s", "f": _the(critter),
                    "f_limb": kind.limb, "f_gift": kind.gift,
                    "f_face": "beak" if kind.limb == "wing" else "nose"})


# Extra lines for pages that are still short of the age group's minimum (mostly
# for 6-12 readers): thoughts that fit where the story is, a companion's small
# gestures, and sounds of the place. Light-on-things lines come last, because
# one is scenery and three in a row are padding.
_PHASE: dict[str, str] = {
    "intro": "calm", "life": "calm", "meet": "calm",
    "problem": "tense", "goal": "tense", "worry": "tense", "try": "tense", "low": "tense",
    "helper": "middle", "comfort": "middle", "cameo": "middle", "play": "middle",
    "snack": "middle", "setoff": "middle", "journey": "middle",
    "turn": "brave", "success": "happy", "joy": "happy", "thanks": "happy", "moral": "happy",
    "ending": "happy",
}
_THOUGHTS: dict[str, tuple[str, ...]] = {
    "calm": (
        "{H} liked the way {the_setting} woke up slowly, one sound at a time.",
        "Life {in_setting} was simple, and {H} liked it that way.",
        "There was always something new to see, even in the places {H} knew best.",
        "{H} knew every path and every hiding place for miles around.",
        "On most days, {H} did not have a single worry in the world.",
        "{H} often wondered what lay beyond the farthest hill.",
        "Every morning felt like opening a brand-new present.",
        "Every corner of {the_setting} held a little surprise.",
        "There was nowhere in the world {H} would rather be.",
        "{H} felt lucky to live in such a lovely place.",
        "Some days were for exploring and some were for resting, and {H} loved both.",
        "{H} could spend hours just watching the clouds drift by.",
        "Even the smallest things made {H} smile.",
    ),
    "tense": (
        "{H} tried to push the {feeling} feeling away, but it kept creeping back.",
        "Deep inside, {H} still felt a little {feeling}.",
        "{H} wished the worry would simply float away like a dandelion seed.",
        "It is strange how a small worry can feel so big on the inside.",
        "{H} did not say anything for a while, but {Hs} mind was very busy.",
        "If only there were a map for feelings, {H} thought.",
        "Some things are much harder than they look, and this was one of them.",
        "{H} chewed on the problem the way a squirrel chews on a nut.",
        "The worry sat in {Hs} tummy like a heavy, cold pebble.",
        "{H} wondered if anyone else had ever felt this way.",
        "Everything seemed a little bit harder today.",
        "{H} let out a long sigh that seemed to go on forever.",
        "It felt like the whole of {the_setting} was waiting to see what {H} would do.",
        "{H} tried to think of something else, but the worry tagged along.",
        "{Hs} thoughts went round and round like a spinning top.",
        "{H} looked down at the ground for a long, quiet moment.",
        "It was hard to be cheerful with a worry so close by.",
        "{H} wished for a little of the courage of the heroes in stories.",
        "The day did not feel quite as bright as before.",
    ),
    "middle": (
        "{H} was beginning to feel a tiny bit different inside.",
        "Each little step felt a bit easier than the one before.",
        "{H} tucked the idea away, like a treasure to keep safe.",
        "It was good to have friends who understood.",
        "{H} thought about everything {F} had said.",
        "Maybe, just maybe, things would turn out all right.",
        "{H} felt a flicker of hope, small but warm.",
        "The worry was still there, but it felt a little smaller now.",
        "{H} remembered to breathe slowly, in and out.",
        "Little by little, {H} was learning something new.",
        "{H} decided that tomorrow's worries could wait until tomorrow.",
        "Having a friend nearby made everything feel a little lighter.",
        "{H} noticed things that had never seemed important before.",
        "Bit by bit, the day was turning into an adventure.",
        "{H} was surprised to find that the hardest part was already behind.",
        "{H} felt a tiny bit stronger than before.",
        "It was funny how a kind word could make a big worry smaller.",
        "{H} decided to keep going, one little step at a time.",
        "Somewhere deep inside, a brave little spark was starting to glow.",
        "{H} took a deep breath, and the world felt steady again.",
        "For the first time all day, {H} smiled without even trying.",
        "The more {H} tried, the easier it seemed.",
    ),
    "brave": (
        "Something changed inside {H} right then.",
        "Sometimes the bravest thing is simply to begin.",
        "{H} stood up a little taller than before.",
        "There was no time to worry now; someone needed help.",
        "{H} felt a warm, bright feeling grow inside, like a little lantern.",
        "{H} knew exactly what to do.",
        "For once, the worry would just have to wait.",
    ),
    "happy": (
        "{Hs} heart felt as big as the sky.",
        "{H} could not stop smiling, not even for a moment.",
        "Everything looked brighter than it had that morning.",
        "{H} felt proud, in a quiet and happy way.",
        "It had been a long day, but a very good one.",
        "{H} would remember this day for a very long time.",
        "Happiness fizzed inside {H} like bubbles in a puddle.",
        "{H} laughed, and the laugh bubbled up all by itself.",
        "All the worries of the day seemed very far away now.",
        "{H} did a happy little wiggle.",
        "It was the kind of moment you want to keep forever.",
        "{H} felt warm all over, from head to toe.",
        "Nothing had ever felt quite so good.",
    ),
}
_COMPANION_LINES: dict[str, tuple[str, ...]] = {
    "calm": ("{F} always had time for a chat.", "{F} laughed a warm, easy laugh.",
             '"Good morning!" called {F} cheerfully.'),
    "tense": ('"We will figure it out," said {F} gently.', "{F} gave {H} a warm, encouraging smile.",
              "{F} stayed close by, quiet and steady.", '"Take your time," said {F}.',
              "{F} sat quietly and listened."),
    "middle": ('"I believe in you," said {F}.', '"You are doing so well," said {F}.',
               '"Look how far you have come," said {F}.', "{F} hummed a soft little tune.",
               "{F} gave a cheerful wink.", "{F} gave a big, happy stretch.",
               '"One thing at a time," said {F} kindly.', '"You can do hard things," said {F}.',
               "{F} gave {H} a friendly nudge.", '"I am proud of you," said {F}.',
               '"How are you feeling?" asked {F}. "A little better," said {H}.',
               '"Do you ever worry?" asked {H}. "Everyone does," said {F}.',
               '"What is your favourite thing about {the_setting}?" asked {H}. '
               '"The way it changes every day," said {F}.',
               '"Shall we rest for a moment?" asked {F}. "Just a little one," said {H}.',
               '"I am glad we are friends," said {H}. "Me too," said {F}.',
               '"Do you think I can do it?" asked {H}. "I know you can," said {F}.'),
    "brave": ("{F} watched, smiling proudly.",),
    "happy": ('"I knew you could do it," said {F}.', "{F} beamed with pride.",
              '"What a day!" laughed {F}.', '"You were wonderful," said {F}.',
              "{F} did a happy little dance.",
              '"Was it worth it?" asked {F}. "Every single step," said {H}.',
              '"What was your favourite part?" asked {F}. "All of it!" laughed {H}.'),
}
_OBSERVATIONS: dict[bool, tuple[str, ...]] = {
    False: ("a feather caught on a twig", "a row of tiny footprints", "a leaf shaped like a heart",
            "a pebble as smooth as an egg", "a spider web strung like a silver necklace",
            "a cloud shaped like a rabbit", "a tiny beetle with a shiny green back"),
    True: ("a star blinking like a wink", "a silver path of moonlight", "a sleepy bird tucked into a branch",
           "a cloud drifting across the moon"),
}


# True, gentle nature facts a companion can share on long pages for older readers.
_FACTS: dict[str, tuple[str, ...]] = {
    "general": (
        "butterflies taste with their feet", "bees tell each other where flowers are by dancing",
        "a group of frogs is called an army", "the sun is a star, just like the ones we see at night",
        "clouds are made of tiny drops of water", "hummingbirds can fly backwards",
        "some trees can live for thousands of years", "you only see a rainbow when the sun is behind you",
    ),
    "night": (
        "the stars are faraway suns", "the moon shines with light borrowed from the sun",
        "light from some stars takes years and years to reach us",
        "the Milky Way is made of billions and billions of stars",
    ),
    "snow": (
        "every snowflake has six sides", "snow is like a blanket that keeps the ground warm underneath",
        "some animals sleep all winter long", "snow looks white, but each snowflake is made of clear ice",
    ),
    "forest": (
        "squirrels forget where they bury some acorns, and those acorns grow into new trees",
        "mushrooms are not plants at all", "you can tell how old a tree is by counting its rings",
    ),
    "meadow": ("a bee can visit hundreds of flowers in one day", "earthworms help the soil stay healthy"),
    "garden": ("earthworms help the soil stay healthy", "a bee can visit hundreds of flowers in one day"),
    "farm": ("cows have best friends and feel happier when they are together",
             "a hen can lay about one egg a day"),
    "beach": ("starfish can grow back a lost arm", "sea otters hold paws while they sleep",
              "the sea covers most of our planet"),
    "pond": ("frogs can breathe through their skin", "dragonflies were around even before the dinosaurs",
             "rivers always flow downhill"),
    "mountain": ("the higher you climb, the colder the air gets", "mountain goats can climb very steep cliffs"),
    "jungle": ("sloths climb down from their trees only about once a week",
               "some frogs are as small as a fingernail"),
    "town": ("pigeons can find their way home from very far away",),
    "arctic": ("polar bears have black skin under their white fur",
               "penguins live near the South Pole, far away from polar bears"),
    "owl": ("owls can turn their heads almost all the way round", "owls can fly almost without a sound"),
    "fox": ("foxes curl their fluffy tails around them like a blanket",),
    "bear": ("bears sleep through most of the winter",),
    "rabbit": ("rabbits can see almost all the way around without turning their heads",),
    "bunny": ("rabbits can see almost all the way around without turning their heads",),
    "duck": ("ducks have waterproof feathers",),
    "penguin": ("penguins cannot fly, but they are amazing swimmers",),
    "turtle": ("some turtles live for more than a hundred years",),
    "dog": ("a dog's nose is many times better than ours",),
    "squirrel": ("squirrels plant more trees than anyone, by forgetting their acorns",),
    "hedgehog": ("hedgehogs roll into a prickly ball to stay safe",),
    "frog": ("frogs can breathe through their skin",),
    "bird": ("birds have hollow bones that make them light enough to fly",),
}
_REPLIES = ("Wow", "How amazing", "I never knew that", "That is so clever", "Really", "How wonderful")
_DOINGS: dict[bool, tuple[str, ...]] = {
    False: ("was gathering seeds", "was humming a little song", "peeked out to see who was passing",
            "was having a quiet snack", "was tidying up a cosy home", "was stretching in the sunshine"),
    True: ("was curling up to sleep", "yawned a great big yawn", "was snoring very softly",
           "was tucking in a sleepy family"),
}
_VIGNETTE_OPENERS = ("Not far away, ", "Near {spot}, ", "Somewhere nearby, ", "Just out of sight, ")
_MEMORIES = (
    "the day a big wind blew all the leaves into one giant pile",
    "the time {pal} got the hiccups and could not stop giggling",
    "the very first rainbow of the spring",
    "the picnic where it rained and everyone danced anyway",
    "learning to whistle, a long time ago",
    "jumping in the biggest puddle in the whole world",
    "an old song about the moon and a sleepy sheep",
)
_WITH_COMPANIONS = frozenset({"meet", "goal", "helper", "comfort", "play", "snack", "setoff", "journey",
                              "low", "turn", "success", "joy", "thanks", "moral"})


def _fact_lines(story: _Story, beat: _Beat) -> list[str]:
    if beat.kind not in ("intro", "life", "meet", "play", "journey", "snack", "setoff", "cameo", "helper"):
        return []  # a fun fact in the middle of a worry or a hug would jar
    tags = ["general", story.world.place.noun, next((k for k, p in _PLACES.items() if p is story.world.place), "")]
    tags += [story.world.weather.word] if story.world.weather else []
    tags += [a.species for a in [story.hero] + story.companions]
    tags += ["night"] if beat.time in ("evening", "night") or story.plot.night else []
    facts: list[str] = []
    for tag in tags:
        facts.extend(f for f in _FACTS.get(tag, ()) if f not in facts)
    story.rng.shuffle(facts)
    out = []
    for i, fact in enumerate(facts):
        if (story.companions or story.buddy) and beat.kind in _WITH_COMPANIONS:
            reply = _REPLIES[(i + story.rng.randrange(len(_REPLIES))) % len(_REPLIES)]
            out.append(f'"Did you know that {fact}?" asked {{F}}. "{reply}!" said {{H}}.')
        else:
            out.append(f"{{H}} remembered that {fact}.")
    return out


def _fillers(story: _Story, beat: _Beat) -> list[tuple[str, bool, str]]:
    """Lines to lengthen a short page, best first: (template, opens the page?, family).

    A family (one thought, one kind of creature vignette, one fact) is used at most
    once per book, so long books do not echo themselves. A page takes one scene
    line, then a fact, thoughts and gestures in turn; the rest is a safety net so
    every page reaches its age group's minimum.
    """
    world, rng, time = story.world, story.rng, beat.time
    phase = _PHASE.get(beat.kind, "middle")
    late = time in ("evening", "night", "sunset")
    sounds = [(t, True, t) for t in world.place.sounds_night if late] + \
             [(t, True, t) for t in world.place.sounds_day if not late]
    sounds += [(t, True, t) for t in (world.weather.details if world.weather else world.place.details)]
    vignettes = [(rng.choice(_VIGNETTE_OPENERS) + f"{c} {d}.", True, d)
                 for c in story.critters for d in _DOINGS[late]]
    looks = [(f"{{H}} {verb} {o}.", True, o) for o in _OBSERVATIONS[late] for verb in ("noticed", "spotted")]
    lights = [(f"{light} {verb} {surface}.", True, "")
              for light in _LIGHTS[time] for verb in _SHINE
              for surface in list(_pool(world, "surfaces")) + ([beat.spot] if beat.spot else [])]
    scenes = [sounds, vignettes, looks, lights]
    for pool in scenes:
        rng.shuffle(pool)
    rng.shuffle(scenes)  # which kind of scene line opens this page
    thoughts = [(t, False, t) for t in _THOUGHTS[phase]]
    if phase in ("calm", "middle", "happy"):
        thoughts += [(f"{{H}} remembered {m}.", False, m) for m in _MEMORIES]
    gestures = [(t, False, t) for t in _COMPANION_LINES[phase]] if beat.kind in _WITH_COMPANIONS else []
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
    openers = _TIME_OPENERS[beat.time]
    story.opener_count[beat.time] = story.opener_count.get(beat.time, rng.randrange(len(openers))) + 1
    ctx["time_open"] = openers[story.opener_count[beat.time] % len(openers)]
    ctx["sky"] = _SKIES[beat.time]
    ctx["spot"] = beat.spot
    ctx["dark_spot"] = rng.choice(_pool(story.world, "dark_spots"))
    companion = story.companions[beat.companion] if 0 <= beat.companion < len(story.companions) else (
        story.companions[0] if story.companions else None)
    _companion_context(ctx, companion)
    if companion is None and story.buddy:
        _critter_context(ctx, story.buddy, True)
    _critter_context(ctx, beat.critter or story.bystander, beat.kind == "cameo")
    giver = story.companions[0] if story.companions else None
    buddy_kind = _KINDS.get(_SPECIES_KIND.get(_species_in(story.buddy), ""), _DEFAULT_KIND)
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
    plot = story.plot
    kind = beat.kind
    if kind == "intro":
        return _intro_moves()
    if kind == "life":
        return _life_moves()
    if kind == "meet":
        story.introduced.add(beat.companion)
        return _meet_moves()
    if kind == "problem":
        return plot.problem
    if kind == "goal":
        return plot.goal
    if kind == "worry":
        return plot.worry
    if kind == "try":
        return plot.tries[beat.index % len(plot.tries)]
    if kind == "helper":
        moves = plot.ideas[beat.index]
        if story.companions and beat.companion not in story.introduced:
            story.introduced.add(beat.companion)
            return _helper_intro_moves() + moves
        return moves
    if kind == "comfort":
        moves = plot.comforts[beat.index % len(plot.comforts)] if plot.comforts else _comfort_generic()
        return moves
    if kind == "cameo":
        if beat.index >= 0:
            return _cameo_moves(beat.again)[:1] + plot.ideas[beat.index]
        return _cameo_moves(beat.again) + _plain_cameo_moves(-1 - beat.index)
    if kind == "play":
        return _play_moves(beat.index)
    if kind == "snack":
        return _snack_moves(beat.index)
    if kind == "setoff":
        return _setoff_moves()
    if kind == "journey":
        return _journey_moves(beat.index)
    if kind == "low":
        return plot.low
    if kind == "turn":
        return plot.turn
    if kind == "success":
        return plot.success
    if kind == "joy":
        return plot.joy
    if kind == "thanks":
        return _thanks_moves()
    if kind == "ending":
        return plot.ending
    return ()


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
    if story.focus == "colours":
        # (what is seen, the colour named out loud) for one coloured thing per page
        things: list[tuple[tuple[str, ...], str]] = []
        for thing in _pool(story.world, "colour_things"):
            colour = next((c for c in _COLOURS if f" {c} " in f" {thing} "), "")
            things.append(((f"{who} spotted {thing}.", f"Near {ctx['spot'] or 'the path'}, {who} spotted {thing}."),
                           colour))
        for actor in [story.hero] + story.companions:
            for colour, part in actor.colours:
                verb = "were" if part.endswith("s") and part not in ("fur",) else "was"
                things.insert(1, ((f"{_possessive(actor.name)} {part} {verb} {colour}.",
                                   f"Look! {_possessive(actor.name)} {part} {verb} {colour}!"), colour))
        seen, colour = things[counter % len(things)]
        said = (f'"{colour.capitalize()}!" said {who}.', f'"That is {colour}!" said {who}, pointing.') if colour else ("",)
        return (_e(*seen), _o(*said))
    if story.focus == "shapes":
        shape, thing = _SHAPES[counter % len(_SHAPES)]
        return (_e(f"{who} found {thing}.", f"{who} found {thing} near {ctx['spot'] or 'the path'}."),
                _e(f"It looked like a {shape}!", f'"It is shaped like a {shape}!" said {who}.'))
    return ()


def _illustration(story: _Story, beat: _Beat, ctx: Mapping[str, str], text: str, first: bool) -> str:
    names = [story.hero.name] + [c.name for c in story.companions if c.name and c.name in text]
    if story.buddy and _the(story.buddy).lower() in text.lower():
        names.append(story.buddy)
    shown = _join(names)
    pictures = dict(story.plot.pictures)
    spot = beat.spot or "a winding path"
    actions = {
        "intro": "{H} smiling outside {h_home}",
        "life": "{H} {act1}",
        "meet": "{H} and {F} together near {spot}",
        "goal": "{G} telling {H} exciting news near {spot}",
        "worry": "{H} looking up at the sky, thinking hard",
        "helper": "{F} and {H} talking together beside {spot}",
        "comfort": "{F} sitting close beside {H}, comforting",
        "cameo": "{H} meeting {critter} beside {spot}",
        "play": "{who} playing {game} near {spot}",
        "snack": "{who} sharing {snack} by {spot}",
        "setoff": "{who} setting off along a winding path",
        "journey": "{who} walking past {spot}",
        "turn": "{H} kindly helping {small} near {spot}",
        "thanks": "{who} hugging happily",
        "moral": "{all} smiling together",
        "problem": "{H} looking worried",
        "try": "{H} trying hard near {spot}",
        "low": "{H} looking worried on the path",
        "success": "{who} celebrating together",
        "joy": "{who} celebrating together",
        "ending": "{H} asleep and smiling at home",
    }
    actions.update(pictures)
    values = dict(ctx)
    values.update({"who": shown, "spot": spot})
    if "critter" not in values:
        values["critter"] = "a little creature"
    template = actions.get(f"{beat.kind}{beat.index}" if beat.kind == "try" else beat.kind,
                           actions.get(beat.kind, "{who} together"))
    action = _fill(template, values) or _fill("{who} together", values) or shown
    action = action[:1].upper() + action[1:]
    where = story.world.in_a_setting if first else story.world.in_setting
    if story.world.noun not in where.lower():  # "Paris": still give the drawer a scene word
        where = f"{where}, near a {story.world.noun}"
    weather = story.world.weather.word if story.world.weather else (
        story.world.place.weather or "")
    scene = f"{action}, {where}, {_TIME_SCENES[beat.time]}"
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
        pages[-1].append(f"{_join(missing)} came along too.")


def _names_line(names: list[str], room: int, writer: _Writer) -> tuple[str, list[str]] | None:
    """The longest run of names that fits in `room` words as a fresh sentence."""
    for count in range(len(names), 0, -1):
        group = names[:count]
        for pattern in ("{n} came along too.", "{n} joined in.", "{n} was there too.", "{n} came to help."):
            if count > 1 and "was" in pattern:
                pattern = pattern.replace("was", "were")
            line = pattern.format(n=_join(group))
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
    lead = _moral_lead()
    if story.companions and story.rng.random() < 0.5:
        moral_text = f'"{moral_text}"'
        lead = tuple(v for v in lead if "{F}" in v)
    else:
        lead = tuple(v for v in lead if "{F}" not in v)
    # Slot 1 holds the moral itself: it is "forced" so no length filter can drop it.
    moves: list[_Move] = [_e(*lead), _Move(("",), True)]
    if last:  # four-page books: the moral page is also the ending
        moves += list(story.plot.ending)
    else:
        moves.append(_o("{H} nodded.", "{H} nodded, and knew it was true.",
                        "{H} would remember that for ever and ever."))
    return tuple(moves), [(1, moral_text)]
