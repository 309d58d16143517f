"""The moderator's text batches: asked at once, every verdict in its place, every request counted."""

from __future__ import annotations

import pytest

from bookbuild.engine.budget import Meter, running
from bookbuild.errors import ProviderError
from bookbuild.plugins.generators.openai.moderation import BATCH, JUDGE_AS_IS
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


def _asked_at_once(monkeypatch, moderator, first_fails: bool = False) -> tuple[list, list, list]:
    """One thread asks about a text; while its request is in flight a second thread asks
    about the same text and another. Returns (what the first thread got, the second
    thread's verdicts, the texts of every request in order)."""
    import threading

    from bookbuild.plugins.generators.openai import moderation
    from helpers import wait_until

    asked: list[list[str]] = []
    in_flight, release = threading.Event(), threading.Event()
    check = moderation.Moderator._check

    def slow_check(self, chunk):
        asked.append(chunk)
        if len(asked) == 1:
            in_flight.set()
            release.wait(10)
            if first_fails:
                raise ProviderError("the first asker's request failed")
        return check(self, chunk)

    def ask(into: list, texts: list[str]) -> None:
        try:
            into.extend(moderator.texts(texts)[0])
        except ProviderError as exc:
            into.append(exc)

    monkeypatch.setattr(moderation.Moderator, "_check", slow_check)
    first: list = []
    second: list = []
    one = threading.Thread(target=ask, args=(first, ["Pip waves"]))
    one.start()
    assert in_flight.wait(10)
    other = threading.Thread(target=ask, args=(second, ["Pip waves", "Owl hoots FLAGME"]))
    other.start()
    assert wait_until(lambda: len(asked) >= 2)  # the second thread has chosen what to ask itself
    release.set()
    one.join(10)
    other.join(10)
    return first, second, asked


def test_a_text_in_flight_is_waited_for_not_asked_again(fake_openai, make_provider, monkeypatch):
    first, second, asked = _asked_at_once(monkeypatch, make_provider().moderator)

    assert asked == [["Pip waves"], ["Owl hoots FLAGME"]]  # the second thread asked only what nobody was asking
    assert [v.flagged for v in first] == [False] and [v.flagged for v in second] == [False, True]
    assert fake_openai.count("/moderations") == 2


def test_a_text_whose_asker_failed_is_asked_by_the_next(fake_openai, make_provider, monkeypatch):
    first, second, asked = _asked_at_once(monkeypatch, make_provider().moderator, first_fails=True)

    assert isinstance(first[0], ProviderError)
    assert asked == [["Pip waves"], ["Owl hoots FLAGME"], ["Pip waves"]]  # asked again, never taken as clean unasked
    assert [v.flagged for v in second] == [False, True]


def _big_picture(mode: str) -> bytes:
    """A PNG the size of a GPT image model's (over a megabyte): a gradient with grain."""
    import io
    import random

    from PIL import Image

    rng = random.Random(3)
    width, height = 1024, 1024
    image = Image.new("RGB", (width, height))
    image.putdata([(x // 4, y // 4, (x + y) // 8 + rng.randint(0, 24)) for y in range(height) for x in range(width)])
    if mode == "RGBA":
        image = image.convert("RGBA")
        image.paste((0, 0, 0, 0), (0, 0, 256, 256))  # a transparent corner
    out = io.BytesIO()
    image.save(out, "PNG")
    assert len(out.getvalue()) > JUDGE_AS_IS
    return out.getvalue()


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_a_big_picture_is_judged_as_a_jpeg_of_the_same_pixels(fake_openai, make_provider, mode):
    import base64
    import io

    from PIL import Image, ImageChops, ImageStat

    picture = _big_picture(mode)
    make_provider().moderator.image(picture, "page 3's picture")

    (body,) = fake_openai.bodies("/moderations")
    url = body["input"][0]["image_url"]["url"]
    assert url.startswith("data:image/jpeg;base64,")
    sent = base64.b64decode(url.split(",", 1)[1])
    assert len(sent) < len(picture) / 3  # the upload, a fraction of the PNG's
    judged, original = Image.open(io.BytesIO(sent)), Image.open(io.BytesIO(picture))
    assert judged.size == original.size
    flat = Image.new("RGB", original.size, "white")
    flat.paste(original, mask=original.getchannel("A") if mode == "RGBA" else None)
    small = lambda image: image.convert("RGB").resize((64, 64), Image.BILINEAR)  # noqa: E731  (what it shows, not its grain)
    assert max(ImageStat.Stat(ImageChops.difference(small(judged), small(flat))).mean) < 2  # the same picture
    if mode == "RGBA":
        assert judged.convert("RGB").getpixel((10, 10)) >= (250, 250, 250)  # transparency on white, not black


def test_a_small_picture_and_bytes_pillow_cannot_read_are_judged_as_they_are():
    from bookbuild.plugins.generators.openai.moderation import to_judge

    small = _big_picture("RGB")[:1000]  # a truncated PNG: not a picture Pillow can read
    assert to_judge(small) == small
    unreadable = b"\x89PNG" + bytes(2_000_000)
    assert to_judge(unreadable) == unreadable
