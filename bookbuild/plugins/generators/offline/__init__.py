"""The offline provider: deterministic story text and Pillow illustrations, no network.

The default provider (``auto`` chooses it): free, so it is never a surprise on a bill.
The drawing and writing modules import Pillow and friends only when a task runs.
"""

from __future__ import annotations

from bookbuild import hookimpl
from bookbuild.providers import BaseProvider, Generated, ImageRequest, StoryRequest

VERSION = "2"  # bump when the same request would give different words or pixels (2: the brief's own things, one order of time, prompt objects drawn)


class OfflineProvider(BaseProvider):
    name = "offline"
    version = VERSION
    paid = False
    # Template sentences and drawn shapes: good for checking a layout, not for sale. Books
    # made with it say so (a validate warning, a small mark on its pages).
    proof = True
    cpu_bound = True  # pure-Python drawing: worth a worker process per picture
    preload = ("PIL.Image", "PIL.ImageDraw", "bookbuild.plugins.generators.offline.art")

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
            description=request.description,
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
