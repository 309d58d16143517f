"""Build events: what reporters, progress bars and the preview server observe."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class BuildEvent:
    kind: str  # "build-started", "task-finished", "task-failed", "book-finished", "build-finished"
    book: str = ""  # slug
    task: str = ""  # task id
    cached: bool = False
    seconds: float = 0.0
    error: str = ""
    data: dict[str, Any] = field(default_factory=dict)  # counts per book on build-started, etc.
