"""Prices for the openai provider's estimates (plan, budget) and its cost records.

All prices are USD. Text models: per 1M tokens, ``input`` and ``output``. Image
models: per 1M tokens (``input`` text, ``image_input``, ``output`` image tokens),
used when the API reports the tokens an image took, and a per-image table
``{quality: {size: usd}}`` used for estimates and when no usage comes back.

Sources (from the project's API research, /work/shared/APIS.md section B5; all
secondary sources, OpenAI's own pricing page was not reachable to confirm them):
text prices from the outl1ne/openai-pricing table and OpenRouter (S-TXT);
gpt-image-1 per-image and per-token prices from the OpenAI community's collected
pricing thread and image-token counts (S-IMG1..3). gpt-image-1-mini's portrait
and landscape prices are not published there: they are its square price x 1.5,
the same ratio gpt-image-1 has. Override any of them in bookbuild.toml::

    [openai.prices]
    "gpt-4.1-mini" = { input = 0.40, output = 1.60 }
    "gpt-image-1" = { medium = { "1024x1536" = 0.063 } }
"""

from __future__ import annotations

import copy
from typing import Any, Mapping

_GPT_IMAGE_1 = {
    "input": 5.0,
    "image_input": 10.0,
    "output": 40.0,
    "low": {"1024x1024": 0.011, "1024x1536": 0.016, "1536x1024": 0.016},
    "medium": {"1024x1024": 0.042, "1024x1536": 0.063, "1536x1024": 0.063},
    "high": {"1024x1024": 0.167, "1024x1536": 0.25, "1536x1024": 0.25},
}

DEFAULT_PRICES: dict[str, dict[str, Any]] = {
    "gpt-4.1-mini": {"input": 0.40, "output": 1.60},
    "gpt-4o-mini": {"input": 0.15, "output": 0.60},
    "gpt-5-mini": {"input": 0.25, "output": 2.00},
    "gpt-4o": {"input": 2.50, "output": 10.00},
    "gpt-image-1": _GPT_IMAGE_1,
    "gpt-image-1-mini": {
        "low": {"1024x1024": 0.002, "1024x1536": 0.003, "1536x1024": 0.003},
        "medium": {"1024x1024": 0.008, "1024x1536": 0.012, "1536x1024": 0.012},
        "high": {"1024x1024": 0.033, "1024x1536": 0.05, "1536x1024": 0.05},
    },
    # Retired in the API on 2026-05-12; kept so old settings still estimate.
    "dall-e-3": {
        "standard": {"1024x1024": 0.04, "1024x1792": 0.08, "1792x1024": 0.08},
        "hd": {"1024x1024": 0.08, "1024x1792": 0.12, "1792x1024": 0.12},
    },
}

# What a price estimate assumes for quality "auto": the dearest, so a budget
# computed from estimates is never exceeded because of it.
_AUTO_QUALITY = "high"
PER_MILLION = 1_000_000


def merged(overrides: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    """The default table with bookbuild.toml's [openai.prices] merged over it, key by key."""
    table = copy.deepcopy(DEFAULT_PRICES)
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


def image_price(prices: Mapping[str, Any], model: str, quality: str, size: str) -> float:
    """USD for one image from the per-image table; sizes not listed scale by area."""
    entry = prices.get(model) or {}
    by_size = entry.get(_AUTO_QUALITY if quality == "auto" else quality)
    if isinstance(by_size, (int, float)):
        return float(by_size)
    if not isinstance(by_size, Mapping) or not by_size:
        return 0.0
    if size in by_size:
        return float(by_size[size])
    # gpt-image-2's free sizes: price by pixel area relative to the square size.
    square = float(by_size.get("1024x1024", max(by_size.values())))
    return square * _area(size) / (1024 * 1024)


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
