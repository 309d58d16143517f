"""Generation providers: who writes the story and draws the pictures.

A provider is registered by a plugin (``register_providers``) and chosen once per
build from BOOKBUILD_PROVIDER or bookbuild.toml's ``provider``. Its name, version
and ``params`` (model names, sizes) go into every key it answers for; never a key.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Protocol

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
    description: str = ""  # the book's blurb: the story must not contradict it

    def to_json(self) -> dict[str, Any]:
        data = {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}
        if not data["description"]:  # only when there is one: other books' story keys stay as they were
            del data["description"]
        return data


@dataclass(frozen=True)
class ImageRequest:
    prompt: str
    characters: tuple[tuple[str, str], ...]  # (name, visual) of everyone shown
    width: int  # pixels wanted (the printed size at 300 DPI)
    height: int
    seed: str = ""
    purpose: str = "page"  # "page", "cover", "coloring", or "reference" (one character's look)
    text_zone: str = "bottom"  # where the theme prints text over the picture
    # (name, image bytes) of the reference picture of everyone shown who has one, for a
    # provider with ``references``: it draws them the same on every page.
    references: tuple[tuple[str, bytes], ...] = ()

    def to_json(self) -> dict[str, Any]:
        from hashlib import sha256

        refs = [[name, sha256(data).hexdigest()] for name, data in self.references]
        return {**self.__dict__, "characters": [list(c) for c in self.characters], "references": refs}


@dataclass
class Generated:
    value: Any  # story pages (list of {"text", "illustration"}) or image bytes
    usage: dict[str, float] = field(default_factory=dict)  # tokens, images, cost


class Provider(Protocol):
    """What a generation back-end must provide. Every attribute is part of the
    protocol: the engine reads them directly, never with hasattr."""

    name: str
    version: str  # bump when the same request should give a different answer
    paid: bool  # calls a paid service: chosen only by name, never by "auto"
    proof: bool  # its words and pictures are a proof to check a layout, not a book to sell
    cpu_bound: bool  # True: draw_image runs in a worker process (the provider must pickle)
    concurrency: int  # requests in flight at once (the engine's threads for its tasks)
    preload: tuple[str, ...]  # modules a worker process imports once, before its first task
    # Optional (BaseProvider: none): modules a build imports on a thread of its own as it
    # starts, so its first request does not wait for them (the openai package: ~0.4 s),
    # and ``prepare()``, run on that thread after them (making an API client: its first
    # request then goes out as soon as its task starts).
    # imports: tuple[str, ...]
    # def prepare(self) -> None: ...
    # And ``limit_requests(count)``: this run's --requests / BOOKBUILD_REQUESTS (None: back
    # to its own ``concurrency``), called before every build; a provider without it keeps its own.
    # def limit_requests(self, count: int | None) -> None: ...
    # Draws a reference picture of each character (ImageRequest purpose "reference") and
    # takes them with every picture that shows them (ImageRequest.references).
    references: bool

    def for_book(self, book: Any) -> "Provider":
        """This provider with the book's own settings (book.yaml), or itself."""

    def params(self, kind: str) -> dict[str, Any]:
        """What else determines this provider's output for ``kind`` ("story", "image",
        "coloring"): model names, sizes, prompt templates. Never a key, URL or time."""

    def write_story(self, request: StoryRequest) -> Generated: ...

    def draw_image(self, request: ImageRequest) -> Generated: ...

    # Optional (BaseProvider has it; call it through ``draw_ready``):
    # draw_image_ready(request, ready) -> Generated whose value is ``ready(picture)``, made
    # while the provider still checks the picture and kept only if it passed.

    def estimate(self, kind: str, request: StoryRequest | ImageRequest) -> float:
        """Expected cost in USD of one call, for `plan` (0 when free)."""

    def worst_case(self, kind: str, request: StoryRequest | ImageRequest) -> float:
        """The most one call can cost in USD (the price table's dearest answer for its model,
        size and quality): the budget holds this much before the call starts."""

    def configured(self) -> bool:
        """Whether it could run now (a key is set): `auto` then says how to choose it."""


_PAGE_VARIANT = re.compile(r"^(?P<seed>.*)#page(?P<page>\d+)v(?P<variant>\d+)$", re.DOTALL)


def page_variant_seed(seed: str, page: int, variant: int) -> str:
    """The seed of a story drafted anew for one page (`regenerate --text`): page is the
    story page's place in the story (1-based). Any provider may treat it as just a new
    seed; one that can rewrite a single page reads it back with split_page_variant."""
    return f"{seed}#page{page}v{variant}"


def split_page_variant(seed: str) -> tuple[str, int, int] | None:
    """(the book's seed, page, variant) of a page_variant_seed, else None."""
    m = _PAGE_VARIANT.match(seed)
    return (m.group("seed"), int(m.group("page")), int(m.group("variant"))) if m else None


