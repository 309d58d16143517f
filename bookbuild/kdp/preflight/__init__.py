"""KDP preflight: check any interior or cover PDF, and book metadata, the way KDP would.

    spec = PrintSpec.from_text("8.5x8.5", bleed=True, ink="premium-color")
    findings = check_interior("interior.pdf", spec) + check_cover("cover.pdf", spec, 32)

Every finding names its rule id (docs/rules.md), the page, what was measured
against what KDP requires, and the fix. Files that are not readable PDFs raise
UnreadablePdf; a PDF that opens but is encrypted gets an ``encrypted`` error
finding instead. The PDF libraries are imported on first use, so importing
this package stays cheap.
"""

from __future__ import annotations

import dataclasses
import os

from bookbuild.findings import Finding

from .errors import UnreadablePdf
from .spec import PrintSpec

__all__ = ["PrintSpec", "UnreadablePdf", "check_interior", "check_cover", "check_metadata"]


def check_interior(path: str | os.PathLike, spec: PrintSpec) -> list[Finding]:
    """Every interior rule; findings carry file="interior"."""
    from .inspect import read_pdf
    from .rules import INTERIOR_RULES

    facts = read_pdf(path, examine_colour=spec.ink == "bw")
    return _ordered([f for rule in INTERIOR_RULES for f in rule(facts, spec)], "interior")


def check_cover(path: str | os.PathLike, spec: PrintSpec, interior_pages: int) -> list[Finding]:
    """Every cover rule for a paperback full wrap around `interior_pages` pages; file="cover"."""
    from .inspect import read_pdf
    from .rules import COVER_RULES, SHARED_RULES
    from .rules.cover import Cover

    facts = read_pdf(path)
    cover = Cover(facts, spec, interior_pages, spec.cover_box(interior_pages))
    findings = [f for rule in SHARED_RULES for f in rule(facts, spec)]
    return _ordered(findings + [f for rule in COVER_RULES for f in rule(cover)], "cover")


def check_metadata(meta: dict) -> list[Finding]:
    """Title, description, keywords and reading age against KDP's limits."""
    from .rules import METADATA_RULES

    return [f for rule in METADATA_RULES for f in rule(meta)]


def _ordered(findings: list[Finding], file: str) -> list[Finding]:
    """Whole-file findings first, then by page; rule order kept within a page."""
    tagged = [dataclasses.replace(f, file=file) for f in findings]
    return sorted(tagged, key=lambda f: (f.page is not None, f.page or 0))
