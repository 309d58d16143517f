"""Page images: after an edit only the changed page is rasterised again, and a page
signature is equal exactly when the page looks the same."""

from __future__ import annotations

from bookbuild.engine.build import build
from bookbuild.project import Project
from bookbuild.render.raster import page_images
from bookbuild.commands.serve import pages


def rebuild(root):
    project = Project.open(root)
    try:
        assert build(project).ok
    finally:
        project.cache.close()


def test_signatures_follow_what_pages_look_like(built_copy):
    pdf = built_copy / "build/small/interior.pdf"
    before = pdf.read_bytes()
    spec = built_copy / "books/small/pages/05.md"
    spec.write_text(spec.read_text().replace("This is page 5.", "This is page five, with more words on it."))
    rebuild(built_copy)
    after = pdf.read_bytes()
    old, new = pages.page_signatures(before), pages.page_signatures(after)
    looks_old, looks_new = page_images(before, 20), page_images(after, 20)
    same_signature = [a == b for a, b in zip(old, new)]
    same_looks = [a.tobytes() == b.tobytes() for a, b in zip(looks_old, looks_new)]
    assert same_signature == same_looks
    assert same_signature.count(False) == 1
    assert len(set(new)) > 2  # pages that look different have different signatures


def test_thumbnails_reuse_unchanged_pages_and_prune_old_ones(built_copy):
    pdf = built_copy / "build/small/interior.pdf"
    folder = pages.preview_dir(built_copy / "build", "small", "interior")
    first = pages.thumbnails(pdf, folder)
    assert len(first.thumbs) == 24 and all(p.is_file() for p in first.thumbs)
    stamps = {p: p.stat().st_mtime_ns for p in first.thumbs}
    for n in (7, 9):  # two edits: the first PDF's images go, the second's stay for a page still loading them
        spec = built_copy / f"books/small/pages/{n:02d}.md"
        spec.write_text(spec.read_text() + "\nOne more sentence.\n")
        rebuild(built_copy)
        latest = pages.thumbnails(pdf, folder)
    kept = [p for p in first.thumbs if p in latest.thumbs and p.stat().st_mtime_ns == stamps[p]]
    assert len(kept) == 22  # made once, reused twice
    assert len(list(folder.glob("*.json"))) == pages.KEPT_SETS
    assert len(list(folder.glob("*.jpg"))) == 24 + 1  # the newest set and the one page only the set before had
    large = pages.large_page(pdf, folder, latest.signatures[0], 1)
    assert large is not None and large.stat().st_size > 0
    assert pages.large_page(pdf, folder, first.signatures[8], 9) is None  # that page has changed since
