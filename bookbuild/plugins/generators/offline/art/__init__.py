"""Offline illustration provider: picture-book art drawn procedurally with Pillow.

No network, no AI, no per-pixel Python loops: every page is built from
ImageDraw shapes and small gradients scaled up, so a 300 DPI page takes a
fraction of a second and the same arguments always give the same bytes.

Pipeline for one page: the prompt's keywords become a SceneSpec (scene.py);
make_layout decides where the horizon, the characters' feet and the
text-free band are (layout.py); the scene is painted back to front: sky,
sun or moon (stage.py), far hills, ground and water (landscape.py), trees,
houses and props (outdoors.py), in the order scenes.py sets, or a room
(indoors.py); then the characters, figures chosen by species word and
coloured by palette_for (characters.py and the body plans it uses); then
weather (weather.py). render.py holds the entry points. Randomness comes
only from random.Random seeded with the seed string; the scenery and the
characters use separate streams so adding a character never moves a tree.
"""

from .palette import CharacterLook, palette_for
from .render import draw_cover_art, draw_illustration

__all__ = ["CharacterLook", "palette_for", "draw_illustration", "draw_cover_art"]
