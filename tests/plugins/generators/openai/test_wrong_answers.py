"""Wrong answers from the server, each kind, with the real client against the fake: a
body that is not JSON, a picture that is not one or has the wrong size. Asked once
more; twice wrong, the error names the server and what it answered; every answer
that came with a picture is paid for and counted."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bookbuild.engine.budget import Meter, running
from bookbuild.errors import ProviderError
from bookbuild.providers import ImageRequest, StoryRequest
from fakes.openai_server import BAD_ANSWERS, fake_openai, make_provider  # noqa: F401  (fixtures, used by name)

PORTRAIT = ImageRequest("Pip in the meadow", (("Pip", "a small orange fox"),), 1538, 2475)
WHAT = {
    "html": "a body that is not the API's JSON ('<html><body><h1>502 Bad Gateway</h1>nginx</body></html>')",
    "badjson": "a body that is not JSON",
    "notimage": "33 bytes that are not a picture",
    "tiny": "a 8x8 picture, not the 1024x1536 asked for",
    "wide": "a 640x256 picture, not the 1024x1536 asked for",
    "nodata": "no image (no b64_json in its data)",
}
PAID = {"notimage", "tiny", "wide", "nodata"}  # the server made a picture (and said so in its usage): billed


@pytest.mark.parametrize("kind", BAD_ANSWERS)
def test_one_wrong_answer_is_asked_for_again(fake_openai, make_provider, kind):
    fake_openai.answer_next(kind, path="/images/generations")
    task = Meter()
    with running(task):
        result = make_provider(moderation=False).draw_image(PORTRAIT)
    assert Image.open(io.BytesIO(result.value)).size == (1024, 1536)
    assert fake_openai.count("/images/generations") == 2
    assert task.usage["requests"] == 2 and task.usage["images"] == (2 if kind in PAID else 1)
    assert task.usage["cost"] == pytest.approx(fake_openai.billed(), abs=1e-9)


@pytest.mark.parametrize("kind", BAD_ANSWERS)
def test_two_wrong_answers_name_the_server_and_what_it_sent(fake_openai, make_provider, kind):
    fake_openai.answer_next(kind, 2, path="/images/generations")
    task = Meter()
    with running(task), pytest.raises(ProviderError) as caught:
        make_provider(moderation=False).draw_image(PORTRAIT)
    message = caught.value.format_message()
    assert message.startswith(f"{fake_openai.base_url} answered the picture for 'Pip in the meadow' with {WHAT[kind]}")
    assert "twice" in message and "The server is at fault" in message and "plugin" not in message
    assert task.usage["requests"] == 2 and task.usage.get("images", 0) == (2 if kind in PAID else 0)
    assert task.usage.get("cost", 0) == pytest.approx(fake_openai.billed(), abs=1e-9)


@pytest.mark.parametrize("kind", ["html", "badjson"])
def test_a_story_answer_that_is_not_json_is_asked_for_again_then_named(fake_openai, make_provider, kind):
    request = StoryRequest("Pip and the Moon", "3-5", 4, ())
    fake_openai.answer_next(kind, path="/chat/completions")
    story = make_provider(moderation=False).write_story(request)
    assert len(story.value["pages"]) == 4 and fake_openai.count("/chat/completions") == 2

    fake_openai.answer_next(kind, 2, path="/chat/completions")
    with pytest.raises(ProviderError, match=f"in two tries: {fake_openai.base_url} answered with a body that is not"):
        make_provider(moderation=False).write_story(request)


def test_a_moderation_answer_that_is_not_json_is_asked_for_again_then_named(fake_openai, make_provider):
    fake_openai.answer_next("html", path="/moderations")
    make_provider().draw_image(PORTRAIT)  # the prompt's check answered on the second try
    fake_openai.answer_next("html", 2, path="/moderations")
    with pytest.raises(ProviderError, match=f"{fake_openai.base_url} answered with a body that is not the moderation endpoint's JSON .*, twice, while checking 1 text with"):
        make_provider().draw_image(PORTRAIT)
