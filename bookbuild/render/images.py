"""Pictures on their way to a page, for every book type: the author's own image
files in assets/ (found by bookbuild.render.assets), and any picture fitted to its
printed size at 300 DPI.

Every author's image is opened here and nowhere else (``read_asset``, then
``Asset.image()``): whatever is wrong with one (outside the repository, empty, not
an image, damaged or cut short, absurdly large) is said in one line that names it.
An image that opens is turned upright (EXIF), placed as the page's ``fit:`` says
and measured: printed at less than KDP's 300 DPI, or cropped by much, it is a
finding that names the file.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bookbuild import inputs
from bookbuild.errors import SpecError, SpecProblem
from bookbuild.findings import Finding
from bookbuild.kdp import table
from bookbuild.spec.fields import FITS  # noqa: F401  (re-exported)
from .assets import IMAGE_SUFFIXES, scan  # noqa: F401  (IMAGE_SUFFIXES re-exported: what bookbuild reads as a picture)

if TYPE_CHECKING:
    from PIL import Image as PILImage

    from bookbuild.spec.model import Book

JPEG_QUALITY = 90
EXIF_ORIENTATION = 0x0112  # the EXIF tag a camera turns its pictures by
# A full-bleed 8.5x11 in page at 300 DPI is 8.7 megapixels; a camera's photo 24-50.
# Past this an image is a mistake or an attack (a few KB of PNG can claim 400 MP).
MAX_PIXELS = 80_000_000
MAX_ASSET_BYTES = 256 * inputs.MB
# How an author's picture fills its place (FITS, ``fit:`` in a page's front matter): "cover"
# fills the page and crops what sticks out, evenly; "contain" shows all of it inside
# the page's margins, on white paper; a side keeps that side and crops the other.
_CENTRING = {"cover": (0.5, 0.5), "top": (0.5, 0.0), "bottom": (0.5, 1.0), "left": (0.0, 0.5), "right": (1.0, 0.5)}
CROP_WARNING = 0.10  # cropping more than this share of the width or height is worth a word
DPI_ROUNDING = 0.5  # 299.6 DPI is 300 DPI rounded: no finding for a pixel's rounding
REEXPORT = "open it in an image editor and export it again as PNG or JPEG"


class AssetError(SpecError):
    """One author's image that cannot be used (exit 2): the file and what is wrong."""

    def __init__(self, name: str, message: str, hint: str | None = REEXPORT):
        self.problems = [SpecProblem(name, None, None, message, hint)]
        super(SpecError, self).__init__(str(self.problems[0]))

    def __reduce__(self):  # crosses from a worker process intact
        problem = self.problems[0]
        return (type(self), (problem.path, problem.message, problem.hint))


@dataclass(frozen=True)
class Asset:
    """An author's image, read and checked as far as its header: cheap enough for every build."""

    path: Path
    name: str  # as the author sees it: books/fox/assets/page-07.png
    data: bytes

    def image(self) -> PILImage.Image:
        """Every pixel decoded (where damage further into the file shows)."""
        return decode(self.data, self.name)


def find_asset(book: Book, stem: str) -> Path | None:
    """assets/<stem> of the book in any image format and spelling bookbuild accepts
    (page-05.PNG, page-5.jpg, page05.png for "page-05"), if the author put one there."""
    return scan(book.root / "assets").find(stem)


def read_asset(book: Book, path: Path) -> Asset:
    """The book's image at ``path``: inside the repository, not empty, an image, not too large."""
    root = book.repository or book.root
    name = _name(path, root)
    try:
        data = inputs.read_bytes(path, root, MAX_ASSET_BYTES, "an image")
    except inputs.InputProblem as exc:
        raise AssetError(name, str(exc), exc.hint) from None
    except OSError as exc:
        raise AssetError(name, f"cannot be read: {exc.strerror or exc}", None) from None
    check_header(data, name)
    return Asset(path, name, data)


def open_image(path: Path, root: Path) -> PILImage.Image:
    """Any image a repository supplies, checked and decoded; errors name it relative to ``root``."""
    name = _name(path, root)
    try:
        data = inputs.read_bytes(path, root, MAX_ASSET_BYTES, "an image")
    except inputs.InputProblem as exc:
        raise AssetError(name, str(exc), exc.hint) from None
    check_header(data, name)
    return decode(data, name)


