"""The EPUB's zip, byte for byte the same for the same inputs.

The OCF rules: ``mimetype`` first, stored (not compressed), no extra field, so a
reader can tell an EPUB by its first bytes. Then the files in the order given, each
stamped with one fixed time (SOURCE_DATE_EPOCH, else the zip format's first day),
the same permissions and the same compression level, so the bytes depend on nothing
but the contents. JPEGs are stored: deflating them saves nothing and costs time.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone

from bookbuild.epub import MIMETYPE

ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=timezone.utc)  # the earliest time a zip entry can hold
STORED_SUFFIXES = (".jpg", ".jpeg", ".png", ".woff", ".woff2")  # compressed already


def stamp(when: datetime | None) -> datetime:
    """SOURCE_DATE_EPOCH's date, or the zip epoch when it is unset (never 'now')."""
    return max(when, ZIP_EPOCH) if when else ZIP_EPOCH


def write(files: list[tuple[str, bytes]], when: datetime) -> bytes:
    """``files``: (path in the zip, bytes) in the order they go in, mimetype excluded."""
    return append(b"", files, when)


def append(zipped: bytes, files: list[tuple[str, bytes]], when: datetime) -> bytes:
    """``files`` added after those of ``zipped`` (an archive ``write`` made; empty: a new
    one, mimetype first): the bytes of ``write`` with all of them, in that order."""
    out = io.BytesIO(zipped)
    date_time = when.astimezone(timezone.utc).timetuple()[:6]
    with zipfile.ZipFile(out, "a" if zipped else "w") as archive:
        for name, data in [] if zipped else [("mimetype", MIMETYPE.encode("ascii"))]:
            _add(archive, name, data, date_time)
        for name, data in files:
            _add(archive, name, data, date_time)
    return out.getvalue()


def _add(archive: zipfile.ZipFile, name: str, data: bytes, date_time: tuple) -> None:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.create_system = 3  # unix, whatever machine builds it
    info.external_attr = 0o100644 << 16
    stored = name == "mimetype" or name.lower().endswith(STORED_SUFFIXES)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    archive.writestr(info, data, compresslevel=None if stored else 9)
