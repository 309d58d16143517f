"""Pictures on their way to a page, for every book type: the author's own image
files in assets/, and any picture fitted to its printed size at 300 DPI.

Every author's image is opened here and nowhere else (``read_asset``, then
``Asset.image()``): whatever is wrong with one (outside the repository, empty, not
an image, damaged or cut short, absurdly large) is said in one line that names it.
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
from bookbuild.kdp import table

if TYPE_CHECKING:
    from PIL import Image as PILImage

    from bookbuild.spec.model import Book

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
JPEG_QUALITY = 90
# A full-bleed 8.5x11 in page at 300 DPI is 8.7 megapixels; a camera's photo 24-50.
# Past this an image is a mistake or an attack (a few KB of PNG can claim 400 MP).
MAX_PIXELS = 80_000_000
MAX_ASSET_BYTES = 256 * inputs.MB
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
    """assets/<stem>.png (or .jpg, .jpeg, .webp) of the book, if the author put one there."""
    for suffix in IMAGE_SUFFIXES:
        path = book.root / "assets" / (stem + suffix)
        if path.is_file() or path.is_symlink():
            return path
    return None


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
    scale = min(box[0] / image.width, box[1] / image.height, 1.0)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    out = io.BytesIO()
    image.resize(size, Image.Resampling.LANCZOS).save(out, "PNG", optimize=False, dpi=(table.DPI_REQUIRED, table.DPI_REQUIRED))
    return out.getvalue()


def fit_jpeg(image: Any, size: tuple[int, int]) -> bytes:
    """Scale and centre-crop to exactly ``size`` pixels; RGB JPEG (bytes or a PIL image in)."""
    from PIL import Image, ImageOps

    if isinstance(image, (bytes, bytearray)):
        image = Image.open(io.BytesIO(image))
    image = image.convert("RGB")
    if image.size != size:
        image = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # Fixed settings and no metadata: the same pixels give the same bytes.
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False, dpi=(table.DPI_REQUIRED, table.DPI_REQUIRED))
    return out.getvalue()


def _name(path: Path, root: Path) -> str:
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return str(path)