def check_header(data: bytes, name: str) -> tuple[int, int]:
    """The image's size from its header; AssetError when it is not an image or too large."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise AssetError(name, "is empty (0 bytes)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # judged below, in our words
            with Image.open(io.BytesIO(data)) as image:
                size = image.size
    except Image.DecompressionBombError as exc:
        claimed = re.search(r"\((\d+) pixels\)", str(exc))
        size_text = f"{int(claimed.group(1)) / 1e6:.0f} megapixels" if claimed else "far more"
        raise AssetError(name, f"is {size_text}; images may be at most {MAX_PIXELS // 10**6} megapixels", "scale it down; 300 DPI at the printed size is all KDP needs") from None
    except UnidentifiedImageError:
        raise AssetError(name, f"is not an image (it starts with {data[:8]!r}; PNG, JPEG or WebP expected)", "is it the right file? " + REEXPORT) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise AssetError(name, f"is damaged: its header cannot be read ({exc})") from None
    if size[0] * size[1] > MAX_PIXELS:
        raise AssetError(name, f"is {size[0]}x{size[1]} pixels ({size[0] * size[1] / 1e6:.0f} megapixels); images may be at most {MAX_PIXELS // 10**6} megapixels", "scale it down; 300 DPI at the printed size is all KDP needs")
    return size


def decode(data: bytes, name: str) -> PILImage.Image:
    """Every pixel of an image the header check passed; AssetError naming it if it is cut short or damaged."""
    from PIL import Image, ImageFile

    # WeasyPrint turns on Pillow's tolerance of cut-off images for the whole process at
    # import, which would print a half-grey picture without a word. The images bookbuild
    # hands WeasyPrint are its own and whole; an author's must be whole too.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image.load()
    except Image.DecompressionBombError as exc:
        raise AssetError(name, f"is too large to decode ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - Pillow's decoders raise many kinds; all mean a damaged file
        reason = "cut short" if "truncated" in str(exc) or isinstance(exc, EOFError) else "damaged"
        raise AssetError(name, f"is {reason}: its pixels cannot be decoded ({type(exc).__name__}: {exc})") from None
    return image


def printed_pixels(width_in: float, height_in: float) -> tuple[int, int]:
    """Pixels for a picture printed at this size: KDP's 300 DPI, rounded up."""
    return math.ceil(round(width_in * table.DPI_REQUIRED, 6)), math.ceil(round(height_in * table.DPI_REQUIRED, 6))


def cover_art_pixels(book: Book) -> tuple[int, int]:
    """The front cover's art: the front panel with its bleed (a cover always bleeds)."""
    from bookbuild.kdp import geometry

    return printed_pixels(*geometry.cover(book.trim, book.page_count, book.ink, book.paper).front_size)


def fit_inside_png(png: bytes, box: tuple[int, int]) -> bytes:
    """Scaled (never enlarged) to fit inside ``box`` pixels, aspect kept: a picture shown whole."""
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    if image.mode in ("1", "P"):  # resampled in grey: a 1-bit picture scaled down keeps its thin lines
        image = image.convert("L")
    scale = min(box[0] / image.width, box[1] / image.height, 1.0)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    out = io.BytesIO()
    image.resize(size, Image.Resampling.LANCZOS).save(out, "PNG", optimize=False, dpi=(table.DPI_REQUIRED, table.DPI_REQUIRED))
    return out.getvalue()


def upright(data: bytes | Any) -> PILImage.Image:
    """The picture as a person sees it: turned by its EXIF orientation (a phone's portrait
    photo is stored sideways), transparency on white paper, RGB. (An author's image comes
    here decoded, by ``Asset.image()``.)"""
    from PIL import Image, ImageOps

    image = Image.open(io.BytesIO(data)) if isinstance(data, (bytes, bytearray)) else data
    if image.getexif().get(EXIF_ORIENTATION, 1) != 1:  # no copy of a picture that is upright already
        image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
    return image if image.mode == "RGB" else image.convert("RGB")


@dataclass(frozen=True)
class Placement:
    """Where a picture of ``source`` pixels lands in a box of ``size`` pixels (300 DPI)."""

    source: tuple[int, int]  # the picture, upright
    size: tuple[int, int]  # the printed box, pixels at 300 DPI
    fit: str
    area: tuple[int, int, int, int] | None = None  # contain: the part of the box it may fill
    inches: tuple[float, float] | None = None  # the box (contain: the area) as printed; default from its pixels

    @property
    def scale(self) -> float:
        """Output pixels per source pixel."""
        (sw, sh), (bw, bh) = self.source, self._box_px()
        return max(bw / sw, bh / sh) if self.fit != "contain" else min(bw / sw, bh / sh)

    @property
    def dpi(self) -> float:
        """The source's own resolution at the size it prints: KDP's figure, not the output's."""
        (sw, sh), (w, h) = self.source, self._box_in()
        return min(sw / w, sh / h) if self.fit != "contain" else max(sw / w, sh / h)

    @property
    def printed_in(self) -> tuple[float, float]:
        """The visible picture in inches."""
        if self.fit == "contain":
            return self.source[0] / self.dpi, self.source[1] / self.dpi
        return self._box_in()

    @property
    def cropped(self) -> tuple[float, float]:
        """Share of the source's width and height cut away (0 for contain)."""
        if self.fit == "contain":
            return 0.0, 0.0
        (sw, sh), (bw, bh) = self.source, self._box_px()
        return max(0.0, 1 - bw / (sw * self.scale)), max(0.0, 1 - bh / (sh * self.scale))

    def _box_px(self) -> tuple[int, int]:
        if self.area is None:
            return self.size
        left, top, right, bottom = self.area
        return right - left, bottom - top

    def _box_in(self) -> tuple[float, float]:
        if self.inches is not None:
            return self.inches
        w, h = self._box_px()
        return w / table.DPI_REQUIRED, h / table.DPI_REQUIRED


