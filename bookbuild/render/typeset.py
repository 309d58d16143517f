"""Type sized before it is rendered: titles wrapped into balanced lines that fit their
box, page text sized to fit its panel, spine text sized from the spine and centred on
its ink. Measured with the theme's own font files (fontTools), so every trim gets type
that fits, not the size that suited 8.5x8.5.

Widths are advance widths without kerning; WIDTH_SLACK covers kerning and the bold
or italic words of Markdown text.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PT_PER_IN = 72.0
WIDTH_SLACK = 1.06  # measured text is this much wider than the sum of advances, at most


@dataclass(frozen=True)
class FontMetrics:
    """What layout needs of one font file, in em units (1.0 = the font size)."""

    path: str
    advances: dict[int, float]  # code point -> advance width
    ink: dict[int, tuple[float, float]]  # code point -> (lowest, highest) point of the glyph's outline
    ascent: float  # hhea: where a line box puts the baseline
    descent: float  # positive, below the baseline
    fallback_advance: float

    def width_in(self, text: str, size_pt: float) -> float:
        em = sum(self.advances.get(ord(ch), self.fallback_advance) for ch in text)
        return em * size_pt / PT_PER_IN * WIDTH_SLACK

    def ink_extent(self, text: str) -> tuple[float, float]:
        """(lowest, highest) ink of the text's glyphs relative to the baseline, in em."""
        boxes = [self.ink[ord(ch)] for ch in text if ord(ch) in self.ink]
        if not boxes:
            return -self.descent, self.ascent
        return min(b[0] for b in boxes), max(b[1] for b in boxes)

    def covers(self, ch: str) -> bool:
        return ord(ch) in self.advances


@lru_cache(maxsize=8)
def metrics(path: str | Path) -> FontMetrics:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    upem = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    hmtx, glyphs = font["hmtx"], font.getGlyphSet()
    advances, ink = {}, {}
    bounds = _glyph_bounds(font)
    for code, name in cmap.items():
        advances[code] = hmtx[name][0] / upem
        if bounds.get(name) is not None:
            low, high = bounds[name]
            ink[code] = (low / upem, high / upem)
    hhea = font["hhea"]
    space = advances.get(0x20, 0.25)
    del glyphs
    return FontMetrics(str(path), advances, ink, hhea.ascent / upem, -hhea.descent / upem, space * 2)


def _glyph_bounds(font) -> dict[str, tuple[float, float] | None]:
    if "glyf" in font:
        glyf = font["glyf"]
        out = {}
        for name in font.getGlyphOrder():
            out[name] = _glyf_bounds(glyf, name)
        return out
    from fontTools.pens.boundsPen import BoundsPen

    glyphs, out = font.getGlyphSet(), {}
    for name in font.getGlyphOrder():
        pen = BoundsPen(glyphs)
        glyphs[name].draw(pen)
        out[name] = (pen.bounds[1], pen.bounds[3]) if pen.bounds else None
    return out


def _glyf_bounds(glyf, name: str) -> tuple[float, float] | None:
    """A TrueType glyph's (yMin, yMax) from its header (OpenType glyf: numberOfContours,
    xMin, yMin, xMax, yMax, int16 each), without decoding its outline: a font's
    thousands of outlines took a second to decode."""
    glyph = glyf.glyphs.get(name) if hasattr(glyf, "glyphs") else None
    data = getattr(glyph, "data", None) if glyph is not None else None
    if data is None:  # decoded already, or stored another way: ask fontTools
        glyph = glyf[name]
        return (glyph.yMin, glyph.yMax) if glyph.numberOfContours else None
    if len(data) < 10:
        return None  # an empty glyph (a space)
    contours, _, low, _, high = struct.unpack(">hhhhh", data[:10])
    return (low, high) if contours else None


# -- lines --------------------------------------------------------------------------


def plain(markdown: str) -> str:
    """The words of Markdown text, without its emphasis marks and images."""
    from .markdown import without_images

    return re.sub(r"[*_`#>]+", "", without_images(markdown))


