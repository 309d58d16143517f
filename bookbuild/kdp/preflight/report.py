"""Findings as text for a publisher, or as the JSON of INTERFACE.md."""

from __future__ import annotations

import json
from typing import Iterable

from bookbuild.findings import Finding

from . import fmt


def text_line(finding: Finding, names: dict[str, str]) -> str:
    """'interior.pdf page 7: error [image-resolution] image placed at 143 DPI, ...'"""
    where = names.get(finding.file or "", finding.file or "book")
    page = f" page {finding.page}" if finding.page is not None else ""
    return f"{where}{page}: {finding.severity} [{finding.rule}] {finding.message}"


def summary(findings: list[Finding]) -> str:
    """'2 errors, 1 warning' or 'clean: no findings'."""
    if not findings:
        return "clean: no findings"
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    tail = "" if errors else " (KDP should accept the files; check the warnings)"
    return f"{fmt.plural(errors, 'error')}, {fmt.plural(warnings, 'warning')}{tail}"


def as_text(findings: list[Finding], names: dict[str, str]) -> str:
    return "\n".join([*(text_line(f, names) for f in findings), summary(findings)])


def as_json(findings: Iterable[Finding]) -> str:
    return json.dumps({"findings": [f.to_json() for f in findings]}, indent=2, ensure_ascii=False)
