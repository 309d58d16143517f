"""Findings: what validators report. Data, not exceptions; any error -> exit 1."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    rule: str  # stable rule id from INTERFACE.md, e.g. "page-size"
    severity: Severity
    message: str  # what was measured against what is required, and how to fix it
    page: int | None = None  # 1-based page number, None for the whole file/book
    file: str | None = None  # which file the finding is about (interior, cover, book.yaml)

    def to_json(self) -> dict:
        data = asdict(self)
        if data["file"] is None:
            del data["file"]
        return data

    def __str__(self) -> str:
        where = f"page {self.page}: " if self.page is not None else ""
        return f"{self.severity}[{self.rule}] {where}{self.message}"


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