def wrap(text: str, font: FontMetrics, size_pt: float, width_in: float) -> list[str]:
    """Greedy line breaking at spaces, as a browser does; a word wider than the line stands alone."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.width_in(lines[-1] + " " + word, size_pt) <= width_in:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def balanced(text: str, font: FontMetrics, size_pt: float, width_in: float, max_lines: int) -> list[str] | None:
    """The fewest lines (up to max_lines) that fit, with the line widths as even as can be."""
    words = text.split()
    if not words:
        return []
    if max(font.width_in(w, size_pt) for w in words) > width_in:
        return None
    for count in range(1, max_lines + 1):
        best = _best_split(words, count, font, size_pt, width_in)
        if best is not None:
            return best
    return None


def _best_split(words: list[str], count: int, font: FontMetrics, size_pt: float, width_in: float) -> list[str] | None:
    """Split into `count` lines minimising the widest one (titles are a few words: brute force)."""
    from itertools import combinations

    if count > len(words):
        return None
    best, best_width = None, None
    for cuts in combinations(range(1, len(words)), count - 1):
        edges = (0, *cuts, len(words))
        lines = [" ".join(words[a:b]) for a, b in zip(edges, edges[1:])]
        widest = max(font.width_in(line, size_pt) for line in lines)
        if widest <= width_in and (best_width is None or widest < best_width - 1e-9):
            best, best_width = lines, widest
    return best


@dataclass(frozen=True)
class Title:
    size_pt: float
    lines: list[str]


def fit_title(text: str, font: FontMetrics, width_in: float, max_pt: float, min_pt: float, max_lines: int = 3) -> Title:
    """The largest size (in half points) at which the title breaks into balanced lines that fit."""
    size = max_pt
    while size >= min_pt:
        lines = balanced(text, font, size, width_in, max_lines)
        if lines is not None:
            return Title(size, lines)
        size -= 0.5
    return Title(min_pt, wrap(text, font, min_pt, width_in))


def text_height_in(paragraphs: list[str], font: FontMetrics, size_pt: float, width_in: float, line_height: float, gap_em: float) -> float:
    lines = sum(max(1, len(wrap(p, font, size_pt, width_in))) for p in paragraphs)
    gaps = max(0, len(paragraphs) - 1) * gap_em
    return (lines * line_height + gaps) * size_pt / PT_PER_IN


def fit_size(paragraphs: list[str], font: FontMetrics, width_in: float, height_in: float, max_pt: float, min_pt: float, line_height: float, gap_em: float = 0.35) -> float:
    """The largest size (half points) at which the paragraphs fit the box; min_pt if none does."""
    size = max_pt
    while size > min_pt and text_height_in(paragraphs, font, size, width_in, line_height, gap_em) > height_in:
        size -= 0.5
    return max(size, min_pt)


def paragraphs(markdown: str) -> list[str]:
    return [plain(p).strip() for p in re.split(r"\n\s*\n", markdown or "") if p.strip()]


def panel_sizes(texts: list[str], font: FontMetrics, panel: dict) -> list[float]:
    """Each page text's size in a text panel ({"inner_width", "inner_height", "max", "min",
    "line_height"}, inches and points): the largest that fits, never under its minimum.
    The print and the ebook size their pages' text with it, so both break lines alike."""
    return [fit_size(paragraphs(t), font, panel["inner_width"], panel["inner_height"], panel["max"], panel["min"], panel["line_height"]) for t in texts]


# -- the spine --------------------------------------------------------------------------


@dataclass(frozen=True)
class SpineText:
    size_pt: float
    shift_in: float  # move the line box this far towards the front so its ink is centred


def spine_text(text: str, font: FontMetrics, spine_in: float, margin_in: float, max_pt: float, guard_in: float = 0.006) -> SpineText:
    """Type for a spine read top to bottom (glyph tops towards the front cover): the ink,
    not the line box, fills the spine less margin_in (+ guard_in) at each fold, and is centred.

    With line-height equal to the font size the baseline sits (ascent - descent) / 2 below
    the line box's middle; the ink's middle is (low + high) / 2 above the baseline."""
    low, high = font.ink_extent(text)
    room = spine_in - 2 * (margin_in + guard_in)
    size = min(max_pt, room / (high - low) * PT_PER_IN) if high > low and room > 0 else 0.0
    ink_middle_over_box_middle = (low + high) / 2 - (font.ascent - font.descent) / 2
    return SpineText(round(size, 2), -ink_middle_over_box_middle * size / PT_PER_IN)
