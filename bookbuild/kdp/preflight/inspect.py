"""Read any PDF into PdfFacts: page boxes, text, fonts, images, strokes, colour.

Library choice: pypdfium2 (PDFium, the PDF engine of Chrome, maintained by
Google; pypdfium2 ships it as wheels, nothing to compile). PDFium parses each
page into page objects (text, image, path, shading, form) and gives, in C,
what every rule needs: each object's matrix and bounds, a text object's font
size, font name and whether the font is embedded, an image's pixel size, a
path's stroke width and draw mode, fill and stroke colours converted to RGB,
annotations and the security handler. A 32-page picture book with 30
full-page JPEGs is read without decoding a single pixel. pypdf (pure Python,
slow on big content streams) is used only for what PDFium cannot see: images
painted through tiling patterns (patterns.py), and only in files that have
patterns. Pillow decodes JPEG thumbnails for the colour check (colour.py).

Coordinates: PDFium gives PDF points from the bottom-left of user space; the
facts are inches from the top-left of the page's box (CropBox within
MediaBox), the convention of bookbuild.kdp.geometry.
"""

from __future__ import annotations

import ctypes
import dataclasses
import math
import os
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from bookbuild.pdflock import serialized

from . import colour, patterns
from .errors import UnreadablePdf
from .facts import Box, PageFacts, PdfFacts, PlacedImage, Shape, Stroke, TextRun
from .patterns import Matrix, multiply

PT_PER_IN = 72.0
_TAIL_BYTES = 1024  # PDF 32000-1 7.5.5: %%EOF within the last 1024 bytes
_INVISIBLE_TEXT = (pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP)
_FILL_TEXT = (0, 2, 4, 6)
_GREY_SPACES = (pdfium_c.FPDF_COLORSPACE_DEVICEGRAY, pdfium_c.FPDF_COLORSPACE_CALGRAY)
_STROKE_TEXT = (1, 2, 5, 6)
ANNOTATION_NAMES = {
    1: "Text (comment)", 2: "Link", 3: "FreeText (comment)", 4: "Line", 5: "Square", 6: "Circle",
    7: "Polygon", 8: "PolyLine", 9: "Highlight", 10: "Underline", 11: "Squiggly", 12: "StrikeOut",
    13: "Stamp", 14: "Caret", 15: "Ink", 16: "Popup", 17: "FileAttachment", 18: "Sound",
    19: "Movie", 20: "Widget (form field)", 21: "Screen", 22: "PrinterMark", 23: "TrapNet",
    24: "Watermark", 25: "3D", 26: "RichMedia", 27: "XFAWidget", 28: "Redact",
}  # fmt: skip
_LOAD_ERRORS = {
    pdfium_c.FPDF_ERR_PASSWORD: "is password-protected; KDP rejects locked files: save an unprotected copy "
    "(Acrobat: File > Properties > Security > No Security) and upload that",
    pdfium_c.FPDF_ERR_SECURITY: "is encrypted with a scheme that cannot be opened; save an unprotected copy",
    pdfium_c.FPDF_ERR_FORMAT: "is damaged and cannot be parsed as a PDF; export it again from the design program",
    pdfium_c.FPDF_ERR_FILE: "cannot be opened (file access error); check the path and permissions",
}


# -- opening --------------------------------------------------------------------


@serialized
def read_pdf(path: str | os.PathLike, examine_colour: bool = False) -> PdfFacts:
    """Measure every page. Raises UnreadablePdf with a message a publisher can act on."""
    file = Path(path)
    check_file(file)  # before pypdf or PDFium try to repair a broken file
    pattern_images, pattern_pages = _pattern_scan(file)
    doc = _open_checked(file)
    try:
        pages = [_read_page(doc, i, file.name, examine_colour, pattern_pages) for i in range(len(doc))]
        encrypted = pdfium_c.FPDF_GetSecurityHandlerRevision(doc) != -1
    finally:
        doc.close()
    for number, images in pattern_images.items():
        if number <= len(pages):
            pages[number - 1].images.extend(images)
    return PdfFacts(name=file.name, size_bytes=file.stat().st_size, encrypted=encrypted, pages=pages)


