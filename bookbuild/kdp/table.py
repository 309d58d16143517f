"""KDP's print numbers: the one table that layout and validators both read.

Every figure carries the source key of ../shared/KDP.md (reproduced in
docs/kdp.md). Change a number here and both the PDFs bookbuild makes and the
checks it runs on any PDF change with it, so they can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

# -- bleed and tolerances (KDP.md section 2) ----------------------------------

BLEED_IN = 0.125  # K-TRIM, K-COVER: added to top, bottom and outside edge
PAGE_SIZE_TOLERANCE_IN = 0.01  # KDP.md section 11: page-size / cover-size
DPI_REQUIRED = 300  # K-SUB, K-SAVE
DPI_ERROR_BELOW = 200  # S-VAL uses 200 as its floor; 200-299 is a warning
MAX_FILE_MB = 650  # K-SAVE, K-SUB
COVER_RECOMMENDED_MAX_MB = 40  # K-COVER
MIN_FONT_PT = 7  # K-REV, S-AA
MIN_LINE_WEIGHT_PT = 0.75  # S-ACD, S-AA quoting KDP
WARN_LINE_WEIGHT_PT = 1.0  # KDP.md section 0: warn below 1 pt
MAX_BLANK_RUN_MIDDLE = 2  # K-REV: at the beginning or in the middle
MAX_BLANK_RUN_END = 10  # K-REV: at the end

# -- inks and papers (KDP.md sections 1, 5) -----------------------------------

INKS = ("bw", "standard-color", "premium-color")
PAPERS = ("white", "cream")

# Paper caliper, inches per page (K-COVER formula via S-PF; S-PSC, S-LIB).
CALIPER_IN = {
    ("bw", "white"): 0.002252,
    ("bw", "cream"): 0.0025,
    ("standard-color", "white"): 0.002252,
    ("premium-color", "white"): 0.002347,
}

# -- trims (KDP.md section 1; S-VAL, S-TL, K-TRIM) ---------------------------


@dataclass(frozen=True)
class Trim:
    width: float  # inches
    height: float  # inches
    standard_color: bool = True  # S-VAL: A4 has no standard colour
    # Page-count limits (KDP.md section 4; S-BB, S-VAL, S-30D, S-PF):
    # bw white, bw cream, premium color. Standard colour is always 72-600.
    max_bw_white: int = 828
    max_bw_cream: int = 776
    max_premium: int = 828
    custom: bool = False  # a custom paperback trim (CUSTOM_TRIM_*_IN): no published page maximum

    @property
    def name(self) -> str:
        return f"{_fmt(self.width)}x{_fmt(self.height)}"

    @property
    def is_large(self) -> bool:
        # K-TRIM: wider than 6.12 in or taller than 9 in.
        return self.width > 6.12 or self.height > 9


def _fmt(x: float) -> str:
    return f"{x:g}"


TRIMS: dict[str, Trim] = {
    t.name: t
    for t in (
        Trim(5, 8),
        Trim(5.06, 7.81),
        Trim(5.25, 8),
        Trim(5.5, 8.5),
        Trim(6, 9),
        Trim(6.14, 9.21),
        Trim(6.69, 9.61),
        Trim(7, 10),
        Trim(7.44, 9.69),
        Trim(7.5, 9.25),
        Trim(8, 10),
        Trim(8.25, 6, max_bw_white=800, max_bw_cream=750, max_premium=800),
        Trim(8.25, 8.25, max_bw_white=800, max_bw_cream=750, max_premium=800),
        Trim(8.5, 8.5, max_bw_white=590, max_bw_cream=550, max_premium=590),
        Trim(8.5, 11, max_bw_white=590, max_bw_cream=550, max_premium=590),
        Trim(8.27, 11.69, standard_color=False, max_bw_white=780, max_bw_cream=730, max_premium=590),
    )
}

MIN_PAGES = 24  # every paperback ink except standard colour (S-BB, S-PF)
STANDARD_COLOR_PAGES = (72, 600)  # S-BB, S-PF

# -- margins (KDP.md section 3; S-KPP, S-SW, S-KDPG, S-KFP, S-KCALC) ---------

# (last page count of the band, inside/gutter minimum in inches)
GUTTER_BANDS = ((150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75), (828, 0.875))
OUTSIDE_MARGIN_NO_BLEED_IN = 0.25
OUTSIDE_MARGIN_BLEED_IN = 0.375

# -- cover (KDP.md section 5; K-COVER, K-BAR, S-PF) ---------------------------

SPINE_TEXT_MIN_PAGES = 79  # K-COVER "at least 79"; below: error
SPINE_TEXT_SAFE_PAGES = 80  # Cover Creator needs 80; at 79: warning
SPINE_TEXT_MARGIN_IN = 0.0625  # S-PF, S-LCS: from each spine fold
COVER_SAFE_ERROR_IN = 0.125  # K-COVER via S-PF: live area inside trim
COVER_SAFE_WARN_IN = 0.25  # S-LIB, S-ADM, S-KCM
BARCODE_W_IN, BARCODE_H_IN = 2.0, 1.2  # K-BAR
BARCODE_OFFSET_IN = 0.25  # K-BAR: from the spine side... and from the trim

# -- metadata (KDP.md section 9) ----------------------------------------------

TITLE_SUBTITLE_MAX_CHARS = 200  # S-TTL
DESCRIPTION_MAX_CHARS = 4000  # S-EPB2, S-PUB
KEYWORDS_MAX = 7  # S-CAT, S-BW, S-SPH
KEYWORD_MAX_CHARS = 50
AGE_SPAN_MAX_YEARS = 4  # K-AGE: keep the span to 3-4 years

# -- added for preflight (bookbuild/kdp/preflight) --------------------------------
# Numbers the preflight checks need that the table above lacked. KDP.md
# section 1: custom paperback trims (paperback only, no hardcover).
CUSTOM_TRIM_WIDTH_IN = (4.0, 8.5)  # S-PF citing Print Options; S-CBD; S-VAL
CUSTOM_TRIM_HEIGHT_IN = (6.0, 11.69)  # same sources
# -- end of preflight block ---------------------------------------------------
