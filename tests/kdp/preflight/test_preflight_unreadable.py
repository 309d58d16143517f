"""Files that are not readable PDFs raise UnreadablePdf with a message a publisher can act on."""

from __future__ import annotations

import pytest

from bookbuild.kdp.preflight import UnreadablePdf, check_cover, check_interior

from helpers.pdf_corpus import corpus, spec  # noqa: F401 (corpus is a fixture)


@pytest.mark.parametrize(
    "builder, words",
    [("truncated", "truncated"), ("not_a_pdf", "not a PDF"), ("password_locked", "password-protected")],
)
def test_unreadable_files(corpus, builder, words):
    path = getattr(corpus, builder)()
    with pytest.raises(UnreadablePdf) as caught:
        check_interior(path, spec("6x9", bleed=False))
    message = str(caught.value)
    assert path.name in message and words in message


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(UnreadablePdf, match="empty"):
        check_interior(empty, spec())


def test_missing_file(tmp_path):
    with pytest.raises(UnreadablePdf, match="no such file"):
        check_cover(tmp_path / "nope.pdf", spec(), 32)


def test_garbage_after_header(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50 + b"\n%%EOF\n")
    with pytest.raises(UnreadablePdf, match="broken.pdf"):
        check_interior(broken, spec())