def check_file(file: Path) -> None:
    """Refuse what is not a complete PDF before a parser tries to repair it."""
    if not file.is_file():
        raise UnreadablePdf(f"{file}: no such file; check the path")
    size = file.stat().st_size
    if size == 0:
        raise UnreadablePdf(f"{file.name} is empty (0 bytes); export the PDF again")
    with file.open("rb") as fh:
        head = fh.read(_TAIL_BYTES)
        fh.seek(max(0, size - _TAIL_BYTES))
        tail = fh.read()
    if b"%PDF-" not in head:
        start = head[:24].decode("latin-1", "replace")
        raise UnreadablePdf(f"{file.name} is not a PDF (it starts with {start!r}); export or save it as PDF")
    if b"%%EOF" not in tail:
        raise UnreadablePdf(
            f"{file.name} is truncated: it lacks the %%EOF end marker of a complete PDF, so the export "
            "or download did not finish; export or copy it again"
        )


def _load(file: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(file))
    except pdfium.PdfiumError as exc:
        reason = _LOAD_ERRORS.get(exc.err_code, f"cannot be opened ({exc}); export it again")
        raise UnreadablePdf(f"{file.name} {reason}") from None


def _pattern_scan(file: Path) -> tuple[dict[int, list[PlacedImage]], set[int]]:
    if not patterns.has_patterns(file):
        return {}, set()
    try:
        return patterns.scan(file)
    except Exception:  # pypdf is only a supplement: a file it cannot walk is still checked by PDFium
        return {}, set()


@serialized
def page_size_in(path: str | os.PathLike) -> tuple[float, float]:
    """Width and height of page 1 in inches (to guess --bleed)."""
    doc = _open_checked(Path(path))
    try:
        left, bottom, right, top = _bbox(doc[0])
        return (right - left) / PT_PER_IN, (top - bottom) / PT_PER_IN
    finally:
        doc.close()


@serialized
def page_count(path: str | os.PathLike) -> int:
    doc = _open_checked(Path(path))
    try:
        return len(doc)
    finally:
        doc.close()


def _open_checked(file: Path) -> pdfium.PdfDocument:
    check_file(file)
    doc = _load(file)
    if len(doc) == 0:
        doc.close()
        raise UnreadablePdf(f"{file.name} has no pages; export it again")
    return doc


# -- pages ----------------------------------------------------------------------


def _bbox(page: pdfium.PdfPage) -> tuple[float, float, float, float]:
    rect = pdfium_c.FS_RECTF()
    if not pdfium_c.FPDF_GetPageBoundingBox(page, rect):
        return (0.0, 0.0, *page.get_size())
    return rect.left, rect.bottom, rect.right, rect.top


def _read_page(doc: pdfium.PdfDocument, index: int, name: str, examine_colour: bool, pattern_pages: set[int]) -> PageFacts:
    page = _open_page(doc, index, name)
    walker = _PageWalker(page, index + 1, examine_colour)
    try:
        walker.walk(_top_objects(page), None)
        walker.add_ink()
        walker.facts.annotations = _annotations(page)
        walker.facts.trim_box = walker.page_box(pdfium_c.FPDFPage_GetTrimBox)
        walker.facts.bleed_box = walker.page_box(pdfium_c.FPDFPage_GetBleedBox)
        if examine_colour and (walker.needs_render or index + 1 in pattern_pages):
            _render_colour_check(page, walker.facts)
        return walker.facts
    except Exception as exc:  # a malformed page must not end in a traceback
        raise UnreadablePdf(
            f"{name}: page {index + 1} could not be analysed ({type(exc).__name__}: {exc}); "
            "the file may be damaged: export it again"
        ) from exc
    finally:
        walker.close()
        page.close()


