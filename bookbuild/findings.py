"""Findings: what validators report. Data, not exceptions; any error -> exit 1."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable, Literal

Severity = Literal["error", "warning"]
PRINT_FILES = ("interior", "cover")  # findings about a print file as a whole carry its role


@dataclass(frozen=True)
class Finding:
    rule: str  # stable rule id from INTERFACE.md, e.g. "page-size"
    severity: Severity
    message: str  # what was measured against what is required, and how to fix it
    page: int | None = None  # the printed page (1-based, as KDP counts), None for the whole file/book
    # The file to change: the page's own file when an author's file makes the page
    # ("pages/04.md", filled in by bookbuild.pagemap), else "book.yaml", or the print
    # file as a whole ("interior", "cover").
    file: str | None = None

    def to_json(self) -> dict:
        data = asdict(self)
        if data["file"] is None:
            del data["file"]
        return data

    @property
    def where(self) -> str:
        """'page 6 (pages/04.md)', 'interior page 1', 'cover', 'book.yaml' or '' (the whole book)."""
        if self.page is None:
            return self.file or ""
        if self.file in (None, *PRINT_FILES):
            return f"{self.file} page {self.page}" if self.file else f"page {self.page}"
        return f"page {self.page} ({self.file})"

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{where}{self.severity} [{self.rule}] {self.message}"


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