def fit_image(image: Any, placement: Placement) -> PILImage.Image:
    """The picture scaled and cropped (or framed, for contain) to exactly the box's pixels."""
    from PIL import Image, ImageOps

    image = upright(image)
    if placement.fit == "contain":
        left, top, right, bottom = placement.area or (0, 0, *placement.size)
        inner = ImageOps.contain(image, (right - left, bottom - top), Image.Resampling.LANCZOS)
        canvas = Image.new("RGB", placement.size, "white")
        canvas.paste(inner, (left + (right - left - inner.width) // 2, top + (bottom - top - inner.height) // 2))
        return canvas
    if image.size == placement.size:
        return image
    return ImageOps.fit(image, placement.size, Image.Resampling.LANCZOS, centering=_CENTRING[placement.fit])


def fit_jpeg(image: Any, size: tuple[int, int], fit: str = "cover", area: tuple[int, int, int, int] | None = None) -> bytes:
    """Fit to exactly ``size`` pixels (see Placement); RGB JPEG (bytes or a PIL image in)."""
    image = upright(image)
    return encode_jpeg(fit_image(image, Placement(image.size, tuple(size), fit, area)))  # upright again: no copy


def encode_jpeg(image: PILImage.Image) -> bytes:
    out = io.BytesIO()
    # Fixed settings and no metadata: the same pixels give the same bytes.
    (image if image.mode == "RGB" else image.convert("RGB")).save(out, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False, dpi=(table.DPI_REQUIRED, table.DPI_REQUIRED))
    return out.getvalue()


def picture_findings(placement: Placement, name: str, page: int | None, where: str, crop_hint: str = "") -> list[Finding]:
    """What a publisher should know about an author's picture at its printed size:
    its own resolution there (KDP: 300 DPI; error under 200) and how much a crop cuts off.
    ``name`` is the asset as the author knows it (assets/page-05.png), ``where`` the place
    it prints ("page 7", "the front cover"); ``crop_hint`` says how to crop less there."""
    findings = []
    dpi = placement.dpi
    width_in, height_in = placement.printed_in
    sw, sh = placement.source
    if dpi < table.DPI_REQUIRED - DPI_ROUNDING:
        severity = "error" if dpi < table.DPI_ERROR_BELOW else "warning"
        need = (round(width_in * table.DPI_REQUIRED), round(height_in * table.DPI_REQUIRED))
        findings.append(Finding(
            "image-resolution", severity,
            f"{name} is {sw}x{sh} px and prints {_inch(width_in)} x {_inch(height_in)} in on {where}: {dpi:.0f} DPI, "
            f"KDP asks for {table.DPI_REQUIRED} (below {table.DPI_ERROR_BELOW} it looks blurred or blocky); "
            f"supply at least {need[0]}x{need[1]} px",
            page, name,
        ))  # fmt: skip
    cut_w, cut_h = placement.cropped
    if max(cut_w, cut_h) > CROP_WARNING:
        sides = _cut_sides(placement.fit, cut_w > cut_h)
        findings.append(Finding(
            "image-crop", "warning",
            f"{name} ({sw}x{sh} px) is cropped by {max(cut_w, cut_h):.0%} of its {'width' if cut_w > cut_h else 'height'} "
            f"({sides}) to fill {where} ({_inch(width_in)} x {_inch(height_in)} in)" + (f"; {crop_hint}" if crop_hint else ""),
            page, name,
        ))  # fmt: skip
    return findings


def _inch(value: float) -> str:
    return f"{round(value, 3):g}"


def _cut_sides(fit: str, across: bool) -> str:
    """Which sides a crop cuts: both evenly, or the one opposite the side kept."""
    x, y = _CENTRING[fit]
    share = x if across else y
    names = ("left", "right") if across else ("top", "bottom")
    return f"{names[0]} and {names[1]}" if share == 0.5 else names[1] if share == 0 else names[0]


COVER_CROP_HINT = "crop it to the front cover's shape ({w}x{h} px) yourself to choose what shows"


def place_asset(asset: Asset, size: tuple[int, int], inches: tuple[float, float], where: str, page: int | None = None, fit: str = "cover", area: tuple[int, int, int, int] | None = None, crop_hint: str = "") -> tuple[bytes, Placement, list[Finding]]:
    """An author's picture as it prints: (JPEG of exactly ``size``, where it went, findings
    naming it as assets/NAME). ``inches``: the box as printed (for contain, the ``area``'s)."""
    name = asset_name(asset.path)
    image = upright(asset.image())
    placement = Placement(image.size, tuple(size), fit, area, tuple(inches))
    hint = crop_hint or COVER_CROP_HINT.format(w=size[0], h=size[1])
    return encode_jpeg(fit_image(image, placement)), placement, picture_findings(placement, name, page, where, hint)


def asset_name(path: Path) -> str:
    """An author's image as findings name it: within the book ("assets/page-05.png"), never a path on this machine."""
    return f"assets/{path.name}"


def _name(path: Path, root: Path) -> str:
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return str(path)
