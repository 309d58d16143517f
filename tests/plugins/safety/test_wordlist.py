"""The word list: whole words and phrases in context, everyday picture-book language
allowed, a data file a repository extends (and re-checks what is cached when it does)."""

from __future__ import annotations

import pytest

from bookbuild.plugins.safety.wordlist import WordList, blocked_words, shipped

# Normal picture-book language and illustration prompts: none of it is refused.
FINE = [
    "A wide shot of the meadow at dawn, Pip in the foreground.",
    "Close-up shot of Tess's face as she smiles.",
    "An aerial shot of the village; a long shot of the road.",
    "Establishing shot: the forest at night, the moon between the trees.",
    "A low-angle shot from below the bridge.",
    "The bird's-eye shot shows the whole garden.",
    "Shoot for the stars, little one!",
    "A shooting star streaked across the sky.",
    "Two shooting stars and a crescent moon.",
    "The rocket shot up into the clouds.",
    "Green shoots poked out of the soil.",
    "The panda munched on bamboo shoots.",
    "Pip gave it a shot, and the kite flew.",
    "It was a long shot, but Owl tried anyway.",
    "Tess got her flu shot and was very brave.",
    "They played tug-of-war in the park.",
    "Tug of war is Pip's favourite game.",
    "The path came to a dead end by the river.",
    "Crunchy dead leaves covered the ground.",
    "In the dead of night, the owl woke up.",
    "She spread butter with a butter knife.",
    "Pip ate with a knife and fork.",
    "The children splashed each other with water guns.",
    "A fizzy bath bomb turned the water pink.",
    "They drank root beer floats at the fair.",
    "Once she had drunk her warm milk, she slept.",
    "You can see the moon with the naked eye.",
    "The class went to the glass house.",  # class and glass hold "ass"
    "Hello, shellfish! said the seashell.",  # hello and shell hold "hell"
    "Scunthorpe, Sussex and Essex are places.",
    "The skilled killdeer bird ran across the field.",  # killdeer is not kill
    "Assemble the puzzle, then pass it on.",
    "The warthog and the warbler sang at the warm hill.",
    "A bombastic parade? No, a gentle one.",
    "The gunnel of the boat was painted blue.",
    "Shotgun seat! called Pip as they climbed in.",  # shotgun is not shot
    "The photo shoot in the garden was fun.",
    "I hate rainy days, said Pip, but then he jumped in a puddle.",
    "Pip kicked the ball and shot at the goal.",
    "They killed time by counting clouds.",
    "Dead tired, the little fox curled up to sleep.",
    "The winners finished in a dead heat.",
]

# What a child's book must not say: each is refused, with the word or phrase named.
UNFIT = [
    ("The hunter shot the fox.", "shot"),
    ("Pip wanted to kill the spider.", "kill"),
    ("There was blood on the snow.", "blood"),
    ("Blood-red eyes glowed.", "blood"),
    ("He pulled out a knife.", "knife"),
    ("The soldiers went to war.", "war"),
    ("He had a gun.", "gun"),
    ("The gun's barrel was cold.", "gun’s".replace("’", "'")),
    ("She stabbed the pillow.", "stabbed"),
    ("The bird was dead.", "dead"),
    ("They drank beer and wine.", "beer"),
    ("He was drunk again.", "drunk"),
    ("He smoked a cigarette.", "cigarette"),
    ("Damn it, said the bear.", "damn"),
    ("What the hell is that?", "hell"),
    ("You stupid fox!", "stupid"),
    ("The bombs fell.", "bombs"),
    ("They shoot the birds.", "shoot"),
    ("He shoots his arrows at the deer... and shoots again.", "shoots"),
    ("THE WOLF WANTED TO KILL THEM.", "kill"),
    ("The torturer smiled.", "torturer"),
    ("A murderous look.", "murderous"),
    ("He wanted to hang himself.", "hang himself"),
    ("He wanted to hang\nhimself.", "hang\nhimself"),
    ("The weapons were ready.", "weapons"),
]


@pytest.mark.parametrize("text", FINE)
def test_everyday_picture_book_language_passes(text):
    assert blocked_words(text) == []


