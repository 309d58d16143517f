"""The small book's ebook in headless Chromium at a tablet's size (a Fire HD 10's 1200 x
1920 screen, portrait, and a landscape spread): every page's picture and embedded font
load, the text sits inside its page at a size a child can read, no text is hidden
under another, and the pop-up copies stay out of sight."""

from __future__ import annotations

import pytest
from PIL import Image, ImageStat

from bookbuild.epub import read
from helpers.cdp import CHROMIUM, Chromium
from helpers.epub_view import EbookView

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (Debian: apt-get install chromium, or scripts/browser-deps.sh)")

PORTRAIT, LANDSCAPE = (1200, 1920), (1920, 1200)
READY = "[...document.querySelectorAll('iframe')].every(f => f.contentDocument && f.contentDocument.readyState === 'complete' && f.contentDocument.fonts.status === 'loaded')"
# Inside one page's frame: what a reader would see of it.
MEASURE = """(async (frame) => {
  const doc = frame.contentDocument, win = frame.contentWindow;
  const page = doc.querySelector('.page').getBoundingClientRect();
  const text = doc.querySelector('.text');
  const style = win.getComputedStyle(doc.body);
  const pageStyle = win.getComputedStyle(doc.querySelector('.page'));
  let picture = null;
  if (pageStyle.backgroundImage !== 'none') {
    const img = new Image();
    img.src = pageStyle.backgroundImage.slice(5, -2);
    await img.decode();
    picture = {natural: [img.naturalWidth, img.naturalHeight], size: pageStyle.backgroundSize, position: pageStyle.backgroundPosition};
  }
  const box = text && text.getBoundingClientRect();
  return {
    page: [page.width, page.height],
    font: doc.fonts.check('20px ' + style.fontFamily.split(',')[0]) && [...doc.fonts].some(f => f.status === 'loaded' && style.fontFamily.includes(f.family.replace(/"/g, ''))),
    family: style.fontFamily,
    picture,
    text: box && {box: [box.left, box.top, box.right, box.bottom], inside: box.left >= page.left && box.right <= page.right && box.top >= page.top && box.bottom <= page.bottom,
                  overflow: text.scrollHeight > text.clientHeight + 1 || text.scrollWidth > text.clientWidth + 1,
                  fontPx: parseFloat(win.getComputedStyle(text).fontSize), words: text.textContent.trim().split(/\\s+/).length},
    hiddenTargets: [...doc.querySelectorAll('.target-mag')].every(t => win.getComputedStyle(t).display === 'none'),
  };
})"""


@pytest.fixture(scope="module")
def view(built_small, tmp_path_factory):
    epub = built_small / "build/small/ebook.epub"
    with EbookView(epub, tmp_path_factory.mktemp("ebook-view")) as opened:
        yield opened, read(epub)


def measure(page, frame: int) -> dict:
    return page.evaluate(f"{MEASURE}(document.getElementById('f{frame}'))", await_promise=True, timeout=30)


def covers_the_page(picture: dict, viewport: tuple[int, int]) -> bool:
    """Shown at its own pixel size (as loaded), its offset leaving no edge of the page bare."""
    size = [float(v.removesuffix("px")) for v in picture["size"].split()]
    x, y = (float(v.removesuffix("px")) for v in picture["position"].split())
    w, h = picture["natural"]
    return size == [w, h] and x <= 0 and y <= 0 and x + w >= viewport[0] and y + h >= viewport[1]


def test_every_page_in_portrait_shows_its_picture_font_and_text(view, tmp_path):
    opened, ebook = view
    viewport = tuple(int(v) for v in ebook.named("original-resolution").split("x"))
    scale = min(PORTRAIT[0] / viewport[0], PORTRAIT[1] / viewport[1])  # a page on the tablet, portrait
    files = [ref.item.path.rsplit("/", 1)[1] for ref in ebook.spine]
    browser = Chromium(size=PORTRAIT)
    try:
        page = browser.new_page()
        page.goto(opened.url(files, PORTRAIT, viewport))  # every page at once, each in its own frame
        page.wait_for(READY, 30)
        for number in range(1, len(files) + 1):
            seen = measure(page, number - 1)
            assert seen["page"] == [viewport[0], viewport[1]], f"page {number}: the viewport is the page"
            assert seen["font"], f"page {number}: {seen['family']} did not load from the ebook"
            assert seen["hiddenTargets"], f"page {number}: a pop-up copy of the text shows"
            if 3 <= number <= 23:  # the story pages
                assert covers_the_page(seen["picture"], viewport), f"page {number}: {seen['picture']}"
                assert seen["text"]["inside"] and not seen["text"]["overflow"], f"page {number}: {seen['text']}"
                assert seen["text"]["fontPx"] * scale >= 24, "the text, scaled to the tablet, is still large for a child"
            if number == 3:
                panel = seen["text"]["box"]
        page.goto(opened.url([files[2]], PORTRAIT, viewport))  # page 3 as a reader sees it
        page.wait_for(READY, 20)
        shot = page.screenshot(tmp_path / "portrait-page-3.png")
        assert page.errors() == []
    finally:
        browser.close()
    image = Image.open(shot).convert("RGB")
    top = (PORTRAIT[1] - round(viewport[1] * scale)) // 2
    painted = image.crop((0, top, PORTRAIT[0], PORTRAIT[1] - top))
    assert max(ImageStat.Stat(painted).stddev) > 20, "the screenshot shows a picture, not a blank page"
    words = image.crop(tuple(round(v * scale) + (top if i % 2 else 0) for i, v in enumerate(panel)))
    background = max(words.getcolors(1 << 16))[1]
    assert background == (255, 250, 240), "the panel is the theme's cream, opaque over the picture"
    dark = sum(n for n, colour in words.getcolors(1 << 16) if sum(colour) < 300)
    assert dark > 0.01 * words.width * words.height, "and holds dark words"


def test_a_landscape_spread_shows_facing_pages_as_printed(view, tmp_path):
    opened, ebook = view
    viewport = tuple(int(v) for v in ebook.named("original-resolution").split("x"))
    left, right = ebook.spine[3], ebook.spine[4]  # printed pages 4 and 5: a left-hand and a right-hand page
    assert (left.properties, right.properties) == (("page-spread-left",), ("page-spread-right",))
    browser = Chromium(size=LANDSCAPE)
    try:
        page = browser.new_page()
        page.goto(opened.url([left.item.path.rsplit("/", 1)[1], right.item.path.rsplit("/", 1)[1]], LANDSCAPE, viewport))
        page.wait_for(READY, 20)
        for frame in (0, 1):
            seen = measure(page, frame)
            assert covers_the_page(seen["picture"], viewport) and seen["font"] and seen["text"]["inside"] and not seen["text"]["overflow"]
        shot = page.screenshot(tmp_path / "landscape-spread.png")
        assert page.errors() == []
    finally:
        browser.close()
    image = Image.open(shot).convert("RGB")
    halves = [image.crop((0, 0, LANDSCAPE[0] // 2, LANDSCAPE[1])), image.crop((LANDSCAPE[0] // 2, 0, LANDSCAPE[0], LANDSCAPE[1]))]
    assert all(max(ImageStat.Stat(h).stddev) > 20 for h in halves), "both pages of the spread are painted"
