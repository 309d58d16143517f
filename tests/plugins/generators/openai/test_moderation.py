"""The moderator's text batches: asked at once, every verdict in its place, every request counted."""

from __future__ import annotations

import pytest

from bookbuild.engine.budget import Meter, running
from bookbuild.errors import ProviderError
from bookbuild.plugins.generators.openai.moderation import BATCH
from fakes.openai_server import fake_openai, make_provider  # noqa: F401  (fixtures, used by name)


def texts(count: int) -> list[str]:
    return [f"Pip counts star number {n} in the sky" for n in range(count)]


@pytest.mark.parametrize("count", [BATCH + 1, 2 * BATCH, 3 * BATCH - 5])
def test_a_long_storys_batches_are_asked_at_once(fake_openai, make_provider, count):
    fake_openai.latency = 0.2  # long enough for every batch to be in flight together
    batches = -(-count // BATCH)
    wanted = texts(count)
    wanted[BATCH] += " FLAGME"  # one flagged text in the second batch, found in its place
    meter = Meter()

    with running(meter):
        verdicts, requests = make_provider().moderator.texts(wanted)

    assert requests == batches == fake_openai.count("/moderations") == meter.usage["requests"]
    assert fake_openai.max_in_flight == batches
    assert [v.flagged for v in verdicts] == [i == BATCH for i in range(count)]


def test_one_failing_batch_fails_the_check(fake_openai, make_provider):
    fake_openai.fail_next(400, path="/moderations", message="too many inputs")

    with pytest.raises(ProviderError, match="too many inputs"):
        make_provider(max_retries=0).moderator.texts(texts(2 * BATCH))


def test_known_texts_are_not_asked_again(fake_openai, make_provider):
    moderator = make_provider().moderator
    moderator.texts(texts(BATCH + 3))

    verdicts, requests = moderator.texts(texts(BATCH + 3))

    assert requests == 0 and len(verdicts) == BATCH + 3 and fake_openai.count("/moderations") == 2