def _open_page(doc: pdfium.PdfDocument, index: int, name: str) -> pdfium.PdfPage:
    try:
        return doc[index]
    except pdfium.PdfiumError:
        raise UnreadablePdf(f"{name}: page {index + 1} is damaged and cannot be read; export the PDF again") from None


def _top_objects(page: pdfium.PdfPage) -> list:
    return [pdfium_c.FPDFPage_GetObject(page, i) for i in range(pdfium_c.FPDFPage_CountObjects(page))]


def _form_objects(form) -> list:
    return [pdfium_c.FPDFFormObj_GetObject(form, i) for i in range(pdfium_c.FPDFFormObj_CountObjects(form))]


def _annotations(page: pdfium.PdfPage) -> list[str]:
    names = []
    for i in range(pdfium_c.FPDFPage_GetAnnotCount(page)):
        annot = pdfium_c.FPDFPage_GetAnnot(page, i)
        names.append(ANNOTATION_NAMES.get(pdfium_c.FPDFAnnot_GetSubtype(annot), "unknown"))
        pdfium_c.FPDFPage_CloseAnnot(annot)
    return names


def _render_colour_check(page: pdfium.PdfPage, facts: PageFacts) -> None:
    """Shadings and patterns: render a thumbnail and look at it."""
    scale = colour.THUMB_PX / (max(facts.width_in, facts.height_in) * PT_PER_IN)
    bitmap = page.render(scale=scale)
    if colour.pil_has_colour(bitmap.to_pil()):
        facts.colored_vectors.add("gradients or patterns")


# -- page objects ---------------------------------------------------------------


def _matrix(obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, m)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _rgba(getter, obj) -> tuple[int, int, int, int] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return None
    return r.value, g.value, b.value, a.value


def _scale(m: Matrix) -> float:
    """Linear scale of a matrix (for stroke widths)."""
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