@pytest.mark.parametrize(("text", "word"), UNFIT)
def test_unfit_words_and_phrases_are_named(text, word):
    assert word.lower() in blocked_words(text)


def test_a_blocked_word_beside_an_allowed_phrase_is_still_found():
    assert blocked_words("A wide shot of the meadow. Then the hunter shot the fox.") == ["shot"]
    assert blocked_words("Shoot for the stars! Shoot the birds!") == ["shoot"]


def test_curly_apostrophes_hyphens_and_case_are_the_same_word():
    assert blocked_words("TUG–OF–WAR") == [] and blocked_words("tug-of-war") == []  # any dash, any case
    assert blocked_words("a tug, of war") == []  # punctuation between the words of a phrase too
    assert blocked_words("Pip’s knife") == ["knife"] and blocked_words("Pip's knife") == ["knife"]


def test_the_list_is_data_and_extends():
    extended = shipped().extended({"blocked": ["spider*", "scary story"], "allowed": ["spider plant*"]})
    assert blocked_words("Two spiders and a scary story.", extended) == ["spiders", "scary story"]
    assert blocked_words("A spider plant on the sill.", extended) == []
    assert extended.digest != shipped().digest
    assert WordList((), ()).find("kill") == []


# -- a repository's own list, through the build -----------------------------------------


def test_a_repositorys_word_list_checks_pages_and_rechecks_what_is_cached(built_copy, cli):
    page = built_copy / "books/small/pages/03.md"
    page.write_text(page.read_text().replace("Pip smiles.", "Pip sees two big spiders."))
    assert cli("build").exit_code == 0
    (built_copy / "wordlist.yaml").write_text("# our readers fear spiders\nblocked:\n  - spider*\n")
    result = cli("build")
    assert result.exit_code == 1
    assert 'page 5 (pages/03.md): error [content-safety] line 4: the page text has words unfit for children ("spiders")' in result.output
    (built_copy / "wordlist.yaml").write_text("blocked:\n  - spider*\nallowed:\n  - big spiders\n")
    assert cli("build").exit_code == 0


def test_a_broken_word_list_is_a_spec_error_with_its_line(scratch_repo, cli):
    (scratch_repo / "wordlist.yaml").write_text("blocked:\n  - spiders\nallowd:\n  - big spiders\n")
    result = cli("build")
    assert result.exit_code == 2
    assert "wordlist.yaml:3: allowd: unknown key (the lists are: blocked, allowed)" in result.output
    (scratch_repo / "bookbuild.toml").write_text('cache_dir = ".cache"\n[wordlist]\nfile = "safety/words.yaml"\n')
    result = cli("build")
    assert result.exit_code == 2 and "bookbuild.toml:3: wordlist.file: safety/words.yaml does not exist" in result.output


@pytest.mark.parametrize("extra", [{}, {"blocked": ["a*", "zo* zo*", "*"], "allowed": ["b*", "ab* c"]}])
def test_the_indexed_search_finds_what_trying_every_pattern_at_every_word_finds(extra):
    """The word check looks up prefix patterns by their first letters; it must find what
    trying each pattern of the list, in order, at every word finds."""
    import random

    from bookbuild.plugins.safety import wordlist

    words = shipped().extended(extra)

    def every_pattern(patterns, tokens):
        for start in range(len(tokens)):
            for pattern in patterns:
                if pattern.words and pattern.matches_at(tokens, start):
                    yield start, pattern

    rng = random.Random(5)
    vocabulary = [w.rstrip("*") + rng.choice(["", "s", "ing", "ed"]) for p in words.blocked + words.allowed for w in p.words]
    vocabulary += ["the", "fox", "ran", "a", "ab", "abc", "zoo", "c", "go", "b"]
    for _ in range(200):
        tokens = [rng.choice(vocabulary) for _ in range(rng.randint(0, 30))]
        for patterns in (words.blocked, words.allowed):
            assert list(wordlist._matches(wordlist._index(patterns), tokens)) == list(every_pattern(patterns, tokens))
