"""The openai provider's illustrations: size, prompt with the bible, moderation of prompt and picture."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bookbuild.errors import ProviderError
from bookbuild.providers import ImageRequest, draw_ready
from fakes.openai_server import fake_openai, make_provider  # noqa: F401  (fixtures, used by name)
from helpers import wait_until

PIP = ("Pip", "a small orange fox with a green scarf")
OWL = ("Owl", "a round grey owl with big yellow eyes")
PAGE_5X8 = (1538, 2475)  # 5x8 in with bleed at 300 DPI: taller than wide


def image_request(prompt: str = "Pip and Owl look at the moon", characters=(PIP, OWL), size=PAGE_5X8, **extra) -> ImageRequest:
    return ImageRequest(prompt, characters, size[0], size[1], **extra)


@pytest.mark.parametrize(
    ("pixels", "expected"),
    [(PAGE_5X8, "1024x1536"), ((2588, 2625), "1024x1024"), ((3338, 2625), "1536x1024")],
)
def test_auto_size_follows_the_pages_shape(fake_openai, make_provider, pixels, expected):
    result = make_provider(moderation=False).draw_image(image_request(size=pixels))

    (body,) = fake_openai.bodies("/images/generations")
    assert body["size"] == expected
    assert body["model"] == "gpt-image-1" and body["quality"] == "medium" and body["n"] == 1
    assert Image.open(io.BytesIO(result.value)).size == tuple(int(n) for n in expected.split("x"))


def test_the_prompt_carries_the_bible_of_who_is_shown_and_keeps_the_text_area_calm(fake_openai, make_provider):
    make_provider(moderation=False).draw_image(image_request("Pip waves from the hill", characters=(PIP,), text_zone="top"))

    prompt = fake_openai.bodies("/images/generations")[0]["prompt"]
    assert "- Pip: a small orange fox with a green scarf" in prompt
    assert "Owl" not in prompt  # only who is on this page
    assert "Scene: Pip waves from the hill" in prompt
    assert "top third of the picture calm" in prompt
    assert "No words, letters, numbers or signs" in prompt


def test_the_cover_gets_its_own_composition(fake_openai, make_provider):
    make_provider(moderation=False).draw_image(image_request(purpose="cover", text_zone="top"))

    assert "top third calm" in fake_openai.bodies("/images/generations")[0]["prompt"]


def test_a_coloring_page_is_asked_for_in_its_own_words_once_without_a_style(fake_openai, make_provider):
    rules = "A black and white coloring page: bold closed outlines, no shading."
    make_provider(moderation=False, style="soft watercolour").draw_image(image_request(prompt=f"A sea turtle. {rules}", purpose="coloring", text_zone="none"))

    prompt = fake_openai.bodies("/images/generations")[0]["prompt"]
    assert prompt.startswith("A sea turtle.") and prompt.count("bold closed outlines") == 1
    assert "watercolour" not in prompt and "No words, letters, numbers or signs" in prompt


def test_usage_reports_one_image_and_its_cost(fake_openai, make_provider):
    usage = make_provider(moderation=False).draw_image(image_request()).usage

    assert usage["images"] == 1 and usage["requests"] == 1
    assert usage["output_tokens"] == 1584  # medium portrait, as the fake reports like the API
    assert usage["cost"] == pytest.approx(0.0634, abs=0.002)


def test_prompt_and_picture_are_both_moderated(fake_openai, make_provider):
    result = make_provider().draw_image(image_request())

    prompt_check, picture_check = fake_openai.bodies("/moderations")
    assert "Scene: Pip and Owl look at the moon" in prompt_check["input"][0]
    (part,) = picture_check["input"]
    assert part["type"] == "image_url" and part["image_url"]["url"].startswith("data:image/png;base64,")
    assert result.usage["requests"] == 3


def test_a_flagged_picture_is_drawn_once_more(fake_openai, make_provider):
    fake_openai.flag_next(1, "image")

    result = make_provider().draw_image(image_request())

    assert fake_openai.count("/images/generations") == 2
    assert result.usage["images"] == 2 and result.usage["requests"] == 5


def test_a_picture_flagged_twice_fails_naming_the_prompt_and_categories(fake_openai, make_provider):
    fake_openai.flag_categories = ("violence/graphic",)

    with pytest.raises(ProviderError) as caught:
        make_provider().draw_image(image_request("Pip meets a FLAGIMAGE bear"))

    message = caught.value.format_message()
    assert "Pip meets a FLAGIMAGE bear" in message and "violence/graphic" in message and "not printed" in message
    assert fake_openai.count("/images/generations") == 2


def test_a_flagged_prompt_is_never_paid_for(fake_openai, make_provider):
    with pytest.raises(ProviderError, match="flagged the prompt of the picture for 'Pip FLAGME'"):
        make_provider().draw_image(image_request("Pip FLAGME"))

    assert fake_openai.count("/images/generations") == 0


def test_moderation_off_sends_no_moderation_requests(fake_openai, make_provider):
    make_provider(moderation=False).draw_image(image_request("Pip FLAGME"))

    assert fake_openai.counts() == {"/images/generations": 1}


def test_a_server_without_moderation_endpoint_says_how_to_turn_it_off(fake_openai, make_provider):
    fake_openai.fail_next(404, path="/moderations")

    with pytest.raises(ProviderError, match="set moderation = false in \\[openai\\]"):
        make_provider().draw_image(image_request())


def test_a_size_the_model_does_not_make_is_a_clear_error(fake_openai, make_provider):
    with pytest.raises(ProviderError, match=r"400 Bad Request, parameter size.*image_size"):
        make_provider(moderation=False, image_size="2048x2048").draw_image(image_request())


# -- made ready for print while the picture is checked (providers.draw_ready) ----------------


def picture_check_in_flight(fake) -> bool:
    """True once the server holds a picture's moderation request it has not answered."""
    return any(r.path == "/moderations" and not r.finished and isinstance(r.body["input"][0], dict) for r in fake.logged())


