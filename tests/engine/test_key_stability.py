"""Keys of paid tasks are a promise: a key that changes buys its output again. These
were computed by bookbuild before its re-plumbing (commit 1f82b44) and must not drift
when code moves; change one only on purpose (the request really changed)."""

from __future__ import annotations

import re

from helpers import PAID_PLUGIN, SMALL_BOOK, small_pages, write_files

# task -> the first 12 hex digits of its key, as `bookbuild plan` prints them
HAND_WRITTEN = {"story": "4088a1194261", "cover-art": "9256d58adbc3", "illustration:01": "9a4167ca8c21", "illustration:02": "1ce13cea6449"}
GENERATED = {"story-draft": "dd5252c584bd"}  # the paid call; the old `story` task's key


def test_paid_keys_are_the_keys_bookbuild_has_always_made(tmp_path, monkeypatch, cli):
    root = write_files(tmp_path / "repo", {
        "bookbuild.toml": 'cache_dir = ".cache"\nprovider = "paid"\n',
        "plugins/paid.py": PAID_PLUGIN,
        "books/small/book.yaml": SMALL_BOOK, **small_pages(),
        "books/gen/book.yaml": "title: Gen\nauthor: A\npage_count: 24\ntrim: 5x8\n",
    })
    monkeypatch.chdir(root)
    result = cli("plan")
    assert result.exit_code == 0, result.output
    keys: dict[str, dict[str, str]] = {}
    book = ""
    for line in result.output.splitlines():
        if m := re.match(r"^(\S+): \d+ tasks", line):
            book = m.group(1)
        elif m := re.match(r"^\s+\w+\s+(\S+)\s+\S+\s+([0-9a-f]{12})\b", line):
            keys.setdefault(book, {})[m.group(1)] = m.group(2)
    assert {t: keys["small"][t] for t in HAND_WRITTEN} == HAND_WRITTEN
    assert {t: keys["gen"][t] for t in GENERATED} == GENERATED
