"""A fixed-layout ebook opened the way a tablet's reading system shows it: the EPUB
unzipped and served on 127.0.0.1, and a viewer page that scales one page (portrait)
or two facing pages (a landscape spread) to fit the screen, each page in its own
frame at its own viewport size. Chromium (helpers/cdp.py) loads it; the frames are
same-origin, so a test can look inside them."""

from __future__ import annotations

import functools
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

VIEWER = """<!doctype html>
<html><head><meta charset="utf-8"><style>
  html, body {{ margin: 0; background: #333; width: {sw}px; height: {sh}px; overflow: hidden; }}
  .spread {{ position: absolute; left: {left}px; top: {top}px; width: {spread_w}px; height: {ph}px; display: flex; }}
  .frame {{ width: {pw}px; height: {ph}px; overflow: hidden; background: #fff; }}
  iframe {{ border: 0; width: {vw}px; height: {vh}px; transform: scale({scale}); transform-origin: 0 0; }}
</style></head><body><div class="spread">{frames}</div></body></html>
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class EbookView:
    """``with EbookView(epub_path, folder) as view: page.goto(view.url(["p003.xhtml"], (1200, 1920)))``"""

    def __init__(self, epub: Path, folder: Path):
        self.folder = folder
        with zipfile.ZipFile(epub) as archive:
            archive.extractall(folder / "book")
        handler = functools.partial(_Quiet, directory=str(folder))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.views = 0

    def __enter__(self) -> "EbookView":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, pages: list[str], screen: tuple[int, int], viewport: tuple[int, int]) -> str:
        """A viewer for ``pages`` (file names in OEBPS/pages/) side by side, fitted to ``screen``.
        Each call writes a new viewer file, so no browser cache shows an earlier one."""
        self.views += 1
        name = f"view-{self.views}"
        sw, sh = screen
        vw, vh = viewport
        scale = min(sw / (vw * len(pages)), sh / vh)
        pw, ph = round(vw * scale), round(vh * scale)
        frames = "".join(f'<div class="frame"><iframe id="f{i}" src="book/OEBPS/pages/{p}"></iframe></div>' for i, p in enumerate(pages))
        html = VIEWER.format(sw=sw, sh=sh, left=(sw - pw * len(pages)) // 2, top=(sh - ph) // 2, spread_w=pw * len(pages), pw=pw, ph=ph, vw=vw, vh=vh, scale=scale, frames=frames)
        (self.folder / f"{name}.html").write_text(html, encoding="utf-8")
        return f"http://127.0.0.1:{self.server.server_address[1]}/{name}.html"