class _PageWalker:
    """Visits every page object, forms included, and fills one PageFacts."""

    def __init__(self, page: pdfium.PdfPage, number: int, examine_colour: bool):
        self.page = page
        left, bottom, right, top = _bbox(page)
        self.origin = (left, top)
        self.facts = PageFacts(number, (right - left) / PT_PER_IN, (top - bottom) / PT_PER_IN)
        self.examine_colour = examine_colour
        self.needs_render = False
        self._textpage = None
        self._objects_text: dict[int, int] = {}  # page-level text object -> index in facts.texts

    def close(self) -> None:
        if self._textpage is not None:
            self._textpage.close()

    def page_box(self, getter) -> Box | None:
        """A box the PDF sets (TrimBox, BleedBox), in the facts' axes; None when it sets none."""
        values = [ctypes.c_float() for _ in range(4)]
        if not getter(self.page, *values):
            return None
        left, bottom, right, top = (v.value for v in values)
        ox, oy = self.origin
        return ((min(left, right) - ox) / PT_PER_IN, (oy - max(top, bottom)) / PT_PER_IN, (max(left, right) - ox) / PT_PER_IN, (oy - min(top, bottom)) / PT_PER_IN)

    def add_ink(self) -> None:
        """Each text run's ink: the union of its glyphs' boxes (PDFium's char boxes follow the outlines)."""
        if not self._objects_text:
            return
        tp = self.textpage
        boxes: dict[int, list[float]] = {}
        values = [ctypes.c_double() for _ in range(4)]
        for i in range(pdfium_c.FPDFText_CountChars(tp)):
            obj = pdfium_c.FPDFText_GetTextObject(tp, i)
            key = ctypes.cast(obj, ctypes.c_void_p).value if obj else None
            if key not in self._objects_text or not pdfium_c.FPDFText_GetCharBox(tp, i, *values):
                continue
            left, right, bottom, top = (v.value for v in values)
            if right - left <= 0 or top - bottom <= 0:
                continue  # spaces
            box = boxes.setdefault(key, [left, bottom, right, top])
            box[:] = [min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top)]
        ox, oy = self.origin
        for key, (left, bottom, right, top) in boxes.items():
            index = self._objects_text[key]
            run = self.facts.texts[index]
            ink = ((left - ox) / PT_PER_IN, (oy - top) / PT_PER_IN, (right - ox) / PT_PER_IN, (oy - bottom) / PT_PER_IN)
            self.facts.texts[index] = dataclasses.replace(run, ink=ink)

    @property
    def textpage(self):
        if self._textpage is None:
            self._textpage = self.page.get_textpage()
        return self._textpage

    def walk(self, objects: list, parent: Matrix | None) -> None:
        """parent: the accumulated matrix of enclosing forms (None at page level)."""
        handlers = {
            pdfium_c.FPDF_PAGEOBJ_TEXT: self._text,
            pdfium_c.FPDF_PAGEOBJ_IMAGE: self._image,
            pdfium_c.FPDF_PAGEOBJ_PATH: self._path,
            pdfium_c.FPDF_PAGEOBJ_SHADING: self._shading,
            pdfium_c.FPDF_PAGEOBJ_FORM: self._form,
        }
        for obj in objects:
            handler = handlers.get(pdfium_c.FPDFPageObj_GetType(obj))
            if handler is not None:
                handler(obj, parent)

    def _box(self, obj, parent: Matrix | None) -> Box:
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        corners = [(left.value, bottom.value), (right.value, top.value), (left.value, top.value), (right.value, bottom.value)]
        if parent is not None:
            corners = [_apply(parent, x, y) for x, y in corners]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        ox, oy = self.origin
        return ((min(xs) - ox) / PT_PER_IN, (oy - max(ys)) / PT_PER_IN, (max(xs) - ox) / PT_PER_IN, (oy - min(ys)) / PT_PER_IN)

    def _total(self, obj, parent: Matrix | None) -> Matrix:
        own = _matrix(obj)
        return own if parent is None else multiply(own, parent)

    def _form(self, obj, parent: Matrix | None) -> None:
        self.walk(_form_objects(obj), self._total(obj, parent))

    def _shading(self, obj, parent: Matrix | None) -> None:
        self.facts.has_content = True
        self.needs_render = True

    def _text(self, obj, parent: Matrix | None) -> None:
        mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
        text = _object_text(obj, self.textpage)
        visible = mode not in _INVISIBLE_TEXT and bool(text.strip())
        coloured = visible and self._text_coloured(obj, mode)
        font_name, embedded = _font(obj)
        size = ctypes.c_float()
        pdfium_c.FPDFTextObj_GetFontSize(obj, size)
        m = self._total(obj, parent)
        run = TextRun(self._box(obj, parent), size.value * math.hypot(m[2], m[3]), font_name, embedded, visible, coloured, text)
        if parent is None:  # char boxes are in page space; text inside forms keeps its object box
            self._objects_text[ctypes.cast(obj, ctypes.c_void_p).value] = len(self.facts.texts)
        self.facts.texts.append(run)
        self.facts.has_content |= visible
        if coloured:
            self.facts.colored_vectors.add("text")

    def _text_coloured(self, obj, mode: int) -> bool:
        fill = _rgba(pdfium_c.FPDFPageObj_GetFillColor, obj) if mode in _FILL_TEXT else None
        stroke = _rgba(pdfium_c.FPDFPageObj_GetStrokeColor, obj) if mode in _STROKE_TEXT else None
        return any(c is not None and c[3] > 0 and colour.rgb_is_colour(*c[:3]) for c in (fill, stroke))

    def _image(self, obj, parent: Matrix | None) -> None:
        w, h = ctypes.c_uint(), ctypes.c_uint()
        if not pdfium_c.FPDFImageObj_GetImagePixelSize(obj, w, h):
            return
        m = self._total(obj, parent)
        placed = (math.hypot(m[0], m[1]) / PT_PER_IN, math.hypot(m[2], m[3]) / PT_PER_IN)
        coloured = self._image_coloured(obj) if self.examine_colour else None
        self.facts.images.append(PlacedImage((w.value, h.value), placed, self._box(obj, parent), coloured))
        self.facts.has_content = True

    def _image_coloured(self, obj) -> bool:
        try:
            image = pdfium.PdfObject(obj, page=self.page)
            if image.get_metadata().colorspace in _GREY_SPACES:
                return False  # one grey channel has no colour to find: not decoded (line art, 1 bit)
            if _filters(obj) == ["DCTDecode"]:
                return colour.jpeg_has_colour(_raw_data(obj))
            return colour.pil_has_colour(image.get_bitmap(render=False).to_pil())
        except Exception:  # an image neither decoder reads: let the page render decide
            self.needs_render = True
            return False

    def _path(self, obj, parent: Matrix | None) -> None:
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        if not pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
            return
        fill = _rgba(pdfium_c.FPDFPageObj_GetFillColor, obj) if fill_mode.value else None
        line = _rgba(pdfium_c.FPDFPageObj_GetStrokeColor, obj) if stroke.value else None
        if fill is not None and fill[3] > 0:
            self._paint(fill, "fills")
        if line is not None and line[3] > 0:
            self._paint(line, "lines")
            self._stroke(obj, parent)
        paint = fill if fill is not None and fill[3] > 0 else line if line is not None and line[3] > 0 else None
        if paint is not None and min(paint[:3]) < 250 or (line is not None and line[3] > 0):
            self.facts.shapes.append(Shape(self._box(obj, parent), tuple(paint[:3]), line is not None and line[3] > 0))

    def _paint(self, rgba: tuple[int, int, int, int], what: str) -> None:
        r, g, b, _ = rgba
        if min(r, g, b) < 250:  # white paint on white paper prints nothing
            self.facts.has_content = True
        if colour.rgb_is_colour(r, g, b):
            self.facts.colored_vectors.add(what)

    def _stroke(self, obj, parent: Matrix | None) -> None:
        width = ctypes.c_float()
        pdfium_c.FPDFPageObj_GetStrokeWidth(obj, width)
        self.facts.has_content = True
        scale = _scale(self._total(obj, parent))
        self.facts.strokes.append(Stroke(width.value * scale, self._box(obj, parent), _straight(obj)))


