"""The offline provider: deterministic story text and Pillow illustrations, no network.

The default when no OpenAI key is set. The drawing and writing modules import
Pillow and friends only when a task actually runs.
"""

from __future__ import annotations

from typing import Any

from bookbuild import hookimpl
from bookbuild.providers import Generated, ImageRequest, StoryRequest

VERSION = "1"  # bump when the same request would give different words or pixels


class OfflineProvider:
    name = "offline"
    version = VERSION
    cpu_bound = True  # pure-Python drawing: worth a worker process per picture

    def params(self, kind: str) -> dict[str, Any]:
        return {}

    def estimate(self, kind: str, request: Any) -> float:
        return 0.0

    def write_story(self, request: StoryRequest) -> Generated:
        from .story import Character, StoryBrief, write_story

        brief = StoryBrief(
            title=request.title,
            age_group=request.age_group,
            characters=tuple(Character(**c) for c in request.characters),
            theme=request.theme,
            educational_focus=request.educational_focus,
            moral=request.moral,
            setting=request.setting,
            seed=request.seed,
        )
        pages = write_story(brief, request.pages)
        return Generated([{"text": p.text, "illustration": p.illustration} for p in pages])

    def draw_image(self, request: ImageRequest) -> Generated:
        from .art import CharacterLook, draw_cover_art, draw_illustration

        looks = [CharacterLook(name, visual) for name, visual in request.characters]
        if request.purpose == "cover":
            image = draw_cover_art(request.prompt, looks, request.width, request.height, request.seed)
        else:
            image = draw_illustration(request.prompt, looks, request.width, request.height, request.seed, request.text_zone)
        return Generated(image)


@hookimpl
def register_providers() -> list[OfflineProvider]:
    return [OfflineProvider()]
