"""Ebooks in tests: the W3C's epubcheck (Debian's epubcheck package, a Java program),
reading an EPUB's pages back, and rewriting one entry of a built EPUB to make a
broken one for the checks to find."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

EPUBCHECK_JARS = (Path("/usr/share/java/epubcheck.jar"),)  # Debian's package
INSTALL_HINT = "epubcheck is not installed (Debian: apt-get install epubcheck, as scripts/system-deps.sh does in CI)"
BAD = ("FATAL", "ERROR", "WARNING")
# A short-lived JVM: the quick compiler only, the serial collector. Halves epubcheck's CPU
# time on a book (about 11 s to 5 s here); its results do not depend on them.
JVM_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


def epubcheck_command() -> list[str] | None:
    java = shutil.which("java")
    jar = next((j for j in EPUBCHECK_JARS if j.is_file()), None)
    if java and jar:
        return [java, *JVM_FLAGS, "-jar", str(jar)]
    return None


def epubcheck(paths: list[Path]) -> dict[Path, list[str]]:
    """epubcheck on each file (two at a time): its fatal errors, errors and warnings, as text."""
    command = epubcheck_command()
    assert command, INSTALL_HINT

    def one(path: Path) -> list[str]:
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / "report.json"
            run = subprocess.run([*command, str(path), "--json", str(report)], capture_output=True, text=True, timeout=300)
            if not report.is_file():
                return [f"epubcheck did not run (exit {run.returncode}): {run.stdout}{run.stderr}"]
            messages = json.loads(report.read_text())["messages"]
        return [f"{m['severity']} {m['ID']}: {m['message']} ({', '.join(loc['path'] for loc in m.get('locations', []))})" for m in messages if m["severity"] in BAD]

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(paths, pool.map(one, paths)))


def rewrite(source: Path, target: Path, changes: dict[str, bytes | None], first: str | None = None, stored: set[str] = frozenset(), compressed: set[str] = frozenset()) -> Path:
    """A copy of an EPUB with entries replaced (bytes), removed (None) or added, in the
    same order (``first``: the entry to put first); ``stored``/``compressed`` force a method."""
    with zipfile.ZipFile(source) as old:
        entries = [(i, old.read(i)) for i in old.infolist()]
    names = [i.filename for i, _ in entries]
    data = {i.filename: d for i, d in entries}
    infos = {i.filename: i for i, _ in entries}
    for name, value in changes.items():
        if value is None:
            names.remove(name)
        else:
            if name not in data:
                names.append(name)
            data[name] = value
    if first:
        names.remove(first)
        names.insert(0, first)
    with zipfile.ZipFile(target, "w") as new:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=infos[name].date_time if name in infos else (1980, 1, 1, 0, 0, 0))
            info.compress_type = infos[name].compress_type if name in infos else zipfile.ZIP_DEFLATED
            if name in stored:
                info.compress_type = zipfile.ZIP_STORED
            if name in compressed:
                info.compress_type = zipfile.ZIP_DEFLATED
            new.writestr(info, data[name])
    return target


def entry(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def picture_books(books: Path) -> list[str]:
    """The picture books in a books/ folder (type: picture, or no type: picture is the default)."""
    import yaml

    return sorted(p.parent.name for p in books.glob("*/book.yaml") if (yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("type", "picture") == "picture")