def fingerprint(provider: Provider, kind: str) -> dict[str, Any]:
    """The provider's part of the key of every task that calls it: one recipe for all.

    ``kind`` is what the request asks for ("story", "image", "coloring"); the
    provider's ``params(kind)`` holds only what that request's answer depends on."""
    return {"provider": provider.name, "provider_version": provider.version, "provider_params": provider.params(kind)}


class BaseProvider:
    """Defaults for the optional parts of the protocol; providers may subclass it."""

    name = "base"
    version = "1"
    paid = False
    proof = False
    cpu_bound = False
    concurrency = 1
    preload: tuple[str, ...] = ()
    imports: tuple[str, ...] = ()
    references = False

    def for_book(self, book: Any) -> "BaseProvider":
        return self

    def params(self, kind: str) -> dict[str, Any]:
        return {}

    def estimate(self, kind: str, request: Any) -> float:
        return 0.0

    def worst_case(self, kind: str, request: Any) -> float:
        return self.estimate(kind, request)

    def configured(self) -> bool:
        return True

    def write_story(self, request: StoryRequest) -> Generated:
        raise NotImplementedError(f"the {self.name} provider does not write stories")

    def draw_image(self, request: ImageRequest) -> Generated:
        raise NotImplementedError(f"the {self.name} provider does not draw pictures")


def import_early(provider: Provider) -> None:
    """Import the provider's ``imports`` and run its ``prepare()`` on a thread of its own
    while the build plans: its first request then goes out as soon as its task starts.
    Nothing when it has neither. A failure here is left for the first request to report."""
    modules = getattr(provider, "imports", ())  # optional: third-party providers may lack them
    prepare = getattr(provider, "prepare", None)
    if modules or prepare is not None:
        import threading

        threading.Thread(target=_prepare, args=(modules, prepare), name="bookbuild-imports", daemon=True).start()


def _prepare(modules: tuple[str, ...], prepare: Callable[[], Any] | None) -> None:
    import gc
    import importlib

    # The cyclic garbage collector paused while they import: a package like openai makes
    # thousands of classes that live as long as the process, and the collector's passes
    # over them are ~12% of its import (0.40 s -> 0.35 s, measured), on the path to the
    # build's first request. Nothing made meanwhile needs collecting sooner.
    paused = gc.isenabled()
    gc.disable()
    try:
        for name in modules:
            importlib.import_module(name)
        if prepare is not None:
            prepare()
    except Exception:  # noqa: BLE001 - the task that needs it meets the same problem and says what it is
        pass
    finally:
        if paused:
            gc.enable()


def limit_requests(provider: Provider, count: int | None) -> None:
    """This run's limit on requests in flight (None or 0: the provider's own ``concurrency``)."""
    limit = getattr(provider, "limit_requests", None)  # optional: third-party providers may lack it
    if limit is not None:
        limit(count or None)


def draw_ready(provider: Provider, request: ImageRequest, ready: Callable[[bytes], Any]) -> Generated:
    """A picture made ready for print: ``ready(picture)`` (scaling, encoding) as the value.
    A provider that checks its pictures over the network runs ``ready`` meanwhile, so the
    CPU work is off the path between its requests; any other draws, then ``ready``."""
    overlapping = getattr(provider, "draw_image_ready", None)  # optional: third-party providers may lack it
    if overlapping is not None:
        return overlapping(request, ready)
    result = provider.draw_image(request)
    return Generated(ready(result.value), result.usage)


def registered(pm: pluggy.PluginManager, settings: Settings) -> dict[str, Provider]:
    return {p.name: p for group in pm.hook.register_providers(settings=settings) for p in group or ()}


def choose(pm: pluggy.PluginManager, settings: Settings) -> Provider:
    """BOOKBUILD_PROVIDER, else ``provider`` in bookbuild.toml. ``auto`` is the first free
    provider registered (offline, built in): money is spent only when a paid provider is
    asked for by name."""
    providers = registered(pm, settings)
    from_env = os.environ.get("BOOKBUILD_PROVIDER")
    wanted = from_env or settings.provider
    if wanted == "auto":
        wanted = next((name for name, p in providers.items() if not p.paid), "")
    if wanted not in providers:
        names = ["auto", *sorted(providers)]
        close = did_you_mean(wanted, names)
        hint = (close + " " if close else "") + "allowed: " + ", ".join(names)
        if from_env:
            raise UsageError(f"BOOKBUILD_PROVIDER={wanted} is not a provider ({hint})")
        raise SpecError([SpecProblem(CONFIG_NAME, settings.line_of("provider"), "provider", f"{wanted!r} is not allowed", hint)])
    return providers[wanted]


def idle_paid(pm: pluggy.PluginManager, settings: Settings, chosen: Provider) -> list[str]:
    """Paid providers that are set up (a key is there) but not chosen: worth one line in
    the summary, so nobody wonders why a key in the shell bought nothing."""
    return [p.name for p in registered(pm, settings).values() if p.paid and p is not chosen and p.name != chosen.name and p.configured()]
