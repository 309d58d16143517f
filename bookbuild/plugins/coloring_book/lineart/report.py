"""What measure.py finds in a picture, as plain data in inches and points, and the key of
the note that carries it from the page task that made the picture to the checks
(bookbuild.notes). Apart from the measuring, so that a check that takes a note imports
none of the imaging code (the pipeline, OpenCV, Pillow's drawing modules)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

Box = tuple[float, float, float, float]  # left, top, right, bottom in inches from the picture's corner


@dataclass(frozen=True)
class GreyAreas:
    share: float  # of the picture's area
    box: Box | None  # where they are


@dataclass(frozen=True)
class ThinLine:
    length_in: float
    box: Box


@dataclass(frozen=True)
class LineReport:
    too_thin: list[ThinLine]  # under MIN_LINE_WEIGHT_PT
    under_warning: list[ThinLine]  # under WARN_LINE_WEIGHT_PT (and not too thin)
    thinnest_pt: float | None  # the thinnest line found, to the nearest pixel
    specks: int  # isolated dots of ink too small to be lines


@dataclass(frozen=True)
class SmallShape:
    width_in: float
    height_in: float
    box: Box


@dataclass(frozen=True)
class InkShape:
    width_in: float
    height_in: float
    box: Box


@dataclass(frozen=True)
class WeightReport:
    line_in: float  # the picture's own line weight: most of its ink is at least this thick
    filled: list[InkShape]  # solid black areas wider than the fill limit both ways, largest first
    thick: list[InkShape]  # beads, bars and wedges: ink much thicker than the lines, largest first


# -- all of it, and notes -----------------------------------------------------------------

NOTE_TOPIC = "coloring.line-art"


@dataclass(frozen=True)
class Measured:
    """Everything the checks read from one picture at one resolution."""

    grey: GreyAreas
    lines: LineReport
    shapes: list[SmallShape]
    weight: WeightReport

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Measured":
        def box(value: Any) -> Box | None:
            return tuple(value) if value is not None else None  # type: ignore[return-value]

        grey, lines, weight = data["grey"], data["lines"], data["weight"]
        thin = lambda found: [ThinLine(t["length_in"], box(t["box"])) for t in found]  # noqa: E731
        ink = lambda found: [InkShape(i["width_in"], i["height_in"], box(i["box"])) for i in found]  # noqa: E731
        return cls(
            GreyAreas(grey["share"], box(grey["box"])),
            LineReport(thin(lines["too_thin"]), thin(lines["under_warning"]), lines["thinnest_pt"], lines["specks"]),
            [SmallShape(s["width_in"], s["height_in"], box(s["box"])) for s in data["shapes"]],
            WeightReport(weight["line_in"], ink(weight["filled"]), ink(weight["thick"])),
        )


def note_key(pixels: Any, dpi: float, min_shape_in: float, line_pt: float) -> str:
    """The key of the note holding measure_picture's answer for these pixels (bookbuild.notes):
    the pixels, the resolution, the book's limits, KDP's line weights (bookbuild.kdp.table,
    not part of this code) and this code's own fingerprint, so a note made by an older
    version of the checks is never taken for a newer one's.
    ``pixels``: an "L" numpy array."""
    from bookbuild.notes import note_key as key

    height, width = pixels.shape
    return key(NOTE_TOPIC, (pixels if pixels.flags.c_contiguous else pixels.copy()).data, size=[width, height], dpi=float(dpi), min_shape_in=float(min_shape_in), line_pt=float(line_pt), kdp=kdp_limits(), code=code_digest())


def kdp_limits() -> list[float]:
    """KDP's least and recommended line weights (pt): what is measured against them."""
    from bookbuild.kdp import table

    return [float(table.MIN_LINE_WEIGHT_PT), float(table.WARN_LINE_WEIGHT_PT)]


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the modules whose code decides what is measured."""
    from bookbuild.engine.hashing import sha256

    folder = Path(__file__).parent
    return sha256(b"".join((folder / name).read_bytes() for name in ("measure.py", "report.py", "pipeline.py", "morph.py", "regions.py", "options.py")))[:16]