def test_ready_work_runs_while_the_picture_is_checked(fake_openai, make_provider):
    fake_openai.latency = 0.2  # each answer waits: the check is in flight while ready runs
    seen = []

    def ready(picture: bytes) -> str:
        seen.append(wait_until(lambda: picture_check_in_flight(fake_openai)))
        return f"ready:{len(picture)}"

    result = draw_ready(make_provider(), image_request(), ready)

    assert seen == [True]
    assert result.value.startswith("ready:") and result.usage["requests"] == 3


def test_a_flagged_pictures_ready_work_is_thrown_away_with_it(fake_openai, make_provider):
    fake_openai.flag_next(1, "image")
    made = []

    def ready(picture: bytes) -> str:
        made.append(picture)
        return f"made for picture {len(made)}"

    result = draw_ready(make_provider(), image_request(), ready)

    assert len(made) == 2 and fake_openai.count("/images/generations") == 2
    assert result.value == "made for picture 2"  # the redrawn one, which passed its check


def test_a_picture_flagged_twice_gives_nothing_ready(fake_openai, make_provider):
    made = []

    with pytest.raises(ProviderError, match="flagged the picture for 'Pip meets a FLAGIMAGE bear' twice"):
        draw_ready(make_provider(), image_request("Pip meets a FLAGIMAGE bear"), made.append)

    assert len(made) == 2  # worked on while each was checked, and neither given out


def test_ready_failing_on_a_picture_that_passed_is_raised(fake_openai, make_provider):
    def ready(picture: bytes) -> bytes:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        draw_ready(make_provider(), image_request(), ready)


def test_a_provider_without_checks_draws_then_makes_ready(fake_openai, make_provider):
    from bookbuild.providers import BaseProvider, Generated

    class Plain(BaseProvider):
        def draw_image(self, request):
            return Generated(b"picture", {"images": 1})

    result = draw_ready(Plain(), image_request(), lambda picture: picture.upper())

    assert result.value == b"PICTURE" and result.usage == {"images": 1}


def test_a_pictures_requests_say_how_many_follow_them(fake_openai, make_provider, monkeypatch):
    """The prompt check (3 to go) is more urgent than the drawing (2), than the picture's check (1)."""
    from bookbuild.engine import urgency
    from bookbuild.plugins.generators.openai.client import Connection

    seen = []
    call = Connection.call
    monkeypatch.setattr(Connection, "call", lambda self, what, request: seen.append(urgency.current()[1]) or call(self, what, request))

    make_provider().draw_image(image_request())
    assert seen == [3, 2, 1]
    seen.clear()
    make_provider(moderation=False).draw_image(image_request())
    assert seen == [1]


def test_the_first_edit_goes_before_every_other_request(fake_openai, make_provider, monkeypatch):
    """Until the server has answered one images.edit, every other picture with references
    waits for it: its request takes the next free slot, whatever else is waiting."""
    from bookbuild.engine import urgency
    from bookbuild.plugins.generators.openai.client import Connection

    seen = []
    call = Connection.call
    monkeypatch.setattr(Connection, "call", lambda self, what, request: seen.append((what.split()[0], urgency.current()[0])) or call(self, what, request))
    picture = io.BytesIO()
    Image.new("RGB", (64, 64), "orange").save(picture, "PNG")
    provider = make_provider(moderation=False)

    with urgency.task_chain(3):
        provider.draw_image(image_request(references=(("Pip", picture.getvalue()),)))
        provider.draw_image(image_request("Pip sleeps", references=(("Pip", picture.getvalue()),)))

    assert seen == [("drawing", urgency.BLOCKING), ("drawing", 3)]
    assert fake_openai.count("/images/edits") == 2
