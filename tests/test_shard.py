"""`--shard I/N`: a stable split of the books, the same on every machine."""

from __future__ import annotations

import random
import string

import pytest

from bookbuild.shard import Shard, shard_of


def slugs(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["-".join("".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))) for _ in range(rng.randint(1, 4))) for _ in range(count)]


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7, 16, 50])
@pytest.mark.parametrize("seed", range(5))
def test_shards_are_disjoint_and_cover_every_book(count, seed):
    books = slugs(137, seed)
    picked = [Shard(i, count).select(books) for i in range(1, count + 1)]
    assert sorted(b for shard in picked for b in shard) == sorted(books)
    assert sum(map(len, picked)) == len(books)  # none twice


@pytest.mark.parametrize("seed", range(5))
def test_the_split_does_not_depend_on_the_order_or_on_other_books(seed):
    books = slugs(60, seed)
    shuffled = random.Random(seed).sample(books, len(books))
    for i in (1, 2, 3):
        assert set(Shard(i, 3).select(books)) == set(Shard(i, 3).select(shuffled))
        assert set(Shard(i, 3).select(books[:20])) == set(Shard(i, 3).select(books)) & set(books[:20])  # adding books moves none


def test_the_split_is_pinned():
    """Every machine, every version: a changed recipe would split a fleet's runners differently."""
    assert [shard_of(s, 4) for s in ("small", "pip", "owl", "the-brave-little-fox", "milo-and-the-river", "ocean-animals-coloring")] == [1, 4, 3, 1, 2, 3]
    assert [shard_of(s, 2) for s in ("small", "pip")] == [1, 2]


def test_shards_are_even_enough():
    books = slugs(2000, 99)
    sizes = [len(Shard(i, 4).select(books)) for i in range(1, 5)]
    assert all(abs(size - 500) < 60 for size in sizes), sizes


@pytest.mark.parametrize("text, shard", [("1/1", Shard(1, 1)), ("2/4", Shard(2, 4)), (" 4 / 4 ", Shard(4, 4)), ("10/12", Shard(10, 12))])
def test_parse(text, shard):
    assert Shard.parse(text) == shard and str(shard) == text.replace(" ", "")


@pytest.mark.parametrize(
    "text, message",
    [("0/4", "from 1 to N"), ("5/4", "from 1 to N"), ("1/0", "from 1 to N"), ("2", "is not I/N"), ("a/b", "is not I/N"), ("-1/4", "is not I/N"), ("1/4/2", "is not I/N"), ("", "is not I/N")],
)
def test_bad_shards_say_what_to_write(text, message):
    with pytest.raises(ValueError, match=message):
        Shard.parse(text)


@pytest.mark.parametrize("command", ["build", "validate", "diff HEAD"])
def test_a_bad_shard_is_a_usage_error(cli, scratch_repo, command):
    result = cli(*command.split(), "--shard", "5/4")
    assert result.exit_code == 2
    assert "Invalid value for '--shard': '5/4': the shard's number must be from 1 to N" in result.output


def test_an_empty_shard_builds_nothing_and_says_so(cli, scratch_repo):
    assert not Shard(2, 2).has("small")
    for command in ("build", "validate"):
        result = cli(command, "--shard", "2/2")
        assert result.exit_code == 0, result.output
        assert "shard 2/2: no books fall in it (books are split by a hash of their folder names)" in result.output
    assert not (scratch_repo / "build").exists()


def test_validate_takes_its_shard(cli, built_copy):
    result = cli("validate", "--shard", "1/2")
    assert result.exit_code == 0 and result.output.startswith("small: ")
    named = cli("validate", "small", "--shard", "2/2")  # named books are split too
    assert named.exit_code == 0 and "small" not in named.output.replace("shard 2/2", "")
