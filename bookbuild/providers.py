"""Generation providers: who writes the story and draws the pictures.

A provider is registered by a plugin (``register_providers``) and chosen once per
build from BOOKBUILD_PROVIDER or bookbuild.toml's ``provider``. Its name, version
and ``params`` (model names, sizes) go into every key it answers for; never a key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from bookbuild.errors import SpecError, SpecProblem, UsageError

from bookbuild.settings import CONFIG_NAME
from bookbuild.spec.schema import did_you_mean

if TYPE_CHECKING:
    import pluggy

    from bookbuild.settings import Settings


@dataclass(frozen=True)
class StoryRequest:
    title: str
    age_group: str
    pages: int  # story pages wanted
    characters: tuple[dict[str, str], ...]  # name, role, description, visual
    theme: str = ""
    educational_focus: str = ""
    moral: str = ""
    setting: str = ""
    language: str = "en"
    seed: str = ""

    def to_json(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class ImageRequest:
    prompt: str
    characters: tuple[tuple[str, str], ...]  # (name, visual) of everyone shown
    width: int  # pixels wanted (the printed size at 300 DPI)
    height: int
    seed: str = ""
    purpose: str = "page"  # "page" or "cover"
    text_zone: str = "bottom"  # where the theme prints text over the picture

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "characters": [list(c) for c in self.characters]}


@dataclass
class Generated:
    value: Any  # story pages (list of {"text", "illustration"}) or image bytes
    usage: dict[str, float] = field(default_factory=dict)  # tokens, images, cost


class Provider(Protocol):
    name: str
    version: str
    cpu_bound: bool  # True: draw_image runs in a worker process (the provider must pickle)
    # Network-bound providers may also define `concurrency`: the engine then runs
    # that many tasks at once instead of one per CPU core.

    def params(self, kind: str) -> dict[str, Any]:
        """What else determines this provider's output for ``kind`` ("story", "image")."""

    def write_story(self, request: StoryRequest) -> Generated: ...

    def draw_image(self, request: ImageRequest) -> Generated: ...

    def estimate(self, kind: str, request: StoryRequest | ImageRequest) -> float:
        """Expected cost in USD of one call, for `plan` and the budget (0 when free)."""


def choose(pm: pluggy.PluginManager, settings: Settings) -> Provider:
    providers = {p.name: p for group in pm.hook.register_providers(settings=settings) for p in group}
    from_env = os.environ.get("BOOKBUILD_PROVIDER")
    wanted = from_env or settings.provider
    if wanted == "auto":
        wanted = "openai" if os.environ.get("OPENAI_API_KEY") and "openai" in providers else "offline"
    if wanted not in providers:
        names = ["auto", *sorted(providers)]
        hint = (did_you_mean(wanted, names) + " " if did_you_mean(wanted, names) else "") + "allowed: " + ", ".join(names)
        if from_env:
            raise UsageError(f"BOOKBUILD_PROVIDER={wanted} is not a provider ({hint})")
        raise SpecError([SpecProblem(CONFIG_NAME, settings.line_of("provider"), "provider", f"{wanted!r} is not allowed", hint)])
    return providers[wanted]
