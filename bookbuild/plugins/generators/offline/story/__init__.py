"""The offline story writer: a deterministic template grammar for picture books.

With no API key bookbuild still has to hand the layout a real story, so this
package writes one from the book's brief with nothing but the word lists and
sentence templates in data/*.yaml: no AI, no network. The same brief always
gives the same story, byte for byte, in every process: all variation comes
from ``random.Random`` seeded with a SHA-256 of the title and seed (never
``hash()``, which Python salts per process).

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

Where things are:

- data/*.yaml: every word and sentence template (data/README.md explains them)
- data.py: loads the YAML, once per process, into the types in model.py
- model.py: StoryBrief, StoryPage and the writer's other types
- text.py: words, sentences, articles, filling templates
- cast.py: reading the brief into a cast and a world
- plots.py: choosing the plot
- plan.py: beats, times of day and places for each page
- context.py: the values templates are filled from
- beats.py: what each beat says and shows (moves, focus, moral, picture)
- fillers.py: extra lines for pages still short of their length
- writer.py: the Writer and write_story()
"""

from .model import AGE_GROUPS, MAX_SENTENCE_WORDS, Character, StoryBrief, StoryPage
from .writer import write_story

__all__ = [
    "AGE_GROUPS",
    "MAX_SENTENCE_WORDS",
    "Character",
    "StoryBrief",
    "StoryPage",
    "write_story",
]
