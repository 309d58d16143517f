"""Where everything goes on a full-wrap cover, for every book type, in inches from the
wrap's top-left corner: the front's title panel inside the safe area, the back's blurb
panel, picture and age line clear of KDP's barcode box, and type for the spine that keeps
its ink 0.0625 in from each fold.

Themes position their elements with these numbers (``cover.front``, ``cover.back``,
``cover.spine_type``); the type is sized with the theme's own fonts (typeset.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bookbuild.kdp import geometry, table

from . import typeset
from .typeset import FontMetrics

if TYPE_CHECKING:
    from bookbuild.render.themes import Theme

SAFE_IN = table.COVER_SAFE_WARN_IN  # every framed element and every word of the front and back
PANEL_PAD_IN = (0.2, 0.25)  # vertical, horizontal padding inside a panel
PANEL_BORDER_IN = 0.04
GAP_IN = 0.25  # between the blocks of the back cover
PICTURE_FRAME_IN = 0.06  # the back picture's frame (border + padding), inside its box
BACK_PICTURE_MAX_SHARE = 0.42  # of the trim height
SPINE_SEPARATOR = " \u00b7 "
# Largest and smallest sizes (pt) a theme's [type] table may override.
DEFAULT_TYPE = {
    "cover_title": (40.0, 20.0), "cover_subtitle": (18.0, 11.0), "cover_author": (18.0, 11.0),
    "title": (34.0, 18.0), "subtitle": (18.0, 11.0), "author": (18.0, 11.0),
    "blurb": (16.0, 9.0), "spine": (14.0, float(table.MIN_FONT_PT)),
}  # fmt: skip


def theme_font(theme: Theme, role: str) -> FontMetrics:
    """The theme's font for a role ("regular", "bold"): theme.toml's [fonts] table."""
    fonts = theme.config.get("fonts", {})
    name = fonts.get(role) or fonts.get("regular")
    if not name:
        from bookbuild.errors import BookbuildError

        raise BookbuildError(f"{theme.path / 'theme.toml'}: add a [fonts] table naming the theme's font files (regular = \"fonts/...ttf\", bold = ...), so type can be sized to fit each trim")
    return typeset.metrics(theme.path / name)


def type_range(theme: Theme, name: str) -> tuple[float, float]:
    high, low = theme.config.get("type", {}).get(name, DEFAULT_TYPE[name])
    return float(high), float(low)


def fitted(theme: Theme, name: str, text: str, font: FontMetrics, width_in: float, max_lines: int = 3) -> dict[str, Any] | None:
    if not text:
        return None
    high, low = type_range(theme, name)
    title = typeset.fit_title(text, font, width_in, high, low, max_lines)
    return {"size": title.size_pt, "lines": title.lines}


def template_functions(theme: Theme) -> dict[str, Any]:
    """Type fitting the templates call with what they see (after plugins' render_context):
    fit(text, name, width_in) -> {"size", "lines"}; fit_spine(book, cover) -> spine type or None."""

    def fit(text: str, name: str, width_in: float) -> dict[str, Any] | None:
        role = "regular" if name.endswith("subtitle") else "bold"
        return fitted(theme, name, text or "", theme_font(theme, role), width_in, 2 if name.endswith("author") else 3)

    def fit_spine(book: dict[str, Any], cover: dict[str, Any]) -> dict[str, Any] | None:
        box = geometry.CoverBox(cover["trim_width"], cover["trim_height"], cover["spine"], cover["pages"], cover["bleed"])
        return _spine(theme, book, box)

    return {"fit": fit, "fit_spine": fit_spine}


def _panel(left: float, top: float, right: float, bottom: float | None = None) -> dict[str, Any]:
    inner = right - left - 2 * (PANEL_PAD_IN[1] + PANEL_BORDER_IN)
    return {"left": left, "top": top, "width": right - left, "bottom": bottom, "inner_width": inner, "pad": list(PANEL_PAD_IN), "border": PANEL_BORDER_IN}


def cover_layout(theme: Theme, book: dict[str, Any], box: geometry.CoverBox, back_picture: bool, back_lines: list[str]) -> dict[str, Any]:
    """Positions and type for the front panel, the back and the spine.

    back_lines: the short lines printed under the blurb (the age range, the author)."""
    front = _panel(box.front_left + SAFE_IN, box.bleed + SAFE_IN, box.front_left + box.trim_width - SAFE_IN)
    return {"front": front, "back": _back(theme, book, box, back_picture, back_lines), "spine_type": _spine(theme, book, box)}


def _back(theme: Theme, book: dict[str, Any], box: geometry.CoverBox, with_picture: bool, lines: list[str]) -> dict[str, Any]:
    left, right = box.bleed + SAFE_IN, box.spine_left - SAFE_IN
    top, bottom = box.bleed + SAFE_IN, box.bleed + box.trim_height - SAFE_IN
    code_left, code_top, _, _ = box.barcode_box()
    picture = None
    if with_picture:
        width = code_left - GAP_IN - left
        height = min(width * 0.75, BACK_PICTURE_MAX_SHARE * box.trim_height)
        inner = {"width": width - 2 * PICTURE_FRAME_IN, "height": height - 2 * PICTURE_FRAME_IN}
        picture = {"left": left, "top": bottom - height, "width": width, "height": height, "frame": PICTURE_FRAME_IN, "inner": inner}
    panel_bottom = min(code_top, picture["top"] if picture else code_top) - GAP_IN
    panel = _panel(left, top, right, panel_bottom)
    regular = theme_font(theme, "regular")
    paragraphs = typeset.paragraphs(book.get("description") or "") + lines
    height = panel_bottom - top - 2 * (PANEL_PAD_IN[0] + PANEL_BORDER_IN)
    high, low = type_range(theme, "blurb")
    panel["size"] = typeset.fit_size(paragraphs, regular, panel["inner_width"], height, high, low, line_height=1.45, gap_em=0.6)
    return {"panel": panel, "picture": picture, "barcode": {"left": code_left, "top": code_top, "width": table.BARCODE_W_IN, "height": table.BARCODE_H_IN}}


def _spine(theme: Theme, book: dict[str, Any], box: geometry.CoverBox) -> dict[str, Any] | None:
    """Type for the spine, or None: KDP allows spine text from 80 pages (Cover Creator), and
    only type of at least MIN_FONT_PT whose ink keeps 0.0625 in from each fold is printed."""
    if box.pages < table.SPINE_TEXT_SAFE_PAGES:
        return None
    font = theme_font(theme, "bold")
    high, low = type_range(theme, "spine")
    length = box.trim_height - 2 * SAFE_IN
    for text in (book["title"] + SPINE_SEPARATOR + book["author"], book["title"]):
        fit = typeset.spine_text(text, font, box.spine, table.SPINE_TEXT_MARGIN_IN, high)
        size = min(fit.size_pt, _size_for_length(text, font, length))
        if size >= low:
            shift = fit.shift_in * size / fit.size_pt
            return {"text": text, "size": size, "shift": shift, "length": length}
    return None


def _size_for_length(text: str, font: FontMetrics, length_in: float) -> float:
    return length_in / max(font.width_in(text, 1.0), 1e-9)
