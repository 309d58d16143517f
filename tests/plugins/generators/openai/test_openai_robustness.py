"""Retries, backoff, Retry-After, timeouts, bad keys and the concurrency limit, against the fake."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from bookbuild.errors import ProviderError
from bookbuild.plugins.generators.openai import OpenAIProvider
from bookbuild.providers import ImageRequest, StoryRequest
from fakes.openai_server import fake_openai, make_provider  # noqa: F401  (fixtures, used by name)

REQUEST = ImageRequest("Pip in the meadow", (("Pip", "a small orange fox"),), 1538, 2475)
PATH = "/images/generations"


def gaps(fake) -> list[float]:
    """Seconds between the starts of consecutive requests the fake saw."""
    starts = [r.started for r in fake.logged(PATH)]
    return [b - a for a, b in zip(starts, starts[1:])]


def test_a_429_with_retry_after_waits_that_long_then_succeeds(fake_openai, make_provider):
    fake_openai.fail_next(429, path=PATH, retry_after=1)

    make_provider(moderation=False).draw_image(REQUEST)

    attempts = fake_openai.logged(PATH)
    assert [r.status for r in attempts] == [429, 200]
    assert [r.headers["x-stainless-retry-count"] for r in attempts] == ["0", "1"]
    assert 0.95 <= gaps(fake_openai)[0] < 3  # the SDK's own first backoff would be 0.375-0.5 s


def test_retry_after_ms_is_honoured_over_the_default_backoff(fake_openai, make_provider):
    fake_openai.fail_next(503, path=PATH, retry_after_ms=50)

    make_provider(moderation=False).draw_image(REQUEST)

    # The SDK's own first backoff is 0.375-0.5 s: a shorter wait shows the header won.
    assert 0.05 <= gaps(fake_openai)[0] < 0.35


def test_two_500s_back_off_exponentially_and_the_third_try_succeeds(fake_openai, make_provider):
    fake_openai.fail_next(500, times=2, path=PATH)

    result = make_provider(moderation=False).draw_image(REQUEST)

    assert [r.status for r in fake_openai.logged(PATH)] == [500, 500, 200]
    first, second = gaps(fake_openai)
    # 0.5 s then 1 s, less up to 25 % jitter: the second wait is at least twice the first's least.
    assert 0.37 <= first < 1.5 and 0.74 <= second < 2.5
    assert result.usage["images"] == 1


def test_retries_run_out_with_a_message_that_says_what_to_do(fake_openai, make_provider):
    fake_openai.fail_next(429, times=3, path=PATH, retry_after_ms=10)

    with pytest.raises(ProviderError) as caught:
        make_provider(moderation=False, max_retries=1).draw_image(REQUEST)

    message = caught.value.format_message()
    assert "429" in message and "after 1 retries" in message and "Lower concurrency" in message
    assert fake_openai.count(PATH) == 2


def test_out_of_credit_is_not_called_a_rate_limit(fake_openai, make_provider):
    fake_openai.fail_next(429, times=3, code="insufficient_quota", retry_after_ms=10)

    with pytest.raises(ProviderError, match="out of credit"):
        make_provider(moderation=False, max_retries=0).draw_image(REQUEST)


def test_a_bad_key_names_the_variable_and_never_shows_the_key(fake_openai, make_provider, monkeypatch):
    wrong = "wrong-test-key-WRONGwrongWRONG"
    monkeypatch.setenv("OPENAI_API_KEY", wrong)

    with pytest.raises(ProviderError) as caught:
        make_provider().write_story(StoryRequest("Pip", "3-5", 4, ()))

    message = caught.value.format_message()
    assert "401 Unauthorized" in message and "OPENAI_API_KEY" in message
    assert wrong not in message and "WRONG" not in message
    assert fake_openai.count() == 1  # a 401 is not retried


def test_no_key_is_a_clear_error_before_any_request(fake_openai, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    provider = OpenAIProvider()  # made without a key: `bookbuild plugins` and offline builds need this

    with pytest.raises(ProviderError, match="OPENAI_API_KEY is not set.*any\\s+non-empty value works"):
        provider.draw_image(REQUEST)

    assert fake_openai.count() == 0


def test_a_slow_server_times_out_with_the_setting_to_raise(fake_openai):
    fake_openai.latency = 2.0
    provider = OpenAIProvider({"timeout": 0.2, "max_retries": 0, "moderation": False})

    started = time.monotonic()
    with pytest.raises(ProviderError, match=r"within 0.2 s.*Raise timeout in \[openai\]"):
        provider.draw_image(REQUEST)

    assert time.monotonic() - started < 1.5  # the fake would answer after 2 s


def test_no_more_than_concurrency_requests_are_in_flight(fake_openai, make_provider):
    fake_openai.latency = 0.2
    provider = make_provider(moderation=False, concurrency=3)

    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(provider.draw_image, [REQUEST] * 8))
    elapsed = time.monotonic() - started

    assert len(results) == 8 and fake_openai.count(PATH) == 8
    assert fake_openai.max_in_flight == 3
    assert elapsed >= 0.55  # ceil(8 / 3) rounds of 0.2 s at least


def test_a_run_limit_on_requests_overrides_the_setting_and_lets_go_again(fake_openai, make_provider):
    provider = make_provider(moderation=False, concurrency=5)

    def draw_eight() -> None:
        fake_openai.reset()
        fake_openai.latency = 0.3  # long enough that all the slots fill
        with ThreadPoolExecutor(8) as pool:
            assert len(list(pool.map(provider.draw_image, [REQUEST] * 8))) == 8

    provider.limit_requests(2)  # --requests 2 / BOOKBUILD_REQUESTS=2
    draw_eight()
    assert fake_openai.max_in_flight == 2 and provider.concurrency == 2
    provider.limit_requests(None)  # the next run gives none: concurrency = 5 of bookbuild.toml again
    draw_eight()
    assert fake_openai.max_in_flight == 5 and provider.concurrency == 5


def test_params_hold_no_key_no_base_url_and_do_not_change_with_them(fake_openai, monkeypatch):
    provider = OpenAIProvider()
    before = {kind: provider.params(kind) for kind in ("story", "image")}
    text = json.dumps(before)
    assert fake_openai.api_key not in text and "127.0.0.1" not in text and "http" not in text

    monkeypatch.setenv("OPENAI_API_KEY", "another-test-key-entirely")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:11434/v1")
    assert {kind: provider.params(kind) for kind in ("story", "image")} == before


def test_params_change_with_what_changes_the_output():
    base = OpenAIProvider()
    assert OpenAIProvider({"image_quality": "high"}).params("image") != base.params("image")
    assert OpenAIProvider({"text_model": "gpt-4o-mini"}).params("story") != base.params("story")
    assert OpenAIProvider({"concurrency": 9, "timeout": 5}).params("image") == base.params("image")


def test_estimates_come_from_the_price_table():
    provider = OpenAIProvider()
    story = provider.estimate("story", StoryRequest("Pip", "3-5", 29, ()))
    image = provider.estimate("image", REQUEST)

    assert 0 < story < 0.05
    assert image == pytest.approx(0.063, abs=0.002)  # gpt-image-1 medium portrait
    cheaper = OpenAIProvider({"prices": {"gpt-image-1": {"medium": {"1024x1536": 0.01}}}})
    assert cheaper.estimate("image", REQUEST) == pytest.approx(0.01, abs=0.002)
    assert OpenAIProvider({"image_quality": "high"}).estimate("image", REQUEST) > image


def test_loading_the_plugin_does_not_import_openai():
    code = "import sys, bookbuild.pluginmanager as m; m.make_manager(); print('openai' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_prepare_makes_the_client_before_the_first_request_and_asks_nothing(fake_openai):
    provider = OpenAIProvider()
    provider.prepare()
    client = provider.connection._client

    assert client is not None and fake_openai.count() == 0
    provider.moderation_findings("title", "Pip and the Moon")
    assert provider.connection._client is client and fake_openai.count() == 1


def test_prepare_without_a_key_leaves_the_error_to_the_first_request(fake_openai, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    provider = OpenAIProvider()
    provider.prepare()  # nothing to make yet, and nothing raised here

    assert provider.connection._client is None
    with pytest.raises(ProviderError, match="OPENAI_API_KEY is not set"):
        provider.draw_image(REQUEST)
