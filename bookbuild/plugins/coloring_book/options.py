"""The ``coloring:`` mapping of book.yaml: what fills the pages and how they are laid out.

A nested mapping of the one schema: each key below is checked with the same
``file:line: coloring.key: message`` errors as book.yaml's top-level keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bookbuild.kdp import table
from .lineart.options import TRACES, LineArtOptions
from bookbuild.spec.schema import Field, Validator, did_you_mean

if TYPE_CHECKING:
    from bookbuild.spec.model import Book

SOURCES = ("offline", "assets", "ai")
STYLES = ("animals", "scenes", "mandala", "pattern")
PAGE_NUMBERS = ("small", "off")

# Per age group: (line weight in pt, smallest closed shape in inches). Not KDP
# rules (KDP's floor is MIN_LINE_WEIGHT_PT): what small hands can colour inside.
AGE_DEFAULTS = {"0-2": (3.0, 0.5), "3-5": (2.25, 0.3), "6-8": (1.5, 0.2), "9-12": (1.0, 0.12)}
MAX_MARGIN_IN = 2.0


def _styles(value: list) -> tuple[str, ...]:
    for item in value:
        if item not in STYLES:
            hint = did_you_mean(item, STYLES)
            raise ValueError(f"{item!r} is not a style{' (' + hint + ')' if hint else ''}; styles: {', '.join(STYLES)}")
    if not value:
        raise ValueError(f"name at least one style: {', '.join(STYLES)}")
    return tuple(value)


def _texts(value: list) -> tuple[str, ...]:
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError("expected a list of texts, one per picture, e.g. [a sea turtle, an octopus]")
    return tuple(v.strip() for v in value)


def _positive(value: int) -> int:
    if value < 1:
        raise ValueError(f"expected 1 or more, got {value}")
    return value


def _line_weight(value: float) -> float:
    if value < table.MIN_LINE_WEIGHT_PT:
        raise ValueError(f"{value} pt is thinner than KDP's minimum of {table.MIN_LINE_WEIGHT_PT} pt; lines that thin may not print")
    if value > 12:
        raise ValueError(f"{value} pt is thicker than any coloring page needs; use 1 to 4 pt")
    return float(value)


def _inches(limit: float):
    def check(value: float) -> float:
        if not 0 < value <= limit:
            raise ValueError(f"expected inches between 0 and {limit}, got {value}")
        return float(value)

    return check


def _threshold(value: int) -> int:
    if not 1 <= value <= 254:
        raise ValueError(f"expected a grey level from 1 (only the darkest pixels are ink) to 254, got {value}")
    return value


FIELDS = (
    Field("source", default="offline", choices=SOURCES, help="offline drawings, your images in assets/, or ai"),
    Field("styles", list, default=STYLES, check=_styles, help="offline designs, in turn: " + ", ".join(STYLES)),
    Field("subjects", list, default=(), check=_texts, help="what the pictures show, in turn (AI prompts; offline: animals and scenes it knows)"),
    Field("pictures", int, check=_positive, help="how many pictures (default: as many as page_count holds)"),
    Field("single_sided", bool, default=True, help="each picture on a right-hand page with a blank back"),
    Field("belongs_to_page", bool, default=True, help='a "this book belongs to" page'),
    Field("test_colour_page", bool, default=False, help="a page to try pens and pencils on"),
    Field("page_numbers", default="small", choices=PAGE_NUMBERS),
    Field("line_weight_pt", float, check=_line_weight, help="thinnest line (default by age_group: 3, 2.25, 1.5, 1 pt)"),
    Field("min_shape_in", float, check=_inches(2.0), help="smallest closed shape, in inches across (default by age_group)"),
    Field("margin_in", float, default=0.5, check=_inches(MAX_MARGIN_IN), help="white space around each picture, from the trim"),
    Field("trace", default="auto", choices=TRACES, help="how images become outlines: lines (drawings), edges (photos), auto"),
    Field("threshold", int, check=_threshold, help="trace: lines; grey level below which a pixel is ink (default: automatic)"),
    Field("cover_picture", int, default=1, check=_positive, help="which picture the cover shows, coloured in"),
)


BOOK_FIELD = Field("coloring", dict, fields=FIELDS, help="coloring book options: see docs/coloring.md")


@dataclass(frozen=True)
class ColoringOptions:
    source: str
    styles: tuple[str, ...]
    subjects: tuple[str, ...]
    pictures: int | None
    single_sided: bool
    belongs_to_page: bool
    test_colour_page: bool
    page_numbers: str
    line_weight_pt: float
    min_shape_in: float
    margin_in: float
    trace: str
    threshold: int | None
    cover_picture: int

    def line_art(self) -> LineArtOptions:
        return LineArtOptions(self.line_weight_pt, self.min_shape_in, self.trace, self.threshold)


def options_for(book: Book) -> ColoringOptions:
    """The book's options with the age group's defaults filled in."""
    values = book.extra.get("coloring") or Validator("").mapping({}, FIELDS)
    line, shape = AGE_DEFAULTS.get(book.age_group, AGE_DEFAULTS["3-5"])
    values = {**values, "line_weight_pt": values["line_weight_pt"] or line, "min_shape_in": values["min_shape_in"] or shape}
    values["styles"], values["subjects"] = tuple(values["styles"]), tuple(values["subjects"])
    return ColoringOptions(**values)
