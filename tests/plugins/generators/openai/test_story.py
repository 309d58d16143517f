"""The openai provider's story: structured output sized to the book, the bible, corrections."""

from __future__ import annotations

import json

import pytest

from bookbuild.errors import ProviderError
from bookbuild.plugins.generators.offline.story import AGE_GROUPS, MAX_SENTENCE_WORDS
from bookbuild.providers import StoryRequest
from fakes.openai_server import fake_openai, make_provider  # noqa: F401  (fixtures, used by name)

PIP = {"name": "Pip", "role": "hero", "description": "a curious fox who is afraid of the dark", "visual": "a small orange fox with a green scarf"}
OWL = {"name": "Owl", "role": "friend", "description": "a wise old owl", "visual": ""}


def story_request(pages: int = 21, age_group: str = "3-5", **extra) -> StoryRequest:
    return StoryRequest(title="Pip and the Moon", age_group=age_group, pages=pages, characters=(PIP, OWL), theme="courage", setting="a snowy forest", **extra)


def pages_json(count: int) -> str:
    pages = [{"text": f"Page {i} of the story.", "illustration": f"Pip in the snow, scene {i}", "characters": ["Pip"]} for i in range(count)]
    return json.dumps({"characters": [{"name": "Pip", "visual": "a fox"}], "pages": pages, "moral": "Be brave."})


def test_story_has_exactly_the_pages_asked_and_sends_a_strict_schema(fake_openai, make_provider):
    result = make_provider(moderation=False).write_story(story_request(pages=21))

    assert len(result.value["pages"]) == 21
    assert all(page["text"] and page["illustration"] for page in result.value["pages"])
    (body,) = fake_openai.bodies("/chat/completions")
    assert body["model"] == "gpt-4.1-mini"
    response_format = body["response_format"]
    assert response_format["type"] == "json_schema" and response_format["json_schema"]["strict"] is True
    schema = response_format["json_schema"]["schema"]
    assert schema["properties"]["pages"]["minItems"] == schema["properties"]["pages"]["maxItems"] == 21
    assert set(schema["properties"]) == {"pages", "characters", "moral"}
    assert set(schema["properties"]["pages"]["items"]["required"]) == {"text", "illustration", "characters"}


@pytest.mark.parametrize("age_group", sorted(AGE_GROUPS))
def test_words_per_page_and_sentence_length_follow_the_age_group(fake_openai, make_provider, age_group):
    make_provider(moderation=False).write_story(story_request(pages=8, age_group=age_group))

    (body,) = fake_openai.bodies("/chat/completions")
    system = body["messages"][0]["content"]
    low, high = AGE_GROUPS[age_group]
    assert f"{low} to {high} words on every page" in system
    assert f"no sentence longer than {MAX_SENTENCE_WORDS[age_group]} words" in system
    assert "exactly 8 pages" in system


def test_character_bible_keeps_the_books_looks_and_pages_name_who_is_shown(fake_openai, make_provider):
    story = make_provider(moderation=False).write_story(story_request()).value

    bible = {c["name"]: c["visual"] for c in story["characters"]}
    assert bible["Pip"] == PIP["visual"]  # book.yaml's look wins over the model's
    assert bible["Owl"]  # the model described the one without a look
    assert all(isinstance(page["characters"], list) for page in story["pages"])
    assert {"Pip", "Owl"} & set(story["pages"][0]["characters"])


def test_the_story_prompt_never_depends_on_how_characters_look(fake_openai, make_provider):
    make_provider(moderation=False).write_story(story_request())

    sent = json.dumps(fake_openai.bodies("/chat/completions")[0]["messages"])
    assert PIP["visual"] not in sent  # a new look redraws pictures without rewriting the book
    assert PIP["description"] in sent


def test_usage_counts_tokens_requests_and_cost(fake_openai, make_provider):
    usage = make_provider(moderation=False).write_story(story_request()).usage

    assert usage["requests"] == 1 and usage["images"] == 0
    assert usage["input_tokens"] > 0 and usage["output_tokens"] > 0
    assert 0 < usage["cost"] < 0.05


def test_a_wrong_page_count_gets_one_correction(fake_openai, make_provider):
    fake_openai.reply_next(pages_json(3))

    story = make_provider(moderation=False).write_story(story_request(pages=21)).value

    assert len(story["pages"]) == 21
    first, second = fake_openai.bodies("/chat/completions")
    correction = second["messages"][-1]["content"]
    assert "had 3 pages; the book needs exactly 21" in correction
    assert second["messages"][-2] == {"role": "assistant", "content": pages_json(3)}


@pytest.mark.parametrize(
    ("reply", "refusal", "expected"),
    [("not json at all", None, "not valid JSON"), (None, "I can't help with that.", "refused: I can't help with that.")],
)
def test_two_unusable_answers_fail_with_a_clear_message(fake_openai, make_provider, reply, refusal, expected):
    fake_openai.reply_next(reply, refusal=refusal)
    fake_openai.reply_next(reply, refusal=refusal)

    with pytest.raises(ProviderError, match=expected) as caught:
        make_provider(moderation=False).write_story(story_request())

    assert "two tries" in caught.value.format_message()
    assert fake_openai.count("/chat/completions") == 2


def test_a_cut_off_answer_is_reported_as_such(fake_openai, make_provider):
    fake_openai.reply_next('{"pages": [', finish_reason="length")
    fake_openai.reply_next('{"pages": [', finish_reason="length")

    with pytest.raises(ProviderError, match="cut off"):
        make_provider(moderation=False).write_story(story_request())


def test_every_generated_text_is_moderated_in_one_batch_and_remembered(fake_openai, make_provider):
    provider = make_provider()
    story = provider.write_story(story_request(pages=10)).value

    (batch,) = fake_openai.bodies("/moderations")
    assert batch["model"] == "omni-moderation-latest"
    assert story["pages"][3]["text"] in batch["input"] and story["pages"][3]["illustration"] in batch["input"]
    # The story task's safety hook then asks about each text: answered from memory.
    for page in story["pages"]:
        assert provider.moderation_findings("story text", page["text"]) == []
    assert fake_openai.count("/moderations") == 1


def test_flagged_text_is_reported_as_a_content_safety_error(fake_openai, make_provider):
    fake_openai.flag_categories = ("violence", "harassment")
    provider = make_provider()

    findings = provider.moderation_findings("story text", "The fox said FLAGME to the owl.")

    (finding,) = findings
    assert finding.rule == "content-safety" and finding.severity == "error"
    assert "harassment, violence" in finding.message and "not printed" in finding.message
    assert make_provider(moderation=False).moderation_findings("story text", "FLAGME") == []
