"""KDP print specifications: the table (table.py) and what follows from it (geometry.py)."""

from . import table
from .geometry import CoverBox, KdpError, PageBox, cover, interior_page, parse_trim, spine_width

__all__ = ["table", "CoverBox", "KdpError", "PageBox", "cover", "interior_page", "parse_trim", "spine_width"]