def _straight(path) -> bool:
    """Only horizontal and vertical line segments (no curves): rules, borders, underlines."""
    point = None
    for i in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, i)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        x, y = ctypes.c_float(), ctypes.c_float()
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            return False
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and point is not None:
            if abs(x.value - point[0]) > 0.01 and abs(y.value - point[1]) > 0.01:
                return False
        point = (x.value, y.value)
    return True


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _object_text(obj, textpage) -> str:
    size = pdfium_c.FPDFTextObj_GetText(obj, textpage, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFTextObj_GetText(obj, textpage, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size)
    return buffer.raw[: size - 2].decode("utf-16-le", "replace")


def _font(obj) -> tuple[str, bool]:
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    if not font:
        return "unknown", True
    size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(max(size, 1))
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
    name = buffer.value.decode("utf-8", "replace") or "unnamed font"
    return name, pdfium_c.FPDFFont_GetIsEmbedded(font) == 1


def _filters(obj) -> list[str]:
    names = []
    for i in range(pdfium_c.FPDFImageObj_GetImageFilterCount(obj)):
        size = pdfium_c.FPDFImageObj_GetImageFilter(obj, i, None, 0)
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDFImageObj_GetImageFilter(obj, i, buffer, size)
        names.append(buffer.value.decode("latin-1"))
    return names


def _raw_data(obj) -> bytes:
    size = pdfium_c.FPDFImageObj_GetImageDataRaw(obj, None, 0)
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFImageObj_GetImageDataRaw(obj, buffer, size)
    return buffer.raw
