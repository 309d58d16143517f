"""Prices for the openai provider's estimates (plan), worst cases (the budget) and
its cost records. The table is data: prices.yaml beside this module, with its
sources; bookbuild.toml's [openai.prices] is merged over it::

    [openai.prices]
    "gpt-4.1-mini" = { input = 0.40, output = 1.60 }
    "gpt-image-1" = { medium = { "1024x1536" = 0.063 } }
"""

from __future__ import annotations

import copy
from functools import lru_cache
from importlib.resources import files
from typing import Any, Mapping

# What a price assumes for quality "auto": the dearest, so a budget is never passed because of it.
_AUTO_QUALITY = "high"
PER_MILLION = 1_000_000
# Input image tokens of one reference picture sent to images.edit. Not published (APIS.md
# could not confirm it): a high-fidelity input is taken to cost at most what a high-quality
# square answer does. The budget learns the real figure from the usage the API reports.
REFERENCE_TOKENS_WORST = 4160
REFERENCE_TOKENS_EXPECTED = 1000
# Prompt text is about 4 characters a token; the worst case counts 3.
CHARS_PER_TOKEN, CHARS_PER_TOKEN_WORST = 4, 3


@lru_cache(maxsize=1)
def _default_table() -> dict[str, dict[str, Any]]:
    from bookbuild.spec.yamlsrc import load_own

    return load_own(files(__package__).joinpath("prices.yaml").read_text(encoding="utf-8"))


def default_prices() -> dict[str, dict[str, Any]]:
    return copy.deepcopy(_default_table())


def merged(overrides: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    """The default table with bookbuild.toml's [openai.prices] merged over it, key by key."""
    table = default_prices()
    for model, entry in (overrides or {}).items():
        table[model] = _deep_merge(table.get(model, {}), entry) if isinstance(entry, Mapping) else entry
    return table


def _deep_merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        out[key] = _deep_merge(out.get(key, {}), value) if isinstance(value, Mapping) and isinstance(out.get(key), dict) else value
    return out


def text_cost(prices: Mapping[str, Any], model: str, input_tokens: float, output_tokens: float) -> float:
    """USD for a chat call; 0 for a model with no price (e.g. a local server's)."""
    entry = prices.get(model) or {}
    return (input_tokens * entry.get("input", 0.0) + output_tokens * entry.get("output", 0.0)) / PER_MILLION


def _quality(quality: str) -> str:
    return _AUTO_QUALITY if quality == "auto" else quality


def image_price(prices: Mapping[str, Any], model: str, quality: str, size: str) -> float:
    """USD for one image from the per-image table; sizes not listed scale by area."""
    entry = prices.get(model) or {}
    return _by_size(entry.get(_quality(quality)), size)


def _by_size(by_size: Any, size: str) -> float:
    if isinstance(by_size, (int, float)):
        return float(by_size)
    if not isinstance(by_size, Mapping) or not by_size:
        return 0.0
    if size in by_size:
        return float(by_size[size])
    # gpt-image-2's free sizes: priced by pixel area relative to the square size.
    square = float(by_size.get("1024x1024", max(by_size.values())))
    return square * _area(size) / (1024 * 1024)


def image_estimate(prices: Mapping[str, Any], model: str, quality: str, size: str, prompt: str, references: int = 0) -> float:
    """Expected USD of one picture: the table's price, the prompt and the reference pictures sent."""
    entry = prices.get(model) or {}
    prompt_tokens = len(prompt) / CHARS_PER_TOKEN
    refs = references * REFERENCE_TOKENS_EXPECTED * entry.get("image_input", 0.0)
    return image_price(prices, model, quality, size) + (prompt_tokens * entry.get("input", 0.0) + refs) / PER_MILLION


def image_worst(prices: Mapping[str, Any], model: str, quality: str, size: str, prompt: str, references: int = 0) -> float:
    """The most one picture can cost by the table: its dearest quality's price or image
    tokens, whichever is more, the prompt counted generously, each reference at its most."""
    entry = prices.get(model) or {}
    quality = _quality(quality)
    tokens = _by_size((entry.get("output_tokens") or {}).get(quality), size)
    answer = max(image_price(prices, model, quality, size), tokens * entry.get("output", 0.0) / PER_MILLION)
    prompt_tokens = len(prompt) / CHARS_PER_TOKEN_WORST
    refs = references * REFERENCE_TOKENS_WORST * entry.get("image_input", 0.0)
    return answer + (prompt_tokens * entry.get("input", 0.0) + refs) / PER_MILLION


def image_cost(prices: Mapping[str, Any], model: str, quality: str, size: str, usage: Mapping[str, Any] | None) -> float:
    """USD for one generated image: from the tokens the API reported when the model
    has token prices, else the per-image table."""
    entry = prices.get(model) or {}
    if usage and "output" in entry and usage.get("output_tokens"):
        details = usage.get("input_tokens_details") or {}
        image_in = details.get("image_tokens", 0) or 0
        text_in = details.get("text_tokens", usage.get("input_tokens", 0) - image_in) or 0
        spent = text_in * entry.get("input", 0.0) + image_in * entry.get("image_input", 0.0) + usage["output_tokens"] * entry["output"]
        return spent / PER_MILLION
    return image_price(prices, model, quality, size)


def _area(size: str) -> int:
    try:
        width, height = (int(n) for n in size.lower().split("x"))
    except ValueError:
        return 1024 * 1024
    return width * height
