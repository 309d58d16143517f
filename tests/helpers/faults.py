"""For the bad-input corpus and the fault tests: what a failed or killed build may
leave behind (nothing half-written), and a bookbuild run in its own process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from . import REPO

BOOKBUILD = [sys.executable, "-m", "bookbuild"]


def leftovers(root: Path) -> list[Path]:
    """Temporary files of atomic writes anywhere under root."""
    return sorted(p for p in root.rglob(".*.tmp") if p.is_file())


def half_written(root: Path) -> list[str]:
    """What a build may never leave: temp files, PDFs without their end, a manifest that is not JSON."""
    found = [f"temporary file {p.relative_to(root)}" for p in leftovers(root)]
    build = root / "build"
    for pdf in build.rglob("*.pdf") if build.is_dir() else ():
        data = pdf.read_bytes()
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
            found.append(f"partial PDF {pdf.relative_to(root)}")
    for manifest in build.rglob("manifest.json") if build.is_dir() else ():
        try:
            json.loads(manifest.read_text())
        except ValueError:
            found.append(f"partial manifest {manifest.relative_to(root)}")
    return found


def outputs(root: Path, slug: str = "small") -> dict[str, bytes]:
    """The print files of one book, by name."""
    folder = root / "build" / slug
    return {name: (folder / name).read_bytes() for name in ("interior.pdf", "cover.pdf") if (folder / name).is_file()}


def env_for(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a bookbuild subprocess: this checkout first on the path, dates fixed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOOKBUILD_", "OPENAI_"))}
    env.update({"PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1700000000"})
    env.update(extra or {})
    return env


def start(root: Path, *args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([*BOOKBUILD, *args], cwd=root, env=env_for(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def run(root: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*BOOKBUILD, *args], cwd=root, env=env_for(env), capture_output=True, text=True, timeout=timeout, **kwargs)
