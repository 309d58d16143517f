"""Time preflight on the two books the issue names (not collected by pytest).

    python benchmarks/preflight.py [WORKDIR]

(a) a 32-page 8.5x8.5 picture book with bleed (8.625 x 8.75 in pages), a
distinct full-bleed 2588 x 2625 JPEG and text on every page; (b) a 120-page
6x9 text-only book. Prints the preflight time after import, as check_interior
and as the whole CLI in a fresh process.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from helpers.pdf_corpus import html_book, image, spec, text, write_html  # noqa: E402


def noisy_jpeg(path: Path, seed: int) -> Path:
    """A painting-like JPEG of about 400 KB: soft gradients and a little grain."""
    size = (2588, 2625)
    grain = Image.effect_noise((size[0] // 8, size[1] // 8), 30 + seed % 7).resize(size, Image.Resampling.BICUBIC)
    ramp = Image.linear_gradient("L").rotate(seed * 11).resize(size)
    disc = Image.radial_gradient("L").resize(size)
    Image.merge("RGB", (Image.blend(ramp, grain, 0.3), Image.blend(disc, grain, 0.2), grain)).save(path, quality=85)
    return path


def picture_book(root: Path) -> Path:
    pages = []
    for i in range(1, 33):
        art = noisy_jpeg(root / f"page-{i:02d}.jpg", i)
        words = text(1, 6.5, f"Page {i}. The little fox looked up at the moon and smiled.", 16)
        pages.append(image(art, 0, 0, 8.625, 8.75) + words)
    return write_html(root / "picture-32.pdf", html_book((8.625, 8.75), pages))


def text_book(root: Path) -> Path:
    line = "The fox trotted on through the tall grass, thinking about the moon and the owl."
    pages = ["".join(text(0.75, 0.75 + 0.25 * k, line[: 40 + k], 10.5) for k in range(30)) for _ in range(120)]
    return write_html(root / "text-120.pdf", html_book((6, 9), pages))


def timed(label: str, fn) -> None:
    best = min(_once(fn) for _ in range(3))
    print(f"{label}: {best:.3f} s (best of 3)")


def _once(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    root.mkdir(parents=True, exist_ok=True)
    from bookbuild.kdp.preflight import check_interior

    picture = root / "picture-32.pdf" if (root / "picture-32.pdf").exists() else picture_book(root)
    book = root / "text-120.pdf" if (root / "text-120.pdf").exists() else text_book(root)
    print(f"picture book {picture.stat().st_size / 1e6:.1f} MB, text book {book.stat().st_size / 1e6:.1f} MB")
    timed("(a) 32-page picture book, premium colour", lambda: check_interior(picture, spec("8.5x8.5", True)))
    timed("(a) same, checked as black ink (decodes JPEG thumbnails)", lambda: check_interior(picture, spec("8.5x8.5", True, ink="bw")))
    timed("(b) 120-page 6x9 text book, black ink", lambda: check_interior(book, spec("6x9", False, ink="bw")))
    for label, args in (("(a)", [str(picture), "--trim", "8.5x8.5", "--bleed"]), ("(b)", [str(book), "--trim", "6x9", "--no-bleed", "--ink", "bw"])):
        code = "import sys; from bookbuild.commands.preflight import preflight_command as c; c.main(sys.argv[1:])"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], capture_output=True)
        print(f"{label} whole CLI in a fresh process: {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()
