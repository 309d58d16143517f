"""Small formatting helpers shared by the rule messages."""

from __future__ import annotations

from typing import Iterable


def inches(x: float) -> str:
    """8.625 -> '8.625', 8.5 -> '8.5', 0.0751 -> '0.075'."""
    text = f"{x:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def size(width: float, height: float) -> str:
    return f"{inches(width)} x {inches(height)} in"


def pages(numbers: Iterable[int]) -> str:
    """[1, 2, 3, 7] -> '1-3, 7'."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return f'"{text if len(text) <= limit else text[: limit - 1] + "…"}"'


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
