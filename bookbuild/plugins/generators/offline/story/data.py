"""The story's words and sentence templates, read from the YAML files in data/.

Each file is read once per process, on first use (importing the writer reads
nothing). Lists load as tuples and every ``need:``/``may:`` entry as a Move,
so the engine sees the same immutable shapes everywhere. data/README.md says
what each file holds and how the templates' {slots} are filled.
"""

from __future__ import annotations

from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from .model import Fear, Kind, Move, Place, Plot, Weather

DATA = Path(__file__).with_name("data")


@lru_cache(maxsize=None)
def read(name: str) -> Any:
    """One data file ("beats.yaml", "plots/sharing.yaml"), parsed and frozen.

    Plain tables (words, time, beats, focus, fillers, facts) are read through
    this directly; the functions below turn entries into the types in model.py.
    """
    with (DATA / name).open(encoding="utf-8") as f:
        return _frozen(yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


def _frozen(value: Any) -> Any:
    """Lists as tuples, `need:`/`may:` entries as Moves: the shapes the engine works with."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        if len(value) == 1 and ("need" in value or "may" in value):
            ((kind, variants),) = value.items()
            return Move(tuple(variants) if isinstance(variants, list) else (variants,), kind == "need")
        return {k: _frozen(v) for k, v in value.items()}
    return value


def _build(cls: type, spec: Mapping[str, Any], where: str, skip: tuple[str, ...] = (), **extra: Any) -> Any:
    """A dataclass from a data entry; `skip` names keys the loader reads itself (such as `words`).

    A misspelt or missing key is an error that names the entry, not a silently lost line.
    """
    names = {f.name for f in fields(cls)}
    unknown = set(spec) - names - set(skip)
    if unknown:
        raise ValueError(f"offline story data, {where}: unknown key(s) {', '.join(sorted(unknown))}")
    try:
        return cls(**{k: v for k, v in spec.items() if k in names}, **extra)
    except TypeError as exc:  # a required key is missing
        raise ValueError(f"offline story data, {where}: {exc}") from None


def _index(groups: Iterable[tuple[str, Iterable[str]]], what: str) -> dict[str, str]:
    """word -> group key; a word listed twice is a mistake in the data files."""
    table: dict[str, str] = {}
    for key, words in groups:
        for word in words:
            if word in table:
                raise ValueError(f"offline story data: {what} {word!r} is listed under both "
                                 f"{table[word]!r} and {key!r}")
            table[word] = key
    return table


# Creatures and places.
@lru_cache(maxsize=None)
def kinds() -> dict[str, Kind]:
    return {key: _build(Kind, spec, f"kinds.yaml {key}", ("species",))
            for key, spec in read("kinds.yaml")["kinds"].items()}


@lru_cache(maxsize=None)
def species() -> dict[str, str]:
    """Species word -> kind key: "fox" -> "den"."""
    return _index(((k, spec["species"]) for k, spec in read("kinds.yaml")["kinds"].items()), "species")


@lru_cache(maxsize=None)
def default_kind() -> Kind:
    return _build(Kind, read("kinds.yaml")["default"], "kinds.yaml default")


def kind_of(species_word: str) -> Kind:
    return kinds().get(species().get(species_word, ""), default_kind())


def body(kind: Kind) -> dict[str, str]:
    """Face and chest words for a kind: {"face": "beak", "chest": "a fluttery chest"}."""
    bodies = read("kinds.yaml")["bodies"]
    return bodies.get(kind.limb, bodies["default"])


@lru_cache(maxsize=None)
def places() -> dict[str, Place]:
    return {key: _build(Place, spec, f"places.yaml {key}", ("words",), key=key)
            for key, spec in read("places.yaml")["places"].items()}


@lru_cache(maxsize=None)
def place_words() -> dict[str, str]:
    """Setting word -> place key: "woods" -> "forest"."""
    return _index(((k, spec["words"]) for k, spec in read("places.yaml")["places"].items()), "place word")


@lru_cache(maxsize=None)
def weathers() -> tuple[Weather, ...]:
    return tuple(_build(Weather, spec, f"weather.yaml {spec.get('word')}")
                 for spec in read("weather.yaml")["weathers"])


# Plots.
@lru_cache(maxsize=None)
def plot_names() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in (DATA / "plots").glob("*.yaml")))


@lru_cache(maxsize=None)
def themes() -> dict[str, str]:
    """Theme word -> plot key, from every plot file's `themes`."""
    return _index(((name, read(f"plots/{name}.yaml").get("themes", ())) for name in plot_names()), "theme word")


_PLOT_EXTRAS = ("themes", "values", "acts", "act_default")  # read by themes() and plots.py


@lru_cache(maxsize=None)
def plot(key: str) -> Plot:
    """A plot as its file has it; courage and quest still need their plot-time slots (plots.py)."""
    return _build(Plot, read(f"plots/{key}.yaml"), f"plots/{key}.yaml", _PLOT_EXTRAS, key=key)


@lru_cache(maxsize=None)
def fears() -> dict[str, Fear]:
    return {key: _build(Fear, {"words": (), "ideas": (), **spec}, f"fears.yaml {key}", key=key)
            for key, spec in read("fears.yaml")["fears"].items()}
