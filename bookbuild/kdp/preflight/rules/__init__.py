"""One small function per rule; each docstring names its KDP source keys (../shared/KDP.md)."""

from __future__ import annotations

from . import common, cover, interior, metadata

INTERIOR_RULES = (
    common.encrypted,
    interior.trim_size,
    interior.page_size,
    interior.page_size_mixed,
    interior.page_count_min,
    interior.page_count_max,
    common.file_size,
    common.font_embedding,
    common.annotations,
    common.image_resolution,
    interior.text_outside_margin,
    interior.art_outside_margin,
    interior.art_covered,
    interior.trim_box,
    interior.min_font_size,
    interior.line_weight,
    interior.color_in_bw,
    interior.blank_pages,
)

# Cover rules take a cover.Cover (facts + spec + the wrap it should have).
COVER_RULES = (
    cover.cover_size,
    cover.spine_text,
    cover.barcode_area,
    cover.cover_text_margin,
    cover.cover_layout,
    cover.cover_file_size,
)

# Interior rules that apply unchanged to the cover file.
SHARED_RULES = (common.encrypted, common.file_size, common.font_embedding, common.annotations, common.image_resolution)

METADATA_RULES = metadata.RULES
